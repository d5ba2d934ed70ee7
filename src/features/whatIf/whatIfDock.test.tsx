// @vitest-environment happy-dom
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { generateFlow } from '../../model/generate';
import { renderWithEditor, testEditor } from '../../editor/testing';
import { SimulationClient } from '../../workers/simulationClient';
import type { RunMessage } from '../../workers/protocol';
import { fakeWorkers } from '../../workers/testing';
import { simulate } from '../../cost/simulate';
import { WhatIfDock } from './WhatIfDock';

afterEach(cleanup);

/** An editor whose simulation runs on fake workers (the test answers for them), a flow of 20 modules open. */
function setUp() {
  const workers = fakeWorkers();
  const editor = testEditor({ simulationClient: () => new SimulationClient({ createWorker: workers.create, workers: 1 }) });
  editor.store.getState().loadFlow(generateFlow({ modules: 20, seed: 3 }), 'open');
  editor.whatIf.setState({ samples: 200, seed: 1 });
  const runs = () => workers.made.flatMap((w) => w.posted).filter((m): m is RunMessage => m.type === 'run');
  return { editor, workers, runs };
}

/** Lets React's deferred renders and the page's timers go (what a frame or two would). */
const settle = () => act(() => new Promise<void>((done) => setTimeout(done, 50)));

describe('the What-if tab', () => {
  it('opened on runs still going, draws the simulated runs alone; the other panels follow once the runs have answered, and stay', async () => {
    const { editor, workers, runs } = setUp();
    // The tab's click asks for the runs before its panels render (Dock.open).
    editor.askWhatIfRuns();
    renderWithEditor(<WhatIfDock />, editor);
    await settle();
    expect(screen.getByTestId('simulation-panel').getAttribute('aria-busy')).toBe('true');
    expect(screen.queryByTestId('budget-panel')).toBeNull();
    expect(screen.queryByTestId('heatmap-toggle')).toBeNull();
    // The workers' answer: the result shown, then the other panels.
    const asked = runs()[0]!;
    const result = simulate(asked.flow, { samples: asked.samples, seed: asked.seed });
    act(() => workers.made[0]!.reply({ type: 'done', id: asked.id, result } as never));
    await waitFor(() => expect(screen.getByTestId('sim-status').textContent).toBe('up to date'));
    expect(screen.getByTestId('sim-mean').getAttribute('data-value')).toBe(String(result.mean));
    await waitFor(() => expect(screen.getByTestId('budget-panel')).toBeTruthy());
    expect(screen.getByTestId('heatmap-toggle')).toBeTruthy();
    // A later run (another seed) keeps them.
    act(() => editor.whatIf.setState({ seed: 2 }));
    await settle();
    expect(screen.getByTestId('sim-status').textContent).toMatch(/^running/);
    expect(screen.getByTestId('budget-panel')).toBeTruthy();
  });

  it('a failed run lets the other panels come too', async () => {
    const { editor, workers, runs } = setUp();
    editor.askWhatIfRuns();
    renderWithEditor(<WhatIfDock />, editor);
    await settle();
    expect(screen.queryByTestId('budget-panel')).toBeNull();
    act(() => workers.made[0]!.reply({ type: 'error', id: runs()[0]!.id, message: 'refused' } as never));
    await waitFor(() => expect(screen.getByTestId('budget-panel')).toBeTruthy());
  });

  it('opened on an answer already there (the runs ahead), draws every panel at once as before', async () => {
    const { editor, workers, runs } = setUp();
    editor.askWhatIfRuns();
    const asked = runs()[0]!;
    act(() => workers.made[0]!.reply({ type: 'done', id: asked.id, result: simulate(asked.flow, { samples: asked.samples, seed: asked.seed }) } as never));
    renderWithEditor(<WhatIfDock />, editor);
    expect(screen.getByTestId('sim-status').textContent).toBe('up to date');
    await waitFor(() => expect(screen.getByTestId('budget-panel')).toBeTruthy());
  });
});
