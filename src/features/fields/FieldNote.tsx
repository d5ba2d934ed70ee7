import type { ReactNode } from 'react';

/**
 * What stands under a field: its error, as an alert (`id`: what the input's aria-describedby names),
 * when it has one; else its hint, if any.
 */
export function FieldNote({ id, error, hint }: { id: string; error: string | null | undefined; hint?: ReactNode }) {
  return error ? (
    <p className="cf-field__error" id={id} role="alert" data-testid="field-error">
      {error}
    </p>
  ) : (
    hint && <p className="cf-field__hint">{hint}</p>
  );
}
