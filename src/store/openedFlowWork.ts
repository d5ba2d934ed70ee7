/**
 * Work done ahead for the flow that is open, in a quiet moment of the page: auto-layout's answer
 * (commands/layoutWarmup.ts) and the simulation's warm workers (editor/simulationWarmup.ts). Each
 * time a flow opens (a new flow, the sample, a file, a restored copy: the store's `loadSerial`
 * moves), and for the flow open when this starts, the work is asked once the page is idle, if the
 * flow is one it `wants`. An edit is not an opening; a flow opened before the quiet moment replaces
 * the one waiting.
 */
import type { Flow } from '../model/types';

/** Runs `task` once the page is idle; returns a function that calls it off. */
export type WhenIdle = (task: () => void) => () => void;

/** Events that say a person is using the page: work ahead waits until they stop. */
const INPUT_EVENTS = ['pointerdown', 'pointermove', 'wheel', 'keydown'] as const;

/**
 * Work ahead starts only after this long (ms) with no pointer, wheel or key input. Its workers take
 * the machine's cores (elk's first layout of 1,000 modules is about 2 s of CPU): started while a
 * person drags, they doubled the page's busy time per drag frame on two cores (bench:browser, 1,000
 * modules: 4.5 → 7.7–9.3 ms a frame, a 99th-percentile frame of 83–133 ms).
 */
export const INPUT_QUIET_MS = 1500;

/** Where input events are heard (the window), and the clock (tests give fakes). */
export interface PageIdleOptions {
  quietMs?: number;
  events?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'> | null;
  now?: () => number;
}

/**
 * Once nobody has used the pointer, the wheel or the keys for `quietMs`, requestIdleCallback (run
 * within `maxWaitMs` even on a page that is never idle; a 200 ms timer where the browser lacks it).
 */
export function pageIdle(maxWaitMs: number, options: PageIdleOptions = {}): WhenIdle {
  const quietMs = options.quietMs ?? INPUT_QUIET_MS;
  const events = options.events === undefined ? (typeof window === 'undefined' ? null : window) : options.events;
  const now = options.now ?? (() => performance.now());
  return (task) => {
    let lastInput = now();
    const heard = () => {
      lastInput = now();
    };
    const listen = (on: boolean) => {
      for (const type of INPUT_EVENTS) {
        if (on) events?.addEventListener(type, heard, { capture: true, passive: true });
        else events?.removeEventListener(type, heard, { capture: true });
      }
    };
    let timer: ReturnType<typeof setTimeout> | null = null;
    let cancelIdle: (() => void) | null = null;
    const whenQuiet = () => {
      const wait = lastInput + quietMs - now();
      if (wait > 0) {
        timer = setTimeout(whenQuiet, wait);
        return;
      }
      timer = null;
      listen(false);
      cancelIdle = idleCallback(task, maxWaitMs);
    };
    listen(true);
    timer = setTimeout(whenQuiet, quietMs);
    return () => {
      if (timer !== null) clearTimeout(timer);
      listen(false);
      cancelIdle?.();
    };
  };
}

/** requestIdleCallback with a deadline, or a 200 ms timer where the browser lacks it. */
function idleCallback(task: () => void, maxWaitMs: number): () => void {
  const page = globalThis as { requestIdleCallback?: typeof requestIdleCallback; cancelIdleCallback?: typeof cancelIdleCallback };
  if (page.requestIdleCallback && page.cancelIdleCallback) {
    const id = page.requestIdleCallback(() => task(), { timeout: maxWaitMs });
    return () => page.cancelIdleCallback!(id);
  }
  const id = setTimeout(task, 200);
  return () => clearTimeout(id);
}

/** The part of the editor's store read here. */
export interface OpenedFlows {
  getState(): { flow: Flow; loadSerial: number };
  subscribe(listener: (state: { loadSerial: number }, previous: { loadSerial: number }) => void): () => void;
}

/** Calls `work(flow)` in a quiet moment after each opening of a flow it `wants`. Returns a stop function. */
export function whenFlowOpens(store: OpenedFlows, wants: (flow: Flow) => boolean, work: (flow: Flow) => void, idle: WhenIdle): () => void {
  let cancel: (() => void) | null = null;
  const schedule = () => {
    cancel?.();
    cancel = null;
    if (!wants(store.getState().flow)) return;
    cancel = idle(() => {
      cancel = null;
      const { flow } = store.getState();
      if (wants(flow)) work(flow);
    });
  };
  const unsubscribe = store.subscribe((state, previous) => {
    if (state.loadSerial !== previous.loadSerial) schedule();
  });
  schedule();
  return () => {
    unsubscribe();
    cancel?.();
    cancel = null;
  };
}
