/**
 * The simulation's workers started and warmed while the page is idle after a flow opens (issue 19),
 * so that the what-if panel's first simulated runs pay only for their walk, split over the workers:
 * not for starting the workers, loading the engine in each, and V8 compiling the walk.
 *
 * Only for flows large enough that this matters (WARM_FROM_MODULES): a small flow's runs take
 * milliseconds, and no worker is started for it before a panel asks.
 */
import type { Flow } from '../model/types';

/** The warm-up waits at most this long (ms) for the page to be idle. */
export const WARM_WAIT_MS = 3000;

/**
 * Runs `task` when the page is idle (the warm-up's own work is in the workers; the page only
 * posts the flow to them), else after WARM_WAIT_MS; where there is no idle callback, after 200 ms.
 */
export function afterIdle(task: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(() => task(), { timeout: WARM_WAIT_MS });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(task, 200);
  return () => clearTimeout(id);
}

/** Modules from which a flow's workers are warmed on opening: 10,000 runs of it are then 0.1 s of walk or more. */
export const WARM_FROM_MODULES = 100;

export interface WarmupSource {
  /** The open flow, and the count of documents loaded (changes when another flow opens). */
  getState(): { flow: Flow; loadSerial: number };
  subscribe(listener: (state: { loadSerial: number }, previous: { loadSerial: number }) => void): () => void;
}

/**
 * Calls `warm(flow)` when the page is idle (afterIdle) after each flow opens, and
 * for the flow open now, when the flow has WARM_FROM_MODULES modules or more. Returns a stop
 * function (for the editor's dispose).
 */
export function warmOnOpen(store: WarmupSource, warm: (flow: Flow) => void, idle: (task: () => void) => () => void = afterIdle): () => void {
  let cancel: (() => void) | null = null;
  const schedule = () => {
    cancel?.();
    cancel = null;
    if (store.getState().flow.modules.length < WARM_FROM_MODULES) return;
    cancel = idle(() => {
      cancel = null;
      const { flow } = store.getState();
      if (flow.modules.length >= WARM_FROM_MODULES) warm(flow);
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
