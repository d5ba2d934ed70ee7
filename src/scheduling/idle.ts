/**
 * The page's idle callback: work that can wait runs when the browser has nothing else to do.
 * Imports nothing: the store's work ahead (openedFlowWork.ts) and the UI's code loaded in the
 * background (ui/preloadable.ts) both wait through it.
 */

export interface IdleOptions {
  /** The task runs after this long (ms) even on a page that is never idle. */
  maxWaitMs: number;
  /**
   * How long an idle period must be for the task (ms): shorter ones are waited through (the idle
   * periods between the frames of a drag end at the next frame). Default 0: the first one.
   */
  quietMs?: number;
  now?: () => number;
}

/**
 * Runs `task` in an idle period of at least `quietMs` (requestIdleCallback), or once `maxWaitMs`
 * has passed; where the browser has no idle callback, after 200 ms. Returns a cancel function.
 */
export function whenPageIdle(task: () => void, { maxWaitMs, quietMs = 0, now = Date.now }: IdleOptions): () => void {
  const page = globalThis as { requestIdleCallback?: typeof requestIdleCallback; cancelIdleCallback?: typeof cancelIdleCallback };
  if (page.requestIdleCallback && page.cancelIdleCallback) {
    const started = now();
    let id = 0;
    const attempt = (deadline: IdleDeadline) => {
      const waited = now() - started;
      if (deadline.didTimeout || deadline.timeRemaining() >= quietMs || waited >= maxWaitMs) {
        task();
        return;
      }
      id = page.requestIdleCallback!(attempt, { timeout: maxWaitMs - waited });
    };
    id = page.requestIdleCallback(attempt, { timeout: maxWaitMs });
    return () => page.cancelIdleCallback!(id);
  }
  const id = setTimeout(task, 200);
  return () => clearTimeout(id);
}
