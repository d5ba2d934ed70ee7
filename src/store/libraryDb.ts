/**
 * Where the flow library lives: IndexedDB, through `idb` (promises over IndexedDB's requests).
 *
 * The adapter moves records in and out and nothing else: it returns what it read as `unknown`,
 * because a record may have been damaged or written by another version, and the library
 * (library.ts) checks every one before trusting it. Errors are thrown here (quota, blocked
 * database) and turned into values by the library.
 *
 * Four stores: `flows` (one record per flow, by id), `listing` (what the library's list shows of
 * each flow record, under the same key, without its text), `versions` (by id, indexed by flowId)
 * and `meta` (small facts, such as whether the old autosaved record has been moved in).
 *
 * The list is read from `listing` alone, so opening the library reads a few hundred bytes per flow
 * instead of every flow's text. Every write of a flow writes its list entry in the same
 * transaction; version 2 of the database filled the entries of the flows kept before it, once, in
 * its upgrade. Should the two stores still disagree (a record written by other means), reading the
 * list mends the entries that are missing or left over from the records themselves.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import { listEntryOf } from './libraryRecords';
import type { StoredText } from './storedText';

export const LIBRARY_DB_NAME = 'creditflow-library';
/** 1: flows, versions, meta. 2: and the flows' list entries (`listing`). */
export const LIBRARY_DB_VERSION = 2;

/** What the library's list shows of a flow (its `listing` entry). */
export interface FlowSummary {
  id: string;
  name: string;
  modules: number;
  /** Credits per month at the point estimate; null when the flow cannot be priced. */
  perMonth: number | null;
  createdAt: number;
  updatedAt: number;
}

/** What the library keeps of one flow: its file text, and the figures its list shows. */
export interface FlowRecord extends FlowSummary {
  /**
   * The flow file text (serializeFlow), read back by the same parser as a file: a Blob of its
   * UTF-8 as written now (storedText.ts: IndexedDB then clones a handle, not megabytes), the text
   * itself in records written before.
   */
  flowText: StoredText;
  /** The text's length in characters, beside a Blob: a save tells a changed flow without reading it back. */
  textChars?: number;
}

/** One flow record's list entry as stored (unchecked), under the record's key. */
export interface ListedFlow {
  key: IDBValidKey;
  entry: unknown;
}

/**
 * Why a version was kept: the user saved it, or it was kept before something replaced the flow
 * ('unopened': an entry's newer copy not opened at start, before the working copy was saved over it).
 */
export type VersionKind = 'saved' | 'pause' | 'import' | 'restore' | 'unopened';

export interface VersionRecord {
  id: string;
  flowId: string;
  name: string;
  kind: VersionKind;
  savedAt: number;
  /** As a flow record's: a Blob, or a string in versions written before. */
  flowText: StoredText;
  textChars?: number;
  modules: number;
  /** Credits per run and per month; null when the flow cannot be priced. */
  total: number | null;
  perMonth: number | null;
}

/** The storage the library is written against: IndexedDB in the app, fake-indexeddb in tests. */
export interface LibraryStorage {
  /** Every flow record's list entry (not the records themselves), in key order. */
  listFlows(): Promise<ListedFlow[]>;
  getFlow(id: IDBValidKey): Promise<unknown>;
  /** Stores the flow record and its list entry in one transaction. */
  putFlow(record: FlowRecord): Promise<void>;
  /** Deletes the flow, its list entry and its versions in one transaction. */
  deleteFlow(id: string): Promise<void>;
  listVersions(flowId: string): Promise<unknown[]>;
  putVersion(record: VersionRecord): Promise<void>;
  getMeta(key: string): Promise<unknown>;
  setMeta(key: string, value: unknown): Promise<void>;
}

interface LibrarySchema extends DBSchema {
  flows: { key: string; value: FlowRecord };
  listing: { key: string; value: unknown };
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
        upgrade(database, oldVersion, _newVersion, transaction) {
          if (oldVersion < 1) {
            database.createObjectStore('flows', { keyPath: 'id' });
            const versions = database.createObjectStore('versions', { keyPath: 'id' });
            versions.createIndex('flowId', 'flowId');
            database.createObjectStore('meta');
          }
          if (oldVersion < 2) {
            database.createObjectStore('listing');
            // A library kept before the list entries: each record's entry, made from it, once.
            if (oldVersion >= 1) void fillListing(transaction);
          }
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
      const database = await db();
      const tx = database.transaction(['flows', 'listing'], 'readonly');
      const [flowKeys, listedKeys, entries] = await Promise.all([
        tx.objectStore('flows').getAllKeys(),
        tx.objectStore('listing').getAllKeys(),
        tx.objectStore('listing').getAll(),
        tx.done,
      ]);
      if (sameKeys(flowKeys, listedKeys)) return listedKeys.map((key, i) => ({ key, entry: entries[i] }));
      return mendListing(database);
    },
    async getFlow(id) {
      return (await db()).get('flows', id as string);
    },
    async putFlow(record) {
      const tx = (await db()).transaction(['flows', 'listing'], 'readwrite');
      const key = await tx.objectStore('flows').put(record);
      await Promise.all([tx.objectStore('listing').put(listEntryOf(record), key), tx.done]);
    },
    async deleteFlow(id) {
      const tx = (await db()).transaction(['flows', 'listing', 'versions'], 'readwrite');
      const versions = tx.objectStore('versions');
      const keys = await versions.index('flowId').getAllKeys(id);
      await Promise.all([tx.objectStore('flows').delete(id), tx.objectStore('listing').delete(id), ...keys.map((key) => versions.delete(key)), tx.done]);
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

type Transaction<Mode extends IDBTransactionMode> = IDBPTransaction<LibrarySchema, StoreNames<LibrarySchema>[], Mode>;

/** The upgrade to version 2: a list entry for every flow record kept so far. */
async function fillListing(transaction: Transaction<'versionchange'>): Promise<void> {
  const listing = transaction.objectStore('listing');
  let cursor = await transaction.objectStore('flows').openCursor();
  while (cursor) {
    await listing.put(listEntryOf(cursor.value), cursor.key);
    cursor = await cursor.continue();
  }
}

const compareKeys = (a: IDBValidKey, b: IDBValidKey) => indexedDB.cmp(a, b);

/** Whether two key lists (each in IndexedDB's key order) hold the same keys. */
function sameKeys(a: readonly IDBValidKey[], b: readonly IDBValidKey[]): boolean {
  return a.length === b.length && a.every((key, i) => compareKeys(key, b[i]!) === 0);
}

/** Makes the list entries match the flow records (entries made for records without one, left-over entries dropped), and lists them. */
async function mendListing(database: IDBPDatabase<LibrarySchema>): Promise<ListedFlow[]> {
  const tx = database.transaction(['flows', 'listing'], 'readwrite');
  const flows = tx.objectStore('flows');
  const listing = tx.objectStore('listing');
  const flowKeys = await flows.getAllKeys();
  const listedKeys = await listing.getAllKeys();
  let i = 0;
  let j = 0;
  while (i < flowKeys.length || j < listedKeys.length) {
    const order = i >= flowKeys.length ? 1 : j >= listedKeys.length ? -1 : compareKeys(flowKeys[i]!, listedKeys[j]!);
    if (order === 0) {
      i++;
      j++;
    } else if (order < 0) {
      const key = flowKeys[i++]!;
      await listing.put(listEntryOf(await flows.get(key)), key);
    } else {
      await listing.delete(listedKeys[j++]!);
    }
  }
  const [keys, entries] = await Promise.all([listing.getAllKeys(), listing.getAll()]);
  await tx.done;
  return keys.map((key, n) => ({ key, entry: entries[n] }));
}

/** The browser's IndexedDB library, or null when the browser has none (or blocks it). */
export function browserLibrary(): LibraryStorage | null {
  try {
    return (globalThis as { indexedDB?: IDBFactory }).indexedDB ? indexedDbLibrary() : null;
  } catch {
    return null;
  }
}
