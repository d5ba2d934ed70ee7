import { describe, expect, it } from 'vitest';
import { runInSlices, runToEnd, type SliceClock } from './inSlices';

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
