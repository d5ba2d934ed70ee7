/**
 * What React Flow is given of a large flow close up, and what the canvas's edge layer paints
 * instead (PaintedEdges.tsx).
 *
 * React Flow gets the modules that can show in the window around the view (edgeWindow.ts: the
 * view widened by a cell on each side, moving a cell at a time), not all of them: it adopts every
 * node it is given into its lookups in one task (20,000 modules: about 60 ms, and the garbage it
 * leaves), while it draws only those in view (`onlyRenderVisibleElements`). It also gets the edges
 * near the window whose two ends it holds, and, for an edge with an end out of the window, that
 * end too, up to FAR_ENDS_MAX such modules and EDGES_MAX edges in all. Past those bounds an edge
 * near the window is painted on the edge layer, under the cards, with the far canvas's painter:
 * a router with 50,000 routes gave React Flow all 50,000 modules and edges, one task of 49 s.
 * So React Flow's work at open and per view change is bounded whatever the flow's size and fan-out.
 *
 * The document keeps the selection and the positions: a module outside the window is still
 * selected, copied, deleted and moved with the selection (FlowCanvas.tsx), and the far canvas and
 * the minimap draw every module.
 */
import type { Edge, Module, Position } from '../model/types';
import { CARD_MARGIN, type EdgeWindow } from './edgeWindow';
import type { Places } from './windowIndex';

/** At most this many modules out of the window are given to React Flow as the far ends of edges near it. */
export const FAR_ENDS_MAX = 200;
/** At most this many edges are given to React Flow; those near the window past it are painted. */
export const EDGES_MAX = 1_000;
/**
 * A newly loaded large flow's edges near the view go to React Flow this many a task (none in the
 * first): a thousand at once were a task of 150–190 ms on a quiet machine (FlowCanvas.tsx).
 */
export const EDGES_A_TASK = 250;

export interface NodeWindowInput<M> {
  modules: readonly M[];
  /** The window (null: the pane has no size yet, and nothing can show). */
  window: EdgeWindow | null;
  /** Where a module is drawn when it is not at its place in the document (a drag in progress). */
  shown?: ReadonlyMap<string, Position> | null;
  /** The edges near the window (edgesNear). */
  edges?: readonly Edge[];
  /** Modules kept whatever their place (those React Flow is dragging). */
  keep?: ReadonlySet<string> | null;
  /** Every module's place in the document (made from `modules` when not given). */
  positions?: Places | null;
  /** The bounds (FAR_ENDS_MAX and EDGES_MAX unless given). */
  farEndsMax?: number;
  edgesMax?: number;
}

export interface WindowContents<M> {
  /** The modules React Flow is given, in the document's order. */
  modules: M[];
  /** The edges React Flow is given (both their ends are in `modules`), in the given order. */
  edges: Edge[];
  /** The edges near the window React Flow is not given: the edge layer paints them. */
  painted: Edge[];
}

/**
 * What React Flow gets and what is painted: the modules whose card, at its drawn place (widened
 * to the largest card), meets the window or that are kept; the edges near the window between
 * them (up to `edgesMax`); then the edges with an end out of the window, with their far ends, while
 * there are at most `farEndsMax` far ends and `edgesMax` edges. Past a bound the edges whose middle
 * is nearest the window's go first. Every other edge near the window is painted.
 */
export function windowContents<M extends Pick<Module, 'id' | 'position'>>({
  modules,
  window,
  shown,
  edges = [],
  keep,
  positions,
  farEndsMax = FAR_ENDS_MAX,
  edgesMax = EDGES_MAX,
}: NodeWindowInput<M>): WindowContents<M> {
  if (window === null) return { modules: [], edges: [], painted: [] };
  const inside = new Set<string>();
  for (const module of modules) {
    const { x, y } = shown?.get(module.id) ?? module.position;
    const meets = x - CARD_MARGIN <= window.x1 && x + CARD_MARGIN >= window.x0 && y - CARD_MARGIN <= window.y1 && y + CARD_MARGIN >= window.y0;
    if (meets || keep?.has(module.id)) inside.add(module.id);
  }
  // Past a bound, the edges nearest the middle of the window (where the view is) go first.
  /** The `count` edges of `list` whose middle is nearest the window's (more on a tie), nearest first. */
  const nearest = (list: readonly Edge[], count: number): Edge[] => {
    const places = positions ?? new Map(modules.map((m) => [m.id, m.position]));
    const placeOf = (id: string) => shown?.get(id) ?? places.get(id);
    const cx = (window.x0 + window.x1) / 2;
    const cy = (window.y0 + window.y1) / 2;
    const away = new Float64Array(list.length);
    list.forEach((edge, i) => {
      const a = placeOf(edge.source);
      const b = placeOf(edge.target);
      away[i] = a && b ? ((a.x + b.x) / 2 - cx) ** 2 + ((a.y + b.y) / 2 - cy) ** 2 : Infinity;
    });
    // The count-th distance, by a native sort of the numbers alone, then a sort of those within it.
    const bound = count < list.length ? away.slice().sort()[count - 1] ?? -1 : Infinity;
    const chosen: number[] = [];
    for (let i = 0; i < list.length; i++) if (away[i]! <= bound) chosen.push(i);
    return chosen.sort((i, j) => away[i]! - away[j]!).map((i) => list[i]!);
  };
  const within: Edge[] = [];
  let crossing: Edge[] = [];
  for (const edge of edges) (inside.has(edge.source) && inside.has(edge.target) ? within : crossing).push(edge);
  const given = new Set<Edge>(within.length > edgesMax ? nearest(within, edgesMax).slice(0, edgesMax) : within);
  // No more crossing edges than there is room for can be given.
  if (crossing.length > farEndsMax / 2 && given.size < edgesMax) crossing = nearest(crossing, edgesMax - given.size);
  const farEnds = new Set<string>();
  for (const edge of crossing) {
    if (given.size >= edgesMax) break;
    const source = !inside.has(edge.source) && !farEnds.has(edge.source);
    const target = edge.target !== edge.source && !inside.has(edge.target) && !farEnds.has(edge.target);
    if (farEnds.size + Number(source) + Number(target) > farEndsMax) continue;
    if (source) farEnds.add(edge.source);
    if (target) farEnds.add(edge.target);
    given.add(edge);
  }
  return {
    modules: modules.filter((module) => inside.has(module.id) || farEnds.has(module.id)),
    edges: edges.filter((edge) => given.has(edge)),
    painted: edges.filter((edge) => !given.has(edge)),
  };
}
