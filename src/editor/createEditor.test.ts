// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { indexedDbLibrary } from '../store/libraryDb';
import { testEditor } from './testing';
import { ImportClient, type ImportWorkerLike } from '../workers/importClient';
import { generateFlow } from '../model/generate';
import { serializeFlow } from '../io/serialize';
import { STORAGE_KEY, type StorageLike } from '../store/persistence';
import { addModule } from '../store/moduleRecipes';
import { NOT_OPENED_FAILED, NOT_OPENED_OFFLINE } from './createEditor';

/** An import client whose dispose is counted. */
function countedClient(disposed: { count: number }) {
  return () => {
    const worker: ImportWorkerLike = { onmessage: null, onerror: null, postMessage() {}, terminate() {} };
    const client = new ImportClient({ createWorker: () => worker, mainThreadBelowBytes: 0 });
    const dispose = client.dispose.bind(client);
    client.dispose = () => {
      disposed.count++;
      dispose();
    };
    return client;
  };
}

describe('an editor closed (dispose) while an import client is being made', () => {
  it('keeps no client and leaves no worker behind', async () => {
    const disposed = { count: 0 };
    const editor = testEditor({ importClient: countedClient(disposed) });
    const asked = editor.importer();
    editor.dispose();
    await expect(asked).rejects.toThrow(/closed/);
    expect(disposed.count).toBe(1);
    expect(editor.importing.getState().client).toBeNull();
    expect(editor.libraryReader()).toBeNull();
  });
});

describe("the library's code not downloaded (offline after an update)", () => {
  it('a command says so as the other lazy code does, and the next try loads the library, started with the restored flow', async () => {
    const editor = testEditor({ library: indexedDbLibrary(`editor-offline-${Date.now()}`) });
    vi.doMock('../store/librarySession', () => {
      throw new Error('Failed to fetch dynamically imported module');
    });
    try {
      editor.startPersistence(null);
      await editor.libraryStarted;
      expect(editor.library).toBeNull();
      await editor.commands.run('library.show');
      expect(editor.store.getState().ui.toast).toMatchObject({ kind: 'error', message: expect.stringMatching(/did not download/) });
      expect(editor.store.getState().ui.dialog).toBeNull();
    } finally {
      vi.doUnmock('../store/librarySession');
    }
    await editor.commands.run('library.show');
    expect(editor.store.getState().ui.dialog?.kind).toBe('library');
    const library = editor.library!;
    // Started with the flow shown (the start the failed download owed): the sample, untouched, is
    // stored nowhere yet; its first change makes it the open entry.
    expect(library.state.getState().ready).toBe(true);
    expect(library.state.getState().untouched).toBe(true);
    editor.store.getState().edit('Rename flow', (d) => void (d.name = 'Mine'));
    await library.flush();
    expect(library.state.getState().currentId).not.toBeNull();
    expect(library.state.getState().listing?.flows.map((f) => f.id)).toEqual([library.state.getState().currentId]);
    editor.dispose();
  });
});

describe('a large working copy (read in the import worker at start) when code does not download', () => {
  function memory(): StorageLike & { items: Map<string, string> } {
    const items = new Map<string, string>();
    return { items, getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v), removeItem: (k) => void items.delete(k) };
  }
  const flow = generateFlow({ modules: 50, seed: 3 });
  const stored = JSON.stringify({ storageVersion: 1, savedAt: 1000, tabId: 'other', flowText: serializeFlow(flow), flowId: 'e1' });
  const large = (name: string) => {
    const storage = memory();
    storage.items.set(STORAGE_KEY, stored);
    const editor = testEditor({ storage, library: indexedDbLibrary(`${name}-${Date.now()}`), tab: null, parseFlow: undefined, restoreInWorkerFrom: 100 });
    return { storage, editor };
  };

  it("the library's code: read on the page, and the next library command gets the library started with its record", async () => {
    const { editor } = large('large-offline');
    vi.doMock('../store/librarySession', () => {
      throw new Error('Failed to fetch dynamically imported module');
    });
    try {
      await editor.readyToRestore();
      expect(editor.startPersistence(null)).toBeNull();
      await editor.libraryStarted;
      expect(editor.store.getState().flow.name).toBe(flow.name);
      expect(editor.autosave).not.toBeNull();
    } finally {
      vi.doUnmock('../store/librarySession');
    }
    await editor.commands.run('library.show');
    expect(editor.store.getState().ui.dialog?.kind).toBe('library');
    expect(editor.library!.state.getState()).toMatchObject({ ready: true, currentId: 'e1' });
    editor.dispose();
  });

  it('closed while the page reads it (the file reader loading): no autosave and no listener left', async () => {
    const { editor } = large('large-closed');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let asked = false;
    vi.doMock('../store/librarySession', () => {
      throw new Error('Failed to fetch dynamically imported module');
    });
    vi.doMock('../io/parse', async (original) => {
      asked = true;
      await gate;
      return original();
    });
    const events = { added: 0, addEventListener: () => void events.added++, removeEventListener: () => void events.added-- };
    try {
      await editor.readyToRestore();
      expect(editor.startPersistence(events)).toBeNull();
      await vi.waitFor(() => expect(asked).toBe(true), { timeout: 10_000 });
      editor.dispose();
      release();
      await editor.libraryStarted;
    } finally {
      vi.doUnmock('../store/librarySession');
      vi.doUnmock('../io/parse');
    }
    expect(editor.autosave).toBeNull();
    expect(events.added).toBe(0);
  });

  it('the top bar says the flow is being reopened while it is read; a restore that throws ends in a message, not "Reopening…" for ever, with nothing saved', async () => {
    vi.doMock('./restoreInWorker', () => ({
      restoreInWorker: () => Promise.reject(new Error('boom')),
    }));
    try {
      const { editor, storage } = large('large-throws');
      await editor.readyToRestore();
      expect(editor.startPersistence(null)).toBeNull();
      expect(editor.store.getState().storage.state).toBe('opening');
      await editor.libraryStarted;
      expect(editor.store.getState().storage).toMatchObject({ state: 'error', message: NOT_OPENED_FAILED });
      expect(editor.autosave).toBeNull();
      expect(storage.items.get(STORAGE_KEY)).toBe(stored);
      editor.dispose();
    } finally {
      vi.doUnmock('./restoreInWorker');
    }
  });

  it("the restore's own code: read on the page, the library started; edits made meanwhile: said, and nothing saved over the copy", async () => {
    vi.doMock('./restoreInWorker', () => {
      throw new Error('Failed to fetch dynamically imported module');
    });
    try {
      const untouched = large('large-nochunk');
      await untouched.editor.readyToRestore();
      expect(untouched.editor.startPersistence(null)).toBeNull();
      await untouched.editor.libraryStarted;
      expect(untouched.editor.store.getState().flow.name).toBe(flow.name);
      expect(untouched.editor.autosave).not.toBeNull();
      expect(untouched.editor.library!.state.getState()).toMatchObject({ ready: true, currentId: 'e1' });
      untouched.editor.dispose();

      const edited = large('large-nochunk-edited');
      await edited.editor.readyToRestore();
      expect(edited.editor.startPersistence(null)).toBeNull();
      edited.editor.store.getState().edit('Add module', (d) => addModule(d, 'action', { x: 0, y: 0 }, { id: 'mine' }));
      await edited.editor.libraryStarted;
      expect(edited.editor.store.getState().flow.modules.map((m) => m.id)).toEqual(['mine']);
      expect(edited.editor.store.getState().storage).toMatchObject({ state: 'error', message: NOT_OPENED_OFFLINE });
      expect(edited.editor.autosave).toBeNull();
      expect(edited.storage.items.get(STORAGE_KEY)).toBe(stored);
      edited.editor.dispose();
    } finally {
      vi.doUnmock('./restoreInWorker');
    }
  });
});
