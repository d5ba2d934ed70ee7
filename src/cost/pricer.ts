import type { Edge, Estimate, Flow, Module } from '../model/types';
import { pointOf } from '../model/types';
import { assumptionOf } from '../model/modules/registry';
import { compileFlow, compileWork } from '../model/compiled';
import { inSlices, over, runWhole, type Work } from '../model/stepwise';
import {
  costOf,
  failureShareOf,
  priceAll,
  priceModule,
  priceWork,
  pricingWarnings,
  rateCardFor,
  runsPerMonthOf,
  type FlowPlan,
  type PriceOptions,
  type Priced,
  type PricingPass,
} from './price';
import type { FlowCost } from './types';

/**
 * Incremental pricing: a pricer keeps the compiled structure (module and edge indices,
 * topological order, loops) of the last flow it priced and reuses it while the structure is
 * unchanged; any change of ids, types, edge ends or an aggregator's iterator recompiles.
 *
 * With the same structure and the same rate card, an edit that changes no execution count (a
 * duration, a payload, retries, extra credits, pages, a name: anything but an iterator's
 * iterations, a router's mode, a failure share or an edge's pass rate, filter or error flag)
 * prices again only the modules it changed, and the total is summed again from every module's
 * credits in module order, the order of a full pass. Other edits re-run the numeric pass over
 * every module. The result is always equal to `priceFlow(flow)`, to the last bit, and a module
 * whose figures did not change keeps the very same NodeCost object as in the last result.
 */
export interface Pricer {
  price(flow: Flow, options?: PriceOptions): FlowCost;
  /**
   * Compiles and prices `flow` ahead, a slice of at most `slice` modules or edges each step, for a
   * `price(flow, options)` of that very flow to come, which then hands out this result: the editor
   * opening a large flow runs the steps a task or so each, so no task of the page compiles or
   * prices the whole flow (issue 19: 100,000 modules, several hundred ms in one task). The
   * result is the one `price` would have worked out, to the last bit, and later edits are priced
   * from it incrementally. Changes no result.
   */
  priceInSteps(flow: Flow, options?: PriceOptions, slice?: number): Generator<void, void, void>;
  /** How many times the structure was compiled (for tests and the benchmark). */
  readonly compiles: number;
  /** How many times every module was priced (a compile, or an edit that changed counts or the rate card). */
  readonly fullPasses: number;
}

interface Shape {
  plan: FlowPlan;
  types: string[];
  iteratorIds: (string | undefined)[];
  edgeIds: string[];
  sources: string[];
  targets: string[];
}

interface Last {
  shape: Shape;
  modules: Flow['modules'];
  edges: Flow['edges'];
  /** What the rate card was merged from: the flow's own card and the options' one. */
  flowCard: unknown;
  optionsCard: unknown;
  pass: PricingPass;
  cost: FlowCost;
}

function shapeOf(flow: Flow, plan: FlowPlan): Shape {
  return runWhole(shapeWork(flow, plan));
}

/** What a structural change would change, read a slice at a time (model/stepwise.ts). */
function* shapeWork(flow: Flow, plan: FlowPlan): Work<Shape> {
  const { modules, edges } = flow;
  const types = new Array<string>(modules.length);
  const iteratorIds = new Array<string | undefined>(modules.length);
  yield over(modules.length, (from, to) => {
    for (let i = from; i < to; i++) {
      const m = modules[i]!;
      types[i] = m.type;
      iteratorIds[i] = m.type === 'aggregator' ? m.config?.iteratorId : undefined;
    }
  });
  const edgeIds = new Array<string>(edges.length);
  const sources = new Array<string>(edges.length);
  const targets = new Array<string>(edges.length);
  yield over(edges.length, (from, to) => {
    for (let e = from; e < to; e++) {
      const edge = edges[e]!;
      edgeIds[e] = edge.id;
      sources[e] = edge.source;
      targets[e] = edge.target;
    }
  });
  return { plan, types, iteratorIds, edgeIds, sources, targets };
}

/** Whether a module changed only values that no execution count reads (cost-model.md §4, §7). */
function sameCounts(a: Module, b: Module): boolean {
  switch (b.type) {
    case 'iterator':
      return pointOf(assumptionOf(a, 'iterations')) === pointOf(assumptionOf(b, 'iterations'));
    case 'router':
      return a.type === 'router' && a.config?.mode === b.config?.mode;
    default:
      return failureShareOf(a) === failureShareOf(b);
  }
}

const passRateOf = (part: { passRate: Estimate } | undefined) => (part === undefined ? undefined : pointOf(part.passRate));

/** Whether an edge carries the same counts: same route share, filter and error flag. */
function sameEdgeCounts(a: Edge, b: Edge): boolean {
  return (
    a.error === b.error &&
    a.route?.fallback === b.route?.fallback &&
    passRateOf(a.route) === passRateOf(b.route) &&
    a.filter?.mode === b.filter?.mode &&
    passRateOf(a.filter) === passRateOf(b.filter)
  );
}

/**
 * The modules whose values changed since `last` (by identity), or null when the structure changed.
 * `counts` is set when one of the changes moves an execution count.
 */
function changesSince(last: Last, flow: Flow): { changed: number[]; counts: boolean } | null {
  const { shape } = last;
  const { modules, edges } = flow;
  if (modules.length !== shape.types.length || edges.length !== shape.edgeIds.length) return null;
  const changed: number[] = [];
  let counts = false;
  if (modules !== last.modules) {
    const previous = last.modules;
    const ids = shape.plan.ids;
    for (let i = 0; i < modules.length; i++) {
      const m = modules[i]!;
      const before = previous[i]!;
      if (m === before) continue;
      if (m.id !== ids[i] || m.type !== shape.types[i]) return null;
      if (m.type === 'aggregator' && m.config?.iteratorId !== shape.iteratorIds[i]) return null;
      changed.push(i);
      if (!counts && !sameCounts(before, m)) counts = true;
    }
  }
  if (edges !== last.edges) {
    const previous = last.edges;
    for (let e = 0; e < edges.length; e++) {
      const edge = edges[e]!;
      const before = previous[e]!;
      if (edge === before) continue;
      if (edge.id !== shape.edgeIds[e] || edge.source !== shape.sources[e] || edge.target !== shape.targets[e]) return null;
      if (!counts && !sameEdgeCounts(before, edge)) counts = true;
    }
  }
  return { changed, counts };
}

/** The cost after an edit that moved no count: only the changed modules are priced again. */
function repriceChanged(last: Last, flow: Flow, changed: readonly number[]): FlowCost {
  const before = last.cost;
  const pass: PricingPass = { ...last.pass, flow };
  const { plan } = pass;
  let nodes = before.nodes;
  let namesOfUnpriced = false;
  for (const v of changed) {
    const node = priceModule(pass, v, before.nodes[v]);
    if (node !== before.nodes[v]) {
      if (nodes === before.nodes) nodes = before.nodes.slice();
      nodes[v] = node;
    }
    // Warnings name the modules that never run, and the trigger.
    if (plan.reached[v] !== 1 || v === plan.trigger) namesOfUnpriced = true;
  }
  last.pass = pass;
  const warnings = namesOfUnpriced ? pricingWarnings(flow, plan) : before.warnings;
  if (nodes === before.nodes && !namesOfUnpriced && runsPerMonthOf(flow) === before.runsPerMonth) return before;
  return costOf(pass, nodes, before.edges, warnings);
}

/** Modules or edges in one step of `priceInSteps`: a few milliseconds of work. */
export const PRICE_SLICE = 1_000;

/** A flow compiled and priced ahead (priceInSteps), for its modules and edges and rate cards. */
interface Ahead {
  flow: Flow;
  optionsCard: unknown;
  shape: Shape;
  priced: Priced;
}

/** Compiles a flow and prices every module: a fresh `price`'s work, in phases. */
function* compileAndPrice(flow: Flow, options: PriceOptions | undefined): Work<Omit<Ahead, 'flow' | 'optionsCard'>> {
  // The edges' index too: the first look-up of an edge's flow would build it in one task.
  const plan = yield* compileWork(flow, undefined, true);
  const shape = yield* shapeWork(flow, plan);
  return { shape, priced: yield* priceWork(flow, plan, rateCardFor(flow, options)) };
}

export function createPricer(): Pricer {
  let last: Last | undefined;
  /** The flow priced by priceInSteps, until the next `price`. */
  let ahead: Ahead | undefined;
  let compiles = 0;
  let fullPasses = 0;
  const remember = (flow: Flow, options: PriceOptions | undefined, shape: Shape, priced: { pass: PricingPass; cost: FlowCost }) => {
    fullPasses++;
    last = {
      shape,
      modules: flow.modules,
      edges: flow.edges,
      flowCard: flow.settings?.rateCard,
      optionsCard: options?.rateCard,
      pass: priced.pass,
      cost: priced.cost,
    };
    return priced.cost;
  };
  return {
    get compiles() {
      return compiles;
    },
    *priceInSteps(flow, options, slice = PRICE_SLICE) {
      const { shape, priced } = yield* inSlices(compileAndPrice(flow, options), slice);
      compiles++;
      ahead = { flow, optionsCard: options?.rateCard, shape, priced };
    },
    get fullPasses() {
      return fullPasses;
    },
    price(flow, options) {
      const early = ahead;
      ahead = undefined;
      if (early && early.flow === flow && early.optionsCard === options?.rateCard) {
        // Priced ahead, the very flow under the same rate card: that is this price (a full pass).
        return remember(flow, options, early.shape, early.priced);
      }
      const changes = last ? changesSince(last, flow) : null;
      if (!last || !changes) {
        const plan = compileFlow(flow);
        compiles++;
        return remember(flow, options, shapeOf(flow, plan), priceAll(flow, plan, rateCardFor(flow, options)));
      }
      const sameCard = flow.settings?.rateCard === last.flowCard && options?.rateCard === last.optionsCard;
      if (!sameCard || changes.counts) {
        // Nodes whose figures did not change keep their identity, so views of them need not redraw.
        const rateCard = sameCard ? last.pass.rateCard : rateCardFor(flow, options);
        return remember(flow, options, last.shape, priceAll(flow, last.shape.plan, rateCard, last.cost.nodes));
      }
      last.modules = flow.modules;
      last.edges = flow.edges;
      last.cost = repriceChanged(last, flow, changes.changed);
      return last.cost;
    },
  };
}
