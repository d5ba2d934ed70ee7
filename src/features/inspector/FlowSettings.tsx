import { Suspense, useState } from 'react';
import { ChevronRight, MousePointer2 } from 'lucide-react';
import type { Budget } from '../../model/types';
import { scheduledRunsOf } from '../../cost/price';
import { LIMITS, setBudget, setFlowName, setRunsPerMonth } from '../../store/operations';
import { FIELD_RULES, typedRule } from '../../model/fieldRules';
// In units no reading note is about (runs, credits, $): the fields without the notes' code (readingNotes.ts).
import { PlainEstimateField as EstimateField } from '../fields/estimateFieldWith';
import { PlainNumberField as NumberField } from '../fields/numberFieldWith';
import { TextField } from '../fields/TextField';
import { formatCount, formatCredits, formatDollars } from '../../ui/numbers';
import { preloadable } from '../../ui/preloadable';
import { countChanges } from '../rateCard/rateCardChanges';
import { Section, Stat } from './Section';
import { useEditField, useEditor, useFlowCost } from '../../editor/react';
import { GroupedNumber } from '../../ui/GroupedNumber';

/** The rate card editor loads when its section is first opened. */
const RateCardEditor = preloadable(() => import('../rateCard/RateCardEditor').then((m) => m.RateCardEditor));

/** What the inspector shows with nothing selected: the flow's name, runs per month, budget and rate card. */
export function FlowSettings() {
  const editField = useEditField();
  const name = useEditor((s) => s.flow.name);
  const settings = useEditor((s) => s.flow.settings);
  const cost = useFlowCost();
  const budget = settings.budget;
  const [unit, setUnit] = useState<Budget['unit']>(budget?.unit ?? 'credits');
  const budgetUnit = budget?.unit ?? unit;
  const [rateCardOpen, setRateCardOpen] = useState(false);
  const changes = countChanges(settings.rateCard);
  // Without a number of its own the flow prices with the runs its trigger's schedule gives, else the default.
  const fromSchedule = useEditor((s) => s.flow.settings.runsPerMonth === undefined && scheduledRunsOf(s.flow) !== undefined);

  return (
    <div className="cf-insp" data-testid="inspector-flow">
      <header className="cf-insp-head cf-insp-head--flow">
        <div className="cf-insp-head__text">
          <p className="cf-insp-head__kind">Flow</p>
          <h2 className="cf-insp-head__title" title={name}>
            {name}
          </h2>
        </div>
      </header>

      <div className="cf-insp-stats" data-testid="inspector-stats">
        <Stat value={<GroupedNumber text={formatCredits(cost.total)} />} label="credits / run" />
        <Stat value={<GroupedNumber text={formatCredits(cost.perMonth)} />} label="credits / month" />
        <Stat value={<GroupedNumber text={formatDollars(cost.dollarsPerMonth)} />} label="per month" />
      </div>

      <div className="cf-insp-tip">
        <MousePointer2 size={14} aria-hidden="true" />
        <p>
          Select a module or an edge to edit its assumptions, filter or route. Drag modules in from the palette; drag from a
          handle to connect.
        </p>
      </div>

      <Section title="Flow">
        <TextField
          name="name"
          label="Name"
          value={name}
          maxLength={LIMITS.nameLength}
          onCommit={(name) => editField('Rename flow', (d) => setFlowName(d, name))}
        />
        <EstimateField
          name="runsPerMonth"
          label="Runs per month"
          {...typedRule(FIELD_RULES.runsPerMonth)}
          value={settings.runsPerMonth}
          fallback={cost.runsPerMonth}
          placeholder={formatCount(cost.runsPerMonth)}
          allowEmpty
          hint={
            fromSchedule
              ? 'Left empty: the runs the trigger’s schedule gives; a number here wins. The month total is run total × runs.'
              : 'How often the trigger fires in a month; the month total is run total × runs.'
          }
          onCommit={(value) => editField('Set runs per month', (d) => setRunsPerMonth(d, value))}
        />
      </Section>

      <Section title="Monthly budget">
        <NumberField
          name="budget"
          label="Amount"
          value={budget?.amount}
          placeholder="none"
          {...typedRule(FIELD_RULES.budget, budgetUnit === 'dollars' ? '$' : 'credits')}
          allowEmpty
          onCommit={(amount) =>
            editField(amount === undefined ? 'Remove budget' : 'Set budget', (d) =>
              setBudget(d, amount === undefined ? undefined : { amount, unit: budgetUnit }),
            )
          }
          unitChoice={
            <select
              className="cf-field__unit-choice"
              aria-label="Budget unit"
              data-testid="field-budgetUnit"
              value={budgetUnit}
              onChange={(e) => {
                const next = e.target.value as Budget['unit'];
                setUnit(next);
                if (budget) editField('Set budget unit', (d) => setBudget(d, { amount: budget.amount, unit: next }));
              }}
            >
              <option value="credits">credits</option>
              <option value="dollars">dollars</option>
            </select>
          }
        />
        <p className="cf-insp-hint">Leave empty for no budget. The cost panel shows how much of it a month uses.</p>
      </Section>

      <section className="cf-insp-section" aria-label="Rate card">
        <button
          type="button"
          className="cf-insp-disclosure"
          aria-expanded={rateCardOpen}
          data-testid="inspector-rate-card-toggle"
          onClick={() => setRateCardOpen(!rateCardOpen)}
          onPointerEnter={() => void RateCardEditor.preload()}
        >
          <ChevronRight size={14} className="cf-insp-disclosure__chevron" aria-hidden="true" />
          <span className="cf-insp-section__title">Rate card</span>
          <span className="cf-insp-aside">{changes === 0 ? 'defaults' : `${changes} changed`}</span>
        </button>
        {rateCardOpen && (
          <div className="cf-insp-section__body">
            <Suspense fallback={<p className="cf-insp-hint">Loading the rate card…</p>}>
              <RateCardEditor compact />
            </Suspense>
          </div>
        )}
      </section>
    </div>
  );
}
