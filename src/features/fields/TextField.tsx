import { useId, useState, type ReactNode } from 'react';
import { maxTextUnits } from '../../model/fieldRules';
import { commitOrRevertOnKey } from './keys';
import './fields.css';
import { withStableCommit } from './stableCommit';
import { FieldNote } from './FieldNote';

export interface TextFieldProps {
  /** The field's key: the input gets data-testid="field-<name>". */
  name: string;
  label: ReactNode;
  value: string;
  /** Called once per committed text (blur or Enter); may return a message when the document refuses it. */
  onCommit: (value: string) => string | void | undefined;
  placeholder?: string;
  hint?: ReactNode;
  /**
   * Most characters, counted as a person sees them (`textLength`: an emoji, a flag or a letter with
   * its accents is one), as the recipes and the file reader count them. The browser counts UTF-16
   * units (a family emoji is eleven), so the input stops typing at the units a text of that many
   * characters may take (`maxTextUnits`); past the limit in characters, the recipe's message says so.
   */
  maxLength?: number;
}

/** A text input that commits on blur / Enter (one undo step) and reverts on Escape. */
function TextFieldInput({ name, label, value, onCommit, placeholder, hint, maxLength }: TextFieldProps) {
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const commit = () => {
    if (draft === null) return;
    const refused = draft !== value ? onCommit(draft) : undefined;
    if (refused) {
      setError(refused);
      return;
    }
    setError(null);
    setDraft(null);
  };
  return (
    <div className="cf-field" data-invalid={error ? 'true' : undefined}>
      <div className="cf-field__label-row">
        <label className="cf-field__label" htmlFor={id}>
          {label}
        </label>
      </div>
      <input
        id={id}
        className="cf-input"
        data-testid={`field-${name}`}
        value={draft ?? value}
        placeholder={placeholder}
        maxLength={maxLength === undefined ? undefined : maxTextUnits(maxLength)}
        autoComplete="off"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) =>
          commitOrRevertOnKey(e, {
            commit,
            revert: () => {
              setDraft(null);
              setError(null);
            },
            dirty: draft !== null,
          })
        }
      />
      <FieldNote id={`${id}-error`} error={error} hint={hint} />
    </div>
  );
}

/** Re-renders only when its own props change (stableCommit.tsx). */
export const TextField = withStableCommit(TextFieldInput);
