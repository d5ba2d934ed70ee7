/**
 * The top bar's budget state (TopBar.tsx loads it for a flow with a budget): not in the page's
 * first download, with the budget model (cost/budget.ts) and the run-out dates it brings.
 */
import { useMemo } from 'react';
import { useStore } from 'zustand';
import { useEditor, useEditorInstance } from '../../editor/react';
import { runOutSentence } from '../../ui/runOut';
import { flowBudgetStatus, percent } from '../whatIf/flowBudget';
import { useActiveFlow } from '../whatIf/useWhatIf';

/**
 * The flow's budget at a glance, when it has one: the share a typical month uses, "At risk"
 * when a P90 month is over it, "Over budget" when even the P50 month is, and when it runs out.
 */
export function BudgetState() {
  const { bands, derived } = useEditorInstance();
  const { flow, base } = useActiveFlow();
  const cost = useEditor(derived.selectFlowCost);
  const simulated = useStore(bands, (s) => s.simulated);
  const status = useMemo(() => flowBudgetStatus(flow, base, cost, simulated), [flow, base, cost, simulated]);
  if (!status) return null;
  if (!status.ok) {
    return (
      <div className="cf-total cf-total--budget" data-testid="topbar-budget" data-level="error" title={status.message}>
        <span className="cf-total__label">Budget</span>
        <span className="cf-total__value cf-total__value--muted">—</span>
      </div>
    );
  }
  const runOut = runOutSentence(status.runOut, new Date());
  const value = status.level === 'over' ? 'Over budget' : status.level === 'at-risk' ? 'At risk' : `${percent(status.share.p50)} used`;
  return (
    <div
      className={`cf-total cf-total--budget cf-total--${status.level}`}
      data-testid="topbar-budget"
      data-level={status.level}
      role="status"
      title={`A typical (P50) month uses ${percent(status.share.p50)} of the budget, a P90 month ${percent(status.share.p90)}. It ${runOut}.`}
    >
      <span className="cf-total__label">{status.level === 'ok' ? 'Budget' : `Budget · ${percent(status.share.p50)}`}</span>
      <span className="cf-total__value">{value}</span>
      {status.runOut.p90 !== 'never' && (
        <span className="cf-total__note" data-testid="topbar-budget-runout">
          {runOut}
        </span>
      )}
    </div>
  );
}
