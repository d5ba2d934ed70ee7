import type { KeyboardEvent } from 'react';

/** Keys that mean something to the canvas must not reach it while a person types in a field. */
export function keepKeysInField(event: KeyboardEvent<HTMLElement>): void {
  if (event.key === 'Delete' || event.key === 'Backspace') event.stopPropagation();
}

/**
 * The keys of a field that commits on Enter and reverts on Escape. Escape stays in the field
 * (does not close a dialog or clear the selection) only when there was something to revert.
 */
export function commitOrRevertOnKey(
  event: KeyboardEvent<HTMLElement>,
  field: { commit(): void; revert(): void; dirty: boolean },
): void {
  keepKeysInField(event);
  if (event.key === 'Enter') {
    event.preventDefault();
    field.commit();
  } else if (event.key === 'Escape') {
    if (field.dirty) event.stopPropagation();
    field.revert();
  }
}
