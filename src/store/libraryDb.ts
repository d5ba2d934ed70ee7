/**
 * Where the flow library lives: IndexedDB, through `idb` (promises over IndexedDB's requests).
 *
 * The adapter moves records in and out and nothing else: it returns what it read as `unknown`,
 * because a record may have been damaged or written by another version, and the library
 * (library.ts) checks every one before trusting it. Errors are thrown here (quota, blocked
 * database) and turned into values by the library.
 *
 * Three stores: `flows` (one record per flow, by id), `versions` (by id, indexed by flowId) and
 * `meta` (small facts, such as whether the old autosaved record has been moved in).
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

export const LIBRARY_DB_NAME = 'creditflow-library';
export const LIBRARY_DB_VERSION = 1;

/** What the library keeps of one flow: its file text, and the figures its list shows. */
export interface FlowRecord {
  id: string;
  name: string;
  /** The flow file text (serializeFlow): read back by the same parser as a file. */
  flowText: string;
  modules: number;
  /** Credits per month at the point estimate; null when the flow cannot be priced. */
  perMonth: number | null;
  createdAt: number;
  updatedAt: number;
}

/** Why a version was kept: the user saved it, or it was kept before something replaced the flow. */
export type VersionKind = 'saved' | 'pause' | 'import' | 'restore';

export interface VersionRecord {
  id: string;
  flowId: string;
  name: string;
  kind: VersionKind;
  savedAt: number;
  flowText: string;
  modules: number;
  /** Credits per run and per month; null when the flow cannot be priced. */
  total: number | null;
  perMonth: number | null;
}

/** The storage the library is written against: IndexedDB in the app, fake-indexeddb in tests. */
export interface LibraryStorage {
  listFlows(): Promise<unknown[]>;
  getFlow(id: string): Promise<unknown>;
  putFlow(record: FlowRecord): Promise<void>;
  /** Deletes the flow and its versions in one transaction. */
  deleteFlow(id: string): Promise<void>;
  listVersions(flowId: string): Promise<unknown[]>;
  putVersion(record: VersionRecord): Promise<void>;
  getMeta(key: string): Promise<unknown>;
  setMeta(key: string, value: unknown): Promise<void>;
}

interface LibrarySchema extends DBSchema {
  flows: { key: string; value: FlowRecord };
  versions: { key: string; value: VersionRecord; indexes: { flowId: string } };
  meta: { key: string; value: unknown };
}

/**
 * A LibraryStorage on the global `indexedDB` (the browser's; in tests fake-indexeddb's, each test
 * with a database name of its own).
 */
export function indexedDbLibrary(name = LIBRARY_DB_NAME): LibraryStorage {
  let opening: Promise<IDBPDatabase<LibrarySchema>> | null = null;
  const db = () => {
    opening ??= openDB<LibrarySchema>(name, LIBRARY_DB_VERSION, {
        upgrade(database) {
          database.createObjectStore('flows', { keyPath: 'id' });
          const versions = database.createObjectStore('versions', { keyPath: 'id' });
          versions.createIndex('flowId', 'flowId');
          database.createObjectStore('meta');
        },
        // Another tab holds an older version of the database open: it is asked to let go.
        blocking() {
          void opening?.then((d) => d.close());
          opening = null;
        },
      }).catch((error: unknown) => {
      opening = null;
      throw error;
    });
    return opening;
  };
  return {
    async listFlows() {
      return (await db()).getAll('flows');
    },
    async getFlow(id) {
      return (await db()).get('flows', id);
    },
    async putFlow(record) {
      await (await db()).put('flows', record);
    },
    async deleteFlow(id) {
      const tx = (await db()).transaction(['flows', 'versions'], 'readwrite');
      const versions = tx.objectStore('versions');
      const keys = await versions.index('flowId').getAllKeys(id);
      await Promise.all([tx.objectStore('flows').delete(id), ...keys.map((key) => versions.delete(key)), tx.done]);
    },
    async listVersions(flowId) {
      return (await db()).getAllFromIndex('versions', 'flowId', flowId);
    },
    async putVersion(record) {
      await (await db()).put('versions', record);
    },
    async getMeta(key) {
      return (await db()).get('meta', key);
    },
    async setMeta(key, value) {
      await (await db()).put('meta', value, key);
    },
  };
}

/** The browser's IndexedDB library, or null when the browser has none (or blocks it). */
export function browserLibrary(): LibraryStorage | null {
  try {
    return (globalThis as { indexedDB?: IDBFactory }).indexedDB ? indexedDbLibrary() : null;
  } catch {
    return null;
  }
}
