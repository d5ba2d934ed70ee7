/**
 * A large flow's places as numbers, so the node window (nodeWindow.ts) and the edge window
 * (edgeWindow.ts) look at the few modules and edges near the view, not at every one, when the view
 * moves into another cell, a drag draws a frame, or a flow opens (issue 19: a 100,000-module file
 * never freezes the page over 100 ms; before, each window change looked every edge's two ends up by
 * id and every module up in a set: 60–90 ms at 100,000 modules on a loaded machine).
 *
 * The index holds each module's place in `modules` by id, its position as two arrays of numbers,
 * and each edge's ends as places in `modules`. Made in steps (a new document's, in slices a task
 * each: scheduling/slices.ts) or, for an edit of the document indexed before, from that index: the
 * modules and edges the edit did not touch (the same objects, immer's structural sharing) keep
 * their numbers, so a move or a rename is a pass over the arrays, without a look-up by id.
 */
import type { Edge, Module, Position } from '../model/types';
import { CARD_MARGIN, type EdgeWindow } from './edgeWindow';

/** A module's place by id (a Map, or the index's look-up). */
export interface Places {
  get(id: string): Position | undefined;
}

export interface WindowIndex<M extends Pick<Module, 'id' | 'position'>> {
  readonly modules: readonly M[];
  readonly edges: readonly Edge[];
  /** Each module's place in `modules`, by id. */
  readonly order: ReadonlyMap<string, number>;
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  /** Each edge's ends, as places in `modules` (-1: no module has that id). */
  readonly sources: Int32Array;
  readonly targets: Int32Array;
  /** Every module's position in the document, by id. */
  readonly positions: Places;
}

/** Modules or edges indexed between two yields (a step well under a millisecond). */
const A_STEP = 2_000;

/** Whether `modules` holds the same ids in the same order as `before` (checked where the objects differ). */
function sameIds<M extends Pick<Module, 'id'>>(modules: readonly M[], before: readonly M[]): boolean {
  if (modules.length !== before.length) return false;
  for (let i = 0; i < modules.length; i++) if (modules[i] !== before[i] && modules[i]!.id !== before[i]!.id) return false;
  return true;
}

/**
 * The index of `modules` and `edges`, in steps (yields after each A_STEP modules or edges), made
 * from `previous` where it can be: the same ids in the same order keep the id look-up, and an edge
 * object `previous` held keeps its ends.
 */
export function* windowIndexSteps<M extends Pick<Module, 'id' | 'position'>>(
  modules: readonly M[],
  edges: readonly Edge[],
  previous?: WindowIndex<M> | null,
): Generator<void, WindowIndex<M>> {
  const n = modules.length;
  const keepsOrder = previous != null && sameIds(modules, previous.modules);
  let order: Map<string, number>;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  if (keepsOrder) {
    order = previous.order as Map<string, number>;
    xs.set(previous.xs);
    ys.set(previous.ys);
    for (let i = 0; i < n; i++) {
      const module = modules[i]!;
      if (module === previous.modules[i]) continue;
      xs[i] = module.position.x;
      ys[i] = module.position.y;
    }
  } else {
    order = new Map();
    for (let i = 0; i < n; i++) {
      if (i > 0 && i % A_STEP === 0) yield;
      const module = modules[i]!;
      order.set(module.id, i);
      xs[i] = module.position.x;
      ys[i] = module.position.y;
    }
  }
  let sources: Int32Array;
  let targets: Int32Array;
  if (keepsOrder && previous.edges === edges) {
    sources = previous.sources;
    targets = previous.targets;
  } else {
    sources = new Int32Array(edges.length);
    targets = new Int32Array(edges.length);
    // An edge object the previous index held keeps its ends (found in order: an edit keeps the others' order).
    const before = keepsOrder ? previous.edges : [];
    let j = 0;
    for (let i = 0; i < edges.length; i++) {
      if (i > 0 && i % A_STEP === 0) yield;
      const edge = edges[i]!;
      let found = -1;
      for (let k = j; k < Math.min(j + 4, before.length); k++)
        if (before[k] === edge) {
          found = k;
          break;
        }
      if (found >= 0) {
        sources[i] = previous!.sources[found]!;
        targets[i] = previous!.targets[found]!;
        j = found + 1;
      } else {
        sources[i] = order.get(edge.source) ?? -1;
        targets[i] = order.get(edge.target) ?? -1;
      }
    }
  }
  const positions: Places = {
    get: (id) => {
      const i = order.get(id);
      return i === undefined ? undefined : modules[i]!.position;
    },
  };
  return { modules, edges, order, xs, ys, sources, targets, positions };
}

/**
 * The edges that can show in `window`, as `edgesNear` gives them (the same edges, in the same
 * order), from the index's numbers: no look-up by id.
 */
export function indexedEdgesNear<M extends Pick<Module, 'id' | 'position'>>(index: WindowIndex<M>, window: EdgeWindow | null): readonly Edge[] {
  if (window === null) return index.edges;
  const near: Edge[] = [];
  eachEdgeNear(index, window, (i) => near.push(index.edges[i]!));
  return near;
}

/** Calls `found` with the place in `index.edges` of each edge near `window`, in order (edgesNear's rule). */
function eachEdgeNear<M extends Pick<Module, 'id' | 'position'>>(index: WindowIndex<M>, window: EdgeWindow, found: (i: number) => void) {
  const { edges, sources, targets, xs, ys } = index;
  const x0 = window.x0 - CARD_MARGIN;
  const x1 = window.x1 + CARD_MARGIN;
  const y0 = window.y0 - CARD_MARGIN;
  const y1 = window.y1 + CARD_MARGIN;
  for (let i = 0; i < edges.length; i++) {
    const a = sources[i]!;
    const b = targets[i]!;
    // An edge with an end that is not a module is kept, as edgesNear keeps it.
    if (a < 0 || b < 0) {
      found(i);
      continue;
    }
    const ax = xs[a]!;
    const bx = xs[b]!;
    const ay = ys[a]!;
    const by = ys[b]!;
    if ((ax < bx ? ax : bx) <= x1 && (ax > bx ? ax : bx) >= x0 && (ay < by ? ay : by) <= y1 && (ay > by ? ay : by) >= y0) found(i);
  }
}

/**
 * The modules `windowContents` may give React Flow for `window`, in the document's order: those
 * whose card at its place in the document meets the window, those drawn elsewhere (`shown`) or kept
 * (`keep`), and with `ends`, the ends of the edges near it (indexedEdgesNear's). Given these instead of every module,
 * `windowContents` answers the same: it gives only modules that meet the window where they are
 * drawn, kept ones, and far ends of those edges.
 */
export function windowCandidates<M extends Pick<Module, 'id' | 'position'>>(
  index: WindowIndex<M>,
  window: EdgeWindow | null,
  ends: boolean,
  shown?: ReadonlyMap<string, Position> | null,
  keep?: ReadonlySet<string> | null,
): M[] {
  if (window === null) return [];
  const { modules, xs, ys, order } = index;
  const n = modules.length;
  const marked = new Uint8Array(n);
  const x0 = window.x0 - CARD_MARGIN;
  const x1 = window.x1 + CARD_MARGIN;
  const y0 = window.y0 - CARD_MARGIN;
  const y1 = window.y1 + CARD_MARGIN;
  for (let i = 0; i < n; i++) {
    const x = xs[i]!;
    const y = ys[i]!;
    if (x <= x1 && x >= x0 && y <= y1 && y >= y0) marked[i] = 1;
  }
  const mark = (id: string) => {
    const i = order.get(id);
    if (i !== undefined) marked[i] = 1;
  };
  if (shown) for (const id of shown.keys()) mark(id);
  if (keep) for (const id of keep) mark(id);
  if (ends)
    eachEdgeNear(index, window, (i) => {
      const a = index.sources[i]!;
      const b = index.targets[i]!;
      if (a >= 0) marked[a] = 1;
      if (b >= 0) marked[b] = 1;
    });
  const candidates: M[] = [];
  for (let i = 0; i < n; i++) if (marked[i]) candidates.push(modules[i]!);
  return candidates;
}
