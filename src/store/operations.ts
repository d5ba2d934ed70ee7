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
  ASSUMPTION_KEYS,
  FILTER_MODES,
  type AssumptionKey,
  type Edge,
  type Estimate,
  type Filter,
  type Flow,
  type Module,
  type ModuleType,
  type PartialRateCard,
  type Position,
  type Route,
  type RouterMode,
  type Scenario,
  type ScenarioOverrides,
  type Assumptions,
  type Budget,
  type Conditions,
  MODULE_TYPES,
} from '../model/types';
import { kindOf, MODULE_KINDS } from '../model/modules/registry';
import { buildGraph, upstreamOf } from '../model/graph';
import { innermostOpenLoop } from '../model/compiled';
import { current, isDraft, original } from 'immer';
import {
  ASSUMPTION_RULES,
  cutText,
  FIELD_RULES,
  MAX_CONDITION_DEPTH,
  rateCardRule,
  TEXT_RULES,
  textOverLimit,
  uniqueText,
  type NumberRule,
  type TextRule,
} from '../model/fieldRules';
import { conditionDepth } from '../model/conditionDepth';
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

const checkEstimateRule = (value: unknown, rule: NumberRule): string | null =>
  checkEstimate(value, rule.label, rule.min, rule.max, rule.unitName);

/** Checks a value for an assumption of a module kind. */
export function checkAssumption(key: AssumptionKey, value: unknown): string | null {
  return checkEstimateRule(value, ASSUMPTION_RULES[key]);
}

export function checkPassRate(value: unknown): string | null {
  return checkEstimateRule(value, FIELD_RULES.passRate);
}

/** Checks a route priority. */
export function checkPriority(value: unknown): string | null {
  return checkRule(value, FIELD_RULES.priority);
}

/** A name trimmed, or why it cannot be one: empty, or longer than its rule allows (in characters a person counts). */
function checkName(name: string, rule: TextRule, empty: string): { ok: true; name: string } | { ok: false; error: FieldError } {
  const trimmed = name.trim();
  if (trimmed === '') return { ok: false, error: { field: 'name', message: empty } };
  const over = textOverLimit(trimmed, rule.max);
  if (over) return { ok: false, error: { field: 'name', message: `A name can be at most ${over.limit}; this one has ${over.count}.` } };
  return { ok: true, name: trimmed };
}

/** Conditions deeper than the file reader accepts (the builder stops there too). */
function checkConditionDepth(conditions: Conditions | undefined, field: string): FieldError | undefined {
  if (conditions === undefined || conditionDepth(conditions, MAX_CONDITION_DEPTH) <= MAX_CONDITION_DEPTH) return undefined;
  return { field, message: `Conditions can nest at most ${MAX_CONDITION_DEPTH} levels.` };
}

/** A plain deep copy of JSON-like data (works on immer drafts too). */
function plain<T>(value: T): T {
  return structuredClone(isDraft(value) ? (current(value as never) as T) : value);
}

function copyEstimate(value: Estimate): Estimate {
  return typeof value === 'number' ? value : { min: value.min, likely: value.likely, max: value.max };
}

// ---------------------------------------------------------------------------------------
// Lookups and ids

/**
 * The index of the element with this id. On an immer draft it searches the untouched base
 * array first, so looking one module up in a 1,000-module flow does not make 1,000 drafts;
 * when the base is stale (the same recipe added or removed elements) it falls back to the draft.
 */
function indexById<T extends { id: string }>(list: T[], id: string): number {
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

export function findEdge(flow: Flow, id: string): Edge | undefined {
  const i = indexById(flow.edges, id);
  return i < 0 ? undefined : flow.edges[i];
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

/** Makes `count` fresh ids of one prefix at once (for paste). */
export function nextIds(prefix: string, taken: Iterable<string>, count: number): string[] {
  const used = new Set(taken);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = nextId(prefix, used);
    used.add(id);
    out.push(id);
  }
  return out;
}

/** "Action", or "Action 2" when "Action" is taken, and so on; never longer than a name may be. */
export function uniqueName(base: string, taken: Iterable<string>, max: number = TEXT_RULES.moduleName.max): string {
  return uniqueText(base, taken, max);
}

/** Why a canvas position is refused (the field rules' bounds, as the file reader checks them), or null. */
function checkPosition(position: Position): string | null {
  const { min, max } = FIELD_RULES.position;
  const inside = (v: number) => Number.isFinite(v) && v >= min && v <= max;
  if (!inside(position.x) || !inside(position.y)) return `A position must be numbers from ${min} to ${max}.`;
  return null;
}

// ---------------------------------------------------------------------------------------
// Modules

export interface AddModuleOptions {
  id?: string;
  name?: string;
  assumptions?: Assumptions;
  config?: Record<string, unknown>;
}

/** A new module of a kind with its default config (router: standard; aggregator: no iterator yet). */
export function makeModule(type: ModuleType, id: string, name: string, position: Position): Module {
  const at = { x: position.x, y: position.y };
  if (type === 'router') return { id, type, name, position: at, config: { mode: 'standard' } };
  if (type === 'aggregator') return { id, type, name, position: at, config: { iteratorId: '' } };
  return { id, type, name, position: at };
}

/** Adds a module of `type` at `position`; returns its id. */
export function addModule(draft: Flow, type: ModuleType, position: Position, opts: AddModuleOptions = {}): string {
  if (!(MODULE_TYPES as readonly string[]).includes(type)) throw new Error(`Unknown module type "${type}"`);
  const at = checkPosition(position) ? { x: 0, y: 0 } : position;
  const id = opts.id && !draft.modules.some((m) => m.id === opts.id) ? opts.id : nextId('m', draft.modules.map((m) => m.id));
  const name = opts.name?.trim() || uniqueName(kindOf(type).label, draft.modules.map((m) => m.name));
  const module = makeModule(type, id, cutText(name, TEXT_RULES.moduleName.max), at);
  if (opts.assumptions) {
    const assumptions: Assumptions = {};
    for (const key of ASSUMPTION_KEYS) {
      const value = opts.assumptions[key];
      if (value !== undefined && checkAssumption(key, value) === null) assumptions[key] = copyEstimate(value);
    }
    if (Object.keys(assumptions).length > 0) module.assumptions = assumptions;
  }
  if (opts.config) {
    if (module.type === 'router' && (opts.config.mode === 'standard' || opts.config.mode === 'exclusive')) {
      module.config.mode = opts.config.mode;
    } else if (module.type === 'aggregator' && typeof opts.config.iteratorId === 'string') {
      module.config.iteratorId = opts.config.iteratorId;
    }
  }
  draft.modules.push(module);
  return id;
}

export function renameModule(draft: Flow, moduleId: string, name: string): FieldError | undefined {
  const module = findModule(draft, moduleId);
  if (!module) return { field: 'name', message: `There is no module "${moduleId}".` };
  const checked = checkName(name, TEXT_RULES.moduleName, 'A module needs a name.');
  if (!checked.ok) return checked.error;
  if (module.name !== checked.name) module.name = checked.name;
  return undefined;
}

/**
 * Sets (or, with an empty text, removes) a trigger's schedule (version 3): a cron text up to its
 * field rule's length; whether it reads as a cron is validation's to say, so a half-typed one is kept.
 */
export function setSchedule(draft: Flow, moduleId: string, schedule: string): FieldError | undefined {
  const module = findModule(draft, moduleId);
  if (!module || module.type !== 'trigger') return { field: 'config.schedule', message: `There is no trigger "${moduleId}".` };
  const text = schedule.trim();
  const over = textOverLimit(text, TEXT_RULES.schedule.max);
  if (over) return { field: 'config.schedule', message: `A schedule can be at most ${over.limit}.` };
  if (text === '') {
    if (module.config && 'schedule' in module.config) delete module.config.schedule;
    if (module.config && Object.keys(module.config).length === 0) delete module.config;
    return undefined;
  }
  if (module.config?.schedule === text) return undefined;
  module.config = { ...module.config, schedule: text };
  return undefined;
}

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

/** Sets one assumption of a module, or removes it (undefined: back to the kind's default). */
export function setAssumption(
  draft: Flow,
  moduleId: string,
  key: AssumptionKey,
  value: Estimate | undefined,
): FieldError | undefined {
  const field = `assumptions.${key}`;
  const module = findModule(draft, moduleId);
  if (!module) return { field, message: `There is no module "${moduleId}".` };
  if (!(ASSUMPTION_KEYS as readonly string[]).includes(key)) return { field, message: `Unknown assumption "${key}".` };
  if (value === undefined) {
    if (module.assumptions && key in module.assumptions) {
      delete module.assumptions[key];
      if (Object.keys(module.assumptions).length === 0) delete module.assumptions;
    }
    return undefined;
  }
  const problem = checkAssumption(key, value);
  if (problem) return { field, message: problem };
  const current = module.assumptions?.[key];
  if (sameEstimate(current, value)) return undefined;
  module.assumptions ??= {};
  module.assumptions[key] = copyEstimate(value);
  return undefined;
}

function sameEstimate(a: Estimate | undefined, b: Estimate | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (typeof a === 'number' || typeof b === 'number') return a === b;
  return a.min === b.min && a.likely === b.likely && a.max === b.max;
}

export function setRouterMode(draft: Flow, moduleId: string, mode: RouterMode): FieldError | undefined {
  const module = findModule(draft, moduleId);
  if (!module || module.type !== 'router') return { field: 'config.mode', message: 'Only a router has a mode.' };
  if (mode !== 'standard' && mode !== 'exclusive') return { field: 'config.mode', message: 'A router is standard or exclusive.' };
  if (module.config.mode !== mode) module.config.mode = mode;
  return undefined;
}

/** Sets which iterator an aggregator closes ('' for none). */
export function setAggregatorIterator(draft: Flow, moduleId: string, iteratorId: string): FieldError | undefined {
  const field = 'config.iteratorId';
  const module = findModule(draft, moduleId);
  if (!module || module.type !== 'aggregator') return { field, message: 'Only an aggregator closes a loop.' };
  if (iteratorId !== '') {
    const iterator = findModule(draft, iteratorId);
    if (!iterator || iterator.type !== 'iterator') return { field, message: `"${iteratorId}" is not an iterator of this flow.` };
  }
  if (module.config.iteratorId !== iteratorId) module.config.iteratorId = iteratorId;
  return undefined;
}

/** The iterators upstream of a module, nearest first: what an aggregator may close. */
export function iteratorsUpstreamOf(flow: Flow, moduleId: string): Module[] {
  const graph = buildGraph(flow);
  return upstreamOf(graph, moduleId)
    .map((id) => graph.modules.get(id))
    .filter((m): m is Module => m !== undefined && m.type === 'iterator');
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
  draft.edges.push(edge);
  pairOpenAggregators(draft, targetId);
  return { ok: true, edgeId: edge.id };
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

function isRouterEdge(flow: Flow, edge: Edge): boolean {
  return findModule(flow, edge.source)?.type === 'router';
}

export interface FilterInput {
  mode: Filter['mode'];
  passRate: Estimate;
  conditions?: Conditions;
}

/** Sets or removes the filter of an edge (edges out of a router have routes, not filters). */
export function setFilter(draft: Flow, edgeId: string, filter: FilterInput | undefined): FieldError | undefined {
  const edge = findEdge(draft, edgeId);
  if (!edge) return { field: 'filter', message: `There is no edge "${edgeId}".` };
  if (filter === undefined) {
    if (edge.filter) delete edge.filter;
    return undefined;
  }
  if (isRouterEdge(draft, edge)) {
    return { field: 'filter', message: 'An edge out of a router is a route: set its condition and pass rate on the route.' };
  }
  if (!(FILTER_MODES as readonly string[]).includes(filter.mode)) {
    return { field: 'filter.mode', message: 'A filter is either "break" or "skip".' };
  }
  if (filter.mode === 'skip') {
    const target = findModule(draft, edge.target);
    if (target && (target.type === 'router' || target.type === 'iterator' || target.type === 'aggregator')) {
      return { field: 'filter.mode', message: `A skip filter cannot lead into a ${kindOf(target.type).label.toLowerCase()}; use break.` };
    }
  }
  const problem = checkPassRate(filter.passRate);
  if (problem) return { field: 'filter.passRate', message: problem };
  const tooDeep = checkConditionDepth(filter.conditions, 'filter.conditions');
  if (tooDeep) return tooDeep;
  const next: Filter = { mode: filter.mode, passRate: copyEstimate(filter.passRate) };
  // Conditions: given ones replace, an explicit undefined drops them, leaving the key out keeps them.
  if ('conditions' in filter) {
    if (filter.conditions !== undefined) next.conditions = plain(filter.conditions);
  } else if (edge.filter?.conditions !== undefined) next.conditions = edge.filter.conditions;
  if (edge.filter && sameFilter(edge.filter, next)) return undefined;
  edge.filter = next;
  return undefined;
}

function sameFilter(a: Filter, b: Filter): boolean {
  return a.mode === b.mode && sameEstimate(a.passRate, b.passRate) && a.conditions === b.conditions;
}

export type RoutePatch = Partial<Pick<Route, 'priority' | 'passRate' | 'fallback' | 'conditions'>>;

/** Changes the route of an edge out of a router; at most one route of a router is the fallback. */
export function setRoute(draft: Flow, edgeId: string, patch: RoutePatch): FieldError | undefined {
  const edge = findEdge(draft, edgeId);
  if (!edge) return { field: 'route', message: `There is no edge "${edgeId}".` };
  if (!isRouterEdge(draft, edge)) return { field: 'route', message: 'Only an edge out of a router has a route.' };
  if (patch.priority !== undefined) {
    const problem = checkPriority(patch.priority);
    if (problem) return { field: 'route.priority', message: problem };
  }
  const tooDeep = checkConditionDepth(patch.conditions, 'route.conditions');
  if (tooDeep) return tooDeep;
  if (patch.passRate !== undefined) {
    const problem = checkPassRate(patch.passRate);
    if (problem) return { field: 'route.passRate', message: problem };
  }
  if (patch.fallback !== undefined && typeof patch.fallback !== 'boolean') {
    return { field: 'route.fallback', message: 'Fallback is on or off.' };
  }
  const siblings = draft.edges.filter((e) => e.source === edge.source && e.id !== edge.id);
  const route: Route = edge.route ?? {
    priority: siblings.reduce((max, e) => Math.max(max, e.route?.priority ?? 0), 0) + 1,
    passRate: 1,
    fallback: false,
  };
  if (!edge.route) edge.route = route;
  const r = edge.route;
  if (patch.priority !== undefined && r.priority !== patch.priority) r.priority = patch.priority;
  if (patch.passRate !== undefined && !sameEstimate(r.passRate, patch.passRate)) r.passRate = copyEstimate(patch.passRate);
  if (patch.fallback !== undefined && r.fallback !== patch.fallback) r.fallback = patch.fallback;
  if ('conditions' in patch) {
    if (patch.conditions === undefined) {
      if (r.conditions !== undefined) delete r.conditions;
    } else r.conditions = plain(patch.conditions);
  }
  if (patch.fallback === true) {
    for (const sibling of siblings) if (sibling.route?.fallback) sibling.route.fallback = false;
  }
  return undefined;
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

/** What a rate card number may be (the table of field rules; reference sizes divide, so they stay above zero). */
function checkRateCardNumber(path: string, value: unknown): string | null {
  return checkRule(value, rateCardRule(path), RATE_CARD_LABELS[path] ?? path);
}

const RATE_CARD_LABELS: Record<string, string> = {
  'time.creditsPerDoubling': 'Credits per doubling of time',
  'time.referenceSec': 'Reference duration',
  'payload.creditsPerDoubling': 'Credits per doubling of payload',
  'payload.referenceKB': 'Reference payload',
  searchIterationSurcharge: 'Search surcharge',
  dollarsPerCredit: 'Dollars per credit',
};

/**
 * Merges a partial rate card into the flow's (one level deep, like the file format).
 * A key set to undefined goes back to the default. Nothing changes if any number is invalid.
 */
export function setRateCard(draft: Flow, partial: PartialRateCard): FieldError | undefined {
  // Check everything first: all or nothing.
  for (const [type, value] of Object.entries(partial.baseCredits ?? {})) {
    if (!(MODULE_TYPES as readonly string[]).includes(type)) return { field: `rateCard.baseCredits.${type}`, message: `Unknown module type "${type}".` };
    if (value === undefined) continue;
    const problem = checkRule(value, FIELD_RULES.baseCredits, `Base credits of ${MODULE_KINDS[type as ModuleType].label}`);
    if (problem) return { field: `rateCard.baseCredits.${type}`, message: problem };
  }
  for (const group of ['time', 'payload'] as const) {
    for (const [key, value] of Object.entries(partial[group] ?? {})) {
      if (value === undefined) continue;
      const problem = checkRateCardNumber(`${group}.${key}`, value);
      if (problem) return { field: `rateCard.${group}.${key}`, message: problem };
    }
  }
  for (const key of ['searchIterationSurcharge', 'dollarsPerCredit'] as const) {
    if (key in partial && partial[key] !== undefined) {
      const problem = checkRateCardNumber(key, partial[key]);
      if (problem) return { field: `rateCard.${key}`, message: problem };
    }
  }
  if (partial.timeExempt !== undefined) {
    if (!Array.isArray(partial.timeExempt) || partial.timeExempt.some((t) => !(MODULE_TYPES as readonly string[]).includes(t))) {
      return { field: 'rateCard.timeExempt', message: 'Time-exempt must list module types.' };
    }
  }

  const card: PartialRateCard = draft.settings.rateCard ?? {};
  if (!draft.settings.rateCard) draft.settings.rateCard = card;
  const target = draft.settings.rateCard;
  for (const group of ['baseCredits', 'time', 'payload'] as const) {
    if (!(group in partial)) continue;
    const given = partial[group] as Record<string, number | undefined> | undefined;
    if (given === undefined) {
      if (target[group] !== undefined) delete target[group];
      continue;
    }
    const into = (target[group] ??= {}) as Record<string, number>;
    for (const [key, value] of Object.entries(given)) {
      if (value === undefined) {
        if (key in into) delete into[key];
      } else if (into[key] !== value) into[key] = value;
    }
    if (Object.keys(into).length === 0) delete target[group];
  }
  if ('timeExempt' in partial) {
    if (partial.timeExempt === undefined) delete target.timeExempt;
    else if (!sameList(target.timeExempt, partial.timeExempt)) target.timeExempt = [...partial.timeExempt];
  }
  for (const key of ['searchIterationSurcharge', 'dollarsPerCredit'] as const) {
    if (!(key in partial)) continue;
    const value = partial[key];
    if (value === undefined) {
      if (key in target) delete target[key];
    } else if (target[key] !== value) target[key] = value;
  }
  if (Object.keys(target).length === 0) delete draft.settings.rateCard;
  return undefined;
}

function sameList(a: readonly string[] | undefined, b: readonly string[]): boolean {
  return a !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Back to the default rate card. */
export function resetRateCard(draft: Flow): void {
  if (draft.settings.rateCard !== undefined) delete draft.settings.rateCard;
}

// ---------------------------------------------------------------------------------------
// Scenarios

/** Checks every number of a scenario's overrides; returns the first problem. */
export function checkOverrides(flow: Flow, overrides: ScenarioOverrides): FieldError | undefined {
  if (overrides.runsPerMonth !== undefined) {
    const problem = checkEstimateRule(overrides.runsPerMonth, FIELD_RULES.runsPerMonth);
    if (problem) return { field: 'overrides.runsPerMonth', message: problem };
  }
  for (const [moduleId, assumptions] of Object.entries(overrides.modules ?? {})) {
    if (!flow.modules.some((m) => m.id === moduleId)) {
      return { field: `overrides.modules.${moduleId}`, message: `There is no module "${moduleId}".` };
    }
    for (const [key, value] of Object.entries(assumptions)) {
      const field = `overrides.modules.${moduleId}.${key}`;
      if (!(ASSUMPTION_KEYS as readonly string[]).includes(key)) return { field, message: `Unknown assumption "${key}".` };
      if (value === undefined) continue;
      const problem = checkAssumption(key as AssumptionKey, value);
      if (problem) return { field, message: problem };
    }
  }
  for (const [edgeId, edge] of Object.entries(overrides.edges ?? {})) {
    if (!flow.edges.some((e) => e.id === edgeId)) {
      return { field: `overrides.edges.${edgeId}`, message: `There is no edge "${edgeId}".` };
    }
    const problem = checkPassRate(edge.passRate);
    if (problem) return { field: `overrides.edges.${edgeId}.passRate`, message: problem };
  }
  if (overrides.rateCard) {
    const probe = { settings: {} } as unknown as Flow;
    const problem = setRateCard(probe, overrides.rateCard);
    if (problem) return { field: `overrides.${problem.field}`, message: problem.message };
  }
  return undefined;
}

export type ScenarioResult = { ok: true; id: string } | { ok: false; error: FieldError };

export function addScenario(draft: Flow, input: { name: string; overrides?: ScenarioOverrides }): ScenarioResult {
  const checked = checkName(input.name, TEXT_RULES.scenarioName, 'A scenario needs a name.');
  if (!checked.ok) return { ok: false, error: checked.error };
  const overrides = input.overrides ?? {};
  const problem = checkOverrides(draft, overrides);
  if (problem) return { ok: false, error: problem };
  draft.scenarios ??= [];
  const id = nextId('s', draft.scenarios.map((s) => s.id));
  const name = uniqueName(checked.name, draft.scenarios.map((s) => s.name), TEXT_RULES.scenarioName.max);
  draft.scenarios.push({ id, name, overrides: plain(overrides) });
  return { ok: true, id };
}

export function updateScenario(
  draft: Flow,
  scenarioId: string,
  patch: { name?: string; overrides?: ScenarioOverrides },
): FieldError | undefined {
  const scenario: Scenario | undefined = draft.scenarios?.find((s) => s.id === scenarioId);
  if (!scenario) return { field: 'scenario', message: `There is no scenario "${scenarioId}".` };
  if (patch.name !== undefined) {
    const checked = checkName(patch.name, TEXT_RULES.scenarioName, 'A scenario needs a name.');
    if (!checked.ok) return checked.error;
  }
  if (patch.overrides !== undefined) {
    const problem = checkOverrides(draft, patch.overrides);
    if (problem) return problem;
  }
  if (patch.name !== undefined && scenario.name !== patch.name.trim()) scenario.name = patch.name.trim();
  if (patch.overrides !== undefined) scenario.overrides = plain(patch.overrides);
  return undefined;
}

/** One change to a scenario's overrides; a value of `undefined` removes that override. */
export type OverrideChange =
  | { kind: 'runsPerMonth'; value: Estimate | undefined }
  | { kind: 'assumption'; moduleId: string; key: AssumptionKey; value: Estimate | undefined }
  | { kind: 'passRate'; edgeId: string; value: Estimate | undefined };

/** The overrides with one change made (a new object; the input is not touched). */
export function withOverride(overrides: ScenarioOverrides, change: OverrideChange): ScenarioOverrides {
  const next: ScenarioOverrides = { ...overrides };
  if (change.kind === 'runsPerMonth') {
    if (change.value === undefined) delete next.runsPerMonth;
    else next.runsPerMonth = change.value;
  } else if (change.kind === 'assumption') {
    const own: Assumptions = { ...overrides.modules?.[change.moduleId] };
    if (change.value === undefined) delete own[change.key];
    else own[change.key] = change.value;
    const modules = { ...overrides.modules };
    if (Object.keys(own).length === 0) delete modules[change.moduleId];
    else modules[change.moduleId] = own;
    next.modules = modules;
  } else {
    const edges = { ...overrides.edges };
    if (change.value === undefined) delete edges[change.edgeId];
    else edges[change.edgeId] = { passRate: change.value };
    next.edges = edges;
  }
  return next;
}

/**
 * Sets or removes one override of a scenario (the what-if panel's fields and chips). Checked
 * like every scenario value: a refused value changes nothing and comes back as a FieldError.
 */
export function setScenarioOverride(draft: Flow, scenarioId: string, change: OverrideChange): FieldError | undefined {
  const scenario = draft.scenarios?.find((s) => s.id === scenarioId);
  if (!scenario) return { field: 'scenario', message: `There is no scenario "${scenarioId}".` };
  const overrides = isDraft(scenario.overrides) ? (current(scenario.overrides) as ScenarioOverrides) : scenario.overrides;
  // Only the change is checked: a file may hold overrides of a module or edge the flow lacks (the
  // reader accepts and ignores them), and those must not block editing the scenario's others.
  const problem = checkOverrides(draft, withOverride({}, change));
  if (problem) return problem;
  scenario.overrides = plain(withOverride(overrides, change));
  return undefined;
}

export function removeScenario(draft: Flow, scenarioId: string): void {
  if (!draft.scenarios) return;
  const index = draft.scenarios.findIndex((s) => s.id === scenarioId);
  if (index < 0) return;
  draft.scenarios.splice(index, 1);
  if (draft.scenarios.length === 0) delete draft.scenarios;
}
