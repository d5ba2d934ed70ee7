// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ElkNode } from 'elkjs/lib/elk-api';
import { renderWithEditor, testEditor } from '../../editor/testing';
import { LayoutCancelled, type LayoutEngine } from '../../commands/layout';
import { emptyFlow } from '../../store/editor';
import { addModule } from '../../store/moduleRecipes';
import { LayoutProgress, LAYOUT_PROGRESS_AFTER_MS } from './LayoutProgress';

/** A layout that goes on until aborted. */
const endless: LayoutEngine = (_graph, signal) =>
  new Promise<ElkNode>((_resolve, reject) => signal.addEventListener('abort', () => reject(new LayoutCancelled()), { once: true }));

describe('LayoutProgress', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('shows a long layout with its modules and seconds, and Cancel leaves the flow as it was', async () => {
    const flow = emptyFlow('Wide');
    for (let i = 0; i < 1200; i++) addModule(flow, 'action', { x: 10 * i, y: 0 });
    const editor = testEditor({ flow, layoutEngine: endless });
    renderWithEditor(<LayoutProgress />, editor);
    const before = editor.store.getState().flow;
    let done!: Promise<unknown>;
    await act(async () => {
      done = editor.commands.run('view.autoLayout');
    });
    act(() => vi.advanceTimersByTime(LAYOUT_PROGRESS_AFTER_MS - 250));
    // A short layout shows nothing.
    expect(screen.queryByTestId('layout-progress')).toBeNull();
    act(() => vi.advanceTimersByTime(2000));
    expect(screen.getByTestId('layout-progress').textContent).toMatch(/Laying out 1,200 modules… 2 s/);
    await act(async () => {
      fireEvent.click(screen.getByTestId('layout-cancel'));
      await done;
    });
    expect(screen.queryByTestId('layout-progress')).toBeNull();
    expect(editor.store.getState().flow).toBe(before);
    expect(editor.store.getState().past).toEqual([]);
  });
});
