import { buildGraph, reachableFrom, upstreamOf } from '../model/graph';
import type { FlowGraph } from '../model/graph';
import { MODULE_KINDS, assumptionOf } from '../model/modules/registry';
import { describeModule } from '../model/describe';
import { isRange, pointOf } from '../model/types';
import type { Conditions, Edge, Estimate, Filter, Flow, Module, ModuleType, PartialRateCard } from '../model/types';
import { priceFlow } from './price';
import { grouped } from './format';
import type { FlowCost } from './types';
import { withAssumption } from './sensitivity';

/**
 * Cost lint (issue 5 §8): rules that flag costly patterns. Every finding carries the credits a
 * month its fix would save, found by RE-PRICING the fixed flow with `priceFlow` and taking the
 * difference of the month totals (never guessed). The fixes, precisely:
 *
 * - `search-in-loop` — a search module inside a loop. Fix: move the search before the loop.
 *   The fixed flow puts a copy of the search (same assumptions) on the edge into the innermost
 *   enclosing iterator, so it runs once per loop execution, and leaves in its old place a free
 *   pass-through (a `variables` module with 0 s, 0 KB, which costs exactly 0 and keeps every edge,
 *   filter and count of the loop as it was). The surcharge goes with the moved search: it pays one
 *   only if the iterator itself sits inside an outer loop.
 * - `paid-in-loop` — a paid module (base credits > 0 in the rate card in use) inside a loop of at
 *   least 20 items. Fix: batch it, priced as one execution per loop execution: the same move as
 *   above. (Search modules are left to the rule above.)
 * - `retries-on-slow-module` — retries > 0 on a module whose duration is ≥ 10 s. Fix: retries 0.
 * - `filter-after-paid-module` — a break filter on the edge out of a paid module whose conditions
 *   map only modules upstream of that paid module, so it could be checked before it. Fix: the
 *   filter moves onto the edge(s) into the paid module (combined with a break filter already
 *   there: pass rates multiply, conditions join with `@and`). Not offered when an edge into it
 *   carries a route or a skip filter, or when the filter has no conditions (we cannot tell what it
 *   reads).
 * - `large-payload` — a module passing ≥ 1,000 KB. Fix: payload 100 KB (pass only the fields
 *   needed).
 * - `unreachable` — a module the trigger cannot reach. It costs nothing (m = 0); savings 0.
 *
 * Savings are the point estimate (ranges at their likely value), in credits per month.
 */

export const LINT_RULES = [
  'search-in-loop',
  'paid-in-loop',
  'retries-on-slow-module',
  'filter-after-paid-module',
  'large-payload',
  'unreachable',
] as const;
export type LintRule = (typeof LINT_RULES)[number];

export const LINT_RULE_TITLES: Record<LintRule, string> = {
  'search-in-loop': 'Search inside a loop',
  'paid-in-loop': 'Paid module in a loop of many items',
  'retries-on-slow-module': 'Retries on a slow module',
  'filter-after-paid-module': 'Filter after a paid module',
  'large-payload': 'Large payload passed through',
  unreachable: 'Unreachable module',
};

/** A loop with at least this many items makes a paid module inside it worth batching. */
export const MANY_ITEMS = 20;
/** A module this slow (seconds) should not retry. */
export const SLOW_SECONDS = 10;
/** A payload this large (KB) is flagged... */
export const LARGE_PAYLOAD_KB = 1000;
/** ...and priced at this size once trimmed. */
export const TRIMMED_PAYLOAD_KB = 100;

export interface LintFinding {
  rule: LintRule;
  moduleId?: string;
  edgeId?: string;
  /** For people: what is costly, what to do, what it saves. */
  message: string;
  /** Credits per month the fix saves (monthly total of the flow minus that of the fixed flow). */
  savings: number;
}

export interface LintOptions {
  rateCard?: PartialRateCard;
}

/** Credits for a sentence: 1234.5678 → "1,235"; 0.1234 → "0.12". */
export function formatCreditsForMessage(value: number): string {
  const digits = Math.abs(value) >= 100 ? 0 : 2;
  return grouped(value, digits);
}

// ---------------------------------------------------------------------------------------------
// Structure helpers.

/**
 * The iterator of the innermost loop around `moduleId`, found by walking up the incoming edges
 * (the first one, for an octopus): an aggregator on the way closes its iterator's loop, so that
 * iterator is passed by; the first iterator not closed is the answer. Undefined outside loops.
 */
export function enclosingIterator(graph: FlowGraph, moduleId: string): string | undefined {
  const closed: string[] = [];
  const seen = new Set<string>([moduleId]);
  let current = moduleId;
  for (;;) {
    const edge = graph.incoming.get(current)?.[0];
    if (!edge) return undefined;
    const up = graph.modules.get(edge.source);
    if (!up || seen.has(up.id)) return undefined;
    seen.add(up.id);
    if (up.type === 'aggregator') {
      closed.push(up.config.iteratorId);
    } else if (up.type === 'iterator') {
      const at = closed.lastIndexOf(up.id);
      if (at < 0) return up.id;
      closed.splice(at, 1);
    }
    current = up.id;
  }
}

/** Module ids a filter's conditions map (`{{[m1].email}}` → m1), keys and values alike. */
export function mappedModules(conditions: Conditions): Set<string> {
  const ids = new Set<string>();
  const text = JSON.stringify(conditions) ?? '';
  for (const match of text.matchAll(/\{\{\s*\[([^\]]+)\]/g)) ids.add(match[1]!.trim());
  return ids;
}

function freshId(flow: Flow, wanted: string): string {
  const taken = new Set<string>([...flow.modules.map((m) => m.id), ...flow.edges.map((e) => e.id)]);
  let id = wanted;
  for (let i = 2; taken.has(id); i++) id = `${wanted}-${i}`;
  return id;
}

/**
 * The fixed flow for "move out of the loop": a copy of `moduleId` runs on the edge into
 * `iteratorId` (once per loop execution), and the module's old place becomes a free pass-through.
 * Undefined when the iterator has no edge into it.
 */
export function moveBeforeLoop(flow: Flow, graph: FlowGraph, moduleId: string, iteratorId: string): Flow | undefined {
  const module = graph.modules.get(moduleId);
  const into = graph.incoming.get(iteratorId)?.[0];
  if (!module || !into) return undefined;
  const movedId = freshId(flow, `${moduleId}-before-loop`);
  const linkId = freshId(flow, `${movedId}-edge`);
  const moved = { ...module, id: movedId } as Module;
  const passThrough: Module = {
    id: module.id,
    type: 'variables',
    name: module.name,
    position: module.position,
    assumptions: { durationSec: 0, payloadKB: 0, retries: 0, extraCredits: 0 },
  };
  return {
    ...flow,
    modules: [...flow.modules.map((m) => (m.id === moduleId ? passThrough : m)), moved],
    edges: [
      ...flow.edges.map((e) => (e.id === into.id ? { ...e, target: movedId } : e)),
      { id: linkId, source: movedId, target: iteratorId },
    ],
  };
}

function multiplyRates(a: Estimate, b: Estimate): Estimate {
  if (!isRange(a) && !isRange(b)) return a * b;
  const r = (x: Estimate) => (isRange(x) ? x : { min: x, likely: x, max: x });
  const ra = r(a);
  const rb = r(b);
  return { min: ra.min * rb.min, likely: ra.likely * rb.likely, max: ra.max * rb.max };
}

function combineBreakFilters(first: Filter | undefined, second: Filter): Filter {
  if (!first) return { ...second };
  const conditions =
    first.conditions && second.conditions
      ? { '@and': [first.conditions, second.conditions] }
      : (first.conditions ?? second.conditions);
  return {
    mode: 'break',
    passRate: multiplyRates(first.passRate, second.passRate),
    ...(conditions ? { conditions } : {}),
  };
}

/**
 * The fixed flow for "check the filter before the paid module": the break filter of `edgeId`
 * moves onto every edge into its source module. Undefined when that is not possible (see above).
 */
export function moveFilterBefore(flow: Flow, graph: FlowGraph, edgeId: string): Flow | undefined {
  const edge = graph.edges.get(edgeId);
  const filter = edge?.filter;
  if (!edge || !filter || filter.mode !== 'break') return undefined;
  const ins = graph.incoming.get(edge.source) ?? [];
  if (ins.length === 0) return undefined;
  if (ins.some((e) => e.route || (e.filter && e.filter.mode !== 'break'))) return undefined;
  const inIds = new Set(ins.map((e) => e.id));
  return {
    ...flow,
    edges: flow.edges.map((e): Edge => {
      if (e.id === edgeId) {
        const { filter: _dropped, ...rest } = e;
        return rest;
      }
      if (inIds.has(e.id)) return { ...e, filter: combineBreakFilters(e.filter, filter) };
      return e;
    }),
  };
}

// ---------------------------------------------------------------------------------------------

const STRUCTURAL: ReadonlySet<ModuleType> = new Set(['trigger', 'router', 'iterator', 'aggregator']);

function isPaid(cost: FlowCost, module: Module): boolean {
  return (cost.rateCard.baseCredits[module.type] ?? 0) > 0;
}

/** Every finding of every rule, largest savings first (ties keep the flow's order). */
export function lintFlow(flow: Flow, options: LintOptions = {}): LintFinding[] {
  const price = (f: Flow): FlowCost => priceFlow(f, options.rateCard ? { rateCard: options.rateCard } : {});
  const cost = price(flow);
  const graph = buildGraph(flow);
  const savingOf = (fixed: Flow | undefined): number => (fixed ? cost.perMonth - price(fixed).perMonth : 0);
  const findings: LintFinding[] = [];
  const credits = formatCreditsForMessage;

  // Unreachable modules: the trigger cannot reach them.
  const trigger = flow.modules.find((m) => m.type === 'trigger');
  const reachable = trigger ? reachableFrom(graph, trigger.id) : undefined;

  for (const module of flow.modules) {
    const node = cost.byId.get(module.id);
    const kind = MODULE_KINDS[module.type];
    if (!node || !kind) continue;
    const name = describeModule(module);

    if (reachable && !reachable.has(module.id)) {
      findings.push({
        rule: 'unreachable',
        moduleId: module.id,
        message: `${name} cannot be reached from the trigger, so it never runs and costs nothing. Connect it or delete it.`,
        savings: 0,
      });
      continue;
    }
    if (node.executions <= 0) continue;

    // A search or a paid module inside a loop.
    const loopN = node.loopIterations;
    if (loopN !== undefined && !STRUCTURAL.has(module.type)) {
      const isSearch = module.type === 'search';
      const manyItems = loopN >= MANY_ITEMS && isPaid(cost, module);
      if (isSearch || manyItems) {
        const iteratorId = node.loopId ?? enclosingIterator(graph, module.id);
        if (iteratorId) {
          const savings = savingOf(moveBeforeLoop(flow, graph, module.id, iteratorId));
          const loop = describeModule(graph.modules.get(iteratorId));
          if (savings > 0 && isSearch) {
            findings.push({
              rule: 'search-in-loop',
              moduleId: module.id,
              message: `${name} runs once per item of ${loop} (${credits(loopN)} items) and pays the search-in-loop surcharge. Search once before the loop to save ${credits(savings)} credits a month.`,
              savings,
            });
          } else if (savings > 0) {
            findings.push({
              rule: 'paid-in-loop',
              moduleId: module.id,
              message: `${name} runs once per item of ${loop} (${credits(loopN)} items). Batch it, one call per loop, to save ${credits(savings)} credits a month.`,
              savings,
            });
          }
        }
      }
    }

    // Retries on a slow module.
    if (kind.assumptions.includes('durationSec') && kind.assumptions.includes('retries')) {
      const retries = pointOf(assumptionOf(module, 'retries'));
      const duration = pointOf(assumptionOf(module, 'durationSec'));
      if (retries > 0 && duration >= SLOW_SECONDS) {
        const savings = savingOf(withAssumption(flow, module.id, 'retries', 0));
        if (savings > 0) {
          findings.push({
            rule: 'retries-on-slow-module',
            moduleId: module.id,
            message: `${name} takes ${credits(duration)} s and retries ${credits(retries)} times per run on average; every retry pays the whole duration again. Without retries it saves ${credits(savings)} credits a month.`,
            savings,
          });
        }
      }
    }

    // A large payload.
    if (kind.assumptions.includes('payloadKB')) {
      const payload = pointOf(assumptionOf(module, 'payloadKB'));
      if (payload >= LARGE_PAYLOAD_KB) {
        const savings = savingOf(withAssumption(flow, module.id, 'payloadKB', TRIMMED_PAYLOAD_KB));
        if (savings > 0) {
          findings.push({
            rule: 'large-payload',
            moduleId: module.id,
            message: `${name} passes ${credits(payload)} KB. Passing only the fields needed (${TRIMMED_PAYLOAD_KB} KB) saves ${credits(savings)} credits a month.`,
            savings,
          });
        }
      }
    }
  }

  // A break filter after a paid module that only reads what came before it.
  for (const edge of flow.edges) {
    const filter = edge.filter;
    if (!filter || filter.mode !== 'break' || !filter.conditions) continue;
    const paid = graph.modules.get(edge.source);
    if (!paid || STRUCTURAL.has(paid.type) || !isPaid(cost, paid)) continue;
    if ((cost.byId.get(paid.id)?.executions ?? 0) <= 0) continue;
    const mapped = mappedModules(filter.conditions);
    const upstream = new Set(upstreamOf(graph, paid.id));
    if (![...mapped].every((id) => upstream.has(id))) continue;
    const savings = savingOf(moveFilterBefore(flow, graph, edge.id));
    if (!(savings > 0)) continue;
    const target = describeModule(graph.modules.get(edge.target));
    findings.push({
      rule: 'filter-after-paid-module',
      edgeId: edge.id,
      moduleId: paid.id,
      message: `The filter before ${target} only reads data from before ${describeModule(paid)}. Check it before ${describeModule(paid)} so bundles it stops are not paid for: saves ${credits(savings)} credits a month.`,
      savings,
    });
  }

  findings.sort((a, b) => b.savings - a.savings);
  return findings;
}
