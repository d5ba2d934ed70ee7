/**
 * Work done ahead for the flow that is open, in a quiet moment of the page: auto-layout's answer
 * (commands/layoutWarmup.ts) and the simulation's warm workers (editor/simulationWarmup.ts). Each
 * time a flow opens (a new flow, the sample, a file, a restored copy: the store's `loadSerial`
 * moves), and for the flow open when this starts, the work is asked once the page is idle, if the
 * flow is one it `wants`. An edit is not an opening; a flow opened before the quiet moment replaces
 * the one waiting.
 */
import type { Flow } from '../model/types';
import { whenPageIdle } from '../scheduling/idle';

/**
 * Work started ahead that a person's input can call off: `done` settles when it is finished;
 * `stop()` calls it off and says whether it did (false: it was finished, or someone took its answer).
 */
export interface WorkAhead {
  done: Promise<unknown>;
  stop(): boolean;
}

/**
 * Runs `task` once the page is idle; returns a function that calls it off. A task that returns a
 * WorkAhead may be called off by input that needs the cores (see pageIdle's `yieldToInput`), and is
 * then run again once the page is quiet.
 */
export type WhenIdle = (task: () => WorkAhead | void) => () => void;

/**
 * The event `wantCores` dispatches: the page itself asks for the machine's cores for work a person
 * waits for (the what-if panel's simulated runs asked as its tab opens), as a drag would.
 */
export const CORES_WANTED = 'creditflow:cores-wanted';

/** Events that say a person is using the page (work that can be stopped counts only some: see coresNeeded). */
const INPUT_EVENTS = ['pointerdown', 'pointermove', 'wheel', 'keydown', CORES_WANTED] as const;

/**
 * Tells the work ahead that a person now waits for work that needs the cores: work ahead that gives
 * the cores back to a drag (`yieldToInput`, elk's layout ahead) stops and runs again once the page has
 * been quiet for INPUT_QUIET_MS; work ahead not started yet waits as it would after a drag.
 */
export function wantCores(events: Pick<EventTarget, 'dispatchEvent'> | null = typeof window === 'undefined' ? null : window): void {
  events?.dispatchEvent(new Event(CORES_WANTED));
}

/** How far (px) the pointer moves with a button held before it is a drag, not a click. */
export const DRAG_DISTANCE_PX = 6;

/**
 * A judge of input events: whether each says a person uses the page in a way that needs the
 * machine's cores while it goes on: a drag or a pan (the pointer moved DRAG_DISTANCE_PX or more
 * with a button held), a wheel zoom, a key held down (repeating). A pointer moved over the page
 * without a button, a click (a press, a release, maybe a jitter of a pixel or two), or a key
 * pressed once (typing, a shortcut such as Shift+L for Auto-layout) needs no more than the page's
 * own thread: work ahead goes on meanwhile.
 */
export function coresNeeded(): (event: Event) => boolean {
  let pressedAt: { x: number; y: number } | null = null;
  return (event) => {
    const pointer = event as PointerEvent;
    switch (event.type) {
      case 'pointerdown':
        pressedAt = { x: pointer.clientX ?? 0, y: pointer.clientY ?? 0 };
        return false;
      case 'pointermove':
        if ((pointer.buttons ?? 0) === 0) return false;
        // A press not heard (it began before listening): any move with a button held is a drag.
        return !pressedAt || Math.hypot((pointer.clientX ?? 0) - pressedAt.x, (pointer.clientY ?? 0) - pressedAt.y) >= DRAG_DISTANCE_PX;
      case 'wheel':
        return true;
      case 'keydown':
        return (event as KeyboardEvent).repeat === true;
      case CORES_WANTED:
        return true;
      default:
        return false;
    }
  };
}

/**
 * Work ahead starts only after this long (ms) with no pointer, wheel or key input (work that can be
 * stopped: with no input that needs the cores, coresNeeded). Its workers take the machine's cores
 * (elk's first layout of 1,000 modules is about 2 s of CPU): started while a person drags, they
 * doubled the page's busy time per drag frame on two cores (bench:browser, 1,000 modules: 4.5 →
 * 7.7–9.3 ms a frame, a 99th-percentile frame of 83–133 ms). Work that cannot be stopped counts a
 * pointer merely moved too: it is how a drag begins (a person looks for a module, then presses).
 */
export const INPUT_QUIET_MS = 1500;

/** Where input events are heard (the window), and the clock (tests give fakes). */
export interface PageIdleOptions {
  quietMs?: number;
  events?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'> | null;
  now?: () => number;
  /**
   * false: the page counts as quiet from the start (no input yet), so the task goes to the idle
   * callback at once; input that needs the cores still holds it back for `quietMs`. Default true:
   * the first `quietMs` count as input (a flow just opened is often dragged or zoomed at once).
   */
  waitFromStart?: boolean;
  /**
   * true: a task's WorkAhead is called off by input that needs the cores while it runs (a drag
   * started meanwhile gets the cores back), and the task runs again once the page is quiet; only
   * such input (coresNeeded) holds it back. Default false: any pointer, wheel or key input holds
   * the task back, and once started it runs to its end.
   */
  yieldToInput?: boolean;
}

/**
 * Once nobody has used the page for `quietMs` (with `yieldToInput`: in a way that needs the cores),
 * requestIdleCallback (run within `maxWaitMs` even on a page that is never idle; a 200 ms timer
 * where the browser lacks it).
 */
export function pageIdle(maxWaitMs: number, options: PageIdleOptions = {}): WhenIdle {
  const quietMs = options.quietMs ?? INPUT_QUIET_MS;
  const events = options.events === undefined ? (typeof window === 'undefined' ? null : window) : options.events;
  const now = options.now ?? (() => performance.now());
  return (task) => {
    let lastInput = options.waitFromStart === false ? -Infinity : now();
    let timer: ReturnType<typeof setTimeout> | null = null;
    let cancelIdle: (() => void) | null = null;
    let running: WorkAhead | null = null;
    let listening = false;
    const needsCores = options.yieldToInput ? coresNeeded() : () => true;
    const heard = (event: Event) => {
      if (!needsCores(event)) return;
      lastInput = now();
      if (cancelIdle) {
        // Not started yet: wait for the page to be quiet again.
        cancelIdle();
        cancelIdle = null;
        whenQuiet();
      } else if (running) {
        // Work running ahead gives the cores back, and runs again once the page is quiet; work
        // already finished or taken (someone waits for its answer) goes on.
        const stopped = running.stop();
        running = null;
        if (stopped) whenQuiet();
        else listen(false);
      }
    };
    const listen = (on: boolean) => {
      if (on === listening) return;
      listening = on;
      for (const type of INPUT_EVENTS) {
        if (on) events?.addEventListener(type, heard, { capture: true, passive: true });
        else events?.removeEventListener(type, heard, { capture: true });
      }
    };
    const run = () => {
      cancelIdle = null;
      const work = task();
      if (!work || !options.yieldToInput) {
        listen(false);
        return;
      }
      running = work;
      const finished = () => {
        if (running !== work) return;
        running = null;
        listen(false);
      };
      work.done.then(finished, finished);
    };
    function whenQuiet() {
      const wait = lastInput + quietMs - now();
      if (wait > 0) {
        timer = setTimeout(whenQuiet, wait);
        return;
      }
      timer = null;
      cancelIdle = whenPageIdle(run, { maxWaitMs });
    }
    listen(true);
    whenQuiet();
    return () => {
      if (timer !== null) clearTimeout(timer);
      listen(false);
      cancelIdle?.();
      running = null;
    };
  };
}

/** The part of the editor's store read here. */
export interface OpenedFlows {
  getState(): { flow: Flow; loadSerial: number };
  subscribe(listener: (state: { loadSerial: number }, previous: { loadSerial: number }) => void): () => void;
}

/**
 * Calls `work(flow)` in a quiet moment after each opening of a flow it `wants` (work that returns a
 * WorkAhead may be called off by input and run again: see pageIdle). Returns a stop function.
 */
export function whenFlowOpens(store: OpenedFlows, wants: (flow: Flow) => boolean, work: (flow: Flow) => WorkAhead | void, idle: WhenIdle): () => void {
  let cancel: (() => void) | null = null;
  const schedule = () => {
    cancel?.();
    cancel = null;
    if (!wants(store.getState().flow)) return;
    cancel = idle(() => {
      const { flow } = store.getState();
      return wants(flow) ? work(flow) : undefined;
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
