/**
 * Pure recipes on a flow draft: everything the editor can do to a document, in the
 * user's words. Each one runs inside `edit(label, recipe)` (one undo step) and works the
 * same on a plain object, so tests and the model-based fuzzer call them directly.
 *
 * The document never holds an invalid number: a setter that is given NaN, a negative
 * value or a value out of range changes nothing and returns a `FieldError` for the UI to
 * show next to the field.
 */
import {
  type Edge,
  type Estimate,
  type Flow,
  type Module,
  type Position,
  type Budget,
  type Conditions,
  type Filter,
  type FilterMode,
  FILTER_MODES,
  INCOMING_FILTER,
} from '../model/types';
import { conditionsProblem } from '../io/fieldChecks';
import { innermostOpenLoop } from '../model/compiled';
import { current, isDraft, original } from 'immer';
import {
  ASSUMPTION_RULES,
  FIELD_RULES,
  TEXT_RULES,
  textOverLimit,
  type NumberRule,
  type TextRule,
} from '../model/fieldRules';
import { canConnect, newEdgeFor, type ConnectOptions } from '../model/connect';

/** A refused value: which field, and a sentence for the user. */
export interface FieldError {
  field: string;
  message: string;
}

// ---------------------------------------------------------------------------------------
// Limits and number checks: every bound comes from the table of field rules (model/fieldRules).

/** Largest values the editor accepts, as the file reader does (the table of field rules). */
export const LIMITS = {
  durationSec: ASSUMPTION_RULES.durationSec.max,
  payloadKB: ASSUMPTION_RULES.payloadKB.max,
  retries: ASSUMPTION_RULES.retries.max,
  extraCredits: ASSUMPTION_RULES.extraCredits.max,
  iterations: ASSUMPTION_RULES.iterations.max,
  failureRate: ASSUMPTION_RULES.failureRate.max,
  pages: ASSUMPTION_RULES.pages.max,
  runsPerMonth: FIELD_RULES.runsPerMonth.max,
  priority: FIELD_RULES.priority.max,
  nameLength: TEXT_RULES.moduleName.max,
} as const;

function formatLimit(n: number): string {
  return n.toLocaleString('en-US');
}

/** Checks one number: finite, within [min, max]. Returns a message, or null when it is fine. */
function checkNumber(value: unknown, label: string, min: number, max: number, unit = ''): string | null {
  if (typeof value !== 'number' || Number.isNaN(value)) return `${label} must be a number.`;
  if (!Number.isFinite(value)) return `${label} must be a finite number.`;
  if (value < min) return min === 0 ? `${label} cannot be negative.` : `${label} must be at least ${formatLimit(min)}.`;
  if (value > max) return `${label} can be at most ${formatLimit(max)}${unit ? ` ${unit}` : ''}.`;
  return null;
}

/** Checks a number against a rule of the table. */
export function checkRule(value: unknown, rule: NumberRule, label = rule.label): string | null {
  const problem = checkNumber(value, label, rule.min, rule.max, rule.unitName);
  if (problem) return problem;
  if (rule.minExclusive && value === rule.min) return `${label} must be above ${formatLimit(rule.min)}.`;
  if (rule.integer && !Number.isInteger(value)) return `${label} must be a whole number.`;
  return null;
}

/**
 * Checks an estimate (a number, or a range min ≤ likely ≤ max). Returns a message or null.
 * Exported so the inspector can check a value as the user types, before committing it.
 */
export function checkEstimate(value: unknown, label: string, min: number, max: number, unit = ''): string | null {
  if (typeof value === 'object' && value !== null) {
    const r = value as Record<string, unknown>;
    for (const part of ['min', 'likely', 'max'] as const) {
      const problem = checkNumber(r[part], `${label} (${part})`, min, max, unit);
      if (problem) return problem;
    }
    const { min: a, likely: b, max: c } = r as { min: number; likely: number; max: number };
    if (!(a <= b && b <= c)) return `${label}: the range needs min ≤ likely ≤ max.`;
    return null;
  }
  return checkNumber(value, label, min, max, unit);
}

export const checkEstimateRule = (value: unknown, rule: NumberRule): string | null =>
  checkEstimate(value, rule.label, rule.min, rule.max, rule.unitName);

/** A name trimmed, or why it cannot be one: empty, or longer than its rule allows (in characters a person counts). */
export function checkName(name: string, rule: TextRule, empty: string): { ok: true; name: string } | { ok: false; error: FieldError } {
  const trimmed = name.trim();
  if (trimmed === '') return { ok: false, error: { field: 'name', message: empty } };
  const over = textOverLimit(trimmed, rule.max);
  if (over) return { ok: false, error: { field: 'name', message: `A name can be at most ${over.limit}; this one has ${over.count}.` } };
  return { ok: true, name: trimmed };
}


/** A plain deep copy of JSON-like data (works on immer drafts too). */
export function plain<T>(value: T): T {
  return structuredClone(isDraft(value) ? (current(value as never) as T) : value);
}

export function sameEstimate(a: Estimate | undefined, b: Estimate | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (typeof a === 'number' || typeof b === 'number') return a === b;
  return a.min === b.min && a.likely === b.likely && a.max === b.max;
}

export function copyEstimate(value: Estimate): Estimate {
  return typeof value === 'number' ? value : { min: value.min, likely: value.likely, max: value.max };
}

// ---------------------------------------------------------------------------------------
// Lookups and ids

/**
 * The index of the element with this id. On an immer draft it searches the untouched base
 * array first, so looking one module up in a 1,000-module flow does not make 1,000 drafts;
 * when the base is stale (the same recipe added or removed elements) it falls back to the draft.
 */
export function indexById<T extends { id: string }>(list: T[], id: string): number {
  if (isDraft(list)) {
    const base = original(list as never) as T[] | undefined;
    if (base) {
      const i = base.findIndex((x) => x.id === id);
      if (i >= 0 && i < list.length && list[i]!.id === id) return i;
    }
  }
  return list.findIndex((x) => x.id === id);
}

export function findModule(flow: Flow, id: string): Module | undefined {
  const i = indexById(flow.modules, id);
  return i < 0 ? undefined : flow.modules[i];
}

/** A fresh id `<prefix><n>`, n one above the highest numbered id of that prefix in use. */
export function nextId(prefix: string, taken: Iterable<string>): string {
  const pattern = new RegExp(`^${prefix}(\\d+)$`);
  let highest = 0;
  const used = new Set<string>();
  for (const id of taken) {
    used.add(id);
    const match = pattern.exec(id);
    if (match) highest = Math.max(highest, Number(match[1]));
  }
  let n = highest + 1;
  while (used.has(`${prefix}${n}`)) n++;
  return `${prefix}${n}`;
}

/** Why a canvas position is refused (the field rules' bounds, as the file reader checks them), or null. */
export function checkPosition(position: Position): string | null {
  const { min, max } = FIELD_RULES.position;
  const inside = (v: number) => Number.isFinite(v) && v >= min && v <= max;
  if (!inside(position.x) || !inside(position.y)) return `A position must be numbers from ${min} to ${max}.`;
  return null;
}

// ---------------------------------------------------------------------------------------
// Modules

export interface Move {
  id: string;
  position: Position;
}

/** Moves modules to new positions; unknown ids and non-finite positions are ignored. */
export function moveModules(draft: Flow, moves: readonly Move[] | Record<string, Position>): void {
  const list: Move[] = Array.isArray(moves)
    ? (moves as Move[])
    : Object.entries(moves as Record<string, Position>).map(([id, position]) => ({ id, position }));
  if (list.length === 0) return;
  // Many moves (a group drag, auto-layout): index the base array once instead of one search per move.
  let index: Map<string, number> | null = null;
  if (list.length > 8) {
    const base = (isDraft(draft.modules) ? original(draft.modules) : draft.modules) as Module[] | undefined;
    index = new Map((base ?? []).map((m, i) => [m.id, i]));
  }
  for (const { id, position: to } of list) {
    if (!to || checkPosition(to)) continue;
    const i = index?.get(id);
    const candidate = i === undefined ? undefined : draft.modules[i];
    const module = candidate && candidate.id === id ? candidate : findModule(draft, id);
    if (!module) continue;
    if (module.position.x !== to.x) module.position.x = to.x;
    if (module.position.y !== to.y) module.position.y = to.y;
  }
}

// ---------------------------------------------------------------------------------------
// Edges

export type ConnectResult = { ok: true; edgeId: string } | { ok: false; reason: string };

/**
 * Connects two modules if the model's rules allow it. An edge out of a router gets a
 * route; an aggregator without an iterator closes the innermost loop still open where it is
 * connected (not one an aggregator before it already closed). With `{ error: true }` the edge is
 * the source's error branch (version 3).
 */
export function connect(draft: Flow, sourceId: string, targetId: string, options: ConnectOptions = {}): ConnectResult {
  const check = canConnect(draft, sourceId, targetId, options);
  if (!check.ok) return { ok: false, reason: check.reason };
  const id = nextId('e', draft.edges.map((e) => e.id));
  const edge = newEdgeFor(draft, sourceId, targetId, id, options);
  takeIncomingFilter(draft, edge);
  draft.edges.push(edge);
  pairOpenAggregators(draft, targetId);
  return { ok: true, edgeId: edge.id };
}

/**
 * The filter a module holds for the connection into it to come (`incomingFilter`: a Make module
 * imported unconnected after a router) goes onto the new edge into it: as its filter, or, out of a
 * router, as its route's conditions (a standard router's route passes as often as the filter did).
 * An error branch has no filter, and one the file reader would refuse on an edge is not put there:
 * the module keeps it then.
 */
function takeIncomingFilter(draft: Flow, edge: Edge): void {
  if (edge.error) return;
  const target = findModule(draft, edge.target) as (Module & { [INCOMING_FILTER]?: unknown }) | undefined;
  if (target?.[INCOMING_FILTER] === undefined) return;
  const filter = readIncomingFilter(target[INCOMING_FILTER]);
  if (!filter) return;
  const { conditions, sourceCondition } = filter;
  if (edge.route) {
    const route = edge.route as Edge['route'] & { sourceCondition?: string };
    if (conditions) route.conditions = conditions;
    if (sourceCondition !== undefined) route.sourceCondition = sourceCondition;
    const source = findModule(draft, edge.source);
    if (source?.type === 'router' && source.config.mode === 'standard') route.passRate = filter.passRate;
  } else edge.filter = filter;
  delete target[INCOMING_FILTER];
}

/**
 * Why a module's held filter (incomingFilter) cannot go on an edge (the file reader's rules for an
 * edge's filter), in words for a person; null when it can.
 */
export function incomingFilterProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return `it is ${value === null ? 'null' : Array.isArray(value) ? 'a list' : `a ${typeof value}`}, not a filter (mode, pass rate, conditions)`;
  const { mode, passRate, conditions, sourceCondition } = value as Record<string, unknown>;
  if (!(FILTER_MODES as readonly unknown[]).includes(mode)) return `its mode is ${JSON.stringify(mode) ?? 'missing'}, not one of ${FILTER_MODES.map((m) => `"${m}"`).join(', ')}`;
  const rate = checkEstimateRule(passRate, FIELD_RULES.passRate);
  if (rate !== null) return rate;
  const problem = conditions === undefined ? null : conditionsProblem(conditions);
  if (problem !== null) return `its conditions ${problem}`;
  if (sourceCondition !== undefined && typeof sourceCondition !== 'string') return 'its source condition is not text';
  return null;
}

/** A module's held filter (incomingFilter) as an edge may hold it (the file reader's rules), or null; a copy of its own. */
export function readIncomingFilter(value: unknown): (Filter & { sourceCondition?: string }) | null {
  if (incomingFilterProblem(value) !== null) return null;
  // Copied off the draft first: the edge gets data of its own, not the module's.
  const { mode, passRate, conditions, sourceCondition } = plain(value) as Record<string, unknown>;
  return {
    mode: mode as FilterMode,
    passRate: passRate as Estimate,
    ...(conditions !== undefined ? { conditions: conditions as Conditions } : {}),
    ...(typeof sourceCondition === 'string' ? { sourceCondition } : {}),
  };
}

/**
 * Each aggregator without an iterator at or after `fromId` (nearest first) closes the innermost
 * loop open where it is, now that the new connection may have brought one: a flow built from the
 * bottom up (aggregators connected before the loops above them) pairs as one built top-down.
 */
function pairOpenAggregators(draft: Flow, fromId: string): void {
  if (!draft.modules.some((m) => m.type === 'aggregator' && m.config.iteratorId === '')) return;
  const byId = new Map(draft.modules.map((m) => [m.id, m]));
  const next = new Map<string, string[]>();
  for (const e of draft.edges) {
    const list = next.get(e.source);
    if (list) list.push(e.target);
    else next.set(e.source, [e.target]);
  }
  const queue = [fromId];
  const seen = new Set(queue);
  for (let i = 0; i < queue.length; i++) {
    const module = byId.get(queue[i]!);
    if (module?.type === 'aggregator' && module.config.iteratorId === '') {
      const open = innermostOpenLoop(draft, module.id);
      if (open) module.config.iteratorId = open;
    }
    for (const id of next.get(queue[i]!) ?? []) {
      if (seen.has(id)) continue;
      seen.add(id);
      queue.push(id);
    }
  }
}

/** Removes modules and edges, and everything that depends on them. */
export function removeElements(draft: Flow, ids: { modules?: readonly string[]; edges?: readonly string[] }): void {
  const modules = new Set(ids.modules ?? []);
  const edges = new Set(ids.edges ?? []);
  const removedModules = draft.modules.filter((m) => modules.has(m.id));
  if (removedModules.length > 0) draft.modules = draft.modules.filter((m) => !modules.has(m.id));
  const keptEdges = draft.edges.filter((e) => !edges.has(e.id) && !modules.has(e.source) && !modules.has(e.target));
  const removedEdgeIds = draft.edges.filter((e) => !keptEdges.includes(e)).map((e) => e.id);
  if (removedEdgeIds.length > 0) draft.edges = keptEdges;
  // An aggregator that closed a removed iterator no longer closes anything.
  const removedIterators = new Set(removedModules.filter((m) => m.type === 'iterator').map((m) => m.id));
  if (removedIterators.size > 0) {
    for (const m of draft.modules) {
      if (m.type === 'aggregator' && removedIterators.has(m.config.iteratorId)) m.config.iteratorId = '';
    }
  }
  // Scenario overrides of removed modules and edges go with them.
  if (draft.scenarios && (removedModules.length > 0 || removedEdgeIds.length > 0)) {
    for (const scenario of draft.scenarios) {
      const o = scenario.overrides;
      for (const m of removedModules) if (o.modules && m.id in o.modules) delete o.modules[m.id];
      for (const id of removedEdgeIds) if (o.edges && id in o.edges) delete o.edges[id];
    }
  }
}


// ---------------------------------------------------------------------------------------
// Flow settings

export function setFlowName(draft: Flow, name: string): FieldError | undefined {
  const checked = checkName(name, TEXT_RULES.flowName, 'A flow needs a name.');
  if (!checked.ok) return checked.error;
  if (draft.name !== checked.name) draft.name = checked.name;
  return undefined;
}

/** Sets runs per month, or removes it (undefined: back to the default). */
export function setRunsPerMonth(draft: Flow, value: Estimate | undefined): FieldError | undefined {
  const field = 'settings.runsPerMonth';
  if (value === undefined) {
    if (draft.settings.runsPerMonth !== undefined) delete draft.settings.runsPerMonth;
    return undefined;
  }
  const problem = checkEstimateRule(value, FIELD_RULES.runsPerMonth);
  if (problem) return { field, message: problem };
  if (!sameEstimate(draft.settings.runsPerMonth, value)) draft.settings.runsPerMonth = copyEstimate(value);
  return undefined;
}

/** Sets the monthly budget, or removes it (undefined). */
export function setBudget(draft: Flow, budget: Budget | undefined): FieldError | undefined {
  if (budget === undefined) {
    if (draft.settings.budget !== undefined) delete draft.settings.budget;
    return undefined;
  }
  if (budget.unit !== 'credits' && budget.unit !== 'dollars') return { field: 'settings.budget.unit', message: 'A budget is in credits or dollars.' };
  const problem = checkRule(budget.amount, FIELD_RULES.budget);
  if (problem) return { field: 'settings.budget.amount', message: problem };
  const current = draft.settings.budget;
  if (current && current.amount === budget.amount && current.unit === budget.unit) return undefined;
  draft.settings.budget = { amount: budget.amount, unit: budget.unit };
  return undefined;
}
