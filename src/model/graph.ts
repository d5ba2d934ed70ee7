import { compileGraph } from './compiled';
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

/**
 * The Map view of a flow's graph, for code that works with ids and edge objects (the editor,
 * conditions, lint): built on the one compiled graph (compiled.ts), so the order and the cycles
 * are those pricing and validation see. Duplicates of a module or edge id are left out.
 */
export function buildGraph(flow: Pick<Flow, 'modules' | 'edges'>): FlowGraph {
  const modules = new Map<string, Module>();
  for (const m of flow.modules) if (!modules.has(m.id)) modules.set(m.id, m);
  const edges = new Map<string, Edge>();
  for (const e of flow.edges) if (!edges.has(e.id)) edges.set(e.id, e);
  const moduleList = [...modules.values()];
  const edgeList = [...edges.values()];
  const g = compileGraph(moduleList, edgeList);
  const incoming = new Map<string, Edge[]>();
  const outgoing = new Map<string, Edge[]>();
  for (let v = 0; v < g.size; v++) {
    const ins: Edge[] = [];
    for (let k = g.inStart[v]!; k < g.inStart[v + 1]!; k++) ins.push(edgeList[g.inEdges[k]!]!);
    const outs: Edge[] = [];
    for (let k = g.outStart[v]!; k < g.outStart[v + 1]!; k++) outs.push(edgeList[g.outEdges[k]!]!);
    incoming.set(moduleList[v]!.id, ins);
    outgoing.set(moduleList[v]!.id, outs);
  }
  const order = Array.from(g.topological, (v) => moduleList[v]!.id);
  const cyclic = new Set<string>();
  for (let v = 0; v < g.size; v++) if (g.cyclic[v] === 1) cyclic.add(moduleList[v]!.id);
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
