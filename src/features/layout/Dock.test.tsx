// @vitest-environment happy-dom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { generateFlow } from '../../model/generate';
import { renderWithEditor, testEditor } from '../../editor/testing';
import { SimulationClient } from '../../workers/simulationClient';
import type { RunMessage } from '../../workers/protocol';
import { fakeWorkers } from '../../workers/testing';
import { CORES_WANTED } from '../../store/openedFlowWork';
import { Dock } from './Dock';

afterEach(cleanup);

function setUp() {
  const workers = fakeWorkers();
  const editor = testEditor({ simulationClient: () => new SimulationClient({ createWorker: workers.create, workers: 1 }) });
  editor.store.getState().loadFlow(generateFlow({ modules: 20, seed: 3 }), 'open');
  renderWithEditor(
    <Dock
      cost={<p>cost</p>}
      problems={<p>problems</p>}
      // The panel's code still loading (it asks for nothing).
      whatIf={<p>Loading the what-if panels…</p>}
    />,
    editor,
  );
  const runs = () => workers.made.flatMap((w) => w.posted).filter((m): m is RunMessage => m.type === 'run');
  /** How often the page asked the work ahead (elk's layout ahead) for the cores. */
  let coresWanted = 0;
  const hear = () => coresWanted++;
  window.addEventListener(CORES_WANTED, hear);
  onTestFinished(() => window.removeEventListener(CORES_WANTED, hear));
  return { editor, runs, coresWanted: () => coresWanted, workers };
}

describe('the dock’s What-if tab', () => {
  it('starts the panel’s simulated runs as it opens, before the panel’s code has loaded, and asks the work ahead for the cores; the panel asking the same runs nothing more', () => {
    const { editor, runs, coresWanted } = setUp();
    expect(runs()).toEqual([]);
    fireEvent.click(screen.getByTestId('tab-whatif'));
    expect(coresWanted()).toBe(1);
    expect(screen.getByText('Loading the what-if panels…')).toBeTruthy();
    const { samples, seed } = editor.whatIf.getState();
    const flow = editor.derived.selectFlowIgnoringPositions(editor.store.getState());
    expect(runs()).toMatchObject([{ samples, seed, flow: { modules: flow.modules } }]);
    // The panel, once loaded, asks for its runs: the same request, no second run.
    editor.simulation().run({ flow, samples, seed });
    expect(runs()).toHaveLength(1);
    // Clicked again while shown: nothing more.
    fireEvent.click(screen.getByTestId('tab-whatif'));
    expect(runs()).toHaveLength(1);
  });

  it('shows an answer already there (the runs ahead) without asking for the cores', () => {
    const { editor, runs, coresWanted, workers } = setUp();
    editor.askWhatIfRuns();
    const result = { samples: 1, seed: 1, runs: new Float64Array(0) };
    workers.made[0]!.reply({ type: 'done', id: 1, result } as never);
    const before = coresWanted();
    fireEvent.click(screen.getByTestId('tab-whatif'));
    expect(runs()).toHaveLength(1);
    expect(coresWanted()).toBe(before);
    expect(editor.simulation().getState().result).toBe(result);
  });

  it('asks nothing while a scenario is shown (the panel asks for the scenario’s runs)', () => {
    const { editor, runs } = setUp();
    editor.store.setState((s) => ({ ui: { ...s.ui, activeScenarioId: 'busy-week' } }));
    fireEvent.click(screen.getByTestId('tab-whatif'));
    expect(runs()).toEqual([]);
  });

  it('while the runs it asked for go, background work can wait for their answer (editor.whenRunsAnswered); not for runs ahead nobody clicked for', () => {
    const { editor, runs, workers } = setUp();
    let answered = 0;
    expect(editor.whenRunsAnswered(() => answered++)).toBeNull();
    fireEvent.click(screen.getByTestId('tab-whatif'));
    const stop = editor.whenRunsAnswered(() => answered++);
    expect(stop).toBeTypeOf('function');
    expect(answered).toBe(0);
    workers.made[0]!.reply({ type: 'error', id: runs()[0]!.id, message: 'refused' } as never);
    expect(answered).toBe(1);
    expect(editor.whenRunsAnswered(() => answered++)).toBeNull();
    // Runs asked by other work (the canvas bands, the work ahead): nothing to wait for.
    const flow = editor.derived.selectFlowIgnoringPositions(editor.store.getState());
    editor.simulation().run({ flow, samples: 10, seed: 9 });
    expect(editor.simulation().getState().status).toBe('running');
    expect(editor.whenRunsAnswered(() => answered++)).toBeNull();
    expect(answered).toBe(1);
  });

  it('opened while the same runs go ahead of it (the work ahead asked them first), waits for those runs', () => {
    const { editor, runs, workers } = setUp();
    const { samples, seed } = editor.whatIf.getState();
    const flow = editor.derived.selectFlowIgnoringPositions(editor.store.getState());
    editor.simulation().run({ flow, samples, seed });
    fireEvent.click(screen.getByTestId('tab-whatif'));
    expect(runs()).toHaveLength(1);
    let answered = 0;
    expect(editor.whenRunsAnswered(() => answered++)).toBeTypeOf('function');
    workers.made[0]!.reply({ type: 'error', id: runs()[0]!.id, message: 'refused' } as never);
    expect(answered).toBe(1);
  });

  it('once the tab’s runs have answered (nothing waiting on them then), later runs of other work are not taken for them', () => {
    const { editor, runs, workers } = setUp();
    fireEvent.click(screen.getByTestId('tab-whatif'));
    workers.made[0]!.reply({ type: 'error', id: runs()[0]!.id, message: 'refused' } as never);
    const flow = editor.derived.selectFlowIgnoringPositions(editor.store.getState());
    editor.simulation().run({ flow, samples: 10, seed: 9 });
    expect(editor.simulation().getState().status).toBe('running');
    expect(editor.whenRunsAnswered(() => undefined)).toBeNull();
  });
});
