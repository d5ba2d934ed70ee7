/**
 * One flow priced on four platforms (platforms.md): Altan in task credits, Make in credits per
 * operation, Zapier in tasks per successful step, n8n in executions per run. Pure: the execution
 * counts m(n) come from priceFlow, so the comparison inherits filters, routers, loops and
 * failures; the rules and plans from the flow's platform table (platformTable.ts).
 */
import type { Estimate, Flow, Module, ModuleType, PlatformPlan, PlatformRates, PlatformTable, Range } from '../model/types';
import type { FlowCost, NodeCost } from './types';
import { priceFlow } from './price';
import {
  COUNTS,
  PLAN_PLATFORMS,
  PLATFORM_IDS,
  PLATFORM_NAMES,
  PLATFORM_UNITS,
  platformTableOf,
  type PlanPlatformId,
  type PlatformId,
} from './platformTable';
import { choosePlan } from './platformPlans';

/** What one module costs per run on each platform (n8n's modules cost nothing: it bills the run). */
export interface ModuleUnits {
  id: string;
  type: ModuleType;
  /** m(n): executions per run. */
  executions: number;
  units: Record<PlatformId, number>;
}

export interface PlatformPrice {
  id: PlatformId;
  name: string;
  unit: 'credits' | 'tasks' | 'executions';
  /** Units per run (the simulated mean with simulated runs). */
  perRun: number;
  /** Units per month: per run × runs per month (P50 with simulated runs). */
  perMonth: number;
  /** Units in the month's P90 (simulated runs only). */
  perMonthP90?: number;
  /** The plan that covers the month (P90 when simulated); null for Altan (billed per credit) or a platform without plans. */
  plan: PlatformPlan | null;
  /** The plan's name, "per credit" for Altan. */
  planName: string;
  /** Dollars for the month the plan is chosen for (P90 when simulated). */
  dollarsPerMonth: number;
  /** Dollars per 1,000 runs in that month; null when the month has no runs. */
  dollarsPer1000Runs: number | null;
  /** True when the month is beyond the largest plan (priced pro rata on it). */
  beyondLargestPlan: boolean;
  date: string;
  source: string;
}

/** The simulated figures the comparison needs: Altan's mean credits per run and month P50/P90. */
export interface SimulatedCredits {
  mean: number;
  perMonth: { p50: number; p90: number };
}

export interface PlatformComparison {
  /** Runs per month of the month priced (its likely value). */
  runsPerMonth: number;
  /** Runs per month at P50 and P90 (equal to runsPerMonth unless it is a range and runs are simulated). */
  runs: { p50: number; p90: number };
  simulated: boolean;
  platforms: Record<PlatformId, PlatformPrice>;
  /** Per module, in the flow's module order: units per run on each platform (point estimate). */
  modules: ModuleUnits[];
  /** Units per run at the point estimate: the Σ of `modules` and of each platform's units per run (equal to perRun unless simulated). */
  pointPerRun: Record<PlatformId, number>;
  /** The cheapest platform for this month (the first in PLATFORM_IDS on a tie). */
  cheapest: PlatformId;
  /** Altan dollars per credit (the flow's rate card). */
  dollarsPerCredit: number;
  table: PlatformTable;
}

export interface CompareOptions {
  /** The flow's point pricing, when already done. */
  cost?: FlowCost;
  /** Simulated runs of the flow: month figures become P50/P90 and plans are chosen on P90. */
  simulation?: SimulatedCredits;
  /** A platform table to price with instead of the flow's own. */
  table?: PlatformTable;
  /** How units are worked out (the editor passes createPlatformUnits()' memo); platformUnits by default. */
  units?: typeof platformUnits;
}

const clamp01 = (q: number): number => (q > 0 ? (q < 1 ? q : 1) : 0);

function meanOf(e: Estimate): number {
  return typeof e === 'number' ? e : (e.min + e.likely + e.max) / 3;
}

function isEstimate(v: unknown): v is Estimate {
  if (typeof v === 'number') return Number.isFinite(v);
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Partial<Range>;
  return typeof r.min === 'number' && typeof r.likely === 'number' && typeof r.max === 'number';
}

/**
 * φ, the share of a module's executions that fail (flow file version 3: `failureRate`), as a point
 * value (a range's likely); 0 when the module does not say.
 */
export function failureRateOf(module: Module): number {
  const value = (module.assumptions as Record<string, unknown> | undefined)?.['failureRate'];
  if (!isEstimate(value)) return 0;
  return clamp01(typeof value === 'number' ? value : value.likely);
}

/**
 * Units one execution of a module costs on a platform: its kind's, or for code the time rule if
 * larger. A kind set to 0 is free: the time rule only raises the price of a code module that is charged.
 */
export function unitsPerExecution(rates: PlatformRates, type: ModuleType, durationSec: number): number {
  const units = rates.unitsPerKind[type] ?? 0;
  if (type !== 'code' || units === 0 || !(rates.codeUnitsPerSecond > 0)) return units;
  return Math.max(units, rates.codeUnitsPerSecond * durationSec);
}

/** How many of a module's executions a platform counts per run (platforms.md §1). */
function countedExecutions(platform: PlanPlatformId, node: NodeCost, failureRate: number): number {
  switch (COUNTS[platform]) {
    case 'attempts':
      return node.executions * node.retryFactor;
    case 'successes':
      return node.executions * (1 - failureRate);
    default:
      return node.executions;
  }
}

/** What one module costs per run on each platform, from its priced node and its failure share φ. */
function moduleUnits(node: NodeCost, phi: number, table: PlatformTable): ModuleUnits {
  const units = { altan: node.credits, make: 0, zapier: 0, n8n: 0 } as Record<PlatformId, number>;
  if (node.executions > 0) {
    for (const p of PLAN_PLATFORMS) {
      const per = unitsPerExecution(table[p], node.type, node.inputs.durationSec);
      units[p] = per === 0 ? 0 : per * countedExecutions(p, node, phi);
    }
  }
  return { id: node.id, type: node.type, executions: node.executions, units };
}

/** Units per run on each platform: the run's own units, then every module's in module order (the one order every sum takes). */
function perRunOf(modules: readonly ModuleUnits[], table: PlatformTable): Record<PlatformId, number> {
  // Four sums side by side, each in module order (named fields: 10,000 modules sum in microseconds).
  let altan = 0;
  let make = table.make.unitsPerRun;
  let zapier = table.zapier.unitsPerRun;
  let n8n = table.n8n.unitsPerRun;
  for (let i = 0; i < modules.length; i++) {
    const units = modules[i]!.units;
    altan += units.altan;
    make += units.make;
    zapier += units.zapier;
    n8n += units.n8n;
  }
  const perRun: Record<PlatformId, number> = { altan, make, zapier, n8n };
  return perRun;
}

export interface PlatformUnits {
  modules: ModuleUnits[];
  perRun: Record<PlatformId, number>;
}

/** Per module and per run: the units each platform charges, from a pricing of the flow. */
export function platformUnits(flow: Pick<Flow, 'modules'>, cost: Pick<FlowCost, 'nodes'>, table: PlatformTable): PlatformUnits {
  const modules = cost.nodes.map((node, i) => moduleUnits(node, failureRateOf(flow.modules[i]!), table));
  return { modules, perRun: perRunOf(modules, table) };
}

/**
 * `platformUnits` with a memory of its last answer, for the editor: a module whose priced node
 * and module object are those of the last call, under the same table, keeps its units (the same
 * object); only the sums are taken again, in the same order, so the result equals platformUnits'.
 * After an edit of one module at 10,000 modules this builds one module's units, not 10,000.
 */
export function createPlatformUnits(): typeof platformUnits {
  let last: { modules: Flow['modules']; nodes: readonly NodeCost[]; table: PlatformTable; result: PlatformUnits } | null = null;
  return (flow, cost, table) => {
    const before = last;
    if (!before || before.table !== table || before.nodes.length !== cost.nodes.length || before.modules.length !== flow.modules.length) {
      const result = platformUnits(flow, cost, table);
      last = { modules: flow.modules, nodes: cost.nodes, table, result };
      return result;
    }
    if (before.nodes === cost.nodes && before.modules === flow.modules) return before.result;
    let modules = before.result.modules;
    for (let i = 0; i < cost.nodes.length; i++) {
      const node = cost.nodes[i]!;
      const module = flow.modules[i]!;
      if (node === before.nodes[i] && module === before.modules[i]) continue;
      const units = moduleUnits(node, failureRateOf(module), table);
      if (modules === before.result.modules) modules = modules.slice();
      modules[i] = units;
    }
    const result = modules === before.result.modules ? before.result : { modules, perRun: perRunOf(modules, table) };
    last = { modules: flow.modules, nodes: cost.nodes, table, result };
    return result;
  };
}

/**
 * The flow with every range at its mean (a triangular mean), assumptions and pass rates alike.
 * An exclusive router's routes whose means share more than 100 % (ranges that can overlap, the
 * `routes-may-exceed-100` warning) are cut as the simulation's one uniform draw cuts them: in
 * priority order, each to what the routes before it leave, so the routes never carry more than
 * the bundle the router got (cost-model §6).
 */
export function flowAtMeans(flow: Flow): Flow {
  const assumptions = (a: Module['assumptions']): Module['assumptions'] => {
    if (!a) return a;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(a)) out[key] = isEstimate(value) ? meanOf(value) : value;
    return out as Module['assumptions'];
  };
  const edges = flow.edges.map((e) => {
    if (e.filter && typeof e.filter.passRate === 'object') return { ...e, filter: { ...e.filter, passRate: meanOf(e.filter.passRate) } };
    if (e.route && typeof e.route.passRate === 'object') return { ...e, route: { ...e.route, passRate: meanOf(e.route.passRate) } };
    return e;
  });
  const exclusive = new Set(flow.modules.filter((m) => m.type === 'router' && m.config?.mode === 'exclusive').map((m) => m.id));
  if (exclusive.size > 0) {
    const routesOf = new Map<string, number[]>();
    edges.forEach((e, i) => {
      if (!exclusive.has(e.source) || !e.route || e.route.fallback || e.error === true) return;
      const list = routesOf.get(e.source);
      if (list) list.push(i);
      else routesOf.set(e.source, [i]);
    });
    for (const list of routesOf.values()) {
      // The walk's order (simulation/plan.ts): priority, then the edge's place in the file.
      list.sort((a, b) => (edges[a]!.route!.priority ?? Infinity) - (edges[b]!.route!.priority ?? Infinity) || a - b);
      let left = 1;
      for (const i of list) {
        const e = edges[i]!;
        const share = clamp01(e.route!.passRate as number);
        if (share > left) edges[i] = { ...e, route: { ...e.route!, passRate: left } };
        left = Math.max(0, left - Math.min(share, left));
      }
    }
  }
  return { ...flow, modules: flow.modules.map((m) => (m.assumptions ? ({ ...m, assumptions: assumptions(m.assumptions) } as Module) : m)), edges };
}

/** The q-quantile of a triangular distribution (min, likely, max), exactly. */
export function triangularQuantile(range: Range, q: number): number {
  const { min: a, likely: c, max: b } = range;
  if (!(b > a)) return c;
  const p = clamp01(q);
  const split = (c - a) / (b - a);
  return p <= split ? a + Math.sqrt(p * (b - a) * (c - a)) : b - Math.sqrt((1 - p) * (b - a) * (b - c));
}

/** Runs per month at P50 and P90: exact quantiles of its range, or its value twice. */
export function runsQuantiles(flow: Pick<Flow, 'settings'>, point: number): { p50: number; p90: number } {
  const runs = flow.settings?.runsPerMonth;
  if (typeof runs !== 'object' || runs === null) return { p50: point, p90: point };
  return { p50: triangularQuantile(runs, 0.5), p90: triangularQuantile(runs, 0.9) };
}

function priced(
  id: PlatformId,
  table: PlatformTable,
  month: { perRun: number; perMonth: number; perMonthP90?: number; runs: number },
  dollarsPerCredit: number,
): PlatformPrice {
  const basis = month.perMonthP90 ?? month.perMonth;
  let plan: PlatformPlan | null = null;
  let dollars: number;
  let beyondLargestPlan = false;
  let planName = 'per credit';
  if (id === 'altan') {
    dollars = basis * dollarsPerCredit;
  } else {
    const choice = choosePlan(table[id].plans, basis);
    plan = choice.plan;
    dollars = choice.dollars;
    beyondLargestPlan = choice.beyondLargest;
    planName = plan ? plan.name : 'no plan';
  }
  const info = id === 'altan' ? table.altan : table[id];
  return {
    id,
    name: PLATFORM_NAMES[id],
    unit: PLATFORM_UNITS[id],
    perRun: month.perRun,
    perMonth: month.perMonth,
    ...(month.perMonthP90 !== undefined ? { perMonthP90: month.perMonthP90 } : {}),
    plan,
    planName,
    dollarsPerMonth: dollars,
    dollarsPer1000Runs: month.runs > 0 ? (dollars / month.runs) * 1000 : null,
    beyondLargestPlan,
    date: info.date,
    source: info.source,
  };
}

/** The cheapest platform among prices (the first in PLATFORM_IDS on a tie). */
export function cheapestOf(dollars: (id: PlatformId) => number): PlatformId {
  let best: PlatformId = PLATFORM_IDS[0];
  for (const id of PLATFORM_IDS) if (dollars(id) < dollars(best)) best = id;
  return best;
}

/**
 * Prices a flow on Altan, Make, Zapier and n8n (platforms.md). Point estimate: units per run from
 * priceFlow's executions, × runs per month. With `simulation`: Altan's figures are the simulated
 * ones; the other platforms' units per run are taken with every range at its mean (the simulation
 * does not report executions per module), and their month P50/P90 are runs per month at P50/P90
 * (exact quantiles of its range) × those mean units, as cost-model §6 does for credits. Plans are
 * chosen on P90 when simulated. Never throws for a flow that fits the types.
 */
export function comparePlatforms(flow: Flow, options: CompareOptions = {}): PlatformComparison {
  const cost = options.cost ?? priceFlow(flow);
  const table = options.table ?? platformTableOf(flow);
  const point = (options.units ?? platformUnits)(flow, cost, table);
  const dollarsPerCredit = cost.rateCard.dollarsPerCredit;
  const sim = options.simulation;
  const runs = sim ? runsQuantiles(flow, cost.runsPerMonth) : { p50: cost.runsPerMonth, p90: cost.runsPerMonth };
  // Counts and failure rates from the one flow at its means: a range's likely φ beside mean counts disagreed.
  const atMeans = sim ? flowAtMeans(flow) : flow;
  const meanPerRun = sim ? platformUnits(atMeans, priceFlow(atMeans), table).perRun : point.perRun;
  const platforms = {} as Record<PlatformId, PlatformPrice>;
  for (const id of PLATFORM_IDS) {
    if (!sim) {
      const perRun = point.perRun[id];
      platforms[id] = priced(id, table, { perRun, perMonth: perRun * cost.runsPerMonth, runs: cost.runsPerMonth }, dollarsPerCredit);
    } else if (id === 'altan') {
      platforms[id] = priced(id, table, { perRun: sim.mean, perMonth: sim.perMonth.p50, perMonthP90: sim.perMonth.p90, runs: runs.p90 }, dollarsPerCredit);
    } else {
      const perRun = meanPerRun[id];
      platforms[id] = priced(id, table, { perRun, perMonth: perRun * runs.p50, perMonthP90: perRun * runs.p90, runs: runs.p90 }, dollarsPerCredit);
    }
  }
  return {
    runsPerMonth: cost.runsPerMonth,
    runs,
    simulated: sim !== undefined,
    platforms,
    modules: point.modules,
    pointPerRun: point.perRun,
    cheapest: cheapestOf((id) => platforms[id].dollarsPerMonth),
    dollarsPerCredit,
    table,
  };
}
