import { createElement, lazy, useEffect, useState, type ComponentType, type ReactElement } from 'react';
import { whenPageIdle } from '../scheduling/idle';
import { loadOnce } from '../scheduling/loadOnce';

/**
 * A component whose code loads on first use (React.lazy, under a Suspense boundary), and that
 * can be fetched ahead with `preload()`: once loaded it renders at once, without suspending
 * (`isLoaded()` says whether it would). Keeps what the first paint does not show out of the first
 * download.
 */
export function preloadable<P extends object>(load: () => Promise<ComponentType<P>>) {
  const code = loadOnce(load);
  const Lazy = lazy(() => code.get().then((component) => ({ default: component })));
  function Preloadable(props: P) {
    return createElement(code.loaded() ?? Lazy, props);
  }
  return Object.assign(Preloadable, { preload: () => code.get().then(() => undefined), isLoaded: () => code.loaded() !== undefined });
}

/** How long an idle period must be for background work: longer than a frame, so none is being drawn. */
export const QUIET_IDLE_MS = 40;
/** Background work waits at most this long for a quiet moment. */
export const MAX_IDLE_WAIT_MS = 5000;

/**
 * Runs `task` once the browser is quiet: in an idle period of at least QUIET_IDLE_MS, which
 * never comes while frames are being drawn (a drag, a pan, an animation: their idle periods
 * end at the next frame, under 16 ms away). So code loaded in the background never lands in
 * the middle of a gesture. After MAX_IDLE_WAIT_MS it runs anyway. Where there is no idle
 * callback it runs after 200 ms. Returns a cancel function.
 */
export function whenIdle(task: () => void): () => void {
  return whenPageIdle(task, { quietMs: QUIET_IDLE_MS, maxWaitMs: MAX_IDLE_WAIT_MS });
}

/** What background work waits through: see Editor.whenRunsAnswered (the What-if runs a person waits for). */
export interface ForegroundWork {
  whenRunsAnswered(then: () => void): (() => void) | null;
}

/**
 * whenIdle for work nobody waits for (code loaded ahead): should that quiet moment come while the
 * What-if runs a person waits for go (`foreground`), the task waits for their answer, then for the
 * next quiet moment, or MAX_IDLE_WAIT_MS at most. A cold click on What-if at 1,000 modules had the
 * page compile and run some 40 chunks loaded ahead while the two simulation workers ran, on a
 * 2-core machine. Returns a cancel function.
 */
export function whenIdleAfter(foreground: ForegroundWork, task: () => void): () => void {
  let cancel = whenIdle(() => {
    const wait: { ceiling?: ReturnType<typeof setTimeout>; stop?: (() => void) | null } = {};
    const next = () => {
      clearTimeout(wait.ceiling);
      wait.stop?.();
      cancel = whenIdle(task);
    };
    wait.stop = foreground.whenRunsAnswered(next);
    if (!wait.stop) return task();
    // Long runs (many samples, a large flow) hold it back no longer than whenIdle would wait.
    wait.ceiling = setTimeout(next, MAX_IDLE_WAIT_MS);
    cancel = () => {
      clearTimeout(wait.ceiling);
      wait.stop?.();
    };
  });
  return () => cancel();
}

/**
 * Whether a preloadable's code has loaded (asked for once `needed`). Drawn only then, it never
 * suspends: React 19 holds back revealing a Suspense boundary until about 300 ms after the last
 * fallback it showed (the lazy panels show theirs in the first commit): the canvas's far layer
 * appeared some 270 ms after its code was there at 1,000 modules, and a menu would open as late.
 */
export function useLoaded(layer: { isLoaded(): boolean; preload(): Promise<void> }, needed: boolean): boolean {
  const [loaded, setLoaded] = useState(layer.isLoaded);
  useEffect(() => {
    if (!needed || loaded) return;
    let live = true;
    layer.preload().then(
      () => {
        if (live) setLoaded(true);
      },
      () => {
        // Not downloaded: nothing is drawn, and the next time it is needed it is asked for again.
      },
    );
    return () => {
      live = false;
    };
  }, [layer, needed, loaded]);
  return loaded;
}

/**
 * A module of parts (components, functions) the first paint does not draw, loaded once: `preload()`
 * fetches it (a failed download is forgotten, so the next ask tries again), `loaded()` is the
 * module once here. Its parts are drawn with `laterPart` or once `useLoaded` says it is here.
 */
export interface LaterModule<M> {
  preload(): Promise<void>;
  isLoaded(): boolean;
  loaded(): M | undefined;
}

export function laterModule<M>(load: () => Promise<M>): LaterModule<M> {
  const code = loadOnce(load);
  return { preload: () => code.get().then(() => undefined), isLoaded: () => code.loaded() !== undefined, loaded: () => code.loaded() };
}

/**
 * A component of a LaterModule, for a place the first paint leaves empty (a trace's badge, a
 * comparison's marker): drawn at once when the module is here, else once it has loaded (asked for
 * by the first draw), never through a Suspense fallback (see useLoaded).
 */
export function laterPart<M, P extends object>(layer: LaterModule<M>, pick: (loaded: M) => ComponentType<P>): (props: P) => ReactElement | null {
  return function LaterPart(props: P) {
    const ready = useLoaded(layer, true);
    const loaded = layer.loaded();
    return ready && loaded ? createElement(pick(loaded), props) : null;
  };
}
