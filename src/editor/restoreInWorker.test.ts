/**
 * A large working copy restored through the import worker at start (restoreInWorker.ts): the
 * decision, and that nothing stored is lost or written over while it is read (edits, Cancel, a
 * copy the worker refuses).
 */
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { testEditor } from './testing';
import { generateFlow } from '../model/generate';
import { serializeFlow } from '../io/serialize';
import { indexedDbLibrary } from '../store/libraryDb';
import { textOf } from '../store/storedText';
import { restoresInWorker, STORAGE_KEY, type StorageLike } from '../store/persistence';
import { ImportClient } from '../workers/importClient';
import { inProcessImportWorker } from '../workers/testing';
import { addModule } from '../store/moduleRecipes';
import { nameOf, PLACEHOLDER_NAME, progressTitle } from './restoreInWorker';

function memory(): StorageLike & { items: Map<string, string>; writes: string[] } {
  const items = new Map<string, string>();
  const writes: string[] = [];
  return {
    items,
    writes,
    getItem: (k) => items.get(k) ?? null,
    setItem: (k, v) => {
      writes.push(k);
      items.set(k, v);
    },
    removeItem: (k) => void items.delete(k),
  };
}

let dbs = 0;
// A flow text from 256 kB on is read in the worker by the library's reader (READ_ON_PAGE_BELOW): 800 modules.
const FROM = 2000;

/** An editor as the app makes it (a library, its reader's worker in process), a working copy of `flowText` stored. */
function setup(flowText: string, flowId?: string) {
  const storage = memory();
  const stored = JSON.stringify({ storageVersion: 1, savedAt: 1000, tabId: 'other', flowText, ...(flowId ? { flowId } : {}) });
  storage.items.set(STORAGE_KEY, stored);
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const { worker, posted } = inProcessImportWorker(gate);
  const library = indexedDbLibrary(`restore-in-worker-${++dbs}-${Date.now()}`);
  const editor = testEditor({
    storage,
    library,
    tab: null,
    parseFlow: undefined,
    restoreInWorkerFrom: FROM,
    importClient: () => new ImportClient({ createWorker: () => worker, mainThreadBelowBytes: 0 }),
  });
  /** The app's start: the restore decided, persistence started, the copy handed to the worker (which reads once `open` is called). */
  const startReading = async () => {
    await editor.readyToRestore();
    editor.startPersistence(null);
    await vi.waitFor(() => expect(posted).toHaveLength(1), { timeout: 10_000 });
  };
  return { editor, storage, stored, library, posted, open, startReading };
}

const big = (name: string) => {
  const flow = generateFlow({ modules: 800, seed: 7 });
  flow.name = name;
  return serializeFlow(flow);
};

describe('which working copy is read in the import worker', () => {
  it('a record as long as the threshold or longer; a small flow and none stay on the page', () => {
    expect(restoresInWorker(null)).toBe(false);
    expect(restoresInWorker('x'.repeat(9), 10)).toBe(false);
    expect(restoresInWorker('x'.repeat(10), 10)).toBe(true);
    // A 1,000-module flow (first paint measured in docs/performance.md) stays synchronous.
    const record = JSON.stringify({ storageVersion: 1, savedAt: 1, tabId: 'x', flowText: serializeFlow(generateFlow({ modules: 1000, seed: 1 })) });
    expect(restoresInWorker(record)).toBe(false);
  });
});

describe('the name the progress shows', () => {
  it('is read from the head of the text, escapes and all; none when the head is not as serializeFlow writes it', () => {
    const flow = generateFlow({ modules: 3, seed: 1 });
    flow.name = 'A "quoted" \\ name';
    expect(nameOf(serializeFlow(flow))).toBe('A "quoted" \\ name');
    expect(nameOf('{"name": "x"}')).toBeUndefined();
    expect(nameOf('not json')).toBeUndefined();
    expect(progressTitle('Q3 plan')).toBe('Reopening “Q3 plan”');
    expect(progressTitle(undefined)).toBe('Opening your saved flow');
  });
});

describe('restoring a large working copy in the import worker', () => {
  it('shows a placeholder while the worker reads it, writes nothing meanwhile, then shows the flow as stored', async () => {
    const text = big('Large saved flow');
    const s = setup(text, 'entry-1');
    expect(s.stored.length).toBeGreaterThanOrEqual(FROM);
    await s.editor.readyToRestore();
    expect(s.editor.startPersistence(null)).toBeNull();
    expect(s.editor.store.getState().flow.name).toBe(PLACEHOLDER_NAME);
    // Nothing is saved while it opens: the top bar says it is being reopened, not "Saved locally".
    expect(s.editor.store.getState().storage.state).toBe('opening');
    // Give the start every chance to write (library code, worker post) before the worker answers.
    await new Promise((r) => setTimeout(r, 50));
    expect(s.storage.writes).toEqual([]);
    expect(s.editor.autosave).toBeNull();
    expect(s.editor.store.getState().storage.state).toBe('opening');
    // The progress says what happens: the flow saved in this browser reopened (not "from the library").
    await vi.waitFor(() => expect(s.posted).toHaveLength(1), { timeout: 10_000 });
    expect(s.editor.libraryReader()!.getState()).toMatchObject({ status: 'running', title: 'Reopening “Large saved flow”' });
    s.open();
    await s.editor.libraryStarted;
    expect(s.posted).toHaveLength(1);
    expect(serializeFlow(s.editor.store.getState().flow)).toBe(text);
    expect(s.storage.items.get(STORAGE_KEY)).toBe(s.stored);
    expect(s.editor.library?.state.getState().currentId).toBe('entry-1');
    expect(s.editor.autosave?.restoredRecord?.flowId).toBe('entry-1');
    expect(s.editor.store.getState().storage.state).not.toBe('opening');
    s.editor.dispose();
  });

  it('keeps edits made while it is read as a new flow of their own; the entry the copy names gets the copy and keeps its name', async () => {
    const text = big('Quarterly plan');
    const s = setup(text, 'entry-2');
    await s.startReading();
    s.editor.store.getState().edit('Add module', (d) => addModule(d, 'action', { x: 0, y: 0 }, { id: 'mine' }));
    s.open();
    await s.editor.libraryStarted;
    await s.editor.library!.flush();
    // The user's flow stays, named as a new flow (never the placeholder's name), with no undo step for it.
    const mine = s.editor.store.getState().flow;
    expect(mine.modules.map((m) => m.id)).toEqual(['mine']);
    expect(mine.name).toBe('Untitled flow');
    s.editor.store.getState().undo();
    expect(s.editor.store.getState().flow.name).toBe('Untitled flow');
    s.editor.store.getState().redo();
    // The copy read is its entry's flow, under its own name; the user's flow an entry of its own, open.
    const entry = (await s.library.getFlow('entry-2')) as { name: string; flowText: Blob | string };
    expect(entry.name).toBe('Quarterly plan');
    expect(await textOf(entry.flowText)).toBe(text);
    const currentId = s.editor.library!.state.getState().currentId;
    expect(currentId).not.toBe('entry-2');
    expect(((await s.library.getFlow(currentId!)) as { name: string }).name).toBe('Untitled flow');
    expect(s.editor.store.getState().ui.toast?.message).toMatch(/“Quarterly plan” is in the library.*“Untitled flow”/);
    // Then, and only then, the user's flow is saved as the working copy, naming its own entry.
    s.editor.autosave!.flush();
    const saved = JSON.parse(s.storage.items.get(STORAGE_KEY)!) as { flowText: string; flowId?: string };
    expect(saved.flowText).toBe(serializeFlow(s.editor.store.getState().flow));
    expect(saved.flowId).toBe(currentId);
    s.editor.dispose();
  });

  it('edits made while it is read, the entry saved after the copy: the entry keeps its newer flow, the copy read is kept as its version', async () => {
    const text = big('Quarterly plan');
    const s = setup(text, 'entry-6');
    const newer = generateFlow({ modules: 3, seed: 2 });
    newer.name = 'Quarterly plan (newer)';
    await s.library.putFlow({ id: 'entry-6', name: newer.name, flowText: serializeFlow(newer), modules: 3, perMonth: null, createdAt: 500, updatedAt: 5000 });
    await s.startReading();
    s.editor.store.getState().edit('Add module', (d) => addModule(d, 'action', { x: 0, y: 0 }, { id: 'mine' }));
    s.open();
    await s.editor.libraryStarted;
    await s.editor.library!.flush();
    const entry = (await s.library.getFlow('entry-6')) as { name: string; flowText: Blob | string };
    expect(entry.name).toBe('Quarterly plan (newer)');
    expect(await textOf(entry.flowText)).toBe(serializeFlow(newer));
    const versions = (await s.library.listVersions('entry-6')) as { kind: string; flowText: Blob | string }[];
    const kept = versions.filter((v) => v.kind === 'unopened').map((v) => v.flowText);
    expect(kept).toHaveLength(1);
    expect(await textOf(kept[0]!)).toBe(text);
    expect(s.editor.library!.state.getState().currentId).not.toBe('entry-6');
    expect(s.editor.store.getState().flow.modules.map((m) => m.id)).toEqual(['mine']);
    s.editor.dispose();
  });

  it('a library command asked while the library loads gets it started, with the flow restored', async () => {
    const text = big('Large saved flow');
    const s = setup(text, 'entry-7');
    s.open();
    await s.editor.readyToRestore();
    expect(s.editor.startPersistence(null)).toBeNull();
    const usable = s.editor.loadLibrary().then((session) => session!.usable());
    await s.editor.libraryStarted;
    expect(s.editor.store.getState().flow.name).toBe('Large saved flow');
    expect(await usable).toBe(true);
    expect(s.editor.library!.state.getState().currentId).toBe('entry-7');
    s.editor.dispose();
  });

  it('Cancel leaves the entry the copy names as it is (its name, its flow); what the user has is a new "Untitled flow" (edits made before Cancel too)', async () => {
    const text = big('Large saved flow');
    const s = setup(text, 'entry-3');
    // The entry of the working copy, as the library has it: saved with the copy.
    await s.library.putFlow({ id: 'entry-3', name: 'Large saved flow', flowText: text, modules: 800, perMonth: null, createdAt: 500, updatedAt: 1000 });
    await s.startReading();
    // An edit made on the placeholder before Cancel.
    s.editor.store.getState().edit('Add module', (d) => addModule(d, 'action', { x: 0, y: 0 }, { id: 'before' }));
    s.editor.libraryReader()!.cancel();
    await s.editor.libraryStarted;
    s.open();
    expect(s.editor.store.getState().storage.state).not.toBe('error');
    expect(s.editor.store.getState().storage.state).not.toBe('opening');
    s.editor.store.getState().edit('Add module', (d) => addModule(d, 'action', { x: 40, y: 0 }, { id: 'after' }));
    s.editor.autosave!.flush();
    await s.editor.library!.flush();
    // The user's entry: untouched, and no version needed (it holds the copy).
    const entry = (await s.library.getFlow('entry-3')) as { name: string; flowText: Blob | string };
    expect(entry.name).toBe('Large saved flow');
    expect(await textOf(entry.flowText)).toBe(text);
    expect(await s.library.listVersions('entry-3')).toEqual([]);
    // What the user has is a new entry of its own, named as a new flow, open; the working copy names it.
    const currentId = s.editor.library!.state.getState().currentId!;
    expect(currentId).not.toBe('entry-3');
    const mine = (await s.library.getFlow(currentId)) as { name: string; flowText: Blob | string };
    expect(mine.name).toBe('Untitled flow');
    const saved = JSON.parse(s.storage.items.get(STORAGE_KEY)!) as { flowText: string; flowId?: string };
    expect(saved.flowId).toBe(currentId);
    expect((JSON.parse(saved.flowText) as { modules: { id: string }[] }).modules.map((m) => m.id)).toEqual(['before', 'after']);
    expect(await textOf(mine.flowText)).toBe(saved.flowText);
    expect(s.editor.store.getState().storage.notice).toMatch(/^“Large saved flow” is in File › Library; opening it was cancelled\. What you do here is saved as a new flow, “Untitled flow”\.$/);
    s.editor.dispose();
  });

  it('Cancel, the copy newer than its entry: the entry keeps its name and flow, the copy is kept unread as its version, and the notice says where', async () => {
    const text = big('Large saved flow');
    const s = setup(text, 'entry-9');
    const older = generateFlow({ modules: 3, seed: 2 });
    older.name = 'Large saved flow';
    await s.library.putFlow({ id: 'entry-9', name: older.name, flowText: serializeFlow(older), modules: 3, perMonth: null, createdAt: 100, updatedAt: 500 });
    await s.startReading();
    s.editor.libraryReader()!.cancel();
    await s.editor.libraryStarted;
    s.open();
    await s.editor.library!.flush();
    const entry = (await s.library.getFlow('entry-9')) as { name: string; flowText: Blob | string; updatedAt: number };
    expect(entry.name).toBe('Large saved flow');
    expect(await textOf(entry.flowText)).toBe(serializeFlow(older));
    expect(entry.updatedAt).toBe(500);
    const versions = (await s.library.listVersions('entry-9')) as { kind: string; name: string; flowText: Blob | string; modules: number }[];
    expect(versions).toHaveLength(1);
    expect(versions[0]!.kind).toBe('unopened');
    // Kept unread, with its module count all the same (counted in its text, not 0).
    expect(versions[0]!.modules).toBe(800);
    expect(await textOf(versions[0]!.flowText)).toBe(text);
    expect(s.editor.store.getState().storage.notice).toContain(`“Large saved flow” is in File › Library; opening it was cancelled. Its newest copy, saved in this browser, is kept as its version “${versions[0]!.name}” (File › Versions).`);
    expect(s.editor.store.getState().flow.name).toBe('Untitled flow');
    expect(s.editor.library!.state.getState().currentId).not.toBe('entry-9');
    s.editor.dispose();
  });

  it('Cancel with no entry there: the stored copy is kept as a version of the entry it names, which the flow shown is saved into', async () => {
    const text = big('Large saved flow');
    const s = setup(text, 'entry-10');
    await s.startReading();
    s.editor.libraryReader()!.cancel();
    await s.editor.libraryStarted;
    s.open();
    const versions = (await s.library.listVersions('entry-10')) as { kind: string; flowText: Blob | string; modules: number }[];
    const unopened = versions.filter((v) => v.kind === 'unopened');
    expect(unopened).toHaveLength(1);
    // The missing entry's copy is kept with its module count, not 0.
    expect(unopened[0]!.modules).toBe(800);
    expect(await textOf(unopened[0]!.flowText)).toBe(text);
    expect(s.editor.store.getState().storage.notice).toMatch(/File › Versions/);
    s.editor.store.getState().edit('Add module', (d) => addModule(d, 'action', { x: 40, y: 0 }, { id: 'after' }));
    s.editor.autosave!.flush();
    await s.editor.library!.flush();
    expect(s.editor.library!.state.getState().currentId).toBe('entry-10');
    const saved = JSON.parse(s.storage.items.get(STORAGE_KEY)!) as { flowText: string; flowId?: string };
    expect(saved.flowId).toBe('entry-10');
    s.editor.dispose();
  });

  it('edits made while it is read, the copy not put in its entry (a failed write): one message, no error toast, and the entry is not written over', async () => {
    const text = big('Quarterly plan');
    const s = setup(text, 'entry-11');
    // The entry saved before the copy, with an older flow: the copy read would be written into it.
    const older = generateFlow({ modules: 3, seed: 2 });
    older.name = 'Quarterly plan';
    await s.library.putFlow({ id: 'entry-11', name: older.name, flowText: serializeFlow(older), modules: 3, perMonth: null, createdAt: 500, updatedAt: 900 });
    const putFlow = s.library.putFlow.bind(s.library);
    let refusals = 1;
    s.library.putFlow = (record) => (refusals-- > 0 ? Promise.reject(new Error('disk')) : putFlow(record));
    const toasts: { kind: string; message: string }[] = [];
    s.editor.store.subscribe((st, prev) => {
      if (st.ui.toast && st.ui.toast !== prev.ui.toast) toasts.push(st.ui.toast);
    });
    await s.startReading();
    s.editor.store.getState().edit('Add module', (d) => addModule(d, 'action', { x: 0, y: 0 }, { id: 'mine' }));
    s.open();
    await s.editor.libraryStarted;
    await s.editor.library!.flush();
    expect(toasts.map((t) => t.kind)).toEqual(['info']);
    const versions = (await s.library.listVersions('entry-11')) as { kind: string; name: string; flowText: Blob | string }[];
    expect(versions.map((v) => v.kind)).toEqual(['unopened']);
    expect(await textOf(versions[0]!.flowText)).toBe(text);
    expect(toasts[0]!.message).toContain(`“Quarterly plan” is in the library (File › Library). The copy saved in this browser is kept as its version “${versions[0]!.name}” (File › Versions).`);
    const entry = (await s.library.getFlow('entry-11')) as { name: string; flowText: Blob | string };
    expect(entry.name).toBe('Quarterly plan');
    expect(await textOf(entry.flowText)).toBe(serializeFlow(older));
    expect(s.editor.library!.state.getState().currentId).not.toBe('entry-11');
    expect(s.editor.store.getState().flow.modules.map((m) => m.id)).toEqual(['mine']);
    s.editor.dispose();
  });

  it('Cancel when the copy cannot be kept (storage full): nothing is written over it, and its download is offered', async () => {
    const text = big('Large saved flow');
    const s = setup(text, 'entry-6');
    s.library.putVersion = () => Promise.reject(new DOMException('full', 'QuotaExceededError'));
    await s.startReading();
    s.editor.libraryReader()!.cancel();
    await s.editor.libraryStarted;
    s.open();
    const storage = s.editor.store.getState().storage;
    expect(storage.state).toBe('held');
    expect(storage.notice).toMatch(/could not be kept/);
    expect(storage.unreadable).toMatchObject({ key: STORAGE_KEY, leftInPlace: true });
    s.editor.store.getState().edit('Add module', (d) => addModule(d, 'action', { x: 0, y: 0 }, { id: 'mine' }));
    s.editor.autosave?.flush();
    await s.editor.library?.flush();
    await new Promise((r) => setTimeout(r, 500));
    expect(s.storage.writes).toEqual([]);
    expect(s.storage.items.get(STORAGE_KEY)).toBe(s.stored);
    expect(await s.library.getFlow('entry-6')).toBeUndefined();
    // The download gives the stored flow as a file; only then does the autosave go on.
    expect(s.editor.autosave!.takeUnreadable()).toBe(text);
    s.editor.dispose();
  });

  it('an older file version is migrated in the worker and the notice says so, as on the page', async () => {
    const file = JSON.parse(big('Saved in version 2')) as Record<string, unknown>;
    file.version = 2;
    const s = setup(JSON.stringify(file, null, 2), 'entry-5');
    s.open();
    await s.editor.readyToRestore();
    s.editor.startPersistence(null);
    await s.editor.libraryStarted;
    expect(s.posted).toHaveLength(1);
    expect(s.editor.store.getState().flow.name).toBe('Saved in version 2');
    expect(s.editor.store.getState().storage.notice).toMatch(/older version \(file version 2\)/);
    s.editor.dispose();
  });

  it('a copy the worker refuses, the placeholder edited meanwhile: the edits are kept as a new flow, never under the placeholder’s name', async () => {
    const text = big('Broken').replace('"modules"', '"modulez"');
    const s = setup(text, 'entry-8');
    await s.startReading();
    s.editor.store.getState().edit('Add module', (d) => addModule(d, 'action', { x: 0, y: 0 }, { id: 'mine' }));
    s.open();
    await s.editor.libraryStarted;
    await s.editor.library!.flush();
    expect(s.editor.store.getState().flow.name).toBe('Untitled flow');
    const currentId = s.editor.library!.state.getState().currentId!;
    expect(((await s.library.getFlow(currentId)) as { name: string }).name).toBe('Untitled flow');
    expect(s.storage.items.get(s.editor.store.getState().storage.unreadable!.key)).toBe(s.stored);
    s.editor.dispose();
  });

  it('a copy the worker refuses is dealt with as on the page: moved aside, the unreadable banner, the sample', async () => {
    const text = big('Broken').replace('"modules"', '"modulez"');
    const s = setup(text, 'entry-4');
    s.open();
    await s.editor.readyToRestore();
    s.editor.startPersistence(null);
    await s.editor.libraryStarted;
    expect(s.posted).toHaveLength(1);
    // The same copy restored on the page (no library), as before.
    const onPage = testEditor({ storage: memory(), parseFlow: undefined });
    onPage.storage!.setItem(STORAGE_KEY, s.stored);
    await onPage.readyToRestore();
    onPage.startPersistence(null);
    const state = s.editor.store.getState();
    const expected = onPage.store.getState();
    expect(state.flow).toEqual(expected.flow);
    expect(state.storage.unreadable).toEqual({ ...expected.storage.unreadable, key: state.storage.unreadable!.key });
    expect(state.storage.notice?.replace(/backup:\d+/, '')).toBe(expected.storage.notice?.replace(/backup:\d+/, ''));
    expect(s.storage.items.get(STORAGE_KEY)).toBeUndefined();
    expect(s.storage.items.get(state.storage.unreadable!.key)).toBe(s.stored);
    s.editor.dispose();
    onPage.dispose();
  });
});
