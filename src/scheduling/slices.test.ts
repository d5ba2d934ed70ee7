import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { runInSlices, runToEnd, slicesOf, type SliceClock } from './slices';
import { awaitInSlices, eachInATask } from './awaitInSlices';

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

/** Work of `costs.length` steps, step i taking costs[i] ms of a fake clock and adding i × its cost to the sum it returns. */
function costed(costs: readonly number[], clock: { time: number }, ran: number[]) {
  return (function* () {
    let sum = 0;
    for (let i = 0; i < costs.length; i++) {
      clock.time += costs[i]!;
      sum += i * costs[i]!;
      ran.push(i);
      yield;
    }
    return sum;
  })();
}

describe('work in slices, awaited', () => {
  const costs = fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 60 });

  it('gives the result a run to the end gives, and yields to the page only once a slice has spent more than its budget (by at most one step)', async () => {
    await fc.assert(
      fc.asyncProperty(costs, fc.integer({ min: 0, max: 20 }), async (steps, sliceMs) => {
        const clock = { time: 0 };
        const slices: number[] = [];
        let sliceStart = 0;
        const yieldToPage = async () => {
          slices.push(clock.time - sliceStart);
          sliceStart = clock.time;
        };
        const result = await awaitInSlices(costed(steps, clock, []), { sliceMs, now: () => clock.time, yieldToPage });
        expect(result).toEqual({ value: runToEnd(costed(steps, { time: 0 }, [])) });
        const longest = Math.max(0, ...steps);
        for (const spent of slices) {
          expect(spent).toBeGreaterThan(sliceMs);
          expect(spent).toBeLessThanOrEqual(sliceMs + longest);
        }
        // Every slice but the last ended by the clock: the work took at least that many budgets.
        expect(slices.length * (sliceMs + 1)).toBeLessThanOrEqual(clock.time);
      }),
    );
  });

  it('stops at the first yield after it is no longer wanted: no step runs after that, and the result is undefined', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 60 }), fc.integer({ min: 0, max: 10 }), fc.nat(8), async (steps, sliceMs, wantedFor) => {
        const clock = { time: 0 };
        const ran: number[] = [];
        let yields = 0;
        let ranAtStop = -1;
        const live = () => {
          if (yields <= wantedFor) return true;
          ranAtStop = ran.length;
          return false;
        };
        const result = await awaitInSlices(costed(steps, clock, ran), { sliceMs, now: () => clock.time, yieldToPage: async () => void yields++, live });
        if (result === undefined) expect(ran).toHaveLength(ranAtStop);
        else expect(ran).toHaveLength(steps.length);
        expect(yields <= wantedFor).toBe(result !== undefined);
      }),
    );
  });

  it('awaits async steps (a stream read chunk by chunk) and runs plain ones without awaiting', async () => {
    async function* chunks() {
      let text = '';
      for (const chunk of ['a', 'b', 'c']) {
        text += await Promise.resolve(chunk);
        yield;
      }
      return text;
    }
    expect(await awaitInSlices(chunks(), { sliceMs: 0, yieldToPage: () => Promise.resolve() })).toEqual({ value: 'abc' });
    // A plain generator's steps all run in the task that asked when the slice has time.
    const ran: number[] = [];
    const pending = awaitInSlices(costed([0, 0, 0], { time: 0 }, ran), { sliceMs: 1e9 });
    expect(ran).toEqual([0, 1, 2]);
    expect(await pending).toEqual({ value: 0 });
  });
});

describe('eachInATask', () => {
  it('runs each step in a task of its own, the first at once, and stops when live says no', async () => {
    const ran: number[] = [];
    vi.useFakeTimers();
    try {
      let live = true;
      const steps = [0, 1, 2, 3].map((i) => () => {
        ran.push(i);
        if (i === 1) live = false;
      });
      const done = eachInATask(steps, () => live);
      expect(ran).toEqual([0]);
      await vi.advanceTimersToNextTimerAsync();
      expect(ran).toEqual([0, 1]);
      await vi.runAllTimersAsync();
      expect(await done).toBe(false);
      expect(ran).toEqual([0, 1]);
    } finally {
      vi.useRealTimers();
    }
    expect(await eachInATask([() => void ran.push(9)])).toBe(true);
  });
});
