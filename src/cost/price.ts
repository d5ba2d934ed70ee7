import type { AssumptionKey, Estimate, Flow, Module, ModuleType, PartialRateCard, RateCard } from '../model/types';
import { MODULE_TYPES, canFail, pointOf } from '../model/types';
import { MODULE_KINDS, assumptionOf } from '../model/modules/registry';
import type { Problem } from '../model/problems';
import type { EdgeFlow, FlowCost, NodeCost } from './types';
import { mergeRateCard, pricingTerms } from './rateCard';
import { IndexedMap } from '../model/idIndex';
import { UNKNOWN_KIND, compileFlow, type CompiledFlow } from '../model/compiled';
import { scheduleRunsPerMonth } from '../model/cronRuns';
import { over, runWhole, type Work } from '../model/stepwise';
import { log2 } from './log2';

/**
 * Runs per month when the flow does not say (`settings.runsPerMonth` missing). A range counts as
 * its likely value here; simulated runs (simulate.ts) draw it.
 */
export const DEFAULT_RUNS_PER_MONTH = 1000;

export interface PriceOptions {
  /**
   * A rate card to price with: each field given replaces the one of the flow's own card
   * (`settings.rateCard` merged on the default), objects one level deep. A complete `RateCard`
   * therefore replaces the flow's card entirely.
   */
  rateCard?: RateCard | PartialRateCard;
}

/** The rate card a flow prices with: its own partial card merged on the default. */
export function rateCardOf(flow: Flow): RateCard {
  return mergeRateCard(flow.settings?.rateCard);
}

/**
 * The runs per month a flow prices with: its own `settings.runsPerMonth` (always wins), else what
 * its first trigger's schedule implies (fires in 2026 ÷ 12, cost-model.md §7), else the default.
 * A schedule that cannot be read counts as none (validation reports it).
 */
export function runsPerMonthEstimate(flow: Flow): Estimate {
  const runs = flow.settings?.runsPerMonth;
  if (runs !== undefined && runs !== null) return runs;
  return scheduledRunsOf(flow) ?? DEFAULT_RUNS_PER_MONTH;
}

/** Runs per month as the first trigger's schedule implies them, or undefined without a readable one. */
export function scheduledRunsOf(flow: Pick<Flow, 'modules'>): number | undefined {
  const trigger = flow.modules?.find((m) => m.type === 'trigger');
  const schedule: unknown = trigger?.config?.schedule;
  if (typeof schedule !== 'string') return undefined;
  return scheduleRunsPerMonth(schedule) ?? undefined;
}

/** Runs per month as a point estimate (a range counts as its likely value). */
export function runsPerMonthOf(flow: Flow): number {
  return pointOf(runsPerMonthEstimate(flow));
}

function kindLabel(type: ModuleType): string {
  return MODULE_KINDS[type]?.label ?? String(type);
}

/** The point value of an assumption given its own value and the kind's default (0 without either). */
function valueOr(own: Estimate | null | undefined, fallback: number | undefined): number {
  if (own === undefined || own === null) return fallback ?? 0;
  return typeof own === 'number' ? own : own.likely;
}

function clampRate(q: number): number {
  return q < 0 ? 0 : q > 1 ? 1 : q;
}

/** A person-readable name of a module for messages: "Search 'Find company'". */
export function moduleTitle(module: Pick<Module, 'type' | 'name' | 'id'>): string {
  const name = module.name && module.name.trim() !== '' ? module.name : module.id;
  return `${kindLabel(module.type)} '${name}'`;
}

/**
 * The structure of a flow as pricing and simulated runs read it: the model's compiled flow
 * (model/compiled.ts), the one graph core shared with validation.
 */
export type FlowPlan = CompiledFlow;

/** Per-edge flow counts and per-module executions (cost-model.md §4), as typed arrays. */
export interface FlowCounts {
  executions: Float64Array;
  edgeCount: Float64Array;
  edgePassed: Float64Array;
  /** Point iterations N of each iterator (0 for other modules). */
  iterations: Float64Array;
}

/**
 * φ: the share of a module's executions that still fail after their retries (cost-model.md §7),
 * clamped to 0..1; 0 for kinds that cannot fail and for modules that do not say.
 */
export function failureShareOf(module: Module): number {
  // Most modules do not say: that is looked at first (this runs for every module of every pass).
  const own = module.assumptions?.failureRate;
  if (own === undefined || own === null || !canFail(module.type)) return 0;
  return clampRate(pointOf(own));
}

/** p: the expected result pages of one execution of a search (at least 1); 1 for other kinds. */
export function pagesOf(module: Module): number {
  if (module.type !== 'search') return 1;
  const own = module.assumptions?.pages;
  const p = own === undefined || own === null ? 1 : pointOf(own);
  return p > 1 ? p : 1;
}

/** Share of an edge's count that passes its filter (1 without one). */
function filterRate(flow: Pick<Flow, 'edges'>, e: number): number {
  const filter = flow.edges[e]!.filter;
  return filter ? clampRate(pointOf(filter.passRate)) : 1;
}

const ITERATOR = MODULE_TYPES.indexOf('iterator');
const ROUTER = MODULE_TYPES.indexOf('router');
const SEARCH = MODULE_TYPES.indexOf('search');
const KIND_CAN_FAIL: readonly boolean[] = MODULE_TYPES.map(canFail);

/** Executions per run of every module, and the counts on every edge (cost-model.md §4). */
export function countExecutions(flow: Pick<Flow, 'modules' | 'edges'>, plan: FlowPlan): FlowCounts {
  const counts = noCounts(plan.size, flow.edges.length);
  countRange(flow, plan, counts, 0, plan.order.length);
  return counts;
}

/** Counts all zero, to be filled by countRange. */
function noCounts(n: number, en: number): FlowCounts {
  // One block, four views: one allocation on every pass.
  const block = new Float64Array(2 * n + 2 * en);
  return { executions: block.subarray(0, n), iterations: block.subarray(n, 2 * n), edgeCount: block.subarray(2 * n, 2 * n + en), edgePassed: block.subarray(2 * n + en) };
}

/** The counts of the modules order[from .. to) (those before them counted already). */
function countRange(flow: Pick<Flow, 'modules' | 'edges'>, plan: FlowPlan, counts: FlowCounts, from: number, to: number): void {
  const { order, inStart, inEdges, outStart, outEdges, edgeSource, closes } = plan;
  const { modules, edges } = flow;
  const kinds = plan.kinds;
  const { executions, iterations, edgeCount, edgePassed } = counts;
  for (let h = from; h < to; h++) {
    const v = order[h]!;
    let m = 0;
    let skipped = 0;
    if (v === plan.trigger) {
      m = 1;
    } else {
      for (let k = inStart[v]!, end = inStart[v + 1]!; k < end; k++) {
        const e = inEdges[k]!;
        if (plan.reached[edgeSource[e]!] !== 1) continue;
        const passed = edgePassed[e]!;
        m += passed;
        const filter = edges[e]!.filter;
        if (filter && filter.mode === 'skip') skipped += edgeCount[e]! - passed;
      }
    }
    const closed = closes[v]!;
    if (closed !== -1 && executions[closed]! < m) m = executions[closed]!;
    executions[v] = m;
    let out = m + skipped;
    const oStart = outStart[v]!;
    const oEnd = outStart[v + 1]!;
    if (oStart === oEnd) continue;
    const module = modules[v]!;
    const kind = kinds[v]!;
    if (kind === ITERATOR) {
      const N = pointOf(assumptionOf(module, 'iterations'));
      iterations[v] = N;
      out *= N;
    }
    if (kind === ROUTER && module.type === 'router') {
      // Route shares: non-fallback routes carry π_i; the fallback what the others leave.
      const exclusive = module.config?.mode === 'exclusive';
      let sum = 0;
      let none = 1;
      for (let k = oStart; k < oEnd; k++) {
        const route = edges[outEdges[k]!]!.route;
        if (route && route.fallback) continue;
        const pi = route ? clampRate(pointOf(route.passRate)) : 1;
        sum += pi;
        none *= 1 - pi;
      }
      const fallbackShare = exclusive ? (sum < 1 ? 1 - sum : 0) : none;
      for (let k = oStart; k < oEnd; k++) {
        const e = outEdges[k]!;
        const route = edges[e]!.route;
        const share = route ? (route.fallback ? fallbackShare : clampRate(pointOf(route.passRate))) : 1;
        edgeCount[e] = out;
        edgePassed[e] = out * share * filterRate(flow, e);
      }
    } else {
      // Failed executions (φ·m) leave by the error edge, if any, and never by the normal one (§7).
      const failed = m === 0 || KIND_CAN_FAIL[kind] !== true ? 0 : m * failureShareOf(module);
      for (let k = oStart; k < oEnd; k++) {
        const e = outEdges[k]!;
        const edge = edges[e]!;
        const count = edge.error === true ? failed : out - failed;
        edgeCount[e] = count;
        edgePassed[e] = edge.filter ? count * clampRate(pointOf(edge.filter.passRate)) : count;
      }
    }
  }
}

/**
 * Prices one run of a flow, module by module (cost-model.md §1–§4), with point estimates: a
 * range counts as its likely value. Never throws for a flow that fits the types: modules the
 * first trigger cannot reach, or that lie on a cycle, run 0 times and get a warning. Never rounds.
 */
export function priceFlow(flow: Flow, options?: PriceOptions): FlowCost {
  const plan = compileFlow(flow);
  return priceWithPlan(flow, plan, options);
}

/** What pricing reads of a module kind under a rate card: looked up once per pass, not once per module. */
interface KindTerms {
  base: number;
  /** False for kinds whose duration costs nothing (the rate card's `timeExempt`). */
  timed: boolean;
  defaults: Partial<Record<AssumptionKey, number>> | undefined;
  canFail: boolean;
}

function kindTermsOf(type: ModuleType, rateCard: RateCard, exempt: ReadonlySet<ModuleType>): KindTerms {
  return { base: rateCard.baseCredits[type] ?? 0, timed: !exempt.has(type), defaults: MODULE_KINDS[type]?.defaults, canFail: canFail(type) };
}

/**
 * One pricing pass of a flow under a rate card, with its counts: what prices each module
 * (priceModule). The incremental pricer (pricer.ts) keeps it to price again only the modules an
 * edit changed.
 */
export interface PricingPass {
  flow: Flow;
  plan: FlowPlan;
  rateCard: RateCard;
  counts: FlowCounts;
  /** Each module's kind code (CompiledFlow.kinds). */
  codes: Uint8Array;
  /** Per kind code. */
  kinds: readonly KindTerms[];
  exempt: ReadonlySet<ModuleType>;
  kT: number;
  t0: number;
  kP: number;
  s0: number;
  sigma: number;
}

/** The rate card a flow prices with under these options. */
export function rateCardFor(flow: Flow, options?: PriceOptions): RateCard {
  return options?.rateCard ? mergeRateCard(options.rateCard, rateCardOf(flow)) : rateCardOf(flow);
}

export function startPass(flow: Flow, plan: FlowPlan, rateCard: RateCard, counts: FlowCounts): PricingPass {
  const terms = pricingTerms(rateCard);
  const kinds = MODULE_TYPES.map((type) => kindTermsOf(type, rateCard, terms.exempt));
  return { flow, plan, rateCard, counts, codes: plan.kinds, kinds, ...terms };
}

/**
 * The cost of module v in a pass. `before` (its node in an earlier pricing of the same structure)
 * is handed back, the same object, when every figure is the same.
 */
export function priceModule(pass: PricingPass, v: number, before: NodeCost | undefined): NodeCost {
  const { plan, counts } = pass;
  const module = pass.flow.modules[v]!;
  const code = pass.codes[v]!;
  const type = code === UNKNOWN_KIND ? module.type : MODULE_TYPES[code]!;
  const kind = code === UNKNOWN_KIND ? kindTermsOf(type, pass.rateCard, pass.exempt) : pass.kinds[code]!;
  // The assumptions, each its own value else the kind's default (this runs for every module of every pass).
  const own = module.assumptions;
  const defaults = kind.defaults;
  const durationSec = valueOr(own?.durationSec, defaults?.durationSec);
  const payloadKB = valueOr(own?.payloadKB, defaults?.payloadKB);
  const retries = valueOr(own?.retries, defaults?.retries);
  const extraCredits = valueOr(own?.extraCredits, defaults?.extraCredits);
  const b = kind.base;
  const time = !kind.timed || durationSec === 0 ? 0 : pass.kT * log2(1 + durationSec / pass.t0);
  const payload = payloadKB === 0 ? 0 : pass.kP * log2(1 + payloadKB / pass.s0);
  const attempt = b + time + payload + extraCredits;
  const m = counts.executions[v]!;
  const loopIndex = plan.reached[v] === 1 ? plan.loop[v]! : -1;
  const N = loopIndex === -1 ? undefined : counts.iterations[loopIndex]!;
  let surcharge = 0;
  let pages = 1;
  if (code === SEARCH && m > 0) {
    if (N !== undefined && N > 0) {
      const beyond = 1 - 1 / N;
      if (beyond > 0) surcharge = pass.sigma * m * beyond;
    }
    // Each page beyond the first pays the surcharge too (cost-model.md §7).
    pages = pagesOf(module);
    if (pages > 1) surcharge += pass.sigma * m * (pages - 1);
  }
  const failureRate = kind.canFail ? failureShareOf(module) : 0;
  const retryFactor = 1 + retries;
  const credits = m === 0 && surcharge === 0 ? 0 : retryFactor * (m * attempt + surcharge);
  const id = plan.ids[v]!;
  const loopId = N === undefined ? undefined : plan.ids[loopIndex]!;
  if (
    before !== undefined &&
    before.id === id &&
    before.type === type &&
    before.executions === m &&
    before.attempt === attempt &&
    before.credits === credits &&
    before.surcharge === surcharge &&
    before.retryFactor === retryFactor &&
    before.base === b &&
    before.time === time &&
    before.payload === payload &&
    before.extra === extraCredits &&
    before.loopIterations === N &&
    before.loopId === loopId &&
    before.inputs.durationSec === durationSec &&
    before.inputs.payloadKB === payloadKB &&
    before.inputs.retries === retries &&
    before.inputs.extraCredits === extraCredits &&
    before.inputs.failureRate === failureRate &&
    before.inputs.pages === pages
  ) {
    return before;
  }
  const inputs = new PointInputs(durationSec, payloadKB, retries, extraCredits, failureRate, pages);
  const node: NodeCost = new PricedNode(id, type, m, b, time, payload, extraCredits, attempt, surcharge, retryFactor, credits, inputs);
  if (N !== undefined) {
    node.loopIterations = N;
    node.loopId = loopId;
  }
  return node;
}

/** Credits per run: every module's credits added in module order (the one order every pass sums in). */
export function totalOf(nodes: readonly NodeCost[]): number {
  let total = 0;
  for (let v = 0; v < nodes.length; v++) total += nodes[v]!.credits;
  return total;
}

/** The edge flows of a pass, built on first use: a 10,000-edge flow allocates none until asked. */
export function edgeFlowsOf(flow: Pick<Flow, 'edges'>, plan: FlowPlan, counts: FlowCounts): ReadonlyMap<string, EdgeFlow> {
  const edgeIds = new Array<string>(flow.edges.length);
  readEdgeIds(flow, edgeIds, 0, edgeIds.length);
  return edgeFlowsFrom(edgeIds, plan, counts);
}

function readEdgeIds(flow: Pick<Flow, 'edges'>, edgeIds: string[], from: number, to: number): void {
  const edges = flow.edges;
  for (let e = from; e < to; e++) edgeIds[e] = edges[e]!.id;
}

function edgeFlowsFrom(edgeIds: readonly string[], plan: FlowPlan, counts: FlowCounts): ReadonlyMap<string, EdgeFlow> {
  const edgeFlows = new Array<EdgeFlow | undefined>(edgeIds.length);
  const { edgeCount, edgePassed } = counts;
  return new IndexedMap(plan.edgeIndex, edgeIds, (e) => {
    let flowAt = edgeFlows[e];
    if (flowAt === undefined) flowAt = edgeFlows[e] = { id: edgeIds[e]!, count: edgeCount[e]!, passed: edgePassed[e]! };
    return flowAt;
  });
}

/** A flow's cost from its priced nodes, edge flows and warnings: the totals per run, per month and in dollars. */
export function costOf(
  pass: PricingPass,
  nodes: NodeCost[],
  edges: ReadonlyMap<string, EdgeFlow>,
  warnings: Problem[],
): FlowCost {
  const { flow, plan, rateCard } = pass;
  const total = totalOf(nodes);
  const runsPerMonth = runsPerMonthOf(flow);
  const perMonth = total * runsPerMonth;
  return {
    total,
    runsPerMonth,
    perMonth,
    dollarsPerRun: total * rateCard.dollarsPerCredit,
    dollarsPerMonth: perMonth * rateCard.dollarsPerCredit,
    nodes,
    byId: new IndexedMap(plan.index, plan.ids, (i) => nodes[i]!),
    edges,
    warnings,
    rateCard,
  };
}

/** Prices a flow with an already compiled plan of its structure (same modules and edges, maybe other values). */
export function priceWithPlan(
  flow: Flow,
  plan: FlowPlan,
  options?: PriceOptions,
  /** Nodes of an earlier pricing of the same structure: a node whose figures did not change is reused (same object). */
  previous?: readonly NodeCost[],
): FlowCost {
  return priceAll(flow, plan, rateCardFor(flow, options), previous).cost;
}

/** Every module of a flow priced in one pass: the pass (to price again from) and the cost. */
export function priceAll(flow: Flow, plan: FlowPlan, rateCard: RateCard, previous?: readonly NodeCost[]): Priced {
  return runWhole(priceWork(flow, plan, rateCard, previous));
}

/** A full pass's result: the pass (to price again from) and the cost. */
export interface Priced {
  pass: PricingPass;
  cost: FlowCost;
}

/** priceAll as work in phases (model/stepwise.ts): the same cost, whole or a slice at a time. */
export function* priceWork(flow: Flow, plan: FlowPlan, rateCard: RateCard, previous?: readonly NodeCost[]): Work<Priced> {
  const counts = noCounts(plan.size, flow.edges.length);
  yield over(plan.order.length, (from, to) => countRange(flow, plan, counts, from, to));
  const pass = startPass(flow, plan, rateCard, counts);
  const n = plan.size;
  const nodes: NodeCost[] = new Array<NodeCost>(n);
  yield over(n, (from, to) => priceRange(pass, nodes, previous, from, to));
  const edgeIds = new Array<string>(flow.edges.length);
  yield over(edgeIds.length, (from, to) => readEdgeIds(flow, edgeIds, from, to));
  const warnings: Problem[] = [];
  const forward: { seen?: Uint8Array } = {};
  yield over(n, (from, to) => warnRange(flow, plan, warnings, forward, from, to));
  const cost = costOf(pass, nodes, edgeFlowsFrom(edgeIds, plan, counts), warnings);
  return { pass, cost };
}

function priceRange(pass: PricingPass, nodes: NodeCost[], previous: readonly NodeCost[] | undefined, from: number, to: number): void {
  for (let v = from; v < to; v++) nodes[v] = priceModule(pass, v, previous?.[v]);
}

/** Warnings for modules that never run: not connected to the trigger, behind a second trigger, or on a cycle. */
export function pricingWarnings(flow: Pick<Flow, 'modules'>, plan: FlowPlan): Problem[] {
  const warnings: Problem[] = [];
  warnRange(flow, plan, warnings, {}, 0, plan.size);
  return warnings;
}

/** The warnings of modules from .. to − 1 (`forward`: what the trigger reaches, worked out once when needed). */
function warnRange(flow: Pick<Flow, 'modules'>, plan: FlowPlan, warnings: Problem[], forward: { seen?: Uint8Array }, from: number, to: number): void {
  const modules = flow.modules;
  const { reached, cyclic, trigger, index } = plan;
  const triggerModule = trigger === -1 ? undefined : modules[trigger];
  for (let v = from; v < to; v++) {
    if (reached[v] === 1) continue;
    const module = modules[v]!;
    if (index.get(module.id) !== v) continue; // a duplicate id: the schema reports it
    const title = moduleTitle(module);
    let message: string;
    let code = 'unreachable';
    if (cyclic[v] === 1 && (forward.seen ??= forwardFromTrigger(plan))[v] === 1) {
      code = 'unpriced-cycle';
      message = `${title} lies on a cycle of edges, so it is not priced; use an iterator for loops`;
    } else if (trigger === -1) {
      message = `${title} never runs: the flow has no trigger`;
    } else if (module.type === 'trigger') {
      message = `${title} never runs: only the first trigger, ${moduleTitle(triggerModule!)}, starts the flow`;
    } else {
      message = `${title} is not connected to the trigger, so it never runs`;
    }
    warnings.push({ severity: 'warning', code, moduleId: module.id, message });
  }
}

/** 1 for every module the trigger reaches by following edges forward, cycles included. */
function forwardFromTrigger(plan: FlowPlan): Uint8Array {
  const seen = new Uint8Array(plan.size);
  if (plan.trigger === -1) return seen;
  const stack = [plan.trigger];
  seen[plan.trigger] = 1;
  while (stack.length > 0) {
    const x = stack.pop()!;
    for (let k = plan.outStart[x]!, end = plan.outStart[x + 1]!; k < end; k++) {
      const t = plan.edgeTarget[plan.outEdges[k]!]!;
      if (seen[t] === 0) {
        seen[t] = 1;
        stack.push(t);
      }
    }
  }
  return seen;
}

/*
 * Priced nodes are built with `new`, not object literals, on purpose. V8 "pretenures" the objects
 * of a literal's allocation site once most of them survive a young-generation collection, which a
 * pass of 10,000 nodes always makes them do: from then on every node is allocated in the old
 * generation, under incremental marking, and the full pass at 10,000 modules took 16–18 ms
 * instead of 2–4 ms, in some processes and not others. Objects made by a constructor are never
 * pretenured this way.
 */

class PointInputs {
  constructor(
    readonly durationSec: number,
    readonly payloadKB: number,
    readonly retries: number,
    readonly extraCredits: number,
    readonly failureRate: number,
    readonly pages: number,
  ) {}
}

class PricedNode implements NodeCost {
  declare loopIterations?: number;
  declare loopId?: string;
  constructor(
    readonly id: string,
    readonly type: ModuleType,
    readonly executions: number,
    readonly base: number,
    readonly time: number,
    readonly payload: number,
    readonly extra: number,
    readonly attempt: number,
    readonly surcharge: number,
    readonly retryFactor: number,
    readonly credits: number,
    readonly inputs: NodeCost['inputs'],
  ) {}
}
