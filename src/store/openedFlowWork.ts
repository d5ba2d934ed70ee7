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

/**
 * requestIdleCallback, run within `maxWaitMs` even on a page that is never idle; a 200 ms timer
 * where the browser lacks it.
 */
export function pageIdle(maxWaitMs: number): WhenIdle {
  return (task) => {
    const page = globalThis as { requestIdleCallback?: typeof requestIdleCallback; cancelIdleCallback?: typeof cancelIdleCallback };
    if (page.requestIdleCallback && page.cancelIdleCallback) {
      const id = page.requestIdleCallback(() => task(), { timeout: maxWaitMs });
      return () => page.cancelIdleCallback!(id);
    }
    const id = setTimeout(task, 200);
    return () => clearTimeout(id);
  };
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
