/**
 * Where `module.add` puts a module that comes without a point (a palette click or Enter):
 * below the selected module, else at the centre of the view, else below everything.
 */
import type { Flow, Module, Position } from '../model/types';

/** Vertical distance between a module and the one added below it. */
export const ROW_GAP = 150;
/** Horizontal step when the place below is taken. */
export const COLUMN_GAP = 260;

function taken(flow: Flow, at: Position): boolean {
  return flow.modules.some((m) => Math.abs(m.position.x - at.x) < COLUMN_GAP * 0.8 && Math.abs(m.position.y - at.y) < ROW_GAP * 0.6);
}

/** The first free place below `anchor`: straight below, else alternately right and left of it. */
export function placeBelow(flow: Flow, anchor: Module): Position {
  const y = anchor.position.y + ROW_GAP;
  for (let step = 0; step < 50; step++) {
    const side = step === 0 ? 0 : step % 2 === 1 ? Math.ceil(step / 2) : -Math.ceil(step / 2);
    const at = { x: anchor.position.x + side * COLUMN_GAP, y };
    if (!taken(flow, at)) return at;
  }
  return { x: anchor.position.x, y };
}

/** Where a module goes when nothing is selected: `centre` (the centre of the view), else below everything. */
export function placeUnanchored(flow: Flow, centre: Position | undefined): Position {
  if (centre && Number.isFinite(centre.x) && Number.isFinite(centre.y)) {
    let at = { x: Math.round(centre.x), y: Math.round(centre.y) };
    for (let i = 0; i < 20 && taken(flow, at); i++) at = { x: at.x + 40, y: at.y + 40 };
    return at;
  }
  if (flow.modules.length === 0) return { x: 0, y: 0 };
  const lowest = flow.modules.reduce((a, b) => (b.position.y > a.position.y ? b : a));
  const xs = flow.modules.map((m) => m.position.x);
  return { x: Math.round((Math.min(...xs) + Math.max(...xs)) / 2), y: lowest.position.y + ROW_GAP };
}
