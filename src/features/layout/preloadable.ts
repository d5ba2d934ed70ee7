import { createElement, lazy, type ComponentType } from 'react';

/**
 * A component whose code loads on first use (React.lazy, under a Suspense boundary), and that
 * can be fetched ahead with `preload()`: once loaded it renders at once, without suspending.
 * Keeps what the first paint does not show out of the first download.
 */
export function preloadable<P extends object>(load: () => Promise<ComponentType<P>>) {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  const fetchOnce = () =>
    (pending ??= load().then((component) => {
      loaded = component;
      return component;
    }));
  const Lazy = lazy(() => fetchOnce().then((component) => ({ default: component })));
  function Preloadable(props: P) {
    return createElement(loaded ?? Lazy, props);
  }
  return Object.assign(Preloadable, { preload: () => fetchOnce().then(() => undefined) });
}

/** Runs `task` when the browser is idle (or soon, where it has no idle callback). */
export function whenIdle(task: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(task, { timeout: 2000 });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(task, 200);
  return () => clearTimeout(id);
}
