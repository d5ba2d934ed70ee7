import { useMemo } from 'react';
import { RotateCcw } from 'lucide-react';
import { DEFAULT_RATE_CARD, mergeRateCard } from '../../cost/rateCard';
import { priceFlow } from '../../cost/price';
import type { FlowCost } from '../../cost/types';
import { MODULE_KINDS } from '../../model/modules/registry';
import { MODULE_TYPES, type Flow, type PartialRateCard } from '../../model/types';
import { resetRateCard, setRateCard } from '../../store/inspectorRecipes';
import { NumberField } from '../fields/NumberField';
import { formatNumber } from '../fields/numbers';
import { KindIcon } from '../../ui/KindIcon';
import { formatCredits, formatDollars } from '../../ui/numbers';
import {
  SCALAR_FIELDS,
  baseCreditsPatch,
  countChanges,
  scalarOf,
  scalarPatch,
  timeExemptPatch,
  type ScalarField,
} from './rateCardFields';
import '../fields/fields.css';
import { FIELD_RULES } from '../../model/fieldRules';
import { rateCardRule } from '../../model/tableRules';
import './rateCard.css';
import { useEditField, useEditor, useEditorInstance, useFlowCost } from '../../editor/react';

export interface RateCardEditorProps {
  /** Inside another panel (the inspector): no outer heading. */
  compact?: boolean;
}

/** The flow priced with the default card, once per priced state (a drag does not re-price). */
const withDefaultCard = new WeakMap<FlowCost, FlowCost>();
function defaultCardCost(cost: FlowCost, flow: Flow): FlowCost {
  let baseline = withDefaultCard.get(cost);
  if (!baseline) {
    baseline = priceFlow(flow, { rateCard: DEFAULT_RATE_CARD });
    withDefaultCard.set(cost, baseline);
  }
  return baseline;
}

function signed(x: number): string {
  return `${x > 0 ? '+' : x < 0 ? '−' : '±'}${formatCredits(Math.abs(x))}`;
}

/**
 * Every constant of the rate card, editable, with what it changes and its default; values
 * that differ from the default are highlighted. The flow stores only the changed constants
 * (settings.rateCard), and the run total above updates as you edit.
 */
export function RateCardEditor({ compact }: RateCardEditorProps) {
  const { store } = useEditorInstance();
  const editField = useEditField();
  const change = (label: string, partial: PartialRateCard) => editField(label, (d) => setRateCard(d, partial));
  const partial = useEditor((s) => s.flow.settings.rateCard);
  const card = useMemo(() => mergeRateCard(partial), [partial]);
  // The same cost the canvas and the top bar show (memoised in the store; a drag does not re-price).
  const cost = useFlowCost();
  const baseline = partial ? defaultCardCost(cost, store.getState().flow) : cost;
  const changes = countChanges(partial);
  const delta = cost.total - baseline.total;

  const scalar = (field: ScalarField) => {
    const value = scalarOf(card, field.path);
    const fallback = scalarOf(DEFAULT_RATE_CARD, field.path);
    return (
      <NumberField
        key={field.path}
        name={`rate-${field.path.replace('.', '-')}`}
        label={field.label}
        unit={field.unit}
        layout="inline"
        value={value}
        placeholder={formatNumber(fallback)}
        changed={value !== fallback}
        min={rateCardRule(field.path).min}
        max={rateCardRule(field.path).max}
        allowEmpty
        hint={
          <>
            {field.hint} <span className="cf-rate__default">Default {formatNumber(fallback)}{field.unit === '$' ? ' $' : ` ${field.unit}`}.</span>
          </>
        }
        onCommit={(v) => change(`Set ${field.label.toLowerCase()}`, scalarPatch(field.path, v))}
      />
    );
  };

  return (
    <div className={`cf-rate${compact ? ' cf-rate--compact' : ''}`} data-testid="rate-card-editor">
      {!compact && (
        <header className="cf-rate__head">
          <h2 className="cf-rate__title">Rate card</h2>
          <p className="cf-rate__lead">
            The constants every credit figure is computed from. The platform publishes the shape of each rule but not these
            numbers: adjust them to match your bills.
          </p>
        </header>
      )}

      <div className="cf-rate__preview" data-testid="rate-card-preview" aria-live="polite">
        <div>
          <span className="cf-rate__preview-value tabular" data-testid="rate-card-total">
            {formatCredits(cost.total)}
          </span>
          <span className="cf-rate__preview-label">credits / run</span>
        </div>
        <div>
          <span className="cf-rate__preview-value tabular">{formatDollars(cost.dollarsPerMonth)}</span>
          <span className="cf-rate__preview-label">per month</span>
        </div>
        <div className="cf-rate__preview-delta" data-changed={changes > 0 ? 'true' : undefined}>
          {changes === 0 ? 'Default rate card' : Math.abs(delta) < 1e-9 ? 'Same total as the default card' : `${signed(delta)} vs default`}
        </div>
      </div>

      <div className="cf-rate__actions">
        <span className="cf-rate__count" data-testid="rate-card-changes">
          {changes === 0 ? 'All defaults' : `${changes} constant${changes === 1 ? '' : 's'} changed`}
        </span>
        <button
          type="button"
          className="cf-btn cf-btn--sm"
          data-testid="rate-card-reset"
          disabled={partial === undefined}
          onClick={() => editField('Reset rate card', resetRateCard)}
        >
          <RotateCcw size={13} aria-hidden="true" /> Reset to defaults
        </button>
      </div>

      <section className="cf-rate__group" aria-label="Base credits">
        <h3 className="cf-rate__group-title">Base credits per execution</h3>
        <p className="cf-rate__group-hint">What one attempt of each kind costs before time, payload and extra credits.</p>
        <div className="cf-rate__base">
          {MODULE_TYPES.map((type) => {
            const kind = MODULE_KINDS[type];
            const value = card.baseCredits[type];
            const fallback = DEFAULT_RATE_CARD.baseCredits[type];
            return (
              <NumberField
                key={type}
                name={`rate-baseCredits-${type}`}
                label={
                  <span className="cf-rate__kind" style={{ ['--kind-colour' as string]: kind.colour }} title={`Credits for each attempt of a ${kind.label.toLowerCase()}`}>
                    <KindIcon type={type} size={13} />
                    {kind.label}
                  </span>
                }
                unit="cr"
                layout="inline"
                accessory={value !== fallback ? <span className="cf-rate__was">default {formatNumber(fallback)}</span> : undefined}
                value={value}
                placeholder={formatNumber(fallback)}
                changed={value !== fallback}
                min={FIELD_RULES.baseCredits.min}
                max={FIELD_RULES.baseCredits.max}
                allowEmpty
                onCommit={(v) => change(`Set base credits of ${kind.label}`, baseCreditsPatch(type, v))}
              />
            );
          })}
        </div>
      </section>

      <section className="cf-rate__group" aria-label="Execution time">
        <h3 className="cf-rate__group-title">Execution time</h3>
        {SCALAR_FIELDS.filter((f) => f.path.startsWith('time.')).map(scalar)}
        <fieldset className="cf-rate__exempt">
          <legend className="cf-field__label">Time-exempt kinds</legend>
          <p className="cf-field__hint">Checked kinds pay no time credits. Default: router, iterator, aggregator.</p>
          <div className="cf-rate__exempt-grid">
            {MODULE_TYPES.map((type) => {
              const exempt = card.timeExempt.includes(type);
              const changed = exempt !== DEFAULT_RATE_CARD.timeExempt.includes(type);
              return (
                <label key={type} className="cf-rate__check" data-changed={changed ? 'true' : undefined}>
                  <input
                    type="checkbox"
                    data-testid={`rate-exempt-${type}`}
                    checked={exempt}
                    onChange={(e) =>
                      change(
                        `${e.target.checked ? 'Exempt' : 'Charge'} ${MODULE_KINDS[type].label.toLowerCase()} time`,
                        timeExemptPatch(card.timeExempt, type, e.target.checked),
                      )
                    }
                  />
                  {MODULE_KINDS[type].label}
                </label>
              );
            })}
          </div>
        </fieldset>
      </section>

      <section className="cf-rate__group" aria-label="Payload size">
        <h3 className="cf-rate__group-title">Payload size</h3>
        {SCALAR_FIELDS.filter((f) => f.path.startsWith('payload.')).map(scalar)}
      </section>

      <section className="cf-rate__group" aria-label="Loops and money">
        <h3 className="cf-rate__group-title">Loops and money</h3>
        {SCALAR_FIELDS.filter((f) => !f.path.includes('.')).map(scalar)}
      </section>
    </div>
  );
}
