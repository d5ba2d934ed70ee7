/**
 * Document → React Flow. The flow document is the truth; React Flow's nodes and edges are
 * derived from it here and never stored. Each mapper keeps the previous React Flow object of
 * every module / edge and hands it back when nothing it depends on changed, so React Flow's
 * memoised node and edge components re-render only for what actually moved.
 *
 * A node carries only what the canvas draws of its module (kind and name), not the module:
 * editing an assumption changes no node, so React Flow does no work at all for it; the
 * numbers on the node come from the per-node cost views (hooks.ts).
 */
import { Position, type Edge as RfEdge, type Node as RfNode, type NodeHandle } from '@xyflow/react';
import { canFail, type Edge, type Module, type ModuleType } from '../model/types';
import { MODULE_KINDS } from '../model/modules/registry';
import type { DragPreview } from './dragPreview';

/** The id of a module's error handle: an edge drawn from it is the module's error branch (version 3). */
export const ERROR_HANDLE = 'error';

/** Compare mode's ghosts (ghosts.ts) have their ids prefixed, so they never meet the document's ids. */
export const GHOST_PREFIX = 'ghost:';

export interface ModuleNodeData extends Record<string, unknown> {
  type: ModuleType;
  name: string;
  /** A ghost (compare mode): the module's credits per run in the flow compared with. */
  credits?: number;
}
/** A module of the document ('module'), or a module only the flow compared with has ('ghost', ghosts.ts). */
export type ModuleRfNode = RfNode<ModuleNodeData, 'module' | 'ghost'>;

export interface FlowEdgeData extends Record<string, unknown> {
  edge: Edge;
}
/** An edge of the document ('flow'), or one only the flow compared with has ('ghost'). */
export type FlowRfEdge = RfEdge<FlowEdgeData, 'flow' | 'ghost'>;

export interface Measured {
  width: number;
  height: number;
}

/** A module card's size before it is measured (its CSS width; the height of a card with one line of figures). */
export const ESTIMATED_NODE_SIZE: Measured = { width: 232, height: 102 };
/** React Flow's handle box, as the canvas styles it. */
const HANDLE = 10;

const handleCache = new Map<string, NodeHandle[]>();

/**
 * Where a module's handles are on a card of `size` (as ModuleNode draws them: in at the top
 * centre, out at the bottom centre, the error branch on the right).
 *
 * Every node carries these: a node React Flow has not measured with the estimated size, a
 * measured one with its measured size. Without them React Flow draws every node it holds no
 * handle bounds for once, in view or not, to measure it: opening a 10,000-module flow put 10,000
 * cards in the DOM and laid them out (seconds of frozen page) although a few dozen are in view,
 * and React Flow forgets the handles it measured whenever it is given no nodes (while the far
 * canvas paints the flow, FarCanvas.tsx).
 */
export function estimatedHandles(type: ModuleType, size: Measured = ESTIMATED_NODE_SIZE): NodeHandle[] {
  const cacheKey = `${type} ${size.width} ${size.height}`;
  const known = handleCache.get(cacheKey);
  if (known) return known;
  const kind = MODULE_KINDS[type];
  const { width, height } = size;
  const handles: NodeHandle[] = [];
  const centre = width / 2 - HANDLE / 2;
  if (kind.maxIncoming > 0) handles.push({ type: 'target', position: Position.Top, x: centre, y: -HANDLE / 2 + 1, width: HANDLE, height: HANDLE });
  if (kind.maxOutgoing > 0) handles.push({ type: 'source', position: Position.Bottom, x: centre, y: height - HANDLE / 2 - 1, width: HANDLE, height: HANDLE });
  if (canFail(type))
    handles.push({ id: ERROR_HANDLE, type: 'source', position: Position.Right, x: width - HANDLE / 2 - 1, y: height / 2 - HANDLE / 2, width: HANDLE, height: HANDLE });
  handleCache.set(cacheKey, handles);
  return handles;
}

interface NodeInputs {
  type: ModuleType;
  name: string;
  x: number;
  y: number;
  selected: boolean;
  measured: Measured | undefined;
  node: ModuleRfNode;
  /** The call that last saw this id (to skip duplicate ids and drop removed ones). */
  seen: number;
}

/**
 * A memoising mapper from modules to React Flow nodes. It runs on every frame of a drag, so it
 * allocates only for the nodes that changed: the cache is updated in place.
 */
export function createNodeMapper() {
  const cache = new Map<string, NodeInputs>();
  let last: ModuleRfNode[] = [];
  let call = 0;
  return function toNodes(
    modules: readonly Module[],
    selected: ReadonlySet<string>,
    measured: ReadonlyMap<string, Measured>,
    /** Where the modules being dragged are drawn until the drop (dragPreview.ts). */
    preview: DragPreview | null = null,
  ): ModuleRfNode[] {
    const seen = ++call;
    const nodes: ModuleRfNode[] = [];
    let changed = false;
    for (const module of modules) {
      const before = cache.get(module.id);
      if (before?.seen === seen) continue; // duplicate ids are a schema error; draw the first
      const isSelected = selected.has(module.id);
      const size = measured.get(module.id);
      const { type, name } = module;
      const { x, y } = preview?.get(module.id) ?? module.position;
      let node: ModuleRfNode;
      if (
        before &&
        before.type === type &&
        before.name === name &&
        before.x === x &&
        before.y === y &&
        before.selected === isSelected &&
        before.measured === size
      ) {
        node = before.node;
        before.seen = seen;
      } else {
        node = {
          id: module.id,
          type: 'module',
          position: { x, y },
          data: { type, name },
          selected: isSelected,
          ariaLabel: `${name} module`,
          ...(size
            ? { measured: size, handles: estimatedHandles(type, size) }
            : { initialWidth: ESTIMATED_NODE_SIZE.width, initialHeight: ESTIMATED_NODE_SIZE.height, handles: estimatedHandles(type) }),
        };
        cache.set(module.id, { type, name, x, y, selected: isSelected, measured: size, node, seen });
      }
      if (last[nodes.length] !== node) changed = true;
      nodes.push(node);
    }
    if (nodes.length !== last.length) changed = true;
    // Forget modules that are gone (the cache never holds more than the flow's ids).
    if (cache.size > nodes.length) for (const [id, entry] of cache) if (entry.seen !== seen) cache.delete(id);
    if (!changed) return last;
    last = nodes;
    return nodes;
  };
}

interface EdgeInputs {
  edge: Edge;
  selected: boolean;
  rfEdge: FlowRfEdge;
}

/** A memoising mapper from flow edges to React Flow edges. */
export function createEdgeMapper() {
  let cache = new Map<string, EdgeInputs>();
  let last: FlowRfEdge[] = [];
  return function toEdges(edges: readonly Edge[], selected: ReadonlySet<string>): FlowRfEdge[] {
    const next = new Map<string, EdgeInputs>();
    const out: FlowRfEdge[] = [];
    let changed = edges.length !== last.length;
    for (const edge of edges) {
      if (next.has(edge.id)) continue;
      const isSelected = selected.has(edge.id);
      const before = cache.get(edge.id);
      let rfEdge: FlowRfEdge;
      if (before && before.edge === edge && before.selected === isSelected) {
        rfEdge = before.rfEdge;
      } else {
        rfEdge = {
          id: edge.id,
          type: 'flow',
          source: edge.source,
          target: edge.target,
          ...(edge.error === true ? { sourceHandle: ERROR_HANDLE } : {}),
          data: { edge },
          selected: isSelected,
          ariaLabel: edgeAriaLabel(edge),
        };
      }
      if (last[out.length] !== rfEdge) changed = true;
      next.set(edge.id, { edge, selected: isSelected, rfEdge });
      out.push(rfEdge);
    }
    cache = next;
    if (!changed) return last;
    last = out;
    return out;
  };
}

function edgeAriaLabel(edge: Edge): string {
  if (edge.route) return edge.route.fallback ? 'Fallback route' : `Route ${edge.route.priority}`;
  if (edge.filter) return `Edge with a ${edge.filter.mode} filter`;
  return 'Edge';
}
