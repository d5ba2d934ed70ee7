/**
 * Where a dragged divider leaves the dock (features/layout/DockLayout.tsx): its height, or folded
 * to its tab bar, or over the whole column. The rules of the panels the dock had before
 * (react-resizable-panels): a panel dragged below its least height snaps to that height, or folds
 * once it is dragged past half of the way from there to its folded size.
 */
import { DOCK_TABS_HEIGHT, MIN_DOCK_HEIGHT } from './dockHeight';

/** The least height of the canvas above an open dock; less than half of it folds the canvas away. */
export const MIN_CANVAS_HEIGHT = 120;
/** The divider's own height. */
export const DIVIDER_HEIGHT = 1;

export interface DockSize {
  /** The open dock's height in pixels (kept while folded or over the whole column, to come back to). */
  height: number;
  /** Folded to its tab bar. */
  collapsed: boolean;
  /** Over the whole column (the canvas folded away). */
  maximised: boolean;
}

/**
 * The dock dragged (or moved by a key) to `height` pixels in a column `room` pixels high (0: not
 * measured, no limit from the canvas).
 */
export function dragDock(previous: DockSize, height: number, room: number): DockSize {
  let next = Math.round(height);
  if (room > 0) {
    const canvas = room - DIVIDER_HEIGHT - next;
    if (canvas < MIN_CANVAS_HEIGHT / 2) return { height: previous.height, collapsed: false, maximised: true };
    if (canvas < MIN_CANVAS_HEIGHT) next = room - DIVIDER_HEIGHT - MIN_CANVAS_HEIGHT;
  }
  if (next < MIN_DOCK_HEIGHT) {
    if (next < (MIN_DOCK_HEIGHT + DOCK_TABS_HEIGHT) / 2) return { height: previous.height, collapsed: true, maximised: false };
    next = MIN_DOCK_HEIGHT;
  }
  return { height: next, collapsed: false, maximised: false };
}
