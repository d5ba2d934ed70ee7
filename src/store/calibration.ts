/**
 * The calibration of the open flow from a log (issue 15 §3–4, docs/calibration.md): a plain
 * zustand store with a controller. File → "Import runs…" and a log dropped on the canvas start
 * it; the calibration panel, the canvas (observed vs assumed executions) and the problems panel
 * (the modules whose counts do not match) read it; "Apply calibration" adds its scenario to the
 * flow in one undo step and shows it.
 */
import { createStore } from 'zustand/vanilla';
import type { Flow } from '../model/types';
import type { CalibrationProgress, CalibrationRunner, LogCalibration } from '../cost/calibrate/fromLog';
// The constant alone: the fit loads with the calibration (the page's first bundle has no solver).
import { COUNT_TOLERANCE } from '../cost/calibrate/tolerance';
import type { EditorStore } from './editor';

export type { CalibrationProgress, CalibrationRunner } from '../cost/calibrate/fromLog';

export interface CalibrationView {
  status: 'idle' | 'running' | 'done' | 'error';
  /** The log's file name. */
  logName: string | null;
  result: LogCalibration | null;
  /** The base flow it calibrated (the document as it was when the log came). */
  flow: Flow | null;
  /** Why the last log could not be used. */
  message: string | null;
  /** Per module id: executions per run observed in the log (the canvas badges). */
  observed: ReadonlyMap<string, number>;
  /** While running: how far it is (null until the first chunk is read). */
  progress: CalibrationProgress | null;
}

export const NO_CALIBRATION: CalibrationView = { status: 'idle', logName: null, result: null, flow: null, message: null, observed: new Map(), progress: null };

export interface CalibrationSlot {
  readonly store: ReturnType<typeof createCalibrationStore>;
  /** Calibrates the open (base) flow from a log (a file or its text); resolves when the answer is in the store or it was cancelled. */
  start(source: Blob | string, logName: string): Promise<void>;
  /** Stops the calibration in flight, if any: back to no calibration. */
  cancel(): void;
  /** Adds the calibrated scenario to the flow (one undo step) and shows it; false when there is nothing to apply. */
  apply(): boolean;
  clear(): void;
}

function createCalibrationStore() {
  return createStore<CalibrationView>()(() => NO_CALIBRATION);
}

/** Whether an observed count and the count the flow assumes differ by more than the fit's tolerance (1 %). */
export function countsDiffer(observed: number, assumed: number): boolean {
  return Math.abs(observed - assumed) > COUNT_TOLERANCE * Math.max(Math.abs(observed), 1e-9) && Math.abs(observed - assumed) > 1e-9;
}

/**
 * How many problems the calibration has (calibrationProblems.ts's list, counted without writing their
 * words): the dock's count, in the first download; the list itself loads with the problems panel.
 */
export function calibrationProblemCount(result: LogCalibration, assumed: ReadonlyMap<string, number>): number {
  const unexplained = new Set(result.calibration.unexplained.map((u) => u.moduleId));
  let count = result.calibration.unexplained.length;
  for (const m of result.calibration.modules) {
    if (unexplained.has(m.id)) continue;
    const a = assumed.get(m.id);
    if (a !== undefined && countsDiffer(m.observedExecutions, a)) count++;
  }
  return count;
}

export function createCalibrationSlot(editorStore: EditorStore, run: CalibrationRunner): CalibrationSlot {
  const store = createCalibrationStore();
  let serial = 0;
  let inFlight: AbortController | null = null;
  const stop = () => {
    inFlight?.abort();
    inFlight = null;
  };
  const clear = () => {
    serial++;
    stop();
    store.setState(NO_CALIBRATION);
  };
  // A log is of the flow it came with: another document opened (a file, a sample, the library) ends
  // its calibration, or the new flow would show its observed counts and mismatches on any module
  // with the same id, and Apply would add its scenario there.
  let loaded = editorStore.getState().loadSerial;
  editorStore.subscribe((state) => {
    if (state.loadSerial === loaded) return;
    loaded = state.loadSerial;
    if (store.getState() !== NO_CALIBRATION) clear();
  });
  return {
    store,
    async start(source, logName) {
      stop(); // a later log replaces the one in flight
      const flow = editorStore.getState().flow;
      const mine = ++serial;
      const controller = new AbortController();
      inFlight = controller;
      store.setState({ ...NO_CALIBRATION, status: 'running', logName, flow });
      const result = await run(
        { flow, source, logName },
        {
          signal: controller.signal,
          onProgress: (progress) => {
            if (mine === serial) store.setState({ progress });
          },
        },
      );
      if (mine !== serial || result === null) return; // cancelled, or a later log replaced this one
      inFlight = null;
      if (!result.ok) {
        store.setState({ ...NO_CALIBRATION, status: 'error', logName, flow, message: result.message });
        return;
      }
      const observed = new Map(result.value.calibration.modules.map((m) => [m.id, m.observedExecutions]));
      store.setState({ status: 'done', logName, result: result.value, flow, message: null, observed, progress: null });
    },
    cancel() {
      if (store.getState().status !== 'running') return;
      serial++;
      stop();
      store.setState(NO_CALIBRATION);
    },
    apply() {
      const { result } = store.getState();
      if (!result) return false;
      const state = editorStore.getState();
      const taken = new Set((state.flow.scenarios ?? []).map((s) => s.id));
      let id = result.calibration.scenario.id;
      for (let k = 2; taken.has(id); k++) id = `${result.calibration.scenario.id}-${k}`;
      // Its name too: applied twice (or over a flow that has it), two scenarios of one name are a warning. (Kept
      // short of model/uniqueText.ts, which the page's first bundle leaves out; the name is far below the limit.)
      const names = new Set((state.flow.scenarios ?? []).map((s) => s.name));
      let name = result.calibration.scenario.name;
      for (let k = 2; names.has(name); k++) name = `${result.calibration.scenario.name} ${k}`;
      const scenario = { ...result.calibration.scenario, id, name };
      state.edit('Apply calibration', (draft) => {
        draft.scenarios = [...(draft.scenarios ?? []), scenario];
      });
      editorStore.getState().setActiveScenario(id);
      return true;
    },
    clear,
  };
}
