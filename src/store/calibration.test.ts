import { describe, expect, it } from 'vitest';
import { chain, flowOf } from '../model/testing/flowOf';
import { createEditorStore } from './editor';
import { calibrationProblemCount, countsDiffer, createCalibrationSlot, type CalibrationProgress } from './calibration';
import { calibrationProblems } from './calibrationProblems';
import { calibrateSource, type CalibrationRunner } from '../cost/calibrate/fromLog';
import { generateLog, rowsToCsv } from '../cost/calibrate/logGenerator';
import type { Flow } from '../model/types';

/** t → i (4 items) → a → g; a's filter lets half through to b. */
const flow = (): Flow =>
  flowOf(
    [
      ['t', 'trigger'],
      ['i', 'iterator', { iterations: 4 }],
      ['a', 'action', { durationSec: 2 }],
      ['g', 'aggregator', undefined, { iteratorId: 'i' }],
      ['b', 'action'],
    ],
    [...chain('t', 'i', 'a', 'g'), { source: 'g', target: 'b', filter: { mode: 'break', passRate: 0.5 } }],
  );

/** The worker's work, in the test's thread, in chunks of `chunkBytes`; null when cancelled. */
const runnerOf =
  (chunkBytes?: number): CalibrationRunner =>
  async (request, options = {}) => {
    const stopped = () => options.signal?.aborted === true;
    const result = await calibrateSource(request, { stopped, pause: () => Promise.resolve(), ...(options.onProgress ? { onProgress: options.onProgress } : {}), ...(chunkBytes ? { chunkBytes } : {}) });
    return stopped() ? null : result;
  };
const runner = runnerOf();

describe('the calibration slot', () => {
  it('ends when another flow is opened (its modules may share the ids), also while it runs; edits keep it', async () => {
    const csv = rowsToCsv(generateLog(flow(), { runs: 20, seed: 2 }));
    const store = createEditorStore(flow());
    const slot = createCalibrationSlot(store, runner);
    await slot.start(csv, 'runs.csv');
    store.getState().edit('Rename', (d) => void (d.name = 'Renamed'));
    expect(slot.store.getState().status).toBe('done');
    store.getState().loadFlow({ ...flow(), name: 'Another' }, 'Open another');
    expect(slot.store.getState()).toMatchObject({ status: 'idle', result: null, observed: new Map() });
    expect(slot.apply()).toBe(false);
    const running = slot.start(csv, 'runs.csv');
    store.getState().resetFlow(flow());
    await running;
    expect(slot.store.getState().status).toBe('idle');
  });

  it('calibrates the open flow from a log of its runs; Apply adds the scenario in one undo step and shows it', async () => {
    const truth = { ...flow(), modules: flow().modules.map((m) => (m.id === 'i' ? { ...m, assumptions: { iterations: 7 } } : m)) };
    const csv = rowsToCsv(generateLog(truth, { runs: 60, seed: 3 }));
    const store = createEditorStore(flow());
    const slot = createCalibrationSlot(store, runner);
    const started = slot.start(csv, 'runs.csv');
    expect(slot.store.getState().status).toBe('running');
    await started;
    const view = slot.store.getState();
    expect(view.status).toBe('done');
    expect(view.observed.get('a')).toBeCloseTo(7, 9);
    expect(view.result!.calibration.scenario.name).toMatch(/^Calibrated from 60 runs/);
    expect(view.result!.fit.observed.mean).toBeGreaterThan(0);
    expect(view.result!.backtest?.trainRuns).toBe(30);

    const before = store.getState().flow;
    expect(slot.apply()).toBe(true);
    const after = store.getState();
    expect(after.flow.scenarios).toHaveLength(1);
    expect(after.ui.activeScenarioId).toBe(after.flow.scenarios![0]!.id);
    expect(after.past.at(-1)!.label).toBe('Apply calibration');
    store.getState().undo();
    expect(store.getState().flow).toEqual(before);
    expect(store.getState().flow.scenarios ?? []).toHaveLength(0);
    // Applying twice keeps both scenarios under distinct ids.
    slot.apply();
    slot.apply();
    const ids = store.getState().flow.scenarios!.map((s) => s.id);
    expect(new Set(ids).size).toBe(2);
    // And distinct names: two of one name are a warning, and choosing by name would take the first.
    const names = store.getState().flow.scenarios!.map((s) => s.name);
    expect(names[1]).toBe(`${names[0]} 2`);
  });

  it('says why a text is not a log, and keeps only the answer of the last log', async () => {
    const slot = createCalibrationSlot(createEditorStore(flow()), runner);
    await slot.start('hello world\n', 'notes.txt');
    expect(slot.store.getState().status).toBe('error');
    expect(slot.store.getState().message).toMatch(/^notes\.txt: this is not an execution log/);
    const csv = rowsToCsv(generateLog(flow(), { runs: 5, seed: 1 }));
    const first = slot.start(csv, 'first.csv');
    const second = slot.start(csv, 'second.csv');
    await Promise.all([first, second]);
    expect(slot.store.getState().logName).toBe('second.csv');
  });
  it('while running, the view says how far the reading is, in bytes of the log’s size', async () => {
    const file = new Blob([rowsToCsv(generateLog(flow(), { runs: 400, seed: 2 }))]);
    const chunkBytes = Math.ceil(file.size / 4);
    const slot = createCalibrationSlot(createEditorStore(flow()), runnerOf(chunkBytes));
    const seen: CalibrationProgress[] = [];
    slot.store.subscribe((view) => {
      if (view.progress) seen.push(view.progress);
    });
    await slot.start(file, 'runs.csv');
    expect(slot.store.getState().status).toBe('done');
    expect(slot.store.getState().progress).toBeNull();
    // One report per chunk: bytes read grow to the size, rows with them; the last one calibrates.
    expect(seen.map((p) => [p.stage, p.bytesRead, p.totalBytes])).toEqual([
      ['reading', chunkBytes, file.size],
      ['reading', 2 * chunkBytes, file.size],
      ['reading', 3 * chunkBytes, file.size],
      ['calibrating', file.size, file.size],
    ]);
    for (let k = 1; k < seen.length; k++) expect(seen[k]!.rows).toBeGreaterThan(seen[k - 1]!.rows);
    expect(seen.at(-1)!.rows).toBe(slot.store.getState().result!.calibration.rows);
  });

  it('Cancel stops the calibration in flight: back to no calibration, and its answer never lands', async () => {
    const csv = rowsToCsv(generateLog(flow(), { runs: 50, seed: 2 }));
    const slot = createCalibrationSlot(createEditorStore(flow()), runner);
    const started = slot.start(csv, 'runs.csv');
    expect(slot.store.getState().status).toBe('running');
    slot.cancel();
    expect(slot.store.getState().status).toBe('idle');
    await started;
    expect(slot.store.getState()).toMatchObject({ status: 'idle', result: null, logName: null });
  });
});

describe('calibration problems', () => {
  it('names each module whose observed count differs from the assumed one by more than 1 %', async () => {
    const truth = { ...flow(), modules: flow().modules.map((m) => (m.id === 'i' ? { ...m, assumptions: { iterations: 7 } } : m)) };
    const slot = createCalibrationSlot(createEditorStore(flow()), runner);
    await slot.start(rowsToCsv(generateLog(truth, { runs: 40, seed: 2 })), 'runs.csv');
    const result = slot.store.getState().result!;
    const assumed = new Map([['t', 1], ['i', 1], ['a', 4], ['g', 1], ['b', result.calibration.modules.find((m) => m.id === 'b')!.observedExecutions]]);
    const problems = calibrationProblems(result, assumed);
    expect(problems.map((p) => p.moduleId)).toEqual(['a']);
    expect(problems[0]!.message).toBe('Runs log (runs.csv): 7 executions per run observed, 4 assumed.');
    expect(problems[0]!.severity).toBe('warning');
    // The dock's count, without the words, is the list's length: here, and with every count off or none.
    expect(calibrationProblemCount(result, assumed)).toBe(1);
    const allOff = new Map([...assumed].map(([id, n]) => [id, n * 3 + 1]));
    expect(calibrationProblemCount(result, allOff)).toBe(calibrationProblems(result, allOff).length);
    expect(calibrationProblems(result, allOff).length).toBeGreaterThan(1);
    const observed = new Map(result.calibration.modules.map((m) => [m.id, m.observedExecutions]));
    expect(calibrationProblemCount(result, observed)).toBe(calibrationProblems(result, observed).length);
  });

  it("counts the modules the flow's structure cannot explain as problems too, each once", () => {
    const base = { logName: 'runs.csv', calibration: { unexplained: [{ moduleId: 'x', message: 'never reached' }], modules: [{ id: 'x', observedExecutions: 3 }, { id: 'y', observedExecutions: 2 }] } };
    const result = base as unknown as Parameters<typeof calibrationProblems>[0];
    const assumed = new Map([['x', 1], ['y', 5]]);
    expect(calibrationProblems(result, assumed).map((p) => p.code)).toEqual(['calibration-unexplained', 'calibration-mismatch']);
    expect(calibrationProblemCount(result, assumed)).toBe(2);
  });

  it('counts differ beyond 1 % only', () => {
    expect(countsDiffer(100, 100.5)).toBe(false);
    expect(countsDiffer(100, 102)).toBe(true);
    expect(countsDiffer(0, 0)).toBe(false);
    expect(countsDiffer(0, 0.5)).toBe(true);
  });
});
