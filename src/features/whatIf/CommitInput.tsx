import { useState, type KeyboardEvent } from 'react';
import { readNumber } from '../../model/numberText';

export interface CommitInputProps {
  value: number | undefined;
  /** Returns an error message to refuse the value, or nothing to accept it. */
  onCommit(value: number | undefined): string | void | undefined;
  label: string;
  testId?: string;
  min?: number;
  max?: number;
  integer?: boolean;
  /** The unit that may follow the number (a unit of model/fieldRules: "credits", "$", "%"): read past by the one reader. */
  unit?: string;
  /** Allow an empty field (commits undefined). */
  optional?: boolean;
  wide?: boolean;
  placeholder?: string;
}

/**
 * Reads what a person typed with the one number reader (model/numberText): "1,500" and "1 500"
 * are 1500. Undefined when empty; the reader's message when it cannot be read.
 */
export function parseNumber(text: string, integer = false, unit?: string): number | undefined | { message: string } {
  if (text.trim() === '') return undefined;
  const read = readNumber(text, { integer, unit });
  return read.ok ? read.value : { message: read.message };
}

/**
 * A number input that commits on Enter or blur, refuses what is not a number in range (with a
 * message) and reverts on Escape. The draft lives here; the document changes only on commit.
 */
export function CommitInput(props: CommitInputProps) {
  const { value, onCommit, label, testId, min, max, integer, unit, optional, wide, placeholder } = props;
  const shown = value === undefined ? '' : String(value);
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const commit = () => {
    if (draft === null) return;
    const n = parseNumber(draft, integer, unit);
    let problem: string | null = null;
    if (typeof n === 'object') problem = `${label}: ${n.message}.`;
    else if (n === undefined && !optional) problem = `${label} is required.`;
    else if (n !== undefined && min !== undefined && n < min) problem = `${label} must be at least ${min.toLocaleString('en-US')}.`;
    else if (n !== undefined && max !== undefined && n > max) problem = `${label} must be at most ${max.toLocaleString('en-US')}.`;
    if (!problem) problem = onCommit(n as number | undefined) || null;
    setError(problem);
    if (!problem) setDraft(null);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    event.stopPropagation(); // keep editor shortcuts (Delete, arrows) out of the field
    if (event.key === 'Enter') commit();
    if (event.key === 'Escape') {
      setDraft(null);
      setError(null);
    }
  };

  return (
    <span className="cf-whatif-field">
      <input
        className={`cf-whatif-input${wide ? ' cf-whatif-input--wide' : ''}`}
        type="text"
        inputMode="decimal"
        aria-label={label}
        aria-invalid={error ? true : undefined}
        data-testid={testId}
        value={draft ?? shown}
        placeholder={placeholder}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={onKeyDown}
      />
      {error && (
        <span className="cf-whatif-error" role="alert">
          {' '}
          {error}
        </span>
      )}
    </span>
  );
}
