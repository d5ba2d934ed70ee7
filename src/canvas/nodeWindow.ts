/**
 * The modules of a large flow that React Flow is given close up: those that can show in the window
 * around the view (edgeWindow.ts: the view widened by a cell on each side, moving a cell at a time),
 * not all of them. React Flow adopts every node it is given into its lookups in one task (20,000
 * modules: about 60 ms, and the garbage it leaves), while it draws only those in view
 * (`onlyRenderVisibleElements`); with the window its work at open and per view change is that of
 * the modules near the view, whatever the flow's size.
 *
 * The document keeps the selection and the positions: a module outside the window is still
 * selected, copied, deleted and moved with the selection (FlowCanvas.tsx), and the far canvas and
 * the minimap draw every module.
 */
import type { Edge, Module, Position } from '../model/types';
import { CARD_MARGIN, type EdgeWindow } from './edgeWindow';

export interface NodeWindowInput<M> {
  modules: readonly M[];
  /** The window (null: the pane has no size yet, and nothing can show). */
  window: EdgeWindow | null;
  /** Where a module is drawn when it is not at its place in the document (a drag in progress). */
  shown?: ReadonlyMap<string, Position> | null;
  /** The edges kept near the window (edgesNear): both their ends are kept, so React Flow can draw them. */
  edges?: readonly Edge[];
  /** Modules kept whatever their place (those React Flow is dragging). */
  keep?: ReadonlySet<string> | null;
}

/**
 * The modules that can show in the window: the box of a card at its drawn place (widened to the
 * largest card) meets it, an edge near the window ends at it, or it is kept. In the document's order.
 */
export function modulesNear<M extends Pick<Module, 'id' | 'position'>>({ modules, window, shown, edges, keep }: NodeWindowInput<M>): M[] {
  if (window === null) return [];
  const ends = new Set<string>();
  for (const edge of edges ?? []) {
    ends.add(edge.source);
    ends.add(edge.target);
  }
  return modules.filter((module) => {
    if (ends.has(module.id) || keep?.has(module.id)) return true;
    const { x, y } = shown?.get(module.id) ?? module.position;
    return x - CARD_MARGIN <= window.x1 && x + CARD_MARGIN >= window.x0 && y - CARD_MARGIN <= window.y1 && y + CARD_MARGIN >= window.y0;
  });
}
