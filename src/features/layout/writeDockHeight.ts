/**
 * Remembering the dock's height (dockHeight.ts reads it back): only the divider writes it
 * (ResizableDock, loaded after the first paint), so this is apart from the reading the first frame does.
 */
import { DOCK_HEIGHT_KEY, MAX_DOCK_HEIGHT, MIN_DOCK_HEIGHT, type Storage } from './dockHeight';

/** Remembers a height the user chose; a height out of range or a storage that refuses is ignored. */
export function writeDockHeight(storage: Storage | null, height: number): void {
  if (!(height >= MIN_DOCK_HEIGHT && height <= MAX_DOCK_HEIGHT)) return;
  try {
    storage?.setItem(DOCK_HEIGHT_KEY, String(Math.round(height)));
  } catch {
    // full or refused: the height is simply not remembered
  }
}
