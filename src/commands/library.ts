/**
 * The library's commands: open the library, save a version (Mod+S), the versions list, copy a
 * share link. They act through the editor's library session (store/librarySession.ts); without
 * one (no IndexedDB in this browser) they say so instead of doing nothing.
 */
import type { EditorStore } from '../store/editor';
import type { LibrarySession } from '../store/librarySession';
import type { ClipboardAdapter, Command, CommandContext } from './registry';

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

import { CODE_NOT_DOWNLOADED_TOAST } from './notDownloaded';
import { LIBRARY_COMMAND_SPECS, type LibraryCommandId } from './librarySpecs';

export { CODE_NOT_DOWNLOADED_TOAST };

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
  const onEntry = (act: (library: LibrarySession, entry: string, name?: string) => Promise<unknown> | undefined): Command['run'] => async (ctx) => {
    const entry = textOf(ctx?.payload, 'id');
    const name = textOf(ctx?.payload, 'name');
    if (entry !== undefined) await withLibrary((library) => act(library, entry, name))();
  };
  const runs: Record<LibraryCommandId, Command['run']> = {
    // The open flow's pending edits (a rename a moment ago) are saved first, so its row is current.
    'library.show': withLibrary(async (library) => {
      await library.flush();
      store.getState().openDialog('library');
    }),
    // With { name }: saves at once (a test, a script); without: the versions dialog asks for a name.
    'library.saveVersion': async (ctx) => {
      const name = textOf(ctx?.payload, 'name');
      await withLibrary((library) => (name === undefined ? store.getState().openDialog('versions', { naming: true }) : library.saveVersion(name)))();
    },
    // Run by the rows of the library and versions dialogs with { id } (rename: { id, name }).
    'library.open': onEntry((library, id) => library.open(id)),
    'library.rename': onEntry((library, id, name) => (name === undefined ? undefined : library.rename(id, name))),
    'library.duplicate': onEntry((library, id) => library.duplicate(id)),
    // Can be undone (library.undoDelete); also deletes an unreadable record.
    'library.delete': onEntry((library, id) => library.remove(id)),
    'library.undoDelete': withLibrary((library) => library.undoRemove()),
    // The open flow becomes that saved version: one undo step.
    'library.restoreVersion': onEntry((library, id) => library.restoreVersion(id)),
    'library.versions': withLibrary(() => store.getState().openDialog('versions')),
    'library.copyLink': withLibrary(async (library) => {
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
  };
  return LIBRARY_COMMAND_SPECS.map((spec) => ({ ...spec, run: runs[spec.id] }));
}

/** Runs the library command `id` (the registry's, whose code is loadedLater's). */
export function runLibraryCommand(host: LibraryHost & { store: EditorStore; clipboard: ClipboardAdapter | null }, id: string, ctx?: CommandContext): void | Promise<void> {
  return libraryCommands(host).find((command) => command.id === id)?.run(ctx);
}
