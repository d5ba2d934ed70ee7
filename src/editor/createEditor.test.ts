// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
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
