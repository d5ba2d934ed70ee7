/**
 * A per-id view of derived data (a module's credits, an edge's count, a module's problems)
 * that React components subscribe to one id at a time.
 *
 * Why not one `useEditor(selector)` per node: the store notifies every subscriber on every
 * change, so 1,000 nodes would run 1,000 selectors on each drag frame. Here the view listens
 * to the store once; on a change it first compares the few derived objects it depends on
 * (the flow's cost, its problems: memoised, so a drag hands back the same objects) and stops
 * there when they are the same. Only when they differ does it recompute the subscribed ids
 * and notify the ones whose value is no longer equal.
 */
import { useCallback, useSyncExternalStore } from 'react';

interface Source<S> {
  getState(): S;
  subscribe(listener: (state: S) => void): () => void;
}

export interface KeyedView<T> {
  /** The current value for `id` (the same object while it stays equal). */
  get(id: string): T;
  /** Calls `listener` when the value for `id` changes; returns the unsubscribe. */
  subscribe(id: string, listener: () => void): () => void;
  /** React hook: the value for `id`, re-rendering only when it changes. */
  use(id: string): T;
}

interface Entry<T> {
  dependencies: readonly unknown[];
  value: T;
}

function sameList(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function createKeyedView<S, T>(
  source: Source<S>,
  dependencies: (state: S) => readonly unknown[],
  compute: (state: S, id: string) => T,
  equal: (a: T, b: T) => boolean,
): KeyedView<T> {
  const entries = new Map<string, Entry<T>>();
  const listeners = new Map<string, Set<() => void>>();
  let lastDependencies: readonly unknown[] | null = null;
  let unsubscribeSource: (() => void) | null = null;

  /** The entry for `id` brought up to `deps`; says whether its value changed. */
  const refresh = (state: S, id: string, deps: readonly unknown[]): { value: T; changed: boolean } => {
    const entry = entries.get(id);
    if (entry && sameList(entry.dependencies, deps)) return { value: entry.value, changed: false };
    const next = compute(state, id);
    if (entry && equal(entry.value, next)) {
      entry.dependencies = deps;
      return { value: entry.value, changed: false };
    }
    entries.set(id, { dependencies: deps, value: next });
    return { value: next, changed: entry !== undefined };
  };

  const onSourceChange = (state: S) => {
    const deps = dependencies(state);
    if (lastDependencies && sameList(deps, lastDependencies)) return;
    lastDependencies = deps;
    const changed: string[] = [];
    for (const id of listeners.keys()) if (refresh(state, id, deps).changed) changed.push(id);
    for (const id of changed) for (const listener of listeners.get(id) ?? []) listener();
  };

  const get = (id: string): T => {
    const state = source.getState();
    return refresh(state, id, dependencies(state)).value;
  };

  const subscribe = (id: string, listener: () => void) => {
    let set = listeners.get(id);
    if (!set) listeners.set(id, (set = new Set()));
    set.add(listener);
    if (!unsubscribeSource) {
      lastDependencies = null;
      unsubscribeSource = source.subscribe(onSourceChange);
    }
    return () => {
      const current = listeners.get(id);
      if (!current) return;
      current.delete(listener);
      if (current.size > 0) return;
      listeners.delete(id);
      entries.delete(id);
      if (listeners.size === 0 && unsubscribeSource) {
        unsubscribeSource();
        unsubscribeSource = null;
      }
    };
  };

  function use(id: string): T {
    const subscribeToId = useCallback((listener: () => void) => subscribe(id, listener), [id]);
    const snapshot = useCallback(() => get(id), [id]);
    return useSyncExternalStore(subscribeToId, snapshot, snapshot);
  }

  return { get, subscribe, use };
}
