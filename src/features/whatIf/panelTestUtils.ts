// Helpers for the what-if panels' component tests.
import { fireEvent, screen } from '@testing-library/react';

/** The exact number a panel element holds in its data-value. */
export const numberIn = (testId: string) => Number(screen.getByTestId(testId).getAttribute('data-value'));

/** Types into a field and commits it with Enter, as a person would. */
export function typeAndEnter(input: HTMLElement, text: string) {
  fireEvent.change(input, { target: { value: text } });
  fireEvent.keyDown(input, { key: 'Enter' });
}
