/**
 * The recipes of the fields the first screen does not show: a module's and an edge's inspector
 * (name, schedule, assumptions, router, aggregator, filter, route) and the rate card's editor. Pure
 * recipes on a flow draft as in operations.ts (one undo step each, a refused value changes nothing
 * and returns a FieldError); their own module so that they load with those panels, not with the page.
 */
import {
  ASSUMPTION_KEYS,
  FILTER_MODES,
  MODULE_TYPES,
  type AssumptionKey,
  type Conditions,
  type Edge,
  type Estimate,
  type Filter,
  type Flow,
  type Module,
  type ModuleType,
  type PartialRateCard,
  type Route,
  type RouterMode,
} from '../model/types';
import { MODULE_KINDS } from '../model/modules/registry';
import { kindOf } from '../model/modules/kindOf';
import { buildGraph, upstreamOf } from '../model/graph';
import { FIELD_RULES, MAX_CONDITION_DEPTH, TEXT_RULES, textOverLimit } from '../model/fieldRules';
import { rateCardRule } from '../model/tableRules';
import { conditionDepth } from '../model/conditionDepth';
import { checkName, checkRule, copyEstimate, findModule, indexById, plain, sameEstimate, type FieldError } from './operations';
import { checkAssumption } from './checkAssumption';
import { checkPassRate, checkPriority } from './moduleRecipes';

/** The edge of this id (only the edge inspector's recipes look one up: here, not in the first download). */
function findEdge(flow: Flow, id: string): Edge | undefined {
  const i = indexById(flow.edges, id);
  return i < 0 ? undefined : flow.edges[i];
}

// ---------------------------------------------------------------------------------------
// Modules

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

function isRouterEdge(flow: Flow, edge: Edge): boolean {
  return findModule(flow, edge.source)?.type === 'router';
}

/** Conditions deeper than the file reader accepts (the builder stops there too). */
function checkConditionDepth(conditions: Conditions | undefined, field: string): FieldError | undefined {
  if (conditions === undefined || conditionDepth(conditions, MAX_CONDITION_DEPTH) <= MAX_CONDITION_DEPTH) return undefined;
  return { field, message: `Conditions can nest at most ${MAX_CONDITION_DEPTH} levels.` };
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
// The rate card

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
