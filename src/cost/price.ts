import type { Estimate, Flow, Module, ModuleType, PartialRateCard, RateCard } from '../model/types';
import { canFail, pointOf } from '../model/types';
import { MODULE_KINDS, assumptionOf } from '../model/modules/registry';
import type { Problem } from '../model/problems';
import type { EdgeFlow, FlowCost, NodeCost } from './types';
import { mergeRateCard, pricingTerms } from './rateCard';
import { IndexedMap } from '../model/idIndex';
import { compileFlow, type CompiledFlow } from '../model/compiled';
import { readSchedule } from '../model/cron';

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
  const reading = readSchedule(schedule);
  return reading.ok ? reading.value.runsPerMonth : undefined;
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
  if (!canFail(module.type)) return 0;
  const own = module.assumptions?.failureRate;
  return own === undefined || own === null ? 0 : clampRate(pointOf(own));
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

/** Executions per run of every module, and the counts on every edge (cost-model.md §4). */
export function countExecutions(flow: Pick<Flow, 'modules' | 'edges'>, plan: FlowPlan): FlowCounts {
  const { order, inStart, inEdges, outStart, outEdges, edgeSource, closes } = plan;
  const { modules, edges } = flow;
  const n = plan.size;
  const executions = new Float64Array(n);
  const edgeCount = new Float64Array(edges.length);
  const edgePassed = new Float64Array(edges.length);
  const iterations = new Float64Array(n);
  for (let h = 0; h < order.length; h++) {
    const v = order[h]!;
    const module = modules[v]!;
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
    if (module.type === 'iterator') {
      const N = pointOf(assumptionOf(module, 'iterations'));
      iterations[v] = N;
      out *= N;
    }
    if (module.type === 'router') {
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
      const failed = m === 0 ? 0 : m * failureShareOf(module);
      for (let k = oStart; k < oEnd; k++) {
        const e = outEdges[k]!;
        const count = edges[e]!.error === true ? failed : out - failed;
        edgeCount[e] = count;
        edgePassed[e] = count * filterRate(flow, e);
      }
    }
  }
  return { executions, edgeCount, edgePassed, iterations };
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

/** Prices a flow with an already compiled plan of its structure (same modules and edges, maybe other values). */
export function priceWithPlan(
  flow: Flow,
  plan: FlowPlan,
  options?: PriceOptions,
  /** Nodes of an earlier pricing of the same structure: a node whose figures did not change is reused (same object). */
  previous?: readonly NodeCost[],
): FlowCost {
  const rateCard = options?.rateCard ? mergeRateCard(options.rateCard, rateCardOf(flow)) : rateCardOf(flow);
  const counts = countExecutions(flow, plan);
  const { executions } = counts;
  const modules = flow.modules;
  const n = plan.size;

  const { exempt, kT, t0, kP, s0, sigma } = pricingTerms(rateCard);
  const base = rateCard.baseCredits;

  const nodes: NodeCost[] = new Array<NodeCost>(n);
  const ids = new Array<string>(n);
  let total = 0;
  for (let v = 0; v < n; v++) {
    const module = modules[v]!;
    const type = module.type;
    // The four assumptions, each its own value else the kind's default, read with one lookup of
    // the kind (this loop runs for every module of every pass).
    const own = module.assumptions;
    const defaults = MODULE_KINDS[type]?.defaults;
    const durationSec = valueOr(own?.durationSec, defaults?.durationSec);
    const payloadKB = valueOr(own?.payloadKB, defaults?.payloadKB);
    const retries = valueOr(own?.retries, defaults?.retries);
    const extraCredits = valueOr(own?.extraCredits, defaults?.extraCredits);
    const b = base[type] ?? 0;
    const time = exempt.has(type) || durationSec === 0 ? 0 : kT * Math.log2(1 + durationSec / t0);
    const payload = payloadKB === 0 ? 0 : kP * Math.log2(1 + payloadKB / s0);
    const attempt = b + time + payload + extraCredits;
    const m = executions[v]!;
    const loopIndex = plan.reached[v] === 1 ? plan.loop[v]! : -1;
    const N = loopIndex === -1 ? undefined : counts.iterations[loopIndex]!;
    let surcharge = 0;
    let pages = 1;
    if (type === 'search' && m > 0) {
      if (N !== undefined && N > 0) {
        const beyond = 1 - 1 / N;
        if (beyond > 0) surcharge = sigma * m * beyond;
      }
      // Each page beyond the first pays the surcharge too (cost-model.md §7).
      pages = pagesOf(module);
      if (pages > 1) surcharge += sigma * m * (pages - 1);
    }
    const failureRate = failureShareOf(module);
    const retryFactor = 1 + retries;
    const credits = m === 0 && surcharge === 0 ? 0 : retryFactor * (m * attempt + surcharge);
    total += credits;
    const loopId = N === undefined ? undefined : modules[loopIndex]!.id;
    const before = previous?.[v];
    if (
      before !== undefined &&
      before.id === module.id &&
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
      nodes[v] = before;
      ids[v] = module.id;
      continue;
    }
    const inputs = new PointInputs(durationSec, payloadKB, retries, extraCredits, failureRate, pages);
    const node: NodeCost = new PricedNode(module.id, type, m, b, time, payload, extraCredits, attempt, surcharge, retryFactor, credits, inputs);
    if (N !== undefined) {
      node.loopIterations = N;
      node.loopId = loopId;
    }
    nodes[v] = node;
    ids[v] = module.id;
  }
  const byId = new IndexedMap(plan.index, ids, (i) => nodes[i]!);

  // Edge flows are built on first use: a 10,000-edge flow allocates none until asked.
  const edges = flow.edges;
  const edgeFlows = new Array<EdgeFlow | undefined>(edges.length);
  const edgeIds = new Array<string>(edges.length);
  for (let e = 0; e < edges.length; e++) edgeIds[e] = edges[e]!.id;
  const { edgeCount, edgePassed } = counts;
  const edgeMap = new IndexedMap(plan.edgeIndex, edgeIds, (e) => {
    let flowAt = edgeFlows[e];
    if (flowAt === undefined) flowAt = edgeFlows[e] = { id: edgeIds[e]!, count: edgeCount[e]!, passed: edgePassed[e]! };
    return flowAt;
  });

  const runsPerMonth = runsPerMonthOf(flow);
  const perMonth = total * runsPerMonth;
  return {
    total,
    runsPerMonth,
    perMonth,
    dollarsPerRun: total * rateCard.dollarsPerCredit,
    dollarsPerMonth: perMonth * rateCard.dollarsPerCredit,
    nodes,
    byId,
    edges: edgeMap,
    warnings: pricingWarnings(flow, plan),
    rateCard,
  };
}

/** Warnings for modules that never run: not connected to the trigger, behind a second trigger, or on a cycle. */
export function pricingWarnings(flow: Pick<Flow, 'modules'>, plan: FlowPlan): Problem[] {
  const warnings: Problem[] = [];
  const modules = flow.modules;
  const { reached, cyclic, trigger, index } = plan;
  let forward: Uint8Array | undefined;
  const triggerModule = trigger === -1 ? undefined : modules[trigger];
  for (let v = 0; v < plan.size; v++) {
    if (reached[v] === 1) continue;
    const module = modules[v]!;
    if (index.get(module.id) !== v) continue; // a duplicate id: the schema reports it
    const title = moduleTitle(module);
    let message: string;
    let code = 'unreachable';
    if (cyclic[v] === 1 && (forward ??= forwardFromTrigger(plan))[v] === 1) {
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
  return warnings;
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
