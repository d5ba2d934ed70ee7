/**
 * A first visit (nothing stored: the sample shown), wired as createEditor wires it: the autosave
 * (initPersistence) first, then the library started with the record it restored. The sample is
 * stored nowhere until the user's first change, so "Nothing to save yet" is true, and reloads
 * without an edit add nothing to the library.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createEditorStore, emptyFlow } from './editor';
import { indexedDbLibrary, type LibraryStorage } from './libraryDb';
import { createLibrarySession } from './librarySession';
import { LIBRARY_MESSAGES, listFlows, listVersions, openFlow } from './library';
import { initPersistence, STORAGE_KEY } from './persistence';
import { MemoryStorage } from './testing/storage';
import { parseFlow } from '../io/parse';
import { serializeFlow } from '../io/serialize';
import { defaultSampleFlow } from '../io/samples/index';
import { setFlowName } from './operations';
import { blankFlowForTest, quotaFull } from './testing/library';

let dbs = 0;

/** One page: the editor store, its autosave and its library session, started as createEditor starts them. */
async function visit(local: MemoryStorage | null, library: LibraryStorage, tab: { open: string | null } = { open: null }) {
  const store = createEditorStore(emptyFlow());
  const session = createLibrarySession({ store, storage: library, delayMs: 0, preferredId: tab.open, onOpen: (id) => (tab.open = id) });
  const autosave = initPersistence(store, null, local, parseFlow, { flowId: () => session.state.getState().currentId });
  await session.start(autosave.restoredRecord ?? null);
  const leave = async () => {
    autosave.flush();
    await session.flush();
    autosave.stop();
    session.stop();
  };
  return { store, session, autosave, leave };
}

const entries = async (library: LibraryStorage) => {
  const listed = await listFlows({ storage: library });
  if (!listed.ok) throw new Error(listed.error.message);
  return listed.value.flows;
};

describe('a first visit: the sample is stored nowhere until the first change', () => {
  it('three visits without an edit store nothing ("Nothing to save yet" stays true); the first edit saves it to both, once, and the reload says "Saved locally"', async () => {
    const local = new MemoryStorage();
    const library = indexedDbLibrary(`first-visit-${++dbs}-${Date.now()}`);
    for (let i = 0; i < 3; i++) {
      const page = await visit(local, library);
      expect(page.store.getState().flow.name).toBe(defaultSampleFlow().name);
      expect(page.session.state.getState().ready).toBe(true);
      // The label's claim, checked against what is stored.
      expect(page.store.getState().storage.state).toBe('unsaved');
      expect(local.getItem(STORAGE_KEY)).toBeNull();
      expect(await entries(library)).toEqual([]);
      expect(page.session.state.getState().listing?.flows).toEqual([]);
      expect(page.session.state.getState().untouched).toBe(true);
      await page.leave();
    }
    expect(await entries(library)).toEqual([]);

    // The first change: saved as today, into the working copy and one library entry that it names.
    const page = await visit(local, library);
    page.store.getState().edit('Rename flow', (d) => void setFlowName(d, 'Mine'));
    expect(page.session.state.getState().untouched).toBe(false);
    const id = page.session.state.getState().currentId;
    expect(id).not.toBeNull();
    await page.leave();
    const stored = JSON.parse(local.getItem(STORAGE_KEY)!) as { flowId?: string; flowText: string };
    expect(stored.flowId).toBe(id);
    expect((await entries(library)).map((f) => [f.id, f.name])).toEqual([[id, 'Mine']]);

    // Reloads after the edit: the same flow, "Saved locally" (not "Nothing to save yet"), still one entry.
    for (let i = 0; i < 2; i++) {
      const again = await visit(local, library);
      expect(again.store.getState().flow.name).toBe('Mine');
      // 'idle' after a restore: the top bar's "Saved locally".
      expect(again.store.getState().storage.state).toBe('idle');
      expect(again.session.state.getState().currentId).toBe(id);
      await again.leave();
    }
    expect((await entries(library)).map((f) => f.id)).toEqual([id]);
  });

  it('an edit made while the start reads the library list (edits are watched only after it) is kept as the first change: one entry, named by the working copy', async () => {
    const local = new MemoryStorage();
    const library = indexedDbLibrary(`first-visit-${++dbs}-${Date.now()}`);
    const store = createEditorStore(emptyFlow());
    const session = createLibrarySession({ store, storage: library, delayMs: 0, preferredId: null, onOpen: () => {} });
    const autosave = initPersistence(store, null, local, parseFlow, { flowId: () => session.state.getState().currentId });
    const started = session.start(autosave.restoredRecord ?? null);
    // The start has found the sample untouched and is reading the list (IndexedDB answers in a later task).
    await Promise.resolve();
    await Promise.resolve();
    expect(session.state.getState().ready).toBe(false);
    store.getState().edit('Rename flow', (d) => void setFlowName(d, 'Mine'));
    await started;
    expect(session.state.getState().untouched).toBe(false);
    const id = session.state.getState().currentId;
    expect(id).not.toBeNull();
    autosave.flush();
    await session.flush();
    expect((await entries(library)).map((f) => [f.id, f.name])).toEqual([[id, 'Mine']]);
    expect((JSON.parse(local.getItem(STORAGE_KEY)!) as { flowId?: string }).flowId).toBe(id);
    autosave.stop();
    session.stop();
  });

  it('without localStorage (the library alone), reloads without an edit add nothing either; an edit keeps one entry, reopened by the tab', async () => {
    const library = indexedDbLibrary(`first-visit-${++dbs}-${Date.now()}`);
    const tab = { open: null as string | null };
    for (let i = 0; i < 2; i++) await (await visit(null, library, tab)).leave();
    expect(await entries(library)).toEqual([]);
    expect(tab.open).toBeNull();
    const page = await visit(null, library, tab);
    page.store.getState().edit('Rename flow', (d) => void setFlowName(d, 'Mine'));
    await page.leave();
    const again = await visit(null, library, tab);
    expect(again.store.getState().flow.name).toBe('Mine');
    await again.leave();
    expect((await entries(library)).map((f) => f.name)).toEqual(['Mine']);
  });

  it('an import over the untouched sample saves the imported flow (one entry), and keeps no version of the sample', async () => {
    const local = new MemoryStorage();
    const library = indexedDbLibrary(`first-visit-${++dbs}-${Date.now()}`);
    const page = await visit(local, library);
    page.store.getState().loadFlow(blankFlowForTest('Imported'), 'Import “imported.json”');
    await page.leave();
    const flows = await entries(library);
    expect(flows.map((f) => f.name)).toEqual(['Imported']);
    const versions = await listVersions({ storage: library }, flows[0]!.id);
    expect(versions.ok && versions.value).toEqual([]);
    expect(JSON.parse(local.getItem(STORAGE_KEY)!).flowId).toBe(flows[0]!.id);
  });

  it('opening a library flow before any edit opens it and leaves the sample unsaved; the reload reopens that flow', async () => {
    const local = new MemoryStorage();
    const library = indexedDbLibrary(`first-visit-${++dbs}-${Date.now()}`);
    // A flow kept from before (its working copy since cleared, say).
    const first = await visit(local, library);
    first.store.getState().edit('Rename flow', (d) => void setFlowName(d, 'Kept'));
    const kept = first.session.state.getState().currentId!;
    await first.leave();
    local.removeItem(STORAGE_KEY);

    const page = await visit(local, library);
    expect(page.session.state.getState().untouched).toBe(true);
    expect(await page.session.open(kept)).toBe(true);
    expect(page.store.getState().flow.name).toBe('Kept');
    expect(page.session.state.getState().untouched).toBe(false);
    await page.leave();
    expect((await entries(library)).map((f) => f.id)).toEqual([kept]);
    const again = await visit(local, library);
    expect(again.store.getState().flow.name).toBe('Kept');
    await again.leave();
  });

  it('a version saved of the untouched sample keeps it as an entry (the user asked), once', async () => {
    const local = new MemoryStorage();
    const library = indexedDbLibrary(`first-visit-${++dbs}-${Date.now()}`);
    const page = await visit(local, library);
    // The Versions dialog lists none (not "Reading…" for ever).
    await page.session.loadVersions();
    expect(page.session.state.getState().versions).toEqual([]);
    expect(await page.session.saveVersion('Start')).toBe(true);
    const id = page.session.state.getState().currentId!;
    expect(page.session.state.getState().versions!.map((r) => r.version.name)).toEqual(['Start']);
    await page.leave();
    const opened = await openFlow({ storage: library }, id);
    expect(opened.ok && serializeFlow(opened.value.flow)).toBe(serializeFlow(defaultSampleFlow()));
    expect((await entries(library)).map((f) => f.id)).toEqual([id]);
  });
  it('storage errors: a full library says nothing while nothing is written, and says so at the first change (the working copy still saved); a library that cannot be read is off, as at any start', async () => {
    const local = new MemoryStorage();
    const full = quotaFull(indexedDbLibrary(`first-visit-${++dbs}-${Date.now()}`));
    const page = await visit(local, full);
    expect(page.store.getState().ui.toast).toBeNull();
    expect(page.store.getState().storage.state).toBe('unsaved');
    page.store.getState().edit('Rename flow', (d) => void setFlowName(d, 'Mine'));
    await page.leave();
    expect(page.store.getState().ui.toast?.message).toBe(LIBRARY_MESSAGES.quota);
    expect(page.store.getState().storage.state).toBe('saved');
    expect(JSON.parse(local.getItem(STORAGE_KEY)!).flowText).toMatch(/"Mine"/);

    const blocked = () => Promise.reject(new Error('blocked'));
    const unreadable: LibraryStorage = { ...indexedDbLibrary(`first-visit-${++dbs}-${Date.now()}`), listFlows: blocked, getMeta: blocked };
    const off = await visit(new MemoryStorage(), unreadable);
    expect(await off.session.usable()).toBe(false);
    expect(off.store.getState().ui.toast?.message).toBe(LIBRARY_MESSAGES.failed);
    await off.leave();
  });
});
