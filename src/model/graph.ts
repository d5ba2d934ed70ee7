import type { Edge, Flow, Module } from './types';

/** Adjacency of a flow, built once and shared by validation, the cost engine and the canvas. */
export interface FlowGraph {
  modules: ReadonlyMap<string, Module>;
  edges: ReadonlyMap<string, Edge>;
  /** Edges into each module id (only edges whose both ends exist). */
  incoming: ReadonlyMap<string, readonly Edge[]>;
  /** Edges out of each module id (only edges whose both ends exist). */
  outgoing: ReadonlyMap<string, readonly Edge[]>;
  /** Module ids in topological order; modules on or behind a cycle are left out (see `cyclic`). */
  order: readonly string[];
  /** Module ids that lie on a cycle or can only be reached through one. */
  cyclic: ReadonlySet<string>;
}

export function buildGraph(flow: Pick<Flow, 'modules' | 'edges'>): FlowGraph {
  const modules = new Map<string, Module>();
  for (const m of flow.modules) if (!modules.has(m.id)) modules.set(m.id, m);
  const edges = new Map<string, Edge>();
  const incoming = new Map<string, Edge[]>();
  const outgoing = new Map<string, Edge[]>();
  for (const id of modules.keys()) {
    incoming.set(id, []);
    outgoing.set(id, []);
  }
  for (const e of flow.edges) {
    if (edges.has(e.id)) continue;
    edges.set(e.id, e);
    const into = incoming.get(e.target);
    const from = outgoing.get(e.source);
    if (!into || !from) continue;
    into.push(e);
    from.push(e);
  }
  // Kahn's algorithm; what never reaches in-degree 0 is on or behind a cycle.
  const indegree = new Map<string, number>();
  const queue: string[] = [];
  for (const [id, ins] of incoming) {
    indegree.set(id, ins.length);
    if (ins.length === 0) queue.push(id);
  }
  const order: string[] = [];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    order.push(id);
    for (const e of outgoing.get(id)!) {
      const left = indegree.get(e.target)! - 1;
      indegree.set(e.target, left);
      if (left === 0) queue.push(e.target);
    }
  }
  const cyclic = new Set<string>();
  if (order.length < modules.size) {
    const placed = new Set(order);
    for (const id of modules.keys()) if (!placed.has(id)) cyclic.add(id);
  }
  return { modules, edges, incoming, outgoing, order, cyclic };
}

/** Ids of every module reachable from `start` by following edges forward (start included). */
export function reachableFrom(graph: FlowGraph, start: string): Set<string> {
  const seen = new Set<string>();
  if (!graph.modules.has(start)) return seen;
  const stack = [start];
  seen.add(start);
  while (stack.length > 0) {
    const id = stack.pop()!;
    for (const e of graph.outgoing.get(id) ?? []) {
      if (!seen.has(e.target)) {
        seen.add(e.target);
        stack.push(e.target);
      }
    }
  }
  return seen;
}

/** Ids of every module upstream of `end` (end excluded), nearest first. */
export function upstreamOf(graph: FlowGraph, end: string): string[] {
  const seen = new Set<string>([end]);
  const out: string[] = [];
  const queue = [end];
  for (let i = 0; i < queue.length; i++) {
    for (const e of graph.incoming.get(queue[i]!) ?? []) {
      if (!seen.has(e.source)) {
        seen.add(e.source);
        out.push(e.source);
        queue.push(e.source);
      }
    }
  }
  return out;
}
