/**
 * Work over every module or edge of a flow that can be done whole or a slice at a time, with the
 * same result to the last bit: compiling a flow (compiled.ts) and pricing it (cost/price.ts). At
 * 100,000 modules either is a few hundred milliseconds; a page opening such a flow runs it in
 * slices, a task each (issue 19: the page never frozen more than 100 ms), everything else whole.
 *
 * The work is a generator of phases: each phase is a loop over its items by position, run over
 * ranges in order (a range at a time or all at once: the same result); between phases the
 * generator allocates what the next one needs and reads the last one's result. The loops stay in
 * plain functions, so running the work whole costs what the loops did before.
 */

/** A loop over items 0 .. size() − 1, run over consecutive ranges in order. */
export interface Phase {
  /** How many items there are (it may grow while the phase runs: a queue). */
  size(): number;
  /** Does items from .. to − 1 (0 ≤ from < to ≤ size()). */
  run(from: number, to: number): void;
}

/** A phase over a fixed number of items. */
export function over(size: number, run: (from: number, to: number) => void): Phase {
  return { size: () => size, run };
}

/** Work that yields its phases and returns its result. */
export type Work<T> = Generator<Phase, T, void>;

/** Runs `work` now, each phase in one go, and gives its result. */
export function runWhole<T>(work: Work<T>): T {
  for (;;) {
    const next = work.next();
    if (next.done) return next.value;
    const phase = next.value;
    for (let done = 0, size = phase.size(); done < size; done = size, size = phase.size()) phase.run(done, size);
  }
}

/**
 * Runs `work` a slice of at most `slice` items at a time (a slice may span the end of one phase and
 * the start of the next), yielding between slices; returns the work's result after the last. The
 * page runs these steps by the clock, a task each (scheduling/slices.ts); the engine knows no clock.
 */
export function* inSlices<T>(work: Work<T>, slice: number): Generator<void, T, void> {
  const most = Math.max(1, Math.floor(slice));
  let phase: Phase | undefined;
  let done = 0;
  for (;;) {
    let budget = most;
    while (budget > 0) {
      if (!phase) {
        const next = work.next();
        if (next.done) return next.value;
        phase = next.value;
        done = 0;
      }
      const size = phase.size();
      if (done >= size) {
        phase = undefined;
        continue;
      }
      const to = Math.min(size, done + budget);
      phase.run(done, to);
      budget -= to - done;
      done = to;
    }
    yield;
  }
}
