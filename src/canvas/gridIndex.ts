/**
 * A uniform grid over boxes in flow coordinates: which module is under the pointer, and which lie
 * in a dragged selection box, without looking at every module. The far-zoom canvas (FarCanvas.tsx)
 * builds one per drawn scene; a look-up reads only the cells the point or box touches.
 */

import { runToEnd } from '../scheduling/slices';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface GridIndex {
  /**
   * The box under (x, y), or within `slop` of it: the one drawn last (on top) among those that
   * contain the point, else the nearest within `slop`; -1 when there is none.
   */
  at(x: number, y: number, slop?: number): number;
  /** The boxes that overlap `area`, in drawing order. */
  within(area: Box): number[];
}

/** Cells this many flow units wide: a few module cards each. */
export const GRID_CELL = 512;
// A cell's key packs its column and row into one number (no string per look-up).
const OFFSET = 1 << 20;
const key = (column: number, row: number) => (column + OFFSET) * 2 ** 21 + (row + OFFSET);
const cellOf = (v: number) => Math.floor(v / GRID_CELL);

/** Distance from (x, y) to the box (0 inside it). */
function distance(box: Box, x: number, y: number): number {
  const dx = Math.max(box.x - x, 0, x - (box.x + box.width));
  const dy = Math.max(box.y - y, 0, y - (box.y + box.height));
  return Math.hypot(dx, dy);
}

const overlaps = (a: Box, b: Box) => a.x <= b.x + b.width && b.x <= a.x + a.width && a.y <= b.y + b.height && b.y <= a.y + a.height;

/** An index over `boxes` (by their position in the array); boxes with a non-finite corner or size are left out. */
export function createGridIndex(boxes: readonly Box[]): GridIndex {
  return runToEnd(gridIndexSteps(boxes));
}

/** Boxes indexed between two yields of gridIndexSteps (a step well under a millisecond: the slice checks the time after each). */
const BOXES_A_STEP = 250;

/** createGridIndex in steps (scheduling/slices.ts): yields after each BOXES_A_STEP boxes, and gives the index. */
export function* gridIndexSteps(boxes: readonly Box[]): Generator<void, GridIndex> {
  const cells = new Map<number, number[]>();
  for (let i = 0; i < boxes.length; i++) {
    if (i > 0 && i % BOXES_A_STEP === 0) yield;
    const box = boxes[i]!;
    if (![box.x, box.y, box.width, box.height].every(Number.isFinite)) continue;
    for (let column = cellOf(box.x); column <= cellOf(box.x + box.width); column++)
      for (let row = cellOf(box.y); row <= cellOf(box.y + box.height); row++) {
        const k = key(column, row);
        const list = cells.get(k);
        if (list) list.push(i);
        else cells.set(k, [i]);
      }
  }
  return indexOver(boxes, cells);
}

/** The look-ups over `cells` (each cell's boxes, by position in `boxes`). */
function indexOver(boxes: readonly Box[], cells: ReadonlyMap<number, number[]>): GridIndex {
  /** Every box in the cells `area` touches (a box may be listed twice: callers keep a set). */
  function* candidates(area: Box): Generator<number> {
    const columns = cellOf(area.x + area.width) - cellOf(area.x);
    const rows = cellOf(area.y + area.height) - cellOf(area.y);
    // An area larger than the grid's cells together: read the cells, not the empty squares.
    if ((columns + 1) * (rows + 1) > cells.size) {
      for (const list of cells.values()) yield* list;
      return;
    }
    for (let column = cellOf(area.x); column <= cellOf(area.x + area.width); column++)
      for (let row = cellOf(area.y); row <= cellOf(area.y + area.height); row++) {
        const list = cells.get(key(column, row));
        if (list) yield* list;
      }
  }

  return {
    at(x, y, slop = 0) {
      if (!Number.isFinite(x) || !Number.isFinite(y)) return -1;
      const reach = Math.max(0, slop);
      let inside = -1;
      let near = -1;
      let nearest = Infinity;
      for (const i of candidates({ x: x - reach, y: y - reach, width: 2 * reach, height: 2 * reach })) {
        const d = distance(boxes[i]!, x, y);
        if (d === 0) inside = Math.max(inside, i);
        else if (d <= reach && (d < nearest || (d === nearest && i > near))) {
          nearest = d;
          near = i;
        }
      }
      return inside >= 0 ? inside : near;
    },
    within(area) {
      const found = new Set<number>();
      for (const i of candidates(area)) if (!found.has(i) && overlaps(boxes[i]!, area)) found.add(i);
      return [...found].sort((a, b) => a - b);
    },
  };
}
