import type { Flow } from '../model/types';
import { priceWithPlan, type FlowPlan, type PriceOptions } from './price';
import { compileFlow } from '../model/compiled';
import type { FlowCost, NodeCost } from './types';

/**
 * Incremental pricing: a pricer keeps the compiled structure (module and edge indices,
 * topological order, loops) of the last flow it priced and reuses it while the structure is
 * unchanged, so an edit of an assumption, a pass rate, a filter mode, a router mode, a name
 * or a position only re-runs the numeric pass. Any change of ids, types, edge ends or an
 * aggregator's iterator recompiles. The result is always equal to `priceFlow(flow)`, and a
 * module whose figures did not change keeps the very same NodeCost object as in the last result.
 */
export interface Pricer {
  price(flow: Flow, options?: PriceOptions): FlowCost;
  /** How many times the structure was compiled (for tests and the benchmark). */
  readonly compiles: number;
}

interface Shape {
  modules: Flow['modules'];
  edges: Flow['edges'];
  plan: FlowPlan;
  ids: string[];
  types: string[];
  iteratorIds: (string | undefined)[];
  edgeIds: string[];
  sources: string[];
  targets: string[];
  nodes?: readonly NodeCost[];
}

function sameStructure(shape: Shape, flow: Flow): boolean {
  const { modules, edges } = flow;
  if (modules.length !== shape.ids.length || edges.length !== shape.edgeIds.length) return false;
  if (modules !== shape.modules) {
    const previous = shape.modules;
    for (let i = 0; i < modules.length; i++) {
      const m = modules[i]!;
      if (m === previous[i]) continue;
      if (m.id !== shape.ids[i] || m.type !== shape.types[i]) return false;
      if (m.type === 'aggregator' && m.config?.iteratorId !== shape.iteratorIds[i]) return false;
    }
  }
  if (edges !== shape.edges) {
    const previous = shape.edges;
    for (let e = 0; e < edges.length; e++) {
      const edge = edges[e]!;
      if (edge === previous[e]) continue;
      if (edge.id !== shape.edgeIds[e] || edge.source !== shape.sources[e] || edge.target !== shape.targets[e]) return false;
    }
  }
  return true;
}

function shapeOf(flow: Flow, plan: FlowPlan): Shape {
  return {
    modules: flow.modules,
    edges: flow.edges,
    plan,
    ids: flow.modules.map((m) => m.id),
    types: flow.modules.map((m) => m.type),
    iteratorIds: flow.modules.map((m) => (m.type === 'aggregator' ? m.config?.iteratorId : undefined)),
    edgeIds: flow.edges.map((e) => e.id),
    sources: flow.edges.map((e) => e.source),
    targets: flow.edges.map((e) => e.target),
  };
}

export function createPricer(): Pricer {
  let shape: Shape | undefined;
  let compiles = 0;
  return {
    get compiles() {
      return compiles;
    },
    price(flow, options) {
      if (shape && sameStructure(shape, flow)) {
        // Same structure: remember the new arrays so the next check compares by reference.
        shape.modules = flow.modules;
        shape.edges = flow.edges;
        // Nodes whose figures did not change keep their identity, so views of them need not redraw.
        const cost = priceWithPlan(flow, shape.plan, options, shape.nodes);
        shape.nodes = cost.nodes;
        return cost;
      }
      const plan = compileFlow(flow);
      compiles++;
      shape = shapeOf(flow, plan);
      const cost = priceWithPlan(flow, plan, options);
      shape.nodes = cost.nodes;
      return cost;
    },
  };
}
