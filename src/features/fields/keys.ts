import type { KeyboardEvent } from 'react';

/** Keys that mean something to the canvas must not reach it while a person types in a field. */
export function keepKeysInField(event: KeyboardEvent<HTMLInputElement>): void {
  if (event.key === 'Delete' || event.key === 'Backspace') event.stopPropagation();
}
