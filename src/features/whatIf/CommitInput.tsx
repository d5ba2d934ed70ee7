import { useState, type KeyboardEvent } from 'react';

export interface CommitInputProps {
  value: number | undefined;
  /** Returns an error message to refuse the value, or nothing to accept it. */
  onCommit(value: number | undefined): string | void | undefined;
  label: string;
  testId?: string;
  min?: number;
  max?: number;
  integer?: boolean;
  /** Allow an empty field (commits undefined). */
  optional?: boolean;
  wide?: boolean;
  placeholder?: string;
}

/** Reads what a person typed: "1,500" and "1 500" are 1500. Undefined when empty. */
export function parseNumber(text: string): number | undefined | null {
  const cleaned = text.replace(/[\s,_]/g, '');
  if (cleaned === '') return undefined;
  const n = Number(cleaned);
  return Number.isFinite(n) ? n : null;
}

/**
 * A number input that commits on Enter or blur, refuses what is not a number in range (with a
 * message) and reverts on Escape. The draft lives here; the document changes only on commit.
 */
export function CommitInput(props: CommitInputProps) {
  const { value, onCommit, label, testId, min, max, integer, optional, wide, placeholder } = props;
  const shown = value === undefined ? '' : String(value);
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const commit = () => {
    if (draft === null) return;
    const n = parseNumber(draft);
    let problem: string | null = null;
    if (n === null) problem = `${label} must be a number.`;
    else if (n === undefined && !optional) problem = `${label} is required.`;
    else if (n !== undefined && min !== undefined && n < min) problem = `${label} must be at least ${min}.`;
    else if (n !== undefined && max !== undefined && n > max) problem = `${label} must be at most ${max}.`;
    else if (n !== undefined && integer && !Number.isInteger(n)) problem = `${label} must be a whole number.`;
    if (!problem) problem = onCommit(n ?? undefined) || null;
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
