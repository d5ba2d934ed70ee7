import { describe, expect, it } from 'vitest';
import { runInSlices, runToEnd, slicesOf, type SliceClock } from './inSlices';

/** A clock whose time moves only when a step says so, and whose tasks run when the test says so. */
function fakeClock() {
  let time = 0;
  const tasks: (() => void)[] = [];
  const clock: SliceClock = {
    now: () => time,
    later: (slice) => {
      tasks.push(slice);
      return () => tasks.splice(tasks.indexOf(slice) >>> 0, 1);
    },
  };
  return { clock, tasks, spend: (ms: number) => (time += ms) };
}

describe('work in slices', () => {
  it('runs each slice for no longer than its budget and gives the result at the end, never in the task that asked', () => {
    const { clock, tasks, spend } = fakeClock();
    const done: number[] = [];
    function* work() {
      let sum = 0;
      for (let i = 1; i <= 40; i++) {
        spend(1);
        sum += i;
        yield;
      }
      return sum;
    }
    runInSlices(work(), (sum) => done.push(sum), 10, clock);
    let slices = 0;
    while (tasks.length > 0) {
      const before = clock.now();
      tasks.shift()!();
      slices++;
      expect(clock.now() - before).toBeLessThanOrEqual(11);
    }
    expect(slices).toBeGreaterThanOrEqual(4);
    expect(done).toEqual([820]);
    expect(runToEnd(work())).toBe(820);
  });

  it('stops when cancelled, between slices or before the first', () => {
    const { clock, tasks, spend } = fakeClock();
    const done: string[] = [];
    function* work() {
      for (let i = 0; i < 100; i++) {
        spend(5);
        yield;
      }
      return 'done';
    }
    const cancel = runInSlices(work(), (v) => done.push(v), 10, clock);
    tasks.shift()!();
    cancel();
    expect(tasks).toHaveLength(0);
    runInSlices(work(), (v) => done.push(v), 10, clock)();
    expect(tasks).toHaveLength(0);
    expect(done).toEqual([]);
  });
});

describe('slices with work at their close', () => {
  it("keeps a slice's steps and its close together near the budget, the close measured each slice", () => {
    let time = 0;
    let steps = 0;
    function* work() {
      for (let i = 0; i < 400; i++) {
        time += 0.5;
        steps++;
        yield;
      }
      return 'done';
    }
    // The close costs as much as the steps since the last one (a canvas rasterising what they drew).
    let drawn = 0;
    const close = () => {
      time += 0.5 * (steps - drawn);
      drawn = steps;
    };
    const slices = slicesOf(work(), 10, () => time, close);
    const lengths: number[] = [];
    let result: { value: string } | undefined;
    do {
      const before = time;
      result = slices.next();
      lengths.push(time - before);
    } while (!result);
    expect(result.value).toBe('done');
    // The first slice gives its steps half the budget; each later one the share the last one measured.
    for (const ms of lengths) expect(ms).toBeLessThanOrEqual(11);
    // …and they are full: 400 ms of steps and closes in about 40 slices.
    expect(lengths.length).toBeLessThanOrEqual(42);
    expect(steps).toBe(400);
  });
});
