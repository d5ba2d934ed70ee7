/**
 * Work too long for one task of the page (the far scene of 100,000 modules, a flow frozen before it
 * loads, a 21 MB text made into a Blob and read back, a flow priced as it opens), done in slices:
 * the work is a generator that yields between small steps, run while a slice has time left, each
 * slice a task of its own, so the page answers input and paints between slices (issues 18 and 19:
 * never frozen more than 100 ms). Run whole (`runToEnd`), the same steps give the same result.
 *
 * Three ways to drive the slices, one loop each: the caller runs them (`slicesOf`: a slice an
 * animation frame), they run a task each and call back (`runInSlices`, with a cancel), or they run
 * a task each and a promise gives the result (`awaitInSlices`, stopped by `live`; its steps may be
 * async: a stream read chunk by chunk). Imports nothing: any folder of src/ but the engine may use it.
 * `awaitInSlices` and `eachInATask` are in awaitInSlices.ts: only code loaded later runs them, so they
 * stay out of the page's first download.
 */

/** How long one slice may run (ms): well under a frame, with room for React and the paint. */
export const SLICE_MS = 10;

/** The time in ms (performance.now). */
export const clockNow = (): number => performance.now();

/** Runs `step` in a task of its own (after `delayMs`); gives a way to cancel it. */
export function later(step: () => void, delayMs = 0): () => void {
  const timer = setTimeout(step, delayMs);
  return () => clearTimeout(timer);
}

export interface SliceClock {
  /** The time in ms. */
  now(): number;
  /** Runs `slice` in a task of its own; gives a way to cancel it. */
  later(slice: () => void): () => void;
}

/** The page's clock and tasks. */
export const TASKS: SliceClock = { now: clockNow, later: (slice) => later(slice) };

/** Runs `steps` to its end now, and gives its result. */
export function runToEnd<T>(steps: Iterator<unknown, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** A generator's work run one slice at a time by its caller (a task, an animation frame). */
export interface Slices<T> {
  /** Runs the next slice: the result when the work is done, else undefined. */
  next(): { value: T } | undefined;
}

/**
 * `steps` a slice at a time: each slice runs steps while the clock says there is budget left
 * (checked after every step, so a step should be well under a millisecond), then `close`: work
 * the steps leave for the end of their slice that the clock cannot see step by step (a canvas's
 * drawing commands are rasterised when its picture is copied, after the steps that recorded them).
 * A slice's budget covers both: the steps get the share of it that steps took of the last
 * slice's steps and close together (half of the first), so a close that costs as much as its
 * steps halves the next slice's steps. At least one step a slice.
 */
export function slicesOf<T>(steps: Iterator<unknown, T>, budget = SLICE_MS, now: () => number = clockNow, close?: () => void): Slices<T> {
  // The share of a slice the steps may take: half until a close has been measured (1 without one).
  let share = close ? 0.5 : 1;
  return {
    next() {
      const start = now();
      const end = start + budget * share;
      let result: { value: T } | undefined;
      do {
        const step = steps.next();
        if (step.done) {
          result = { value: step.value };
          break;
        }
      } while (now() < end);
      if (close) {
        const stepped = now() - start;
        close();
        const closing = now() - start - stepped;
        // The next slice's share, kept from falling to nothing: a step always runs.
        if (stepped + closing > 0) share = Math.max(0.1, stepped / (stepped + closing));
      }
      return result;
    },
  };
}

/**
 * Runs `steps` in slices of at most `budget` ms (with `close` after each, as slicesOf), the first in
 * a task after this one, and calls `done` with its result. Gives a cancel: no slice runs after it,
 * and `done` is not called.
 */
export function runInSlices<T>(
  steps: Iterator<unknown, T>,
  done: (value: T) => void,
  budget = SLICE_MS,
  clock: SliceClock = TASKS,
  close?: () => void,
): () => void {
  let cancel = () => {};
  let cancelled = false;
  const slices = slicesOf(steps, budget, clock.now, close);
  const slice = () => {
    const result = slices.next();
    if (result) done(result.value);
    else if (!cancelled) cancel = clock.later(slice);
  };
  cancel = clock.later(slice);
  return () => {
    cancelled = true;
    cancel();
  };
}
