// Helpers for the what-if panels' component tests.
import { act, fireEvent, screen } from '@testing-library/react';
import type { Flow } from '../../model/types';
import { useEditor } from '../../store/editor';

/** Puts a flow in the editor with no scenario shown and nothing selected. */
export function load(flow: Flow) {
  act(() => {
    useEditor.getState().resetFlow(flow);
    useEditor.getState().setActiveScenario(null);
    useEditor.getState().clearSelection();
  });
}

/** The exact number a panel element holds in its data-value. */
export const numberIn = (testId: string) => Number(screen.getByTestId(testId).getAttribute('data-value'));

/** Types into a field and commits it with Enter, as a person would. */
export function typeAndEnter(input: HTMLElement, text: string) {
  fireEvent.change(input, { target: { value: text } });
  fireEvent.keyDown(input, { key: 'Enter' });
}
