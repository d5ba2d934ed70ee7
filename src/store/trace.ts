/**
 * The trace the user steps through (issue 15 §5): the first simulated run of a seed of the flow
 * on the canvas (its active scenario applied), and the step they are on. A plain zustand store
 * with a controller: the trace commands (registry), the Trace panel and the canvas (which
 * highlights the bundle's path) all read it through the editor instance.
 *
 * Only the store and the questions the commands ask of it (is there a step, can it play) are in
 * the first download: the tracer, the path's indexing and the player (store/tracePlayer.ts) load
 * with the first trace asked for, which waits for them (the Trace tab says so if they do not
 * download, and the next run tries again).
 */
import { createStore } from 'zustand/vanilla';
import type { Flow } from '../model/types';
import { applyScenario } from '../model/scenario';
import type { Trace } from '../cost/trace';
import { NO_PATH, type TracePath } from '../cost/traceMarks';
import { loadOnce } from '../scheduling/loadOnce';
import { activeScenario } from './derived';
import type { EditorState, EditorStore } from './editor';
import type * as PlayerModule from './tracePlayer';

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

/** What a trace of the editor's state now would be made of. */
export function basisOf(state: EditorState): TraceBasis {
  return { modules: state.flow.modules, edges: state.flow.edges, rateCard: state.flow.settings?.rateCard, scenario: activeScenario(state) };
}

/** Whether the step shown is the trace's last (or there is no step). */
export function isAtEnd({ trace, index }: TraceView): boolean {
  return index >= (trace?.steps.length ?? 0) - 1;
}

/** Whether the trace can play: there is one of two steps or more, and the flow did not change since. */
export function canPlay({ trace, stale }: TraceView): boolean {
  return trace !== null && trace.steps.length > 1 && !stale;
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
export type TraceStore = ReturnType<typeof createTraceStore>;

export function createTraceSlot(editorStore: EditorStore): TraceSlot {
  const store = createTraceStore();
  /** The tracer and the player (tracePlayer.ts): not in the first download, loaded with the first trace. */
  const code = loadOnce<typeof PlayerModule>(() => import('./tracePlayer'));
  let player: PlayerModule.TracePlayer | null = null;
  const playerOf = (loaded: typeof PlayerModule) => (player ??= loaded.createTracePlayer(editorStore, store));
  /** Counts the runs asked for: only the last one asked shows (an earlier one may settle later). */
  let serial = 0;
  /** The seed of the run asked for last while the tracer loads (the next run follows it). */
  let pendingSeed: number | null = null;
  const slot: TraceSlot = {
    store,
    run(seed = store.getState().seed) {
      const state = editorStore.getState();
      const scenario = activeScenario(state);
      const flow = scenario ? applyScenario(state.flow, scenario) : state.flow;
      const basis = basisOf(state);
      const asked = ++serial;
      pendingSeed = null;
      const loaded = code.loaded();
      if (loaded) {
        playerOf(loaded).show(flow, seed, basis);
        return Promise.resolve();
      }
      pendingSeed = seed;
      return code.get().then(
        (loaded) => {
          if (asked !== serial) return;
          pendingSeed = null;
          playerOf(loaded).show(flow, seed, basis);
        },
        (error: unknown) => {
          if (asked !== serial) return;
          pendingSeed = null;
          player?.pause();
          store.setState({ ...NO_TRACE, seed, flow, speed: store.getState().speed, error: `The tracer could not load: ${error instanceof Error ? error.message : String(error)}` });
        },
      );
    },
    nextRun() {
      return slot.run((pendingSeed ?? store.getState().seed) + 1);
    },
    // Without the player there is no trace yet: nothing to step through or play.
    step: (delta) => player?.step(delta),
    item: (direction) => player?.item(direction),
    first: () => player?.first(),
    last: () => player?.last(),
    hasSteps: () => (store.getState().trace?.steps.length ?? 0) > 0,
    atEnd: () => isAtEnd(store.getState()),
    canPlay: () => canPlay(store.getState()),
    play: () => player?.play(),
    pause: () => player?.pause(),
    setSpeed(speed) {
      if (player) player.setSpeed(speed);
      else if (isSpeed(speed)) store.setState({ speed });
    },
  };
  return slot;
}
