/**
 * The budget status of the flow on screen, as the budget panel and the top bar both read it:
 * the budget saved with the document, the month of the flow shown (the document or its active
 * scenario), and the shared simulated run when there is one.
 */
import { budgetStatus, type BudgetError, type BudgetSimulation, type BudgetStatus } from '../../cost/budget';
import type { FlowCost } from '../../cost/types';
import type { Flow } from '../../model/types';

export function flowBudgetStatus(
  flow: Flow,
  base: Flow,
  cost: FlowCost,
  simulation: BudgetSimulation | null | undefined,
): BudgetStatus | BudgetError | null {
  const budget = base.settings.budget;
  if (!budget) return null;
  return budgetStatus({
    budget,
    runTotal: cost.total,
    runsPerMonth: flow.settings.runsPerMonth ?? cost.runsPerMonth,
    dollarsPerCredit: cost.rateCard.dollarsPerCredit,
    ...(simulation ? { simulation } : {}),
  });
}

/** "82 %", "1.5 %", or "—" for a share that is not a number. */
export function percent(share: number): string {
  if (!Number.isFinite(share)) return '—';
  const p = share * 100;
  return `${p >= 10 ? Math.round(p) : Number(p.toFixed(1))} %`;
}
