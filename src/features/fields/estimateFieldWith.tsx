import { useId, useState, type ComponentType, type KeyboardEvent } from 'react';
import { ChartSpline } from 'lucide-react';
import { isRange, pointOf, type Estimate, type Range } from '../../model/types';
import { PlainNumberField, type NumberFieldProps } from './numberFieldWith';
import { commitOrRevertOnKey } from './keys';
import { formatNumber, parseRange, scaleValue, spreadAround, unscale, type NumberRules } from './numbers';
import './fields.css';
import { withStableCommit } from './stableCommit';
import { FieldNote } from './FieldNote';
import { NO_READING_NOTES, type ReadingNotes } from './readingNotes';

export interface EstimateFieldProps extends Omit<NumberFieldProps, 'value' | 'onCommit' | 'accessory'> {
  /** A number, a range (min / likely / max) or undefined (the default applies). */
  value: Estimate | undefined;
  /** Called once per committed value, never with an invalid number or a disordered range; may return a refusal message. */
  onCommit: (value: Estimate | undefined) => string | void | undefined;
  /** What an empty field means (the kind default), in document units: a new range starts around it. */
  fallback: number;
  /** Offer the number ↔ range switch (default true). */
  allowRange?: boolean;
}

type Part = 'min' | 'likely' | 'max';
const PARTS: readonly Part[] = ['min', 'likely', 'max'];

/**
 * The estimate field, with the notes given (readingNotes.ts) and the number field that has the same
 * (for a single number): EstimateField.tsx's has them, PlainEstimateField none.
 */
export function estimateFieldWith({ useReadingNote, Note }: ReadingNotes, NumberField: ComponentType<NumberFieldProps>) {
  /**
   * An assumption field: a number, or (issue 5) a range min / likely / max drawn as a triangular
   * distribution. The switch keeps the value: a number becomes a range around it, a range
   * becomes its likely value.
   */
  function EstimateFieldInput(props: EstimateFieldProps) {
    const { value, onCommit, fallback, allowRange = true, scale = 1, ...rest } = props;
    const rules: NumberRules = { min: props.min, max: props.max, integer: props.integer, unit: props.unit };
    const ranged = isRange(value);

    const toggle = allowRange ? (
      <button
        type="button"
        className="cf-chip"
        aria-pressed={ranged}
        data-testid={`field-${props.name}-range-toggle`}
        aria-label={`${typeof props.label === 'string' ? props.label : props.name} as a range (min / likely / max)`}
        title={ranged ? 'Back to one number (the likely value)' : 'Enter min / likely / max: the value varies between executions'}
        onClick={() => {
          if (isRange(value)) {
            onCommit(value.likely);
          } else {
            const base = scaleValue(value === undefined ? fallback : pointOf(value), scale);
            const spread = spreadAround(base, rules);
            onCommit({ min: unscale(spread.min, scale), likely: unscale(spread.likely, scale), max: unscale(spread.max, scale) });
          }
        }}
      >
        <ChartSpline size={11} aria-hidden="true" />
        Range
      </button>
    ) : undefined;

    if (!isRange(value)) {
      return <NumberField {...rest} scale={scale} value={value} onCommit={onCommit} accessory={toggle} />;
    }
    return <RangeInputs {...props} value={value} rules={rules} toggle={toggle} />;
  }

  function RangeInputs(
    props: EstimateFieldProps & { value: Range; rules: NumberRules; toggle: EstimateFieldProps['hint'] },
  ) {
    const { name, label, value, onCommit, unit, scale = 1, rules, toggle, hint, disabled } = props;
    const groupId = useId();
    const errorId = `${groupId}-error`;
    const [draft, setDraft] = useState<Record<Part, string> | null>(null);
    const [errors, setErrors] = useState<Partial<Record<Part | 'order', string>> | null>(null);
    const shown: Record<Part, string> = {
      min: formatNumber(scaleValue(value.min, scale)),
      likely: formatNumber(scaleValue(value.likely, scale)),
      max: formatNumber(scaleValue(value.max, scale)),
    };
    const texts = draft ?? shown;
    // The note is about the parts typed, not those the draft copied from the field as they were shown.
    const typed = draft && PARTS.map((part) => (draft[part] !== shown[part] ? draft[part] : null));
    const reading = useReadingNote(unit, typed, PARTS.map((part) => shown[part]));
    const message = errors ? (errors.min ?? errors.likely ?? errors.max ?? errors.order) : undefined;

    const commit = () => {
      if (draft === null) return;
      const parsed = parseRange(draft, rules);
      if (!parsed.ok) {
        setErrors(parsed.errors);
        return;
      }
      const next: Range = {
        min: unscale(parsed.value.min, scale),
        likely: unscale(parsed.value.likely, scale),
        max: unscale(parsed.value.max, scale),
      };
      const changed = next.min !== value.min || next.likely !== value.likely || next.max !== value.max;
      const refused = changed ? onCommit(next) : undefined;
      if (refused) {
        setErrors({ order: refused });
        return;
      }
      setErrors(null);
      setDraft(null);
      reading.committed(typed ?? []);
    };

    const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) =>
      commitOrRevertOnKey(event, {
        commit,
        revert: () => {
          setDraft(null);
          setErrors(null);
        },
        dirty: draft !== null || errors !== null,
      });

    return (
      <div className="cf-field" data-invalid={message ? 'true' : undefined}>
        <div className="cf-field__label-row">
          <span className="cf-field__label" id={`${groupId}-label`}>
            {label}
            {unit && <span className="cf-field__label-unit"> · {unit}</span>}
          </span>
          {toggle}
        </div>
        <div className="cf-range" role="group" aria-labelledby={`${groupId}-label`}>
          {PARTS.map((part) => {
            const bad = Boolean(errors?.[part] ?? (errors?.order && part !== 'min' ? errors.order : undefined));
            return (
              <label key={part} className="cf-range__part">
                <span className="cf-range__caption">{part}</span>
                <span className="cf-field__control">
                  <input
                    className="cf-input"
                    type="text"
                    inputMode="decimal"
                    autoComplete="off"
                    spellCheck={false}
                    aria-label={`${typeof label === 'string' ? label : name} ${part}`}
                    data-testid={`field-${name}-${part}`}
                    value={texts[part]}
                    disabled={disabled}
                    aria-invalid={bad ? true : undefined}
                    aria-describedby={message || reading.note ? errorId : undefined}
                    onChange={(e) => setDraft({ ...texts, [part]: e.target.value })}
                    onBlur={commit}
                    onKeyDown={onKeyDown}
                  />
                </span>
              </label>
            );
          })}
        </div>
        <FieldNote id={errorId} error={message} note={reading.note && <Note id={errorId} note={reading.note} />} hint={hint} />
      </div>
    );
  }

  /** Re-renders only when its own props change (stableCommit.tsx). */
  return withStableCommit(EstimateFieldInput);
}

/**
 * The estimate field without the reading notes' code, for a unit no note is about (runs): the flow
 * settings' runs per month, drawn in the first frame.
 */
export const PlainEstimateField = estimateFieldWith(NO_READING_NOTES, PlainNumberField);
