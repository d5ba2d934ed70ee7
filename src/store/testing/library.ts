/** Helpers for the library's tests: a storage that is full (or whose versions are), and a small flow. */
import type { Flow } from '../../model/types';
import { CURRENT_VERSION } from '../../io/migrations';
import type { LibraryStorage } from '../libraryDb';
import type { EditorStore } from '../../store/editor';

const full = () => Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));

/** The storage as it is, except that every write fails as a full browser storage does. */
export function quotaFull(storage: LibraryStorage): LibraryStorage {
  return { ...storage, putFlow: full, putVersion: full, setMeta: full, deleteFlow: full };
}

/**
 * The storage as it is, except that versions cannot be written (as when a large flow's version
 * no longer fits): entries still can be, so a test sees whether anything is written over one.
 */
export function versionsFull(storage: LibraryStorage): LibraryStorage {
  return { ...storage, putVersion: full };
}

/** A flow of one trigger, named. */
export function blankFlowForTest(name: string): Flow {
  return {
    format: 'creditflow',
    version: CURRENT_VERSION,
    name,
    settings: {},
    modules: [{ id: 'm1', type: 'trigger', name: 'Trigger', position: { x: 0, y: 0 } }],
    edges: [],
  };
}

/**
 * Shows the store's flow as a flow restored from the working copy is shown (it may hold the
 * user's edits): a library started with no working copy then makes it an entry at once. An
 * untouched flow (the sample on a first visit) is stored nowhere until it changes (firstVisit.test.ts).
 */
export function asUsersFlow<S extends EditorStore>(store: S): S {
  store.getState().resetFlow(store.getState().flow, { inFile: false });
  return store;
}
