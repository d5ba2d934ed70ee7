/**
 * The promise-driven ways of slices.ts (its header says the three): `awaitInSlices`, and
 * `eachInATask` (a step a task). Apart from slices.ts because only code loaded later runs them (a
 * flow frozen before it loads, the stored text read back, the files' commands, the stored flow's
 * reading): the page's first download leaves them out (src/firstBundle.test.ts).
 */
import { SLICE_MS, clockNow } from './slices';
import { nextTask } from './nextTask';

/**
 * Runs each step in a task of its own (the first in this one, each followed by a task's wait)
 * while `live` says so. Resolves true when every step ran, false when `live` stopped them.
 */
export async function eachInATask(steps: Iterable<() => void>, live: () => boolean = () => true): Promise<boolean> {
  for (const step of steps) {
    if (!live()) return false;
    step();
    await nextTask();
  }
  return true;
}

/** How `awaitInSlices` paces its work (tests give a fake clock and page). */
export interface Pace {
  /** Milliseconds of steps before the page is given a task (default SLICE_MS). */
  sliceMs?: number;
  /** Waits for the page between slices (default: a task later, nextTask). */
  yieldToPage?: () => Promise<void>;
  now?: () => number;
  /** Whether the result is still wanted: once false, no step runs after the page's task. */
  live?: () => boolean;
}

/**
 * Runs `steps` from this task on, yielding to the page once a slice has taken more than `sliceMs`
 * (the clock looked at after each step; at least one step a slice); resolves with the result, or
 * undefined when `live` said no after a yield (the work left part done). A step may be async
 * (an async generator's: a stream's next chunk); a plain generator's steps run without awaiting.
 */
export async function awaitInSlices<T>(steps: Iterator<unknown, T> | AsyncIterator<unknown, T>, pace: Pace = {}): Promise<{ value: T } | undefined> {
  const { sliceMs = SLICE_MS, yieldToPage = nextTask, now = clockNow, live = () => true } = pace;
  let sliceStart = now();
  for (;;) {
    const next = steps.next();
    const step = next instanceof Promise ? await next : (next as IteratorResult<unknown, T>);
    if (step.done) return { value: step.value };
    if (now() - sliceStart > sliceMs) {
      await yieldToPage();
      if (!live()) return undefined;
      sliceStart = now();
    }
  }
}
