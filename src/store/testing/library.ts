/** Helpers for the library's tests: a storage that is full, and a small flow. */
import type { Flow } from '../../model/types';
import { CURRENT_VERSION } from '../../io/migrations';
import type { LibraryStorage } from '../libraryDb';

/** The storage as it is, except that every write fails as a full browser storage does. */
export function quotaFull(storage: LibraryStorage): LibraryStorage {
  const full = () => Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
  return { ...storage, putFlow: full, putVersion: full, setMeta: full, deleteFlow: full };
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
