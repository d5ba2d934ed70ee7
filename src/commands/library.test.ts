import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createEditorStore } from '../store/editor';
import { indexedDbLibrary, type LibraryStorage } from '../store/libraryDb';
import { LIBRARY_MESSAGES } from '../store/library';
import { createLibrarySession } from '../store/librarySession';
import { createCommands, type ClipboardAdapter } from './registry';
import { NO_LIBRARY } from './library';
import { testHost } from './testing';
import { defaultSampleFlow } from '../io/samples/index';
import { generateFlow } from '../model/generate';
import { asUsersFlow } from '../store/testing/library';

/** `untouched`: the sample as a first visit shows it (stored nowhere until it changes); else a flow of the user's, made an entry at the start. */
function hostWithLibrary(clipboard: ClipboardAdapter | null = null, storage: LibraryStorage = indexedDbLibrary(`commands-${Math.random()}`), untouched = false) {
  const sample = createEditorStore(defaultSampleFlow());
  const store = untouched ? sample : asUsersFlow(sample);
  const library = createLibrarySession({ store, storage, delayMs: 0 });
  const downloads: [string, string][] = [];
  const host = { store, library, loadLibrary: () => Promise.resolve(library), clipboard, download: (n: string, t: string) => void downloads.push([n, t]), mac: false, viewport: null, centreOfView: null, autosave: null };
  return { ...host, commands: createCommands(host) };
}

describe('the library commands', () => {
  it('Ctrl+S saves a version (it asks for a name), and Export is Ctrl+Shift+S', () => {
    const host = testHost();
    expect(host.commands.match({ key: 's', ctrlKey: true })?.id).toBe('library.saveVersion');
    expect(host.commands.match({ key: 'S', ctrlKey: true, shiftKey: true })?.id).toBe('file.export');
  });

  it('say there is no library when the browser has none, instead of doing nothing', async () => {
    const host = testHost();
    for (const id of ['library.show', 'library.saveVersion', 'library.versions', 'library.copyLink']) {
      host.store.getState().clearToast();
      await host.commands.run(id);
      expect(host.store.getState().ui.toast?.message, id).toBe(NO_LIBRARY);
      expect(host.store.getState().ui.dialog).toBeNull();
    }
  });

  it('save a named version with a payload, and open the versions dialog asking for a name without one', async () => {
    const host = hostWithLibrary();
    await host.library.start(null);
    await host.commands.run('library.saveVersion', { name: 'Before the change' });
    await host.library.loadVersions();
    expect(host.library.state.getState().versions?.map((r) => r.version.name)).toEqual(['Before the change']);
    await host.commands.run('library.saveVersion');
    expect(host.store.getState().ui.dialog).toEqual({ kind: 'versions', payload: { naming: true } });
    host.library.stop();
  });

  it('open, rename and restore a version by id (the rows of the dialogs run these commands), the document changes as one step each', async () => {
    const host = hostWithLibrary();
    await host.library.start(null);
    const first = host.library.state.getState().currentId!;
    await host.commands.run('library.saveVersion', { name: 'Sample as it was' });
    await host.commands.run('library.rename', { id: first, name: 'Renamed' });
    expect(host.store.getState().flow.name).toBe('Renamed');
    expect(host.store.getState().past.at(-1)?.label).toBe('Rename flow');
    await host.library.loadVersions();
    const version = host.library.state.getState().versions![0]!.version;
    await host.commands.run('library.restoreVersion', { id: version.id });
    expect(host.store.getState().flow.name).toBe(defaultSampleFlow().name);
    await host.commands.run('file.new');
    expect(host.library.state.getState().currentId).not.toBe(first);
    await host.commands.run('library.open', { id: first });
    expect(host.library.state.getState().currentId).toBe(first);
    expect(host.store.getState().flow.name).toBe(defaultSampleFlow().name);
    // Duplicate, delete and undo the delete, by id.
    await host.library.refresh();
    const count = () => host.library.state.getState().listing?.flows.length;
    const before = count()!;
    await host.commands.run('library.duplicate', { id: first });
    await host.library.refresh();
    expect(count()).toBe(before + 1);
    const copy = host.library.state.getState().listing!.flows.find((f) => f.id !== first && f.id !== host.library.state.getState().currentId)!;
    await host.commands.run('library.delete', { id: copy.id });
    await host.library.refresh();
    expect(count()).toBe(before);
    await host.commands.run('library.undoDelete');
    await host.library.refresh();
    expect(count()).toBe(before + 1);
    // Without an id they do nothing.
    for (const id of ['library.open', 'library.rename', 'library.restoreVersion', 'library.duplicate', 'library.delete']) expect(await host.commands.run(id, {})).toBe(true);
    await host.library.refresh();
    expect(count()).toBe(before + 1);
    expect(host.library.state.getState().currentId).toBe(first);
    host.library.stop();
  });

  it('New flow opens a new entry without asking, the edited flow kept in the library', async () => {
    const host = hostWithLibrary();
    await host.library.start(null);
    const first = host.library.state.getState().currentId;
    host.store.getState().edit('Rename', (d) => void (d.name = 'Edited'));
    await host.commands.run('file.new');
    expect(host.store.getState().ui.dialog).toBeNull();
    expect(host.store.getState().flow.modules).toHaveLength(1);
    expect(host.library.state.getState().currentId).not.toBe(first);
    await host.library.refresh();
    expect(host.library.state.getState().listing?.flows.map((f) => f.name).sort()).toEqual(['Edited', 'Untitled flow']);
    host.library.stop();
  });

  it('Library… saves the pending edit first, so the row of the open flow has its new name at once', async () => {
    const store = createEditorStore(defaultSampleFlow());
    // A long save delay: without the flush the rename would still be pending when the list is read.
    const library = createLibrarySession({ store, storage: indexedDbLibrary(`commands-${Math.random()}`), delayMs: 60_000 });
    const host = { store, loadLibrary: () => Promise.resolve(library), clipboard: null, download: () => {}, mac: false, viewport: null, centreOfView: null, autosave: null };
    const commands = createCommands(host);
    await library.start(null);
    store.getState().edit('Rename', (d) => void (d.name = 'Renamed just now'));
    await commands.run('library.show');
    expect(store.getState().ui.dialog?.kind).toBe('library');
    await library.refresh();
    expect(library.state.getState().listing?.flows.map((f) => f.name)).toEqual(['Renamed just now']);
    library.stop();
  });

  it('Copy link writes the link to the clipboard; a flow too large for a link is refused with a message, nothing copied', async () => {
    const copied: string[] = [];
    const host = hostWithLibrary({ writeText: async (t) => void copied.push(t), readText: async () => '' });
    await host.library.start(null);
    await host.commands.run('library.copyLink');
    expect(copied).toHaveLength(1);
    expect(copied[0]).toMatch(/#flow=[A-Za-z0-9_-]+$/);
    expect(host.store.getState().ui.toast?.message).toMatch(/^Link copied/);
    host.store.getState().loadFlow(generateFlow({ modules: 3000, seed: 3 }), 'Big');
    await host.commands.run('library.copyLink');
    expect(copied).toHaveLength(1);
    expect(host.store.getState().ui.toast?.message).toMatch(/too large for a link.*Export the file instead/);
    host.library.stop();
  });

  it('without a working database (it failed to open), New flow and Open sample work as before and the library commands say why', async () => {
    const broken = indexedDbLibrary('unused');
    const blocked = () => Promise.reject(new Error('blocked'));
    const failing: LibraryStorage = { ...broken, getMeta: blocked, listFlows: blocked };
    // The sample untouched (a first visit): New replaces it without asking.
    const host = hostWithLibrary(null, failing, true);
    await host.library.start(null);
    expect(await host.library.usable()).toBe(false);
    await host.commands.run('file.new');
    expect(host.store.getState().flow.modules).toHaveLength(1);
    await host.commands.run('library.show');
    expect(host.store.getState().ui.dialog).toBeNull();
    expect(host.store.getState().ui.toast?.message).toBe(LIBRARY_MESSAGES.failed);
    host.library.stop();
  });
});
