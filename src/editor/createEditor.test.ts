// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { indexedDbLibrary } from '../store/libraryDb';
import { testEditor } from './testing';
import { ImportClient, type ImportWorkerLike } from '../workers/importClient';

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
    // Started with the flow shown (the start the failed download owed): it is the open entry.
    expect(library.state.getState().ready).toBe(true);
    expect(library.state.getState().listing?.flows.map((f) => f.id)).toEqual([library.state.getState().currentId]);
    editor.dispose();
  });
});
