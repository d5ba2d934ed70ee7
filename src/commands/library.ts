/**
 * The library's commands: open the library, save a version (Mod+S), the versions list, copy a
 * share link. They act through the editor's library session (store/librarySession.ts); without
 * one (no IndexedDB in this browser) they say so instead of doing nothing.
 */
import type { EditorStore } from '../store/editor';
import type { LibrarySession } from '../store/librarySession';
import type { ClipboardAdapter, Command } from './registry';

export const NO_LIBRARY = 'This browser gives Creditflow no database (IndexedDB is off or blocked), so there is no library: export your flow to keep it.';

/** The page's address, on which a share link is made. */
function pageAddress(): string {
  return (globalThis as { location?: { href?: string } }).location?.href ?? 'http://localhost/';
}

/** The string `key` of a payload object, if it has one. */
function textOf(payload: unknown, key: 'name' | 'id'): string | undefined {
  const value = typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** What a command says when the code it needs did not download (offline after an update); the next run tries again. */
export const CODE_NOT_DOWNLOADED_TOAST = 'This command’s code did not download: reload the page when online, and try again.';

interface LibraryHost {
  loadLibrary?(): Promise<LibrarySession | null>;
}

/** The editor's library once its code is here (null: none); 'not downloaded', and a toast, when its code did not download. */
async function loadedLibrary(host: LibraryHost & { store: EditorStore }): Promise<LibrarySession | null | 'not downloaded'> {
  try {
    return (await host.loadLibrary?.()) ?? null;
  } catch {
    host.store.getState().showToast('error', CODE_NOT_DOWNLOADED_TOAST);
    return 'not downloaded';
  }
}

/**
 * The editor's library once loaded and started; null when there is none or it does not work;
 * 'not downloaded' when its code did not download (the toast says so: the command then does
 * nothing, and its next run tries again).
 */
export async function usableLibrary(host: LibraryHost & { store: EditorStore }): Promise<LibrarySession | null | 'not downloaded'> {
  const library = await loadedLibrary(host);
  if (library === 'not downloaded') return library;
  return library && (await library.usable()) ? library : null;
}

export function libraryCommands(host: LibraryHost & { store: EditorStore; clipboard: ClipboardAdapter | null }): Command[] {
  const { store } = host;
  const withLibrary = (run: (library: LibrarySession) => void | Promise<unknown>) => async () => {
    const library = await loadedLibrary(host);
    if (library === 'not downloaded') return;
    if (!library || !(await library.usable())) {
      // No database, or one that failed to open: say why (the library's own error when it has one).
      store.getState().showToast('warning', library?.state.getState().error ?? NO_LIBRARY);
      return;
    }
    await run(library);
  };
  /** A hidden command on one entry of the library (a flow or a version), named by the payload's `id` (and `name`); without an id it does nothing. */
  const onEntry = (id: string, label: string, icon: string, act: (library: LibrarySession, entry: string, name?: string) => Promise<unknown> | undefined): Command => ({
    id,
    label,
    group: 'file',
    icon,
    hidden: true,
    run: async (ctx) => {
      const entry = textOf(ctx?.payload, 'id');
      const name = textOf(ctx?.payload, 'name');
      if (entry !== undefined) await withLibrary((library) => act(library, entry, name))();
    },
  });
  return [
    {
      id: 'library.show',
      label: 'Library…',
      group: 'file',
      icon: 'library',
      // The open flow's pending edits (a rename a moment ago) are saved first, so its row is current.
      run: withLibrary(async (library) => {
        await library.flush();
        store.getState().openDialog('library');
      }),
    },
    {
      id: 'library.saveVersion',
      label: 'Save version…',
      group: 'file',
      shortcut: ['Mod+S'],
      icon: 'save',
      // With { name }: saves at once (a test, a script); without: the versions dialog asks for a name.
      run: async (ctx) => {
        const name = textOf(ctx?.payload, 'name');
        await withLibrary((library) => (name === undefined ? store.getState().openDialog('versions', { naming: true }) : library.saveVersion(name)))();
      },
    },
    // Run by the rows of the library and versions dialogs with { id } (rename: { id, name }).
    onEntry('library.open', 'Open a flow of the library', 'library', (library, id) => library.open(id)),
    onEntry('library.rename', 'Rename a flow of the library', 'library', (library, id, name) => (name === undefined ? undefined : library.rename(id, name))),
    onEntry('library.duplicate', 'Duplicate a flow of the library', 'copy', (library, id) => library.duplicate(id)),
    // Can be undone (library.undoDelete); also deletes an unreadable record.
    onEntry('library.delete', 'Delete a flow of the library', 'trash-2', (library, id) => library.remove(id)),
    { id: 'library.undoDelete', label: 'Undo the delete', group: 'file', icon: 'undo-2', hidden: true, run: withLibrary((library) => library.undoRemove()) },
    // The open flow becomes that saved version: one undo step.
    onEntry('library.restoreVersion', 'Restore a version', 'history', (library, id) => library.restoreVersion(id)),
    {
      id: 'library.versions',
      label: 'Versions…',
      group: 'file',
      icon: 'history',
      run: withLibrary(() => store.getState().openDialog('versions')),
    },
    {
      id: 'library.copyLink',
      label: 'Copy link',
      group: 'file',
      icon: 'link',
      run: withLibrary(async (library) => {
        const link = await library.link(pageAddress());
        const state = store.getState();
        if (!link.ok) {
          state.showToast('warning', link.message);
          return;
        }
        try {
          if (!host.clipboard) throw new Error('no clipboard');
          await host.clipboard.writeText(link.url);
          state.showToast('info', `Link copied (${link.url.length.toLocaleString('en-US')} characters). The flow is inside the link; nothing is sent to a server.`);
        } catch {
          state.showToast('warning', 'The browser did not let Creditflow use the clipboard. Try again after clicking the page, or export the file instead.');
        }
      }),
    },
  ];
}
