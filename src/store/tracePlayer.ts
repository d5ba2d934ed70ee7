/**
 * The trace's code that is not in the first download (store/trace.ts loads it with the first
 * trace asked for): the tracer (the simulation's walk), the indexing of the bundle's path, the
 * stepping through loop items and the player's timer.
 */
import type { Flow } from '../model/types';
import { traceFlow, type Trace } from '../cost/trace';
import { tracePath } from '../cost/tracePath';
import type { EditorStore } from './editor';
import { basisOf, canPlay, isAtEnd, isSpeed, NO_TRACE, type TraceBasis, type TraceStore } from './trace';

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

const sameBasis = (a: TraceBasis, b: TraceBasis) => a.modules === b.modules && a.edges === b.edges && a.rateCard === b.rateCard && a.scenario === b.scenario;

/** What the trace slot hands over to once this code is here. */
export interface TracePlayer {
  /** Traces seed `seed` of `flow` (made of `basis`) and shows it from its first step, paused. */
  show(flow: Flow, seed: number, basis: TraceBasis): void;
  step(delta: number): void;
  item(direction: 1 | -1): void;
  first(): void;
  last(): void;
  play(): void;
  pause(): void;
  setSpeed(speed: number): void;
}

/** The player of one editor's trace store: made once, with the first trace. */
export function createTracePlayer(editorStore: EditorStore, store: TraceStore): TracePlayer {
  // A change to what the trace was made of makes it stale (and back, when an undo restores it); a stale trace stops playing.
  editorStore.subscribe((state) => {
    const { basis, stale } = store.getState();
    if (!basis) return;
    const now = !sameBasis(basis, basisOf(state));
    if (now !== stale) store.setState({ stale: now });
    if (now) player.pause();
  });
  /** The player's timer while playing. */
  let timer: ReturnType<typeof setInterval> | null = null;
  const stopTimer = () => {
    if (timer === null) return;
    clearInterval(timer);
    timer = null;
  };
  const tick = () => {
    if (!canPlay(store.getState()) || isAtEnd(store.getState())) {
      player.pause();
      return;
    }
    player.step(1);
    if (isAtEnd(store.getState())) player.pause();
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
  const player: TracePlayer = {
    show(flow, seed, basis) {
      // A new trace (or none) starts paused, at the speed chosen.
      stopTimer();
      const { speed } = store.getState();
      const result = traceFlow(flow, { seed });
      if (!result.ok) {
        store.setState({ ...NO_TRACE, seed, flow, error: result.error.message, speed });
        return;
      }
      const { trace: steps } = result;
      store.setState({ seed, trace: steps, flow, error: null, index: 0, running: runningTotals(steps), path: tracePath(steps, flow), basis, stale: false, playing: false });
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
    play() {
      if (!canPlay(store.getState())) return;
      if (isAtEnd(store.getState())) player.first();
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
  return player;
}
