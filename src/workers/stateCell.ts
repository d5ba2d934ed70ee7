/**
 * The state a worker client shows its panels (the import's progress, the simulation's result):
 * one value, replaced by patches, with listeners for React's `useSyncExternalStore`. The clients
 * keep zustand out (the layer rule of src/workers), so this is the one small store they share.
 */
export interface StateCell<S> {
  get(): S;
  /** Merges `patch` into the value and tells every listener. */
  set(patch: Partial<S>): void;
  /** Adds a listener; returns its removal. */
  subscribe(listener: () => void): () => void;
}

export function createStateCell<S extends object>(initial: S): StateCell<S> {
  let value = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    set(patch) {
      value = { ...value, ...patch };
      for (const listener of [...listeners]) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
