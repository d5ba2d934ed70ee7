import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import { indexedDbLibrary, LIBRARY_DB_VERSION, type LibraryStorage } from './libraryDb';
import { addFlow, getFlowRecord, listFlows, listVersions, MIGRATED_KEY, openFlow, removeFlow, restoreRemoved, type LibraryContext } from './library';
import { defaultSampleFlow } from '../io/samples/index';
import { serializeFlow } from '../io/serialize';
import { blankFlowForTest } from './testing/library';
import { textOf } from './storedText';

let dbs = 0;
const freshName = () => `library-db-${++dbs}-${Date.now()}`;

function ok<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/** A library database as version 1 of the app left it: flows with their texts, versions, meta. */
async function versionOneLibrary(name: string, records: unknown[], versions: unknown[] = [], meta: Record<string, unknown> = {}) {
  const db = await openDB(name, 1, {
    upgrade(database) {
      database.createObjectStore('flows', { keyPath: 'id' });
      database.createObjectStore('versions', { keyPath: 'id' }).createIndex('flowId', 'flowId');
      database.createObjectStore('meta');
    },
  });
  const tx = db.transaction(['flows', 'versions', 'meta'], 'readwrite');
  for (const r of records) await tx.objectStore('flows').put(r);
  for (const v of versions) await tx.objectStore('versions').put(v);
  for (const [k, v] of Object.entries(meta)) await tx.objectStore('meta').put(v, k);
  await tx.done;
  db.close();
}

/** Everything in one store of the database, as stored: [key, value] pairs. */
async function rawStore(name: string, store: string): Promise<[IDBValidKey, unknown][]> {
  const db = await openDB(name);
  try {
    const tx = db.transaction(store as never, 'readonly');
    const s = tx.objectStore(store as never);
    const [keys, values] = await Promise.all([s.getAllKeys(), s.getAll()]);
    return keys.map((k, i) => [k, values[i]]);
  } finally {
    db.close();
  }
}

const sampleRecord = (id: string, name: string, updatedAt: number) => ({
  id,
  name,
  flowText: serializeFlow({ ...defaultSampleFlow(), name }),
  modules: defaultSampleFlow().modules.length,
  perMonth: 1234.5,
  createdAt: 1,
  updatedAt,
});

describe('the library database, version 2', () => {
  it('moves a version 1 library in on its first opening: every list entry made from its record, nothing lost', async () => {
    const name = freshName();
    const a = sampleRecord('a', 'Leads', 20);
    const b = sampleRecord('b', 'Invoices', 10);
    const damaged = { id: 'damaged', name: 'No text' };
    const version = { id: 'v1', flowId: 'a', name: 'Saved', kind: 'saved', savedAt: 5, flowText: a.flowText, modules: 11, total: 1, perMonth: 2 };
    await versionOneLibrary(name, [a, b, damaged], [version], { [MIGRATED_KEY]: 99 });

    const storage = indexedDbLibrary(name);
    // Any first call opens (and upgrades) the database; the entries are there before the list is read.
    expect(await storage.getMeta(MIGRATED_KEY)).toBe(99);
    const entries = await rawStore(name, 'listing');
    expect(entries).toEqual([
      ['a', { id: 'a', name: 'Leads', modules: a.modules, perMonth: 1234.5, createdAt: 1, updatedAt: 20 }],
      ['b', { id: 'b', name: 'Invoices', modules: b.modules, perMonth: 1234.5, createdAt: 1, updatedAt: 10 }],
      ['damaged', { unreadable: 'the record holds no flow' }],
    ]);
    // The records themselves are untouched.
    expect(await rawStore(name, 'flows')).toEqual([['a', a], ['b', b], ['damaged', damaged]]);

    const ctx: LibraryContext = { storage };
    const listing = ok(await listFlows(ctx));
    expect(listing.flows.map((f) => f.name)).toEqual(['Leads', 'Invoices']);
    expect(listing.unreadable).toEqual([{ id: 'damaged', problem: 'the record holds no flow', text: JSON.stringify(damaged, null, 2) }]);
    expect(ok(await openFlow(ctx, 'a')).flow.name).toBe('Leads');
    expect(ok(await listVersions(ctx, 'a')).map((r) => r.version.name)).toEqual(['Saved']);
    const db = await openDB(name);
    expect(db.version).toBe(LIBRARY_DB_VERSION);
    db.close();
  });

  it('reads the list from the entries alone: no flow text is read to list the flows', async () => {
    const inner = indexedDbLibrary(freshName());
    const ctx: LibraryContext = { storage: inner };
    for (let i = 0; i < 5; i++) ok(await addFlow({ ...ctx, now: () => i }, { ...defaultSampleFlow(), name: `Flow ${i}` }));
    let fullReads = 0;
    let listed = '';
    const counting: LibraryStorage = {
      ...inner,
      getFlow: (id) => (fullReads++, inner.getFlow(id)),
      listFlows: async () => {
        const entries = await inner.listFlows();
        listed = JSON.stringify(entries);
        return entries;
      },
    };
    const listing = ok(await listFlows({ storage: counting }));
    expect(listing.flows.map((f) => f.name)).toEqual(['Flow 4', 'Flow 3', 'Flow 2', 'Flow 1', 'Flow 0']);
    expect(fullReads).toBe(0);
    expect(listed).not.toContain('flowText');
    expect(listed.length).toBeLessThan(serializeFlow(defaultSampleFlow()).length);
  });

  it('keeps every entry current: rename by save, delete and undo, a record put back as it was', async () => {
    const storage = indexedDbLibrary(freshName());
    const ctx: LibraryContext = { storage, now: () => 7 };
    const a = ok(await addFlow(ctx, blankFlowForTest('One')));
    ok(await addFlow(ctx, blankFlowForTest('Two')));
    const removed = ok(await removeFlow(ctx, a.id));
    expect(ok(await listFlows(ctx)).flows.map((f) => f.name)).toEqual(['Two']);
    ok(await restoreRemoved(ctx, removed));
    expect(ok(await listFlows(ctx)).flows.map((f) => f.name)).toEqual(['One', 'Two']);
    expect(await textOf(ok(await getFlowRecord(ctx, a.id)).flowText)).toBe(await textOf(a.flowText));
  });

  it('mends the entries when the stores disagree: a record written by other means is listed, a left-over entry dropped', async () => {
    const name = freshName();
    const storage = indexedDbLibrary(name);
    const ctx: LibraryContext = { storage };
    ok(await addFlow(ctx, blankFlowForTest('Listed')));
    const db = await openDB(name);
    await db.put('flows' as never, sampleRecord('direct', 'Written directly', 50) as never);
    await db.put('listing' as never, { id: 'gone', name: 'Gone', modules: 1, perMonth: null, createdAt: 0, updatedAt: 0 } as never, 'gone' as never);
    await db.put('flows' as never, { id: 'direct-bad', flowText: 3 } as never);
    db.close();
    const listing = ok(await listFlows(ctx));
    expect(listing.flows.map((f) => f.name).sort()).toEqual(['Listed', 'Written directly']);
    expect(listing.unreadable.map((u) => [u.id, u.problem])).toEqual([['direct-bad', 'the record holds no flow']]);
    const keys = (await rawStore(name, 'listing')).map(([k]) => k);
    expect(keys).toHaveLength(3);
    expect(keys).toEqual(expect.arrayContaining(['direct', 'direct-bad']));
    expect(keys).not.toContain('gone');
  });

  it('a damaged list entry is not trusted: its record is read instead', async () => {
    const name = freshName();
    const storage = indexedDbLibrary(name);
    const ctx: LibraryContext = { storage };
    const a = ok(await addFlow(ctx, blankFlowForTest('Kept')));
    const db = await openDB(name);
    await db.put('listing' as never, { id: a.id, name: 7 } as never, a.id as never);
    db.close();
    expect(ok(await listFlows(ctx)).flows.map((f) => f.name)).toEqual(['Kept']);
  });
});
