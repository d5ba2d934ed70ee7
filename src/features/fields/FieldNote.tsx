import type { ReactNode } from 'react';

/**
 * What stands under a field: its error, as an alert (`id`: what the input's aria-describedby names),
 * when it has one; else the note on how the text typed was read ("Read as 0.5 %…": the line of
 * useReadingNote.tsx, said politely under the same id), when there is one; else its hint, if any.
 */
export function FieldNote({ id, error, note, hint }: { id: string; error: string | null | undefined; note?: ReactNode; hint?: ReactNode }) {
  if (error)
    return (
      <p className="cf-field__error" id={id} role="alert" data-testid="field-error">
        {error}
      </p>
    );
  if (note) return note;
  return hint && <p className="cf-field__hint">{hint}</p>;
}
