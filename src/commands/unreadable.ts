/**
 * What the user can do with a saved flow that was refused on start: download it as it is (here: in
 * the first download, so the copy can be saved even when no other code downloads), or keep what parses
 * and open that in place of the sample (unreadableRepair.ts, with the commands loaded later).
 */
import type { EditorStore } from '../store/editor';
import type { Autosave } from '../store/persistence';
import type { Downloader } from './files';

export type Held = Pick<Autosave, 'takeUnreadable' | 'peekUnreadable'> | null;

export function downloadUnreadable(store: EditorStore, autosave: Held, download: Downloader): void {
  const copy = store.getState().storage.unreadable;
  const text = autosave?.takeUnreadable() ?? null;
  if (text === null) return;
  download(copy?.unopened ? 'saved-flow.json' : 'unreadable-saved-flow.json', text);
  if (copy) store.getState().setStorageStatus({ unreadable: { ...copy, leftInPlace: false } });
}
