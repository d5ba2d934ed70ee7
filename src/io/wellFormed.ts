/**
 * The schema's fast path for the modules and edges of a well-formed file of the current version
 * (issue 19: the CLI reads a 10,000-module file; zod's checks of every field, cold, were most of
 * its extra time).
 *
 * `readWellFormed(raw, schema)` returns exactly what `schema.safeParse(raw).data` would: the same
 * keys in the same order (the schema's fields first, defaults filled in, then unknown keys in the
 * file's order), the same values, with zod's copies where zod copies and the file's own values
 * where zod passes them through. It uses the schema's own checks (schema.ts), and gives up,
 * returning null, at the first module or edge that is not plainly right; the caller then asks zod,
 * which says what is wrong. So a file gets the very same flow, or the very same errors, either way
 * (wellFormed.test.ts compares both on generated, random and broken files).
 *
 * Where zod's copy would hold the very keys, in the very order, of the file's own object (a file
 * written by Creditflow: serializeFlow writes the schema's order), that object is used as it is,
 * not copied: JSON.parse made it for this read alone, so nothing else holds it. A 10,000-module
 * file then allocates no second copy of its modules and edges (issue 19: the copies and their
 * garbage collection were a large part of the CLI's extra time).
 *
 * Everything but the modules and the edges (name, settings, scenarios, unknown keys) is small: read
 * here too when plainly right (a rate card or a platform table goes through zod), so a plain file
 * needs no zod at all (readPlainFlow, plainFile.ts: the page's first download, issue 13).
 */
import { ASSUMPTION_KEYS, FILTER_MODES, FLOW_FORMAT, MODULE_TYPES, type ModuleType } from '../model/types';
import { MODULE_KINDS } from '../model/modules/registry';
import { ASSUMPTION_RULES, FIELD_RULES, TEXT_RULES } from '../model/fieldRules';
import {
  conditionsProblem,
  estimateProblem,
  isIteratorId,
  numberProblem,
  POSITION,
  schemaRule,
  SHARE,
  textProblem,
} from './fieldChecks';
import type { FlowSchemaOf } from './schema';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

const TYPES = new Set<string>(MODULE_TYPES);
const MODULE_FIELDS = new Set(['id', 'type', 'name', 'position', 'assumptions', 'config']);
const EDGE_FIELDS = new Set(['id', 'source', 'target', 'filter', 'route', 'error']);
const POSITION_FIELDS = new Set(['x', 'y']);
const ASSUMPTION_FIELDS = new Set<string>(ASSUMPTION_KEYS);
/** Each assumption's rule, in ASSUMPTION_KEYS's order. */
const ASSUMPTION_RULE = ASSUMPTION_KEYS.map((key) => schemaRule(ASSUMPTION_RULES[key]));
const PRIORITY = schemaRule(FIELD_RULES.priority);
const ROUTER_MODES: readonly unknown[] = ['standard', 'exclusive'];
const NO_FIELDS = new Set<string>();

/** The schema's order of each object's fields (its output writes them so, then unknown keys). */
const MODULE_ORDER = ['id', 'type', 'name', 'position', 'assumptions', 'config'];
const EDGE_ORDER = ['id', 'source', 'target', 'filter', 'route', 'error'];
const POSITION_ORDER = ['x', 'y'];
const FILTER_ORDER = ['mode', 'passRate', 'conditions'];
const ROUTE_ORDER = ['priority', 'passRate', 'fallback', 'conditions'];
const MODE_ORDER = ['mode'];
const ITERATOR_ID_ORDER = ['iteratorId'];
const SCHEDULE_ORDER = ['schedule'];
const SCHEDULE_FIELDS = new Set(SCHEDULE_ORDER);
const NO_ORDER: readonly string[] = [];

/**
 * Whether `value`'s keys are already in the order the schema writes them: its fields (those
 * present) first, in `order`, then any others. Then a copy would be the same object, key for key.
 */
function inSchemaOrder(value: Json, order: readonly string[]): boolean {
  let next = 0;
  let unknownSeen = false;
  for (const key in value) {
    const rank = order.indexOf(key);
    if (rank === -1) {
      if (key === '__proto__') return false;
      unknownSeen = true;
    } else if (unknownSeen || rank < next) return false;
    else next = rank + 1;
  }
  return true;
}

/** Copies the keys of `from` that are not the schema's `fields` onto `to`, in the file's order (zod's catch-all). */
function withUnknownKeys(from: Json, to: Json, fields: ReadonlySet<string>): Json {
  for (const key in from) if (!fields.has(key) && key !== '__proto__') to[key] = from[key];
  return to;
}

const isText = (value: unknown, rule: (typeof TEXT_RULES)[keyof typeof TEXT_RULES]) => textProblem(value, '', rule) === null;
const isShare = (value: unknown) => estimateProblem(value, SHARE, true) === null;

function positionOf(value: unknown): Json | null {
  if (value === undefined) return { x: 0, y: 0 };
  if (!isObject(value) || numberProblem(value.x, POSITION()) !== null || numberProblem(value.y, POSITION()) !== null) return null;
  if (inSchemaOrder(value, POSITION_ORDER)) return value;
  return withUnknownKeys(value, { x: value.x, y: value.y }, POSITION_FIELDS);
}

function assumptionsOf(value: unknown): Json | null {
  if (!isObject(value)) return null;
  // Index loops here and below: this runs cold, once per module of a 10,000-module file.
  for (let k = 0; k < ASSUMPTION_RULE.length; k++) {
    const v = value[ASSUMPTION_KEYS[k]!];
    if (v !== undefined && estimateProblem(v, ASSUMPTION_RULE[k]!, true) !== null) return null;
  }
  if (inSchemaOrder(value, ASSUMPTION_KEYS)) return value;
  const out: Json = {};
  for (const key of ASSUMPTION_KEYS) if (value[key] !== undefined) out[key] = value[key];
  return withUnknownKeys(value, out, ASSUMPTION_FIELDS);
}

/** A module's config as its kind's schema gives it; undefined when it has none; null when not plainly right. */
function configOf(type: ModuleType, value: unknown): Json | null | undefined {
  if (type === 'router') {
    if (value === undefined) return { mode: 'standard' };
    if (!isObject(value) || (value.mode !== undefined && !ROUTER_MODES.includes(value.mode))) return null;
    if (value.mode !== undefined && inSchemaOrder(value, MODE_ORDER)) return value;
    return withUnknownKeys(value, { mode: value.mode ?? 'standard' }, new Set(['mode']));
  }
  if (type === 'aggregator') {
    if (value === undefined) return { iteratorId: '' };
    if (!isObject(value) || (value.iteratorId !== undefined && !isIteratorId(value.iteratorId))) return null;
    if (value.iteratorId !== undefined && inSchemaOrder(value, ITERATOR_ID_ORDER)) return value;
    return withUnknownKeys(value, { iteratorId: value.iteratorId ?? '' }, new Set(['iteratorId']));
  }
  if (value === undefined) return undefined;
  if (!isObject(value)) return null;
  // A trigger's schedule, else only keys the schema passes through.
  const scheduled = type === 'trigger' && value.schedule !== undefined;
  if (scheduled && !isText(value.schedule, TEXT_RULES.schedule)) return null;
  const order = scheduled ? SCHEDULE_ORDER : NO_ORDER;
  if (inSchemaOrder(value, order)) return value;
  return withUnknownKeys(value, scheduled ? { schedule: value.schedule } : {}, scheduled ? SCHEDULE_FIELDS : NO_FIELDS);
}

function moduleOf(value: unknown): Json | null {
  if (!isObject(value)) return null;
  const type = value.type;
  if (typeof type !== 'string' || !TYPES.has(type) || !isText(value.id, TEXT_RULES.id)) return null;
  const kind = type as ModuleType;
  if (value.name !== undefined && !isText(value.name, TEXT_RULES.moduleName)) return null;
  const position = positionOf(value.position);
  if (!position) return null;
  const assumptions = value.assumptions === undefined ? undefined : assumptionsOf(value.assumptions);
  if (assumptions === null) return null;
  const config = configOf(kind, value.config);
  if (config === null) return null;
  // Nothing filled in or copied, and in order: the module as it is.
  if (value.name !== undefined && position === value.position && assumptions === value.assumptions && config === value.config && inSchemaOrder(value, MODULE_ORDER))
    return value;
  const out: Json = { id: value.id, type, name: value.name ?? MODULE_KINDS[kind].label, position };
  if (assumptions !== undefined) out.assumptions = assumptions;
  if (config !== undefined) out.config = config;
  return withUnknownKeys(value, out, MODULE_FIELDS);
}

const FILTER_FIELDS = new Set(['mode', 'passRate', 'conditions']);
const ROUTE_FIELDS = new Set(['priority', 'passRate', 'fallback', 'conditions']);

function filterOf(value: unknown): Json | null {
  if (!isObject(value) || !(FILTER_MODES as readonly unknown[]).includes(value.mode) || !isShare(value.passRate)) return null;
  const out: Json = { mode: value.mode, passRate: value.passRate };
  if (value.conditions !== undefined) {
    if (conditionsProblem(value.conditions) !== null) return null;
    out.conditions = value.conditions;
  }
  if (inSchemaOrder(value, FILTER_ORDER)) return value;
  return withUnknownKeys(value, out, FILTER_FIELDS);
}

/** A route as the schema gives it: a fallback without a share gets a share of 0, written last. */
function routeOf(value: unknown): Json | null {
  if (!isObject(value) || numberProblem(value.priority, PRIORITY) !== null) return null;
  const out: Json = { priority: value.priority };
  if (value.passRate !== undefined) {
    if (!isShare(value.passRate)) return null;
    out.passRate = value.passRate;
  }
  if (value.fallback !== undefined && typeof value.fallback !== 'boolean') return null;
  out.fallback = value.fallback ?? false;
  if (value.conditions !== undefined) {
    if (conditionsProblem(value.conditions) !== null) return null;
    out.conditions = value.conditions;
  }
  if (out.passRate === undefined && !out.fallback) return null;
  if (value.passRate !== undefined && value.fallback !== undefined && inSchemaOrder(value, ROUTE_ORDER)) return value;
  withUnknownKeys(value, out, ROUTE_FIELDS);
  return { ...out, passRate: out.passRate ?? 0 };
}

function edgeOf(value: unknown): Json | null {
  if (!isObject(value) || !isText(value.id, TEXT_RULES.id) || !isText(value.source, TEXT_RULES.id) || !isText(value.target, TEXT_RULES.id))
    return null;
  const filter = value.filter === undefined ? undefined : filterOf(value.filter);
  if (filter === null) return null;
  const route = value.route === undefined ? undefined : routeOf(value.route);
  if (route === null) return null;
  if (value.error !== undefined && typeof value.error !== 'boolean') return null;
  if (filter === value.filter && route === value.route && inSchemaOrder(value, EDGE_ORDER)) return value;
  const out: Json = { id: value.id, source: value.source, target: value.target };
  if (filter !== undefined) out.filter = filter;
  if (route !== undefined) out.route = route;
  if (value.error !== undefined) out.error = value.error;
  return withUnknownKeys(value, out, EDGE_FIELDS);
}

/** The items read; the list itself when every item is its own object (nothing copied). */
function listOf(value: unknown, item: (value: unknown) => Json | null): Json[] | null {
  if (!Array.isArray(value)) return null;
  let out: Json[] | undefined;
  for (let i = 0; i < value.length; i++) {
    const read = item(value[i]);
    if (!read) return null;
    if (out === undefined && read !== value[i]) out = value.slice(0, i) as Json[];
    if (out !== undefined) out.push(read);
  }
  return out ?? (value as Json[]);
}
const TOP_FIELDS = new Set(['format', 'version', 'name', 'settings', 'modules', 'edges', 'scenarios']);
const SETTINGS_FIELDS = new Set(['runsPerMonth', 'rateCard', 'budget', 'platforms']);
const BUDGET_FIELDS = new Set(['amount', 'unit']);
const SCENARIO_FIELDS = new Set(['id', 'name', 'overrides']);
const OVERRIDE_FIELDS = new Set(['runsPerMonth', 'modules', 'edges', 'rateCard']);
const PASS_RATE_FIELDS = new Set(['passRate']);
const RUNS_PER_MONTH = schemaRule(FIELD_RULES.runsPerMonth);
const BUDGET = schemaRule(FIELD_RULES.budget);
const BUDGET_UNITS: readonly unknown[] = ['credits', 'dollars'];

/** A record (an object keyed by id) whose every value `item` reads; null when one does not, or a key is `__proto__`. */
function recordOf(value: unknown, item: (value: unknown) => Json | null): Json | null {
  if (!isObject(value)) return null;
  const out: Json = {};
  for (const key of Object.keys(value)) {
    const read = key === '__proto__' ? null : item(value[key]);
    if (!read) return null;
    out[key] = read;
  }
  return out;
}

function budgetOf(value: unknown): Json | null {
  if (!isObject(value) || numberProblem(value.amount, BUDGET) !== null || !BUDGET_UNITS.includes(value.unit)) return null;
  return withUnknownKeys(value, { amount: value.amount, unit: value.unit }, BUDGET_FIELDS);
}

/** The settings as the schema gives them, when plainly right and without a rate card or a platform table (zod reads those). */
function settingsOf(value: unknown): Json | null {
  if (value === undefined) return {};
  if (!isObject(value) || value.rateCard !== undefined || value.platforms !== undefined) return null;
  const out: Json = {};
  if (value.runsPerMonth !== undefined) {
    if (estimateProblem(value.runsPerMonth, RUNS_PER_MONTH, true) !== null) return null;
    out.runsPerMonth = value.runsPerMonth;
  }
  if (value.budget !== undefined) {
    const budget = budgetOf(value.budget);
    if (!budget) return null;
    out.budget = budget;
  }
  return withUnknownKeys(value, out, SETTINGS_FIELDS);
}

function passRateOf(value: unknown): Json | null {
  if (!isObject(value) || !isShare(value.passRate)) return null;
  return withUnknownKeys(value, { passRate: value.passRate }, PASS_RATE_FIELDS);
}

/** A scenario's overrides, when plainly right and without a rate card (zod reads those). */
function overridesOf(value: unknown): Json | null {
  if (value === undefined) return {};
  if (!isObject(value) || value.rateCard !== undefined) return null;
  const out: Json = {};
  if (value.runsPerMonth !== undefined) {
    if (estimateProblem(value.runsPerMonth, RUNS_PER_MONTH, true) !== null) return null;
    out.runsPerMonth = value.runsPerMonth;
  }
  if (value.modules !== undefined) {
    const modules = recordOf(value.modules, assumptionsOf);
    if (!modules) return null;
    out.modules = modules;
  }
  if (value.edges !== undefined) {
    const edges = recordOf(value.edges, passRateOf);
    if (!edges) return null;
    out.edges = edges;
  }
  return withUnknownKeys(value, out, OVERRIDE_FIELDS);
}

function scenarioOf(value: unknown): Json | null {
  if (!isObject(value) || !isText(value.id, TEXT_RULES.id) || !isText(value.name, TEXT_RULES.scenarioName)) return null;
  const overrides = overridesOf(value.overrides);
  if (!overrides) return null;
  return withUnknownKeys(value, { id: value.id, name: value.name, overrides }, SCENARIO_FIELDS);
}

/**
 * What the schema gives for everything but the modules and edges (left empty, in their places), for
 * a file whose name, settings and scenarios are plainly right; else null (ask zod).
 */
function restOf(raw: Json): Json | null {
  if (raw.format !== FLOW_FORMAT || typeof raw.version !== 'number') return null;
  if (raw.name !== undefined && !isText(raw.name, TEXT_RULES.flowName)) return null;
  const settings = settingsOf(raw.settings);
  if (!settings) return null;
  const out: Json = { format: raw.format, version: raw.version, name: raw.name ?? 'Untitled flow', settings, modules: [], edges: [] };
  if (raw.scenarios !== undefined) {
    const scenarios = listOf(raw.scenarios, scenarioOf);
    if (!scenarios) return null;
    out.scenarios = scenarios;
  }
  return withUnknownKeys(raw, out, TOP_FIELDS);
}

/**
 * `schema.safeParse(raw).data` for a file of the current version whose modules and edges are all
 * plainly right, else null (ask zod). `schema` is the current version's (schemaFor(CURRENT_VERSION));
 * without it (no zod loaded), the name, settings and scenarios must be plainly right too.
 */
export function readWellFormed(raw: Json, schema?: FlowSchemaOf): Json | null {
  const modules = listOf(raw.modules, moduleOf);
  if (!modules) return null;
  const edges = raw.edges === undefined ? [] : listOf(raw.edges, edgeOf);
  if (!edges) return null;
  // The rest read here when plain, else through zod, with the lists left empty; they keep their places in its output.
  let flow = restOf(raw);
  if (!flow && schema) {
    const rest = schema.safeParse({ ...raw, modules: [], edges: [] });
    if (rest.success) flow = rest.data as Json;
  }
  if (!flow) return null;
  flow.modules = modules;
  flow.edges = edges;
  return flow;
}
