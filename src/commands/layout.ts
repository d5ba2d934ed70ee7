/**
 * Auto-layout: a layered, top-down arrangement by elkjs. elkjs is large, so it is loaded
 * only when the user asks for a layout. The result is a list of moves that the command
 * applies as one undo step; the layout keeps the flow's top-left corner where it was.
 */
import type { ElkNode } from 'elkjs/lib/elk-api';
import type ElkApi from 'elkjs/lib/elk-api';
import type { Flow } from '../model/types';
import type { Move } from '../store/operations';

export interface LayoutOptions {
  /** Size the canvas draws a module at (elk needs it to keep modules apart). */
  nodeWidth?: number;
  nodeHeight?: number;
  /** Gap between modules of one layer, and between layers. */
  nodeGap?: number;
  layerGap?: number;
}

export const DEFAULT_LAYOUT: Required<LayoutOptions> = { nodeWidth: 240, nodeHeight: 80, nodeGap: 48, layerGap: 72 };

type ElkConstructor = typeof ElkApi;

/** Loads elkjs (about 450 kB gzip) on first use; the module loader keeps the one download. */
function loadElk(): Promise<ElkConstructor> {
  return import('elkjs/lib/elk.bundled.js').then((m) => m.default);
}

/** The elk graph for a flow (exported for tests). */
export function elkGraphOf(flow: Pick<Flow, 'modules' | 'edges'>, options: LayoutOptions = {}): ElkNode {
  const o = { ...DEFAULT_LAYOUT, ...options };
  const ids = new Set<string>();
  const children: ElkNode[] = [];
  for (const m of flow.modules) {
    if (ids.has(m.id)) continue;
    ids.add(m.id);
    children.push({ id: m.id, width: o.nodeWidth, height: o.nodeHeight });
  }
  const edgeIds = new Set<string>();
  const edges = flow.edges
    .filter((e) => ids.has(e.source) && ids.has(e.target) && e.source !== e.target && !edgeIds.has(e.id) && edgeIds.add(e.id))
    .map((e) => ({ id: `edge:${e.id}`, sources: [e.source], targets: [e.target] }));
  return {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.spacing.nodeNode': String(o.nodeGap),
      'elk.layered.spacing.nodeNodeBetweenLayers': String(o.layerGap),
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
    },
    children,
    edges,
  };
}

/** Computes new positions for every module: layered, top-down, anchored at the old top-left corner. */
export async function computeLayout(flow: Pick<Flow, 'modules' | 'edges'>, options: LayoutOptions = {}): Promise<Move[]> {
  if (flow.modules.length === 0) return [];
  const ELK = await loadElk();
  const elk = new ELK();
  const laidOut = await elk.layout(elkGraphOf(flow, options));
  const minX = Math.min(...flow.modules.map((m) => m.position.x));
  const minY = Math.min(...flow.modules.map((m) => m.position.y));
  const placed = laidOut.children ?? [];
  const left = Math.min(...placed.map((c) => c.x ?? 0));
  const top = Math.min(...placed.map((c) => c.y ?? 0));
  const dx = (Number.isFinite(minX) ? minX : 0) - left;
  const dy = (Number.isFinite(minY) ? minY : 0) - top;
  return placed.map((c) => ({ id: c.id, position: { x: Math.round((c.x ?? 0) + dx), y: Math.round((c.y ?? 0) + dy) } }));
}
