/**
 * The dock's height, remembered per browser (localStorage): a number of pixels the user dragged
 * the divider to. What is stored is read back only when it is a sensible height, so a value
 * another version wrote, or a hand edit, never hides the canvas or the dock. The writing is
 * writeDockHeight.ts's: only the divider (ResizableDock, loaded later) writes it.
 */
export const DOCK_HEIGHT_KEY = 'creditflow.dockHeight';
/** The height the dock opens with, and the one a double-click on the divider restores. */
export const DEFAULT_DOCK_HEIGHT = 232;
/** The dock's tab bar: the height of a collapsed dock. */
export const DOCK_TABS_HEIGHT = 39;
/** Below this a dragged dock snaps to its tab bar (collapsed). */
export const MIN_DOCK_HEIGHT = 120;
/** Above this an open dock is not remembered (it can be a full-height dock: that is not kept). */
export const MAX_DOCK_HEIGHT = 4000;

export type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem'>;

/** The remembered height, or null when there is none or it is not a height to open with. */
export function readDockHeight(storage: Storage | null): number | null {
  try {
    const text = storage?.getItem(DOCK_HEIGHT_KEY);
    if (text == null || !/^\d+(\.\d+)?$/.test(text)) return null;
    const height = Number(text);
    return height >= MIN_DOCK_HEIGHT && height <= MAX_DOCK_HEIGHT ? Math.round(height) : null;
  } catch {
    return null; // storage refused (private mode, a sandboxed frame): open at the default
  }
}

/** The browser's localStorage, or null where reading it throws. */
export function browserStorage(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage;
  } catch {
    return null;
  }
}
