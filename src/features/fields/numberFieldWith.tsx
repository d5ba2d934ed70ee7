import { useId, useState, type KeyboardEvent, type ReactNode } from 'react';
import { commitOrRevertOnKey } from './keys';
import { formatNumber, parseNumber, scaleValue, unscale, type NumberRules } from './numbers';
import './fields.css';
import { withStableCommit } from './stableCommit';
import { FieldNote } from './FieldNote';
import { NO_READING_NOTES, type ReadingNotes } from './readingNotes';

export interface NumberFieldProps extends NumberRules {
  /** The field's key: the input gets data-testid="field-<name>". */
  name: string;
  label: ReactNode;
  /** The document's value (in document units); undefined = not set. */
  value: number | undefined;
  /**
   * Called once per committed value (blur or Enter), never with an invalid number. It may
   * return a message (the document refused the value): the field then keeps the text and shows it.
   */
  onCommit: (value: number | undefined) => string | void | undefined;
  /** Shown in the empty field, e.g. the kind's default. */
  placeholder?: string;
  /** Unit shown after the input (s, KB, ×, credits, items, %). */
  unit?: string;
  /**
   * In the unit's place at the end of the box, a control that chooses it (a budget in credits or
   * dollars): the unit is then shown once, by the control, where every other field shows its unit.
   */
  unitChoice?: ReactNode;
  /** Shown value = document value × scale (100 for a share shown as a percentage). Rules are in shown units. */
  scale?: number;
  /** One line under the field. */
  hint?: ReactNode;
  disabled?: boolean;
  /** Something to put at the right end of the label row (e.g. a "range" toggle). */
  accessory?: ReactNode;
  /** Override of the input's data-testid. */
  testId?: string;
  /** 'inline' puts the label (and hint) left of a narrow input, for long lists like the rate card. */
  layout?: 'stacked' | 'inline';
  /** Marks the field as changed from its default (highlighted). */
  changed?: boolean;
}

/**
 * The number field, with the notes given (readingNotes.ts): NumberField.tsx's has them, PlainNumberField none.
 *
 * A number input that keeps its own text while the person types and commits on blur or Enter
 * (one commit = one undo step). An invalid value is refused with a message next to the field
 * and never reaches the document; Escape puts back the document's value.
 */
export function numberFieldWith({ useReadingNote, Note }: ReadingNotes) {
  function NumberFieldInput(props: NumberFieldProps) {
    const { name, label, value, onCommit, placeholder, unit, unitChoice, scale = 1, hint, disabled, accessory, testId, layout = 'stacked', changed } = props;
    const rules: NumberRules = { min: props.min, max: props.max, integer: props.integer, allowEmpty: props.allowEmpty, unit };
    const inputId = useId();
    const errorId = `${inputId}-error`;
    // null = not editing: the field shows the document's value (and follows undo / redo).
    const [draft, setDraft] = useState<string | null>(null);
    const [error, setError] = useState<string | null>(null);
    const shown = value === undefined ? '' : formatNumber(scaleValue(value, scale));
    const text = draft ?? shown;
    const reading = useReadingNote(unit, draft === null ? null : [draft], [shown]);

    const commit = () => {
      if (draft === null) return;
      const parsed = parseNumber(draft, rules);
      if (!parsed.ok) {
        setError(parsed.message);
        return;
      }
      const next = parsed.value === undefined ? undefined : unscale(parsed.value, scale);
      const refused = next !== value ? onCommit(next) : undefined;
      if (refused) {
        setError(refused);
        return;
      }
      setError(null);
      setDraft(null);
      reading.committed([draft]);
    };

    const revert = () => {
      setDraft(null);
      setError(null);
    };

    const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) =>
      commitOrRevertOnKey(event, { commit, revert, dirty: draft !== null || error !== null });

    return (
      <div
        className={`cf-field${layout === 'inline' ? ' cf-field--inline' : ''}`}
        data-invalid={error ? 'true' : undefined}
        data-changed={changed ? 'true' : undefined}
      >
        <div className="cf-field__label-row">
          <label className="cf-field__label" htmlFor={inputId}>
            {label}
          </label>
          {accessory}
        </div>
        <div className="cf-field__control">
          <input
            id={inputId}
            className="cf-input"
            type="text"
            inputMode="decimal"
            autoComplete="off"
            spellCheck={false}
            data-testid={testId ?? `field-${name}`}
            value={text}
            placeholder={placeholder}
            disabled={disabled}
            aria-invalid={error ? true : undefined}
            aria-describedby={error || reading.note ? errorId : undefined}
            onChange={(e) => {
              setDraft(e.target.value);
              if (error) setError(parseNumber(e.target.value, rules).ok ? null : error);
            }}
            onBlur={commit}
            onKeyDown={onKeyDown}
          />
          {unitChoice ?? (unit && <span className="cf-field__unit">{unit}</span>)}
        </div>
        <FieldNote id={errorId} error={error} note={reading.note && <Note id={errorId} note={reading.note} />} hint={hint} />
      </div>
    );
  }

  /** Re-renders only when its own props change (stableCommit.tsx). */
  return withStableCommit(NumberFieldInput);
}

/**
 * The number field without the reading notes' code, for a unit no note is about (credits, $, runs):
 * the first frame's fields (the flow settings', the cost panel's runs per month).
 */
export const PlainNumberField = numberFieldWith(NO_READING_NOTES);
