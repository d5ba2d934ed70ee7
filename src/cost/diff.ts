/**
 * What a change to a flow does to its cost: two flows in (an old and a new version, or the base
 * flow and a scenario of it, applied by the caller with `applyScenario`), the cost of every
 * module, every edge and the totals on both sides out. Pure and never throws; never rounds.
 *
 * Modules and edges are matched by id. A module's status follows its numbers only: `changed`
 * when its executions or credits per run differ, `unchanged` when both are equal, whatever else
 * was edited (a renamed or moved module is `unchanged`; `edits` says what the document changed,
 * so a table can still note a rename). Numbers count as equal to within a billionth of their
 * size, so the order of a floating-point sum (modules listed in another order) never makes a
 * module `changed`.
 */
import type { AssumptionKey, Edge, Estimate, Flow, Module, ModuleType } from '../model/types';
import { ASSUMPTION_KEYS } from '../model/types';
import type { FlowCost } from './types';
import { priceFlow, rateCardOf, runsPerMonthEstimate } from './price';
import { IdIndex } from '../model/idIndex';

export type DiffStatus = 'added' | 'removed' | 'changed' | 'unchanged';

/** One module on one side, per run. */
export interface ModuleSide {
  executions: number;
  credits: number;
}

/** What the document changed on a module present on both sides, in this order. */
export type ModuleEdit = 'type' | 'name' | 'position' | 'config' | `assumptions.${AssumptionKey}`;

export interface ModuleDiff {
  id: string;
  /** The name on the new side (the old side's for a removed module). */
  name: string;
  type: ModuleType;
  status: DiffStatus;
  /** Null on the side the module is missing from. */
  before: ModuleSide | null;
  after: ModuleSide | null;
  /** after − before, per run; a missing side counts as zero. */
  delta: ModuleSide;
  /** Empty for added and removed modules. */
  edits: ModuleEdit[];
  /** The old name, when the module was renamed. */
  previousName?: string;
}

/** One edge on one side: its ends and how many bundles per run travel it (count) and pass it (passed). */
export interface EdgeSide {
  source: string;
  target: string;
  count: number;
  passed: number;
}

/**
 * What the document changed on an edge present on both sides: its ends, its pass rate (of its
 * filter or route), or anything else about its filter or route (added, removed, mode, conditions).
 */
export type EdgeEdit = 'source' | 'target' | 'passRate' | 'filter' | 'route';

export interface EdgeDiff {
  id: string;
  /** `changed` when its ends, its count or its passed bundles differ. */
  status: DiffStatus;
  before: EdgeSide | null;
  after: EdgeSide | null;
  edits: EdgeEdit[];
}

/** The totals of one side. */
export interface DiffTotals {
  /** Credits per run. */
  total: number;
  perMonth: number;
  runsPerMonth: number;
  dollarsPerRun: number;
  dollarsPerMonth: number;
}

export interface StatusCounts {
  added: number;
  removed: number;
  changed: number;
  unchanged: number;
}

/**
 * What the document changed beyond its modules, edges, runs per month and rate card: the flow's
 * name, its budget, any other setting (a platform table, an unknown key). None changes the credits.
 */
export type FlowEdit = 'name' | 'budget' | 'settings';

export interface FlowDiff {
  before: DiffTotals;
  after: DiffTotals;
  delta: {
    total: number;
    perMonth: number;
    /**
     * Change of the credits per month in percent of the old (8.1 = +8.1 %); 0 when both are 0;
     * null when the old side costs nothing and the new one does (a new cost, no percentage).
     */
    percent: number | null;
  };
  /** Every module of either side, the largest change of credits per run first (ties in flow order). */
  modules: ModuleDiff[];
  /** Every edge of either side: the new side's order, then the removed ones. */
  edges: EdgeDiff[];
  moduleCounts: StatusCounts;
  edgeCounts: StatusCounts;
  /**
   * Assumptions whose value changed: each module assumption (on modules on both sides), each
   * edge's pass rate, and the runs per month.
   */
  assumptionsChanged: number;
  runsPerMonthChanged: boolean;
  /** The rate card the flows are priced with differs (after merging each on the default). */
  rateCardChanged: boolean;
  /** The flow's name, budget or other settings changed (in this order); empty when none did. */
  flowEdits: FlowEdit[];
  /**
   * The saved scenarios, matched by id: added, removed, changed (its name or overrides), unchanged.
   * A scenario changes no credits of the flow itself, so these say what the numbers cannot.
   */
  scenarioCounts: StatusCounts;
}

export interface DiffOptions {
  /** The cost of either side when the caller already has it (the editor does); priced here otherwise. */
  beforeCost?: FlowCost;
  afterCost?: FlowCost;
}

const TOLERANCE = 1e-9;

/** Equal to within a billionth of the larger (and exactly equal below 1e-9). */
export function sameNumber(a: number, b: number): boolean {
  if (a === b) return true;
  return Math.abs(a - b) <= TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Deep equality of JSON-like values (key order ignored). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const list = b as unknown[];
    return a.length === list.length && a.every((item, i) => sameValue(item, list[i]));
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = Object.keys(ra).filter((k) => ra[k] !== undefined);
  if (keys.length !== Object.keys(rb).filter((k) => rb[k] !== undefined).length) return false;
  return keys.every((k) => Object.prototype.hasOwnProperty.call(rb, k) && sameValue(ra[k], rb[k]));
}

/** Percent change from `before` to `after` (see FlowDiff.delta.percent). */
export function percentChange(before: number, after: number): number | null {
  if (before === 0) return after === 0 ? 0 : null;
  return ((after - before) / before) * 100;
}

function totalsOf(cost: FlowCost): DiffTotals {
  return {
    total: cost.total,
    perMonth: cost.perMonth,
    runsPerMonth: cost.runsPerMonth,
    dollarsPerRun: cost.dollarsPerRun,
    dollarsPerMonth: cost.dollarsPerMonth,
  };
}

/**
 * The ids of a list (modules or edges) → their positions, the first occurrence winning (the
 * schema refuses duplicates anyway). An IdIndex, not a Map: a Map of 10,000 ids is slow (idIndex.ts).
 */
function indexIds(items: readonly { id: string }[]): IdIndex {
  const index = new IdIndex(items.length);
  for (let i = 0; i < items.length; i++) index.add(items[i]!.id, i);
  return index;
}

/**
 * The items of two lists (modules or edges) matched by id, the first occurrence of an id winning:
 * `visit(now, was)` for each item of the new list in its order (`was` undefined when it is new),
 * then `visit(undefined, was)` for each item of the old list that is gone.
 */
function matchById<T extends { id: string }>(
  before: readonly T[],
  after: readonly T[],
  visit: (now: T | undefined, was: T | undefined) => void,
): void {
  const old = indexIds(before);
  const now = indexIds(after);
  for (let i = 0; i < after.length; i++) {
    const item = after[i]!;
    if (now.get(item.id) !== i) continue;
    const at = old.get(item.id);
    visit(item, at === undefined ? undefined : before[at]);
  }
  for (let i = 0; i < before.length; i++) {
    const item = before[i]!;
    if (old.get(item.id) === i && !now.has(item.id)) visit(undefined, item);
  }
}

function moduleEdits(a: Module, b: Module): { edits: ModuleEdit[]; assumptions: number } {
  const edits: ModuleEdit[] = [];
  if (a.type !== b.type) edits.push('type');
  if (a.name !== b.name) edits.push('name');
  if (!sameValue(a.position, b.position)) edits.push('position');
  if (!sameValue(a.config, b.config)) edits.push('config');
  let assumptions = 0;
  for (const key of ASSUMPTION_KEYS) {
    if (sameValue(a.assumptions?.[key], b.assumptions?.[key])) continue;
    edits.push(`assumptions.${key}`);
    assumptions++;
  }
  return { edits, assumptions };
}

function sidesOf(cost: FlowCost, id: string): ModuleSide {
  const node = cost.byId.get(id);
  return { executions: node?.executions ?? 0, credits: node?.credits ?? 0 };
}

function passRateOf(edge: Edge): Estimate | undefined {
  return edge.route?.passRate ?? edge.filter?.passRate;
}

/** A filter or route but for its pass rate. */
function withoutPassRate<T extends { passRate: Estimate }>(part: T | undefined): Omit<T, 'passRate'> | undefined {
  if (!part) return undefined;
  const { passRate: _passRate, ...rest } = part;
  return rest;
}

function edgeEdits(a: Edge, b: Edge): EdgeEdit[] {
  const edits: EdgeEdit[] = [];
  if (a.source !== b.source) edits.push('source');
  if (a.target !== b.target) edits.push('target');
  if (!sameValue(passRateOf(a), passRateOf(b))) edits.push('passRate');
  if (a.filter !== b.filter && !sameValue(withoutPassRate(a.filter), withoutPassRate(b.filter))) edits.push('filter');
  if (a.route !== b.route && !sameValue(withoutPassRate(a.route), withoutPassRate(b.route))) edits.push('route');
  return edits;
}

function edgeSide(cost: FlowCost, edge: Edge): EdgeSide {
  const counted = cost.edges.get(edge.id);
  return { source: edge.source, target: edge.target, count: counted?.count ?? 0, passed: counted?.passed ?? 0 };
}

function diffModules(before: Flow, after: Flow, beforeCost: FlowCost, afterCost: FlowCost) {
  const modules: ModuleDiff[] = [];
  let assumptions = 0;
  matchById(before.modules, after.modules, (m, was) => {
    if (!m) {
      const beforeSide = sidesOf(beforeCost, was!.id);
      const delta = { executions: -beforeSide.executions, credits: -beforeSide.credits };
      modules.push({ id: was!.id, name: was!.name, type: was!.type, status: 'removed', before: beforeSide, after: null, delta, edits: [] });
      return;
    }
    const afterSide = sidesOf(afterCost, m.id);
    if (!was) {
      modules.push({ id: m.id, name: m.name, type: m.type, status: 'added', before: null, after: afterSide, delta: afterSide, edits: [] });
      return;
    }
    const beforeSide = sidesOf(beforeCost, m.id);
    const { edits, assumptions: changedHere } = moduleEdits(was, m);
    assumptions += changedHere;
    const same = sameNumber(beforeSide.executions, afterSide.executions) && sameNumber(beforeSide.credits, afterSide.credits);
    const entry: ModuleDiff = {
      id: m.id,
      name: m.name,
      type: m.type,
      status: same ? 'unchanged' : 'changed',
      before: beforeSide,
      after: afterSide,
      delta: { executions: afterSide.executions - beforeSide.executions, credits: afterSide.credits - beforeSide.credits },
      edits,
    };
    if (was.name !== m.name) entry.previousName = was.name;
    modules.push(entry);
  });
  // Stable: equal deltas keep the order built above (the new flow's, then the removed modules).
  modules.sort((a, b) => Math.abs(b.delta.credits) - Math.abs(a.delta.credits));
  return { modules, assumptions };
}

function diffEdges(before: Flow, after: Flow, beforeCost: FlowCost, afterCost: FlowCost) {
  const edges: EdgeDiff[] = [];
  let passRates = 0;
  matchById(before.edges, after.edges, (e, was) => {
    if (!e) {
      edges.push({ id: was!.id, status: 'removed', before: edgeSide(beforeCost, was!), after: null, edits: [] });
      return;
    }
    const afterSide = edgeSide(afterCost, e);
    if (!was) {
      edges.push({ id: e.id, status: 'added', before: null, after: afterSide, edits: [] });
      return;
    }
    const beforeSide = edgeSide(beforeCost, was);
    const edits = edgeEdits(was, e);
    if (edits.includes('passRate')) passRates++;
    const same =
      beforeSide.source === afterSide.source &&
      beforeSide.target === afterSide.target &&
      sameNumber(beforeSide.count, afterSide.count) &&
      sameNumber(beforeSide.passed, afterSide.passed);
    edges.push({ id: e.id, status: same ? 'unchanged' : 'changed', before: beforeSide, after: afterSide, edits });
  });
  return { edges, passRates };
}

function countStatuses(items: readonly { status: DiffStatus }[]): StatusCounts {
  let added = 0;
  let removed = 0;
  let changed = 0;
  for (const item of items) {
    if (item.status === 'added') added++;
    else if (item.status === 'removed') removed++;
    else if (item.status === 'changed') changed++;
  }
  return { added, removed, changed, unchanged: items.length - added - removed - changed };
}

function flowEdits(before: Flow, after: Flow): FlowEdit[] {
  const edits: FlowEdit[] = [];
  if (before.name !== after.name) edits.push('name');
  const { runsPerMonth: _r1, rateCard: _c1, budget: budgetBefore, ...otherBefore } = before.settings ?? {};
  const { runsPerMonth: _r2, rateCard: _c2, budget: budgetAfter, ...otherAfter } = after.settings ?? {};
  if (!sameValue(budgetBefore, budgetAfter)) edits.push('budget');
  if (!sameValue(otherBefore, otherAfter)) edits.push('settings');
  return edits;
}

function scenarioCounts(before: Flow, after: Flow): StatusCounts {
  const statuses: { status: DiffStatus }[] = [];
  matchById(before.scenarios ?? [], after.scenarios ?? [], (now, was) => {
    if (!now) statuses.push({ status: 'removed' });
    else if (!was) statuses.push({ status: 'added' });
    else statuses.push({ status: now.name === was.name && sameValue(now.overrides, was.overrides) ? 'unchanged' : 'changed' });
  });
  return countStatuses(statuses);
}

/** The cost difference between two flows (see the top of this file). */
export function diffFlows(before: Flow, after: Flow, options: DiffOptions = {}): FlowDiff {
  const beforeCost = options.beforeCost ?? priceFlow(before);
  const afterCost = options.afterCost ?? priceFlow(after);
  const { modules, assumptions } = diffModules(before, after, beforeCost, afterCost);
  const { edges, passRates } = diffEdges(before, after, beforeCost, afterCost);
  const runsOf = (flow: Flow) => runsPerMonthEstimate(flow);
  const runsPerMonthChanged = !sameValue(runsOf(before), runsOf(after));
  const b = totalsOf(beforeCost);
  const a = totalsOf(afterCost);
  return {
    before: b,
    after: a,
    delta: { total: a.total - b.total, perMonth: a.perMonth - b.perMonth, percent: percentChange(b.perMonth, a.perMonth) },
    modules,
    edges,
    moduleCounts: countStatuses(modules),
    edgeCounts: countStatuses(edges),
    assumptionsChanged: assumptions + passRates + (runsPerMonthChanged ? 1 : 0),
    runsPerMonthChanged,
    rateCardChanged: !sameValue(rateCardOf(before), rateCardOf(after)),
    flowEdits: flowEdits(before, after),
    scenarioCounts: scenarioCounts(before, after),
  };
}
