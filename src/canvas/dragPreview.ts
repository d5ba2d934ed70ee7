/**
 * A drag in progress, drawn before the document takes it. While the pointer is down, React
 * Flow's position changes go into this preview (component state of the canvas) and the nodes
 * are drawn from it; the document receives the whole move as one edit when the module is
 * dropped. A drag frame then costs what it costs bare React Flow: one batched React render,
 * no store update that every panel's selector (and the autosave, and validation) reacts to.
 *
 * Only positions live here, and only while a drag lasts: every other part of the canvas is
 * derived from the document as before, and the document is the truth again at the drop.
 */
import type { Position } from '../model/types';
import type { Move } from '../store/operations';
import type { Places } from './windowIndex';

/** Where the modules being dragged are drawn, by id. */
export type DragPreview = ReadonlyMap<string, Position>;

/** `preview` with `moves` applied (a new map; `preview` is not changed). */
export function withMoves(preview: DragPreview | null, moves: readonly Move[]): DragPreview {
  const next = new Map(preview);
  for (const { id, position } of moves) next.set(id, position);
  return next;
}

/**
 * The moves that place what `preview` shows, with `final` (the positions reported at the drop)
 * taking precedence, in the preview's order then the new ids'.
 */
export function movesToCommit(preview: DragPreview | null, final: readonly Move[]): Move[] {
  if (!preview || preview.size === 0) return [...final];
  return [...withMoves(preview, final)].map(([id, position]) => ({ id, position }));
}

/**
 * The moves of the selected modules React Flow did not move with `moved` (those outside the node
 * window, nodeWindow.ts, which React Flow does not hold): each goes as far as the first selected
 * module moved went from its place in the document (`placed`), so a drag or an arrow key moves
 * the whole selection together. None when `moved` holds no selected module.
 */
export function followingMoves(moved: readonly Move[], selected: readonly string[], placed: Places): Move[] {
  const chosen = new Set(selected);
  const lead = moved.find((m) => chosen.has(m.id));
  const from = lead && placed.get(lead.id);
  if (!lead || !from) return [];
  const dx = lead.position.x - from.x;
  const dy = lead.position.y - from.y;
  if (dx === 0 && dy === 0) return [];
  const taken = new Set(moved.map((m) => m.id));
  const follow: Move[] = [];
  for (const id of chosen) {
    const at = taken.has(id) ? undefined : placed.get(id);
    if (at) follow.push({ id, position: { x: at.x + dx, y: at.y + dy } });
  }
  return follow;
}
