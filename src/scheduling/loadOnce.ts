/**
 * Something made once, on first ask: code fetched (a dynamic import), a client built from it.
 * Every ask shares the one attempt; an attempt that failed (the code did not download, offline
 * after an update) is forgotten, so the next ask tries again. `loaded()` is the value once made,
 * for callers that must act at once when it is here; `forget()` drops it (a closed editor).
 */
export interface LoadedOnce<T> {
  get(): Promise<T>;
  loaded(): T | undefined;
  forget(): void;
}

export function loadOnce<T>(load: () => Promise<T>): LoadedOnce<T> {
  let pending: Promise<T> | null = null;
  let made: { value: T } | null = null;
  return {
    get() {
      pending ??= load().then(
        (value) => {
          made = { value };
          return value;
        },
        (error: unknown) => {
          pending = null;
          throw error;
        },
      );
      return pending;
    },
    loaded: () => made?.value,
    forget() {
      pending = null;
      made = null;
    },
  };
}
