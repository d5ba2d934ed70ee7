/**
 * The edges of a large flow that React Flow is given close up: those that can show in a window
 * around the view, not all of them. React Flow builds its connection lookup of every edge it holds,
 * in one task (10,440 edges: a 100–140 ms task after a 10,000-module file opened, issue 18 item 9),
 * while it draws only what is in view (`onlyRenderVisibleElements`).
 *
 * The window is the view widened by one cell on each side, on a grid of cells one view across (at
 * the zoom rounded to a half power of two), so a pan inside it changes nothing and the set is worked
 * out again only when the view crosses into another cell. An edge is kept when the box around its two
 * modules (cards included) meets the window, so an edge that crosses the view between two modules
 * out of it is kept too.
 */
import type { Edge, Position } from '../model/types';

/** The window, in flow coordinates. */
export interface EdgeWindow {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** A card's largest size on the canvas, with room for an edge's bend around it. */
export const CARD_MARGIN = 400;

/**
 * The window around a view (React Flow's transform [x, y, zoom] and the pane's size in pixels), as
 * a key that changes only when the view crosses into another cell. An empty pane (not laid out yet)
 * gives the key of no window, and every edge is kept.
 */
export function edgeWindowKey(transform: readonly [number, number, number], width: number, height: number): string {
  const [tx, ty, zoom] = transform;
  if (!(width > 0 && height > 0 && zoom > 0)) return '';
  const rounded = 2 ** (Math.round(Math.log2(zoom) * 2) / 2);
  const cell = Math.max(width, height) / rounded;
  const left = -tx / zoom;
  const top = -ty / zoom;
  const cx0 = Math.floor(left / cell) - 1;
  const cy0 = Math.floor(top / cell) - 1;
  const cx1 = Math.floor((left + width / zoom) / cell) + 1;
  const cy1 = Math.floor((top + height / zoom) / cell) + 1;
  return `${cell} ${cx0} ${cy0} ${cx1} ${cy1}`;
}

/** The window a key stands for; null for the key of no window. */
export function edgeWindowOf(key: string): EdgeWindow | null {
  if (key === '') return null;
  const [cell, cx0, cy0, cx1, cy1] = key.split(' ').map(Number) as [number, number, number, number, number];
  return { x0: cx0 * cell, y0: cy0 * cell, x1: (cx1 + 1) * cell, y1: (cy1 + 1) * cell };
}

/**
 * The edges that can show in `window`: the box around both ends' modules, widened by a card, meets
 * it. An edge with an end that is not a module (React Flow draws none) is kept as it is.
 */
export function edgesNear(edges: readonly Edge[], positions: ReadonlyMap<string, Position>, window: EdgeWindow | null): readonly Edge[] {
  if (window === null) return edges;
  return edges.filter((edge) => {
    const a = positions.get(edge.source);
    const b = positions.get(edge.target);
    if (!a || !b) return true;
    return (
      Math.min(a.x, b.x) - CARD_MARGIN <= window.x1 &&
      Math.max(a.x, b.x) + CARD_MARGIN >= window.x0 &&
      Math.min(a.y, b.y) - CARD_MARGIN <= window.y1 &&
      Math.max(a.y, b.y) + CARD_MARGIN >= window.y0
    );
  });
}
