// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, screen } from '@testing-library/react';
import { renderWithEditor, testEditor } from '../../editor/testing';
import { errorsFlow } from '../../../bench/largeFiles';
import { LISTED_AT_MOST } from '../../ui/firstOf';
import { ProblemsPanel } from './ProblemsPanel';

afterEach(cleanup);

describe('ProblemsPanel with many problems (issue 18 item 9)', () => {
  it('lists the first few hundred, errors first, and counts the rest in one last line', () => {
    const editor = testEditor();
    // 2,000 extra triggers: the validator gives 500 of them and one line for the other 1,500; the
    // flow's unreachable-module warnings come after the errors.
    act(() => editor.store.getState().loadFlow(errorsFlow(2_000), 'Open'));
    const problems = editor.derived.selectProblems(editor.store.getState());
    expect(problems.length).toBeGreaterThan(LISTED_AT_MOST);
    renderWithEditor(<ProblemsPanel />, editor);
    const items = screen.getAllByTestId('problem-item');
    expect(items).toHaveLength(LISTED_AT_MOST);
    expect(items.every((item) => item.dataset.severity === 'error')).toBe(true);
    expect(screen.getByTestId('problems-more').textContent).toBe(
      `…and ${(problems.length - LISTED_AT_MOST).toLocaleString('en-US')} more problems, not listed here.`,
    );
  });

  it('lists a short list whole, with no closing line', () => {
    const editor = testEditor();
    act(() => editor.store.getState().loadFlow(errorsFlow(3), 'Open'));
    renderWithEditor(<ProblemsPanel />, editor);
    expect(screen.getAllByTestId('problem-item')).toHaveLength(editor.derived.selectProblems(editor.store.getState()).length);
    expect(screen.queryByTestId('problems-more')).toBeNull();
  });
});
