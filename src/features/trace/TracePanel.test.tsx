// @vitest-environment happy-dom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { smallLoop } from '../../model/testing/flowOf';
import { renderWithEditor, testEditor } from '../../editor/testing';
import { TracePanel } from './TracePanel';
import { Dock } from '../layout/Dock';

afterEach(() => cleanup());
// The tracer and its player load with a first trace, which waits for them (store/trace.test.ts):
// here they are loaded once for the file, so a click's act() sees its trace, fake timers or not.
beforeAll(() => import('../../store/tracePlayer'));

const flow = smallLoop;

const running = () => Number(screen.getByTestId('trace-running').getAttribute('data-credits'));

describe('TracePanel', () => {
  it('traces a seed, steps with the arrow keys while it has focus, and shows each step and the running total', async () => {
    const editor = testEditor({ flow: flow() });
    renderWithEditor(<TracePanel />, editor);
    fireEvent.change(screen.getByTestId('trace-seed'), { target: { value: '7' } });
    await act(async () => fireEvent.click(screen.getByTestId('trace-run')));
    expect(screen.getByTestId('trace-position').textContent).toBe('Step 1 of 7');
    expect(screen.getByTestId('trace-module').getAttribute('data-module-id')).toBe('t');
    const panel = screen.getByTestId('trace-panel');
    const totals = [running()];
    for (let k = 0; k < 3; k++) {
      await act(async () => fireEvent.keyDown(panel, { key: 'ArrowRight' }));
      totals.push(running());
    }
    expect(screen.getByTestId('trace-module').getAttribute('data-module-id')).toBe('a');
    expect(screen.getByText('item 2', { selector: '.cf-trace__step--current *' })).toBeTruthy();
    // Each step adds its credits (an iterator's are 0 on the default rate card); the actions' add more.
    const steps = editor.trace.store.getState().trace!.steps;
    for (let k = 1; k < totals.length; k++) expect(totals[k]).toBe(totals[k - 1]! + steps[k]!.credits);
    expect(totals[3]).toBeGreaterThan(totals[2]!);
    await act(async () => fireEvent.keyDown(panel, { key: 'End' }));
    expect(screen.getByTestId('trace-position').textContent).toBe('Step 7 of 7');
    expect(running()).toBe(editor.trace.store.getState().trace!.total);
    await act(async () => fireEvent.keyDown(panel, { key: 'ArrowLeft' }));
    expect(screen.getByTestId('trace-module').getAttribute('data-module-id')).toBe('g');
    await act(async () => fireEvent.keyDown(panel, { key: 'Home' }));
    expect(screen.getByTestId('trace-position').textContent).toBe('Step 1 of 7');
  });

  it('plays at the chosen speed (Space toggles), stops at the end, and stops and offers to trace again when the flow changes', async () => {
    vi.useFakeTimers();
    try {
      const editor = testEditor({ flow: flow() });
      renderWithEditor(<TracePanel />, editor);
      await act(async () => fireEvent.click(screen.getByTestId('trace-run')));
      const panel = screen.getByTestId('trace-panel');
      fireEvent.change(screen.getByTestId('trace-speed'), { target: { value: '5' } });
      await act(async () => fireEvent.keyDown(panel, { key: ' ' }));
      expect(panel.getAttribute('data-playing')).toBe('true');
      await act(async () => void vi.advanceTimersByTime(400));
      expect(screen.getByTestId('trace-position').textContent).toBe('Step 3 of 7');
      await act(async () => void vi.advanceTimersByTime(2000));
      expect(screen.getByTestId('trace-position').textContent).toBe('Step 7 of 7');
      expect(panel.getAttribute('data-playing')).toBeNull();
      // Play from the end starts again; a change to the flow stops it and says so.
      await act(async () => fireEvent.click(screen.getByTestId('trace-play')));
      expect(screen.getByTestId('trace-position').textContent).toBe('Step 1 of 7');
      await act(async () => void vi.advanceTimersByTime(200));
      await act(async () => editor.store.getState().edit('Rename', (d) => void (d.modules[2]!.name = 'Score')));
      expect(panel.getAttribute('data-playing')).toBeNull();
      expect(screen.getByTestId('trace-stale').textContent).toMatch(/flow changed/);
      expect((screen.getByTestId('trace-play') as HTMLButtonElement).disabled).toBe(true);
      await act(async () => void vi.advanceTimersByTime(2000));
      expect(screen.getByTestId('trace-position').textContent).toBe('Step 2 of 7');
      await act(async () => fireEvent.click(screen.getByTestId('trace-rerun')));
      expect(screen.queryByTestId('trace-stale')).toBeNull();
      expect(screen.getByTestId('trace-position').textContent).toBe('Step 1 of 7');
    } finally {
      vi.useRealTimers();
    }
  });

  it('shows the loop item of the step', async () => {
    const editor = testEditor({ flow: flow() });
    renderWithEditor(<TracePanel />, editor);
    await act(async () => fireEvent.click(screen.getByTestId('trace-run')));
    expect(screen.queryByTestId('trace-item')).toBeNull();
    await act(async () => fireEvent.keyDown(screen.getByTestId('trace-panel'), { key: 'ArrowDown' }));
    expect(screen.getByTestId('trace-item').textContent).toBe('item 1');
    expect(screen.getByTestId('trace-outcome').textContent).toBe('ran');
  });

  it('"Next run" traces the next seed', async () => {
    const editor = testEditor({ flow: flow() });
    renderWithEditor(<TracePanel />, editor);
    await act(async () => fireEvent.click(screen.getByTestId('trace-run')));
    await act(async () => fireEvent.click(screen.getByTestId('trace-next-run')));
    expect(editor.trace.store.getState().seed).toBe(2);
    expect((screen.getByTestId('trace-seed') as HTMLInputElement).value).toBe('2');
  });

  it('the trace command opens the Trace tab of the dock', async () => {
    const editor = testEditor({ flow: flow() });
    renderWithEditor(<Dock cost={<p>cost</p>} problems={<p>problems</p>} trace={<TracePanel />} />, editor);
    expect(screen.queryByTestId('trace-panel')).toBeNull();
    await act(async () => void (await editor.commands.run('trace.run', { seed: 3 })));
    expect(screen.getByTestId('tab-trace').getAttribute('aria-selected')).toBe('true');
    expect(screen.getByTestId('trace-position').textContent).toBe('Step 1 of 7');
  });
});
