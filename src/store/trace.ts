/**
 * The trace the user steps through (issue 15 §5): the first simulated run of a seed of the flow
 * on the canvas (its active scenario applied), and the step they are on. A plain zustand store
 * with a controller: the trace commands (registry), the Trace panel and the canvas (which
 * highlights the bundle's path) all read it through the editor instance.
 */
import { createStore } from 'zustand/vanilla';
import type { Flow } from '../model/types';
import { applyScenario } from '../model/scenario';
import type { Trace, traceFlow } from '../cost/trace';
import { NO_PATH, tracePath, type TracePath } from '../cost/tracePath';
import { activeScenario } from './derived';
import type { EditorState, EditorStore } from './editor';

export interface TraceView {
  /** The seed of the trace shown (or to trace next). */
  seed: number;
  /** The trace of `flow`, or null before the first. */
  trace: Trace | null;
  /** The flow the trace is of (the canvas's flow with its scenario, when traced). */
  flow: Flow | null;
  /** Why the last trace was refused, or null. */
  error: string | null;
  /** The step shown: 0 .. steps − 1 (0 when there is no step). */
  index: number;
  /** Credits of steps 0 .. i, per step (running totals). */
  running: Float64Array;
  /** The bundle's path, indexed for the canvas (the edges travelled, the modules reached or passed by, per step). */
  path: TracePath;
  /** What the trace was made of: the document's modules, edges and rate card, and the scenario applied. */
  basis: TraceBasis | null;
  /** The flow changed since the trace (a module, an edge, the rate card or the scenario): the trace is no longer its run. */
  stale: boolean;
  /** Whether the trace is playing: one step every 1/speed seconds, until the last step. */
  playing: boolean;
  /** Steps per second while playing (one of SPEEDS). */
  speed: number;
}

/** The speeds the player offers, in steps per second. */
export const SPEEDS = [1, 2, 5, 10] as const;
const FIRST_SPEED = 2;

export const isSpeed = (value: unknown): value is (typeof SPEEDS)[number] => (SPEEDS as readonly unknown[]).includes(value);

/** The parts of the editor's state a trace depends on, compared by identity (immer gives a changed part a new object). */
export interface TraceBasis {
  modules: unknown;
  edges: unknown;
  rateCard: unknown;
  scenario: unknown;
}

export const NO_TRACE: TraceView = {
  seed: 1,
  trace: null,
  flow: null,
  error: null,
  index: 0,
  running: new Float64Array(0),
  path: NO_PATH,
  basis: null,
  stale: false,
  playing: false,
  speed: FIRST_SPEED,
};

function basisOf(state: EditorState): TraceBasis {
  return { modules: state.flow.modules, edges: state.flow.edges, rateCard: state.flow.settings?.rateCard, scenario: activeScenario(state) };
}

const sameBasis = (a: TraceBasis, b: TraceBasis) => a.modules === b.modules && a.edges === b.edges && a.rateCard === b.rateCard && a.scenario === b.scenario;

/** Running totals of the steps' credits (the last one is the trace's total, to the bit). */
export function runningTotals(trace: Trace): Float64Array {
  const out = new Float64Array(trace.steps.length);
  let sum = 0;
  trace.steps.forEach((s, i) => {
    sum += s.credits;
    out[i] = sum;
  });
  return out;
}

const sameItem = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * The step the "next item" key goes to from step `index`: the first later step in another loop
 * item than this one (the next item of this loop, or the step after the loop); the last step when
 * there is none. Outside loops it goes to the next step inside one, if any.
 */
export function nextItemStep(trace: Trace, index: number): number {
  const steps = trace.steps;
  const here = steps[index]?.item ?? [];
  for (let i = index + 1; i < steps.length; i++) if (!sameItem(steps[i]!.item, here)) return i;
  return Math.max(0, steps.length - 1);
}

/** The step "previous item" goes to: the first step of the item before this one (or of the steps before it). */
export function previousItemStep(trace: Trace, index: number): number {
  const steps = trace.steps;
  const here = steps[index]?.item ?? [];
  let i = index - 1;
  while (i >= 0 && sameItem(steps[i]!.item, here)) i--;
  if (i < 0) return 0;
  const there = steps[i]!.item;
  while (i > 0 && sameItem(steps[i - 1]!.item, there)) i--;
  return i;
}

export interface TraceSlot {
  readonly store: ReturnType<typeof createTraceStore>;
  /**
   * Traces seed `seed` (the shown seed when absent) of the flow on the canvas as it is now, from
   * its first step; settles once the trace is shown (the tracer loads on first use).
   */
  run(seed?: number): Promise<void>;
  /** Traces the next seed: another run. */
  nextRun(): Promise<void>;
  /** Moves `delta` steps (clamped to the trace). */
  step(delta: number): void;
  /** To the next (1) or previous (−1) loop item. */
  item(direction: 1 | -1): void;
  first(): void;
  last(): void;
  /** Whether there is a trace to step through. */
  hasSteps(): boolean;
  /** Whether the step shown is the trace's last (or there is no step). */
  atEnd(): boolean;
  /** Whether the trace can play: there is one of two steps or more, and the flow did not change since. */
  canPlay(): boolean;
  /**
   * Plays the trace: one step every 1/speed seconds, stopping at the last step (playing from the
   * last step starts again from the first). Stops by itself when the trace can no longer play
   * (another trace, or the flow changed).
   */
  play(): void;
  pause(): void;
  /** Steps per second while playing (one of SPEEDS; other values are ignored). */
  setSpeed(speed: number): void;
}

function createTraceStore() {
  return createStore<TraceView>()(() => NO_TRACE);
}

export function createTraceSlot(editorStore: EditorStore): TraceSlot {
  const store = createTraceStore();
  // A change to what the trace was made of makes it stale (and back, when an undo restores it); a stale trace stops playing.
  editorStore.subscribe((state) => {
    const { basis, stale } = store.getState();
    if (!basis) return;
    const now = !sameBasis(basis, basisOf(state));
    if (now !== stale) store.setState({ stale: now });
    if (now) slot.pause();
  });
  /** The player's timer while playing. */
  let timer: ReturnType<typeof setInterval> | null = null;
  const stopTimer = () => {
    if (timer === null) return;
    clearInterval(timer);
    timer = null;
  };
  const tick = () => {
    if (!slot.canPlay() || slot.atEnd()) {
      slot.pause();
      return;
    }
    slot.step(1);
    if (slot.atEnd()) slot.pause();
  };
  const startTimer = () => {
    stopTimer();
    timer = setInterval(tick, 1000 / store.getState().speed);
  };
  const goTo = (index: number) => {
    const { trace } = store.getState();
    if (!trace || trace.steps.length === 0) return;
    store.setState({ index: Math.max(0, Math.min(trace.steps.length - 1, index)) });
  };
  let tracer: typeof traceFlow | null = null;
  /** Counts the runs asked for: only the last one asked shows (an earlier one may settle later). */
  let serial = 0;
  /** The seed of the run asked for last while the tracer loads (the next run follows it). */
  let pendingSeed: number | null = null;
  const show = (trace: typeof traceFlow, flow: Flow, seed: number, basis: TraceBasis) => {
    // A new trace (or none) starts paused, at the speed chosen.
    stopTimer();
    const { speed } = store.getState();
    const result = trace(flow, { seed });
    if (!result.ok) {
      store.setState({ ...NO_TRACE, seed, flow, error: result.error.message, speed });
      return;
    }
    const { trace: steps } = result;
    store.setState({ seed, trace: steps, flow, error: null, index: 0, running: runningTotals(steps), path: tracePath(steps, flow), basis, stale: false, playing: false });
  };
  const slot: TraceSlot = {
    store,
    run(seed = store.getState().seed) {
      const state = editorStore.getState();
      const scenario = activeScenario(state);
      const flow = scenario ? applyScenario(state.flow, scenario) : state.flow;
      const basis = basisOf(state);
      const asked = ++serial;
      pendingSeed = null;
      if (tracer) {
        show(tracer, flow, seed, basis);
        return Promise.resolve();
      }
      pendingSeed = seed;
      // The tracer (the simulation's walk) is not in the page's first bundle: it loads on first use.
      return import('../cost/trace').then(
        (loaded) => {
          tracer = loaded.traceFlow;
          if (asked !== serial) return;
          pendingSeed = null;
          show(tracer, flow, seed, basis);
        },
        (error: unknown) => {
          if (asked !== serial) return;
          pendingSeed = null;
          stopTimer();
          store.setState({ ...NO_TRACE, seed, flow, speed: store.getState().speed, error: `The tracer could not load: ${error instanceof Error ? error.message : String(error)}` });
        },
      );
    },
    nextRun() {
      return slot.run((pendingSeed ?? store.getState().seed) + 1);
    },
    step(delta) {
      goTo(store.getState().index + delta);
    },
    item(direction) {
      const { trace, index } = store.getState();
      if (!trace) return;
      goTo(direction === 1 ? nextItemStep(trace, index) : previousItemStep(trace, index));
    },
    first() {
      goTo(0);
    },
    last() {
      goTo(Number.MAX_SAFE_INTEGER);
    },
    hasSteps() {
      return (store.getState().trace?.steps.length ?? 0) > 0;
    },
    atEnd() {
      const { trace, index } = store.getState();
      return index >= (trace?.steps.length ?? 0) - 1;
    },
    canPlay() {
      const { trace, stale } = store.getState();
      return trace !== null && trace.steps.length > 1 && !stale;
    },
    play() {
      if (!slot.canPlay()) return;
      if (slot.atEnd()) slot.first();
      store.setState({ playing: true });
      startTimer();
    },
    pause() {
      stopTimer();
      if (store.getState().playing) store.setState({ playing: false });
    },
    setSpeed(speed) {
      if (!isSpeed(speed) || speed === store.getState().speed) return;
      store.setState({ speed });
      if (store.getState().playing) startTimer();
    },
  };
  return slot;
}
