/**
 * Compare mode on the canvas: what only the flow compared with has, drawn where it was as
 * ghosts, React Flow nodes and edges that cannot be selected, moved, connected or deleted. Their
 * ids are prefixed (`ghost:`), so they never meet the document's ids in the selection or the store.
 */
import type { CompareView } from '../store/compare';
import { ERROR_HANDLE, GHOST_PREFIX, type FlowRfEdge, type ModuleRfNode } from './mapping';

export { GHOST_PREFIX } from './mapping';

/** Whether a React Flow id is a ghost's (only the ghosts' own parts ask: here, not in the first download). */
export function isGhostId(id: string): boolean {
  return id.startsWith(GHOST_PREFIX);
}

export interface Ghosts {
  nodes: ModuleRfNode[];
  edges: FlowRfEdge[];
}

export const NO_GHOSTS: Ghosts = { nodes: [], edges: [] };

/** The ghosts of a comparison: each removed module at its old position, each removed edge between what it joined. */
export function ghostsOf(view: CompareView | null): Ghosts {
  if (!view || (view.ghosts.modules.length === 0 && view.ghosts.edges.length === 0)) return NO_GHOSTS;
  const removed = new Set(view.ghosts.modules.map((m) => m.id));
  const credits = new Map(view.diff.modules.map((m) => [m.id, m.before?.credits ?? 0]));
  const end = (id: string) => (removed.has(id) ? GHOST_PREFIX + id : id);
  const nodes: ModuleRfNode[] = view.ghosts.modules.map((m) => ({
    id: GHOST_PREFIX + m.id,
    type: 'ghost',
    position: { x: m.position.x, y: m.position.y },
    data: { type: m.type, name: m.name, credits: credits.get(m.id) ?? 0 },
    selectable: false,
    draggable: false,
    connectable: false,
    deletable: false,
    focusable: false,
    ariaLabel: `${m.name} module, removed (only in ${view.label})`,
  }));
  const edges: FlowRfEdge[] = view.ghosts.edges.map((e) => ({
    id: GHOST_PREFIX + e.id,
    type: 'ghost',
    source: end(e.source),
    target: end(e.target),
    ...(e.error === true ? { sourceHandle: ERROR_HANDLE } : {}),
    data: { edge: e },
    selectable: false,
    deletable: false,
    focusable: false,
    ariaLabel: `Edge, removed (only in ${view.label})`,
  }));
  return { nodes, edges };
}
