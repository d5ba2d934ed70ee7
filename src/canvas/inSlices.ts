/**
 * Work too long for one task (the far scene of 100,000 modules, farScene.ts), done in slices: the
 * work is a generator that yields between small steps; it runs for at most a budget at a time,
 * each slice a task of its own, so the page answers input and paints between slices (issue 18
 * item 9: never frozen more than 100 ms).
 */

/**
 * Above this many modules the canvas's work over every module (the far scene, the minimap's cards)
 * is done in slices: at 20,000 modules the far scene was one task of 54 ms, at 100,000 several hundred.
 */
export const SLICED_SCENE_ABOVE = 5_000;

/** How long one slice may run (ms): well under a frame, with room for React and the paint. */
export const SLICE_MS = 10;

/** Runs `steps` to its end now, and gives its result. */
export function runToEnd<T>(steps: Iterator<unknown, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

export interface SliceClock {
  /** The time in ms. */
  now(): number;
  /** Runs `slice` in a task of its own; gives a way to cancel it. */
  later(slice: () => void): () => void;
}

const TASKS: SliceClock = {
  now: () => performance.now(),
  later: (slice) => {
    const timer = setTimeout(slice);
    return () => clearTimeout(timer);
  },
};

/**
 * Runs `steps` in slices of at most `budget` ms, the first in a task after this one, and calls
 * `done` with its result. Gives a cancel: no slice runs after it, and `done` is not called.
 */
export function runInSlices<T>(steps: Iterator<unknown, T>, done: (value: T) => void, budget = SLICE_MS, clock: SliceClock = TASKS): () => void {
  let cancel = () => {};
  let cancelled = false;
  const slice = () => {
    const end = clock.now() + budget;
    do {
      const step = steps.next();
      if (step.done) {
        done(step.value);
        return;
      }
    } while (clock.now() < end);
    if (!cancelled) cancel = clock.later(slice);
  };
  cancel = clock.later(slice);
  return () => {
    cancelled = true;
    cancel();
  };
}
