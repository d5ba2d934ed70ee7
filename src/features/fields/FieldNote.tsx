import type { ReactNode } from 'react';
import { Info } from 'lucide-react';

/**
 * What stands under a field: its error, as an alert (`id`: what the input's aria-describedby names),
 * when it has one; else the note on how the text typed was read (`useReadingNote`: "Read as 0.5 %…"),
 * said politely (the value is accepted), under the same id; else its hint, if any.
 */
export function FieldNote({ id, error, note, hint }: { id: string; error: string | null | undefined; note?: string | null; hint?: ReactNode }) {
  if (error)
    return (
      <p className="cf-field__error" id={id} role="alert" data-testid="field-error">
        {error}
      </p>
    );
  if (note)
    return (
      <p className="cf-field__note" id={id} role="status" data-testid="field-note">
        <Info size={12} aria-hidden="true" className="cf-field__note-icon" />
        <span>{note}</span>
      </p>
    );
  return hint && <p className="cf-field__hint">{hint}</p>;
}
