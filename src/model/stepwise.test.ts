import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { inSlices, over, runWhole, type Phase, type Work } from './stepwise';

/** Work of two phases: squares of 0..n−1, then a queue that grows as it is walked (each item below 3n queues item + n). */
function* squaresThenQueue(n: number, ranges: [number, number][]): Work<number[]> {
  const out: number[] = [];
  yield over(n, (from, to) => {
    ranges.push([from, to]);
    for (let i = from; i < to; i++) out.push(i * i);
  });
  const queue = n > 0 ? [0] : [];
  const grows: Phase = {
    size: () => queue.length,
    run: (from, to) => {
      ranges.push([from, to]);
      for (let h = from; h < to; h++) {
        out.push(-queue[h]!);
        if (queue[h]! + n < 3 * n) queue.push(queue[h]! + n);
      }
    },
  };
  yield grows;
  return out;
}

/** Runs sliced work to its end; gives its result and the number of steps. */
function drain<T>(steps: Generator<void, T, void>): { value: T; steps: number } {
  let count = 1;
  for (;;) {
    const next = steps.next();
    if (next.done) return { value: next.value, steps: count };
    count++;
  }
}

describe('work in phases, whole or in slices', () => {
  it('gives the same result in slices of any size as whole, a phase that grows included', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 70 }), (n, slice) => {
        const whole = runWhole(squaresThenQueue(n, []));
        expect(drain(inSlices(squaresThenQueue(n, []), slice)).value).toEqual(whole);
      }),
    );
  });

  it('does at most `slice` items a step, every item once, in order', () => {
    const ranges: [number, number][] = [];
    const done: number[] = [];
    let items = 0;
    const steps = inSlices(squaresThenQueue(25, ranges), 7);
    for (;;) {
      const before = ranges.length;
      const next = steps.next();
      const thisStep = ranges.slice(before).reduce((sum, [from, to]) => sum + to - from, 0);
      expect(thisStep).toBeLessThanOrEqual(7);
      items += thisStep;
      done.push(thisStep);
      if (next.done) break;
    }
    // 25 squares, then the queue's 3 items (0, 25, 50).
    expect(items).toBe(28);
    expect(done.length).toBeGreaterThanOrEqual(4);
  });
});
