import { useMemo } from 'react';
import { budgetInCredits } from '../../cost/budget';
import type { Budget } from '../../model/types';
import { formatCredits, formatDollars } from '../../ui/numbers';
import { runOutSentence, runOutText } from '../../ui/runOut';
import { CommitInput } from './CommitInput';
import { flowBudgetStatus, percent } from './flowBudget';
import { pricedOf, useActiveFlow } from './useWhatIf';
import { useWhatIfSimulation } from './useWhatIfSimulation';
import './whatIf.css';
import { useEditField, useEditorInstance } from '../../editor/react';
import { setBudget } from '../../store/operations';
import { FIELD_RULES, typedRule } from '../../model/fieldRules';

/**
 * The monthly budget: amount and unit (credits or dollars, saved with the flow), the share used
 * at P50 and P90, the probability that a month exceeds it and the date it runs out this month.
 * Uses the simulated runs when they are there, else the point estimate and the runs-per-month
 * range. Warns (data-testid="budget-warning") when the P90 month is over budget.
 */
export function BudgetPanel() {
  const { store } = useEditorInstance();
  const editField = useEditField();
  /** Writes the flow's budget (undefined removes it) as one undo step. */
  const saveBudget = (budget: Budget | undefined) => editField(budget ? 'Set budget' : 'Remove budget', (d) => setBudget(d, budget));
  const { flow, base, scenario } = useActiveFlow();
  const simulation = useWhatIfSimulation();
  const budget = base.settings.budget;
  const cost = pricedOf(flow);
  const result = simulation.result;

  const status = useMemo(() => flowBudgetStatus(flow, base, cost, result), [flow, base, cost, result]);
  const today = new Date();

  const unit = budget?.unit ?? 'credits';
  const inUnit = (credits: number) =>
    unit === 'dollars' ? formatDollars(credits * cost.rateCard.dollarsPerCredit) : `${formatCredits(credits)} credits`;

  return (
    <section className="cf-card cf-whatif-card" data-testid="budget-panel">
      <div className="cf-whatif-card__head">
        <h3 className="cf-whatif-card__title">Monthly budget{scenario ? ` · ${scenario.name}` : ''}</h3>
        {budget && (
          <button type="button" className="cf-btn cf-btn--sm cf-btn--ghost" data-testid="budget-remove" onClick={() => saveBudget(undefined)}>
            Remove
          </button>
        )}
      </div>
      <div className="cf-whatif-row">
        <label>
          Budget
          <CommitInput
            label="Budget"
            testId="budget-amount"
            {...typedRule(FIELD_RULES.budget, unit === 'dollars' ? '$' : 'credits')}
            value={budget?.amount}
            optional
            wide
            placeholder="e.g. 50000"
            onCommit={(amount) => {
              if (amount === undefined) return saveBudget(undefined);
              const next: Budget = { amount, unit };
              const checked = budgetInCredits(next, cost.rateCard.dollarsPerCredit);
              if (typeof checked !== 'number') return checked.message;
              // The store's refusal (past the field rule's cap) stays in the field with its message.
              return saveBudget(next);
            }}
          />
        </label>
        <select
          className="cf-select"
          aria-label="Budget unit"
          data-testid="budget-unit"
          value={unit}
          onChange={(e) => {
            const next = e.target.value === 'dollars' ? 'dollars' : 'credits';
            if (budget) saveBudget({ amount: budget.amount, unit: next });
            else store.getState().showToast('info', 'Enter an amount first.');
          }}
        >
          <option value="credits">credits</option>
          <option value="dollars">dollars</option>
        </select>
      </div>

      {!budget && <p className="cf-whatif-muted">Set a monthly budget to see how much of it this flow uses.</p>}
      {status && !status.ok && (
        <p className="cf-whatif-error" role="alert">
          {status.message}
        </p>
      )}
      {status && status.ok && (
        <>
          <div className="cf-whatif-meter" aria-hidden="true">
            <div className="cf-whatif-meter__p90" style={{ width: `${Math.min(1, status.share.p90) * 100}%` }} />
            <div className="cf-whatif-meter__p50" style={{ width: `${Math.min(1, status.share.p50) * 100}%` }} />
          </div>
          <div className="cf-whatif-stats">
            <div className="cf-whatif-stat">
              <span className="cf-whatif-stat__label">Used at P50</span>
              <span className="cf-whatif-stat__value" data-testid="budget-share-p50" data-value={String(status.share.p50)}>
                {percent(status.share.p50)}
              </span>
            </div>
            <div className="cf-whatif-stat">
              <span className="cf-whatif-stat__label">Used at P90</span>
              <span className="cf-whatif-stat__value" data-testid="budget-share-p90" data-value={String(status.share.p90)}>
                {percent(status.share.p90)}
              </span>
            </div>
            <div className="cf-whatif-stat" title={status.method}>
              <span className="cf-whatif-stat__label">P(exceed)</span>
              <span className="cf-whatif-stat__value" data-testid="budget-exceed" data-value={String(status.exceedProbability)}>
                {percent(status.exceedProbability)}
              </span>
            </div>
            <div className="cf-whatif-stat" title="Assuming even use over a 30-day month">
              <span className="cf-whatif-stat__label">Runs out (P90)</span>
              <span className="cf-whatif-stat__value" data-testid="budget-runout">
                {status.runOut.p90 === 'never' ? 'never' : runOutText(status.runOut.p90, today)}
              </span>
            </div>
          </div>
          <p className="cf-whatif-muted" data-testid="budget-month">
            Month: P50 {inUnit(status.month.p50)} · P90 {inUnit(status.month.p90)} (
            {status.source === 'simulation' ? 'simulated runs' : status.source === 'runs-range' ? 'runs-per-month range' : 'point estimate'}
            ). The budget {runOutSentence(status.runOut, today)}.
          </p>
          <p className="cf-whatif-muted" data-testid="budget-method">
            {status.method}
          </p>
          {status.level !== 'ok' && (
            <p
              className={`cf-whatif-warning${status.level === 'over' ? ' cf-whatif-warning--over' : ''}`}
              role="status"
              data-testid="budget-warning"
              data-level={status.level}
            >
              {status.level === 'over'
                ? `Over budget: even a typical (P50) month costs ${inUnit(status.month.p50)}, ${percent(status.share.p50)} of the budget`
                : `At risk: a P90 month costs ${inUnit(status.month.p90)}, ${percent(status.share.p90)} of the budget`}
              {status.runOut.p90 !== 'never' ? `; it ${runOutSentence(status.runOut, today)}.` : '.'}
            </p>
          )}
        </>
      )}
    </section>
  );
}
