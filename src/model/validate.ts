/**
 * Structural validation of a flow: every rule of cost-model.md §4 plus the numeric rules,
 * each broken rule a Problem written for a person and pinned to the module, edge and field
 * at fault. It never throws, whatever the input (it also runs on half-built and on
 * hand-edited flows), and it is linear in the size of the flow, so it runs on every edit.
 */
import { buildGraph, type FlowGraph } from './graph';
import { describeEdge, describeModule, formatPercent, nameOrId, quoteName } from './describe';
import { isModuleType } from './modules/registry';
import { ASSUMPTION_KEYS, type Edge, type Flow, type Module } from './types';
import type { Problem } from './problems';
import { toConditionTree } from './conditions';

/**
 * The largest number of items per iterator execution the tool prices. Above it a loop is
 * refused: nobody runs a billion-item loop in one run, and the simulated runs walk items
 * one by one, so such a number is almost surely a typo.
 */
export const MAX_ITERATIONS = 1_000_000;

/**
 * Every problem code validateFlow can report, with its severity. Stable: the CLI prints
 * them, tests and the problems panel key on them.
 */
export const PROBLEM_CODES = {
  // document shape (normally caught by the schema; kept so validation never throws)
  'malformed-module': 'error',
  'malformed-edge': 'error',
  'duplicate-module-id': 'error',
  'duplicate-edge-id': 'error',
  'unknown-module-type': 'error',
  'edge-missing-module': 'error',
  // triggers
  'no-trigger': 'error',
  'two-triggers': 'error',
  'edge-into-trigger': 'error',
  // shape of the graph
  'self-loop': 'error',
  'cycle': 'error',
  'duplicate-edge': 'error',
  'too-many-incoming': 'error',
  'too-many-outgoing': 'error',
  'unreachable': 'warning',
  // routers and routes
  'router-mode-invalid': 'error',
  'route-missing': 'error',
  'filter-on-route': 'error',
  'route-not-from-router': 'error',
  'route-invalid': 'error',
  'route-priority-invalid': 'error',
  'route-priority-tie': 'warning',
  'two-fallbacks': 'error',
  'routes-exceed-100': 'error',
  'routes-may-exceed-100': 'warning',
  // filters
  'filter-invalid': 'error',
  'filter-mode-invalid': 'error',
  'skip-filter-not-allowed': 'error',
  'conditions-invalid': 'warning',
  'mapping-unknown-module': 'warning',
  // loops
  'aggregator-no-iterator': 'error',
  'aggregator-iterator-missing': 'error',
  'aggregator-not-iterator': 'error',
  'aggregator-outside-loop': 'error',
  'iterator-empty-loop': 'warning',
  'iterations-too-large': 'error',
  // numbers
  'pass-rate-invalid': 'error',
  'pass-rate-out-of-range': 'error',
  'assumption-invalid': 'error',
  'assumption-negative': 'error',
  'range-out-of-order': 'error',
  'runs-per-month-invalid': 'error',
} as const satisfies Record<string, Problem['severity']>;
export type ProblemCode = keyof typeof PROBLEM_CODES;

type Loose = Record<string, unknown>;
const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);
const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const hasOwn = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

/** Cap on problems of one code, so a broken 10,000-module file does not bury the list. */
const MAX_PER_CODE = 500;

class Problems {
  readonly list: Problem[] = [];
  private readonly counts = new Map<string, number>();
  add(code: ProblemCode, message: string, at: { moduleId?: string; edgeId?: string; field?: string } = {}): void {
    const n = this.counts.get(code) ?? 0;
    this.counts.set(code, n + 1);
    if (n >= MAX_PER_CODE) return;
    const p: Problem = { severity: PROBLEM_CODES[code], code, message };
    if (at.moduleId !== undefined) p.moduleId = at.moduleId;
    if (at.edgeId !== undefined) p.edgeId = at.edgeId;
    if (at.field !== undefined) p.field = at.field;
    this.list.push(p);
  }
  /** One closing line per code whose problems were cut. */
  finish(): Problem[] {
    for (const [code, n] of this.counts) {
      if (n > MAX_PER_CODE) {
        this.list.push({
          severity: PROBLEM_CODES[code as ProblemCode],
          code,
          message: `…and ${n - MAX_PER_CODE} more problems like these (${code}).`,
        });
      }
    }
    return this.list;
  }
}

// ---------------------------------------------------------------------------------------
// Numbers

type NumberFault =
  | { kind: 'invalid'; detail: string }
  | { kind: 'negative'; detail: string }
  | { kind: 'above'; detail: string }
  | { kind: 'order'; detail: string };

const showNumber = (v: unknown): string => {
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (v === undefined) return 'nothing';
  if (typeof v === 'function' || typeof v === 'symbol') return `a ${typeof v}`;
  if (v === null) return 'null';
  if (typeof v === 'string') return `the text ${quoteName(v)}`;
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : String(v);
};

/** Checks a number or a {min, likely, max} range against 0..max; returns the first fault. */
function checkEstimate(value: unknown, max = Infinity): NumberFault | undefined {
  const one = (v: unknown, what: string): NumberFault | undefined => {
    if (v === undefined) return { kind: 'invalid', detail: `${what}is missing` };
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      return { kind: 'invalid', detail: `${what}${showNumber(v)} is not a finite number` };
    }
    if (v < 0) return { kind: 'negative', detail: `${what}${v} is negative` };
    if (v > max) return { kind: 'above', detail: `${what}${v} is more than ${max}` };
    return undefined;
  };
  if (isObject(value) && ('likely' in value || 'min' in value || 'max' in value)) {
    for (const key of ['min', 'likely', 'max'] as const) {
      const fault = one(value[key], `${key} `);
      if (fault) return fault;
    }
    const { min, likely, max: hi } = value as { min: number; likely: number; max: number };
    if (!(min <= likely && likely <= hi)) {
      return { kind: 'order', detail: `the range ${min} / ${likely} / ${hi} is not min ≤ likely ≤ max` };
    }
    return undefined;
  }
  return one(value, '');
}

const likelyOf = (v: unknown): number | undefined => {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (isObject(v) && typeof v.likely === 'number' && Number.isFinite(v.likely)) return v.likely;
  return undefined;
};
const maxOf = (v: unknown): number | undefined => {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (isObject(v) && typeof v.max === 'number' && Number.isFinite(v.max)) return v.max;
  return undefined;
};

const ASSUMPTION_WORDS: Record<string, string> = {
  durationSec: 'duration',
  payloadKB: 'payload',
  retries: 'retries',
  extraCredits: 'extra credits',
  iterations: 'iterations',
};

// ---------------------------------------------------------------------------------------

/** Every structural and numeric problem of a flow. Never throws; an empty list means the flow can be priced. */
export function validateFlow(flow: Flow): Problem[] {
  const out = new Problems();
  const doc: Loose = isObject(flow) ? flow : {};
  const rawModules: unknown[] = Array.isArray(doc.modules) ? doc.modules : [];
  const rawEdges: unknown[] = Array.isArray(doc.edges) ? doc.edges : [];

  // 1. Keep the well-formed modules and edges; name what is not.
  const modules: Module[] = [];
  const seenModules = new Set<string>();
  for (let i = 0; i < rawModules.length; i++) {
    const m = rawModules[i];
    if (!isObject(m) || typeof m.id !== 'string' || m.id === '') {
      out.add('malformed-module', `Module number ${i + 1} has no id; give it one or remove it.`, { field: `modules.${i}` });
      continue;
    }
    if (seenModules.has(m.id)) {
      out.add('duplicate-module-id', `Two modules share the id ${quoteName(m.id)}; ids must be unique.`, {
        moduleId: m.id,
        field: 'id',
      });
      continue;
    }
    seenModules.add(m.id);
    modules.push(m as unknown as Module);
  }
  const edges: Edge[] = [];
  const seenEdges = new Set<string>();
  for (let i = 0; i < rawEdges.length; i++) {
    const e = rawEdges[i];
    if (!isObject(e) || typeof e.id !== 'string' || e.id === '' || typeof e.source !== 'string' || typeof e.target !== 'string') {
      const id = isObject(e) && typeof e.id === 'string' && e.id !== '' ? e.id : undefined;
      out.add('malformed-edge', `Edge number ${i + 1} needs an id, a source and a target.`, {
        ...(id !== undefined ? { edgeId: id } : {}),
        field: `edges.${i}`,
      });
      continue;
    }
    if (seenEdges.has(e.id)) {
      out.add('duplicate-edge-id', `Two edges share the id ${quoteName(e.id)}; ids must be unique.`, { edgeId: e.id, field: 'id' });
      continue;
    }
    seenEdges.add(e.id);
    edges.push(e as unknown as Edge);
  }

  const graph = buildGraph({ modules, edges });
  const byId = graph.modules;
  const name = (id: string): string => describeModule(byId.get(id));

  // 2. Modules: type, triggers, numbers, config.
  const triggers: Module[] = [];
  for (const m of modules) {
    if (!isModuleType(m.type)) {
      out.add(
        'unknown-module-type',
        `Module ${nameOrId(m)} has the unknown type ${quoteName(m.type)}.`,
        { moduleId: m.id, field: 'type' },
      );
      continue;
    }
    if (m.type === 'trigger') triggers.push(m);
    checkAssumptions(m, out);
    if (m.type === 'router') {
      const mode = isObject(m.config) ? m.config.mode : undefined;
      if (mode !== 'standard' && mode !== 'exclusive') {
        out.add('router-mode-invalid', `${describeModule(m)}: choose a mode, standard or exclusive.`, {
          moduleId: m.id,
          field: 'config.mode',
        });
      }
    }
  }
  if (triggers.length === 0 && modules.length > 0) {
    out.add('no-trigger', 'The flow has no trigger; add one where the flow starts.');
  } else if (triggers.length === 0) {
    out.add('no-trigger', 'The flow is empty; add a trigger to start it.');
  }
  const first = triggers[0];
  for (const extra of triggers.slice(1)) {
    out.add(
      'two-triggers',
      `Two triggers: ${nameOrId(first!)} and ${nameOrId(extra)} — a flow has exactly one.`,
      { moduleId: extra.id },
    );
  }

  // 3. Edges: ends, triggers, self-loops, routes and filters.
  for (const e of edges) {
    const what = (): string => describeEdge(e, byId);
    const src = byId.get(e.source);
    const dst = byId.get(e.target);
    if (!src || !dst) {
      const end = !src ? 'source' : 'target';
      out.add('edge-missing-module', `Edge ${quoteName(e.id)} points to the missing module ${quoteName(e[end])}.`, {
        edgeId: e.id,
        field: end,
      });
      continue;
    }
    if (e.source === e.target) {
      out.add('self-loop', `${describeModule(src)} is connected to itself; loops are iterators, never back edges.`, {
        edgeId: e.id,
        moduleId: e.source,
      });
    }
    if (dst.type === 'trigger') {
      out.add('edge-into-trigger', `Nothing may lead into ${describeModule(dst)}: it starts the flow (${what()}).`, {
        edgeId: e.id,
        moduleId: e.target,
      });
    }
    checkEdge(e, src, dst, what, out, byId);
  }

  // 4. Degrees.
  for (const m of modules) {
    if (!isModuleType(m.type)) continue;
    const ins = graph.incoming.get(m.id) ?? [];
    const outs = graph.outgoing.get(m.id) ?? [];
    if (ins.length > 1 && m.type !== 'octopus' && m.type !== 'trigger') {
      out.add(
        'too-many-incoming',
        `${describeModule(m)} has ${countWord(ins.length)} incoming edges; use an octopus to merge paths.`,
        { moduleId: m.id, edgeId: ins[1]!.id },
      );
    }
    if (outs.length > 1 && m.type !== 'router') {
      out.add(
        'too-many-outgoing',
        `${describeModule(m)} has ${countWord(outs.length)} outgoing edges; only routers branch: add a router after ${nameOrId(m)}.`,
        { moduleId: m.id, edgeId: outs[1]!.id },
      );
    }
    if (outs.length > 1) {
      const targets = new Set<string>();
      for (const e of outs) {
        if (targets.has(e.target)) {
          out.add('duplicate-edge', `${describeModule(m)} is connected to ${name(e.target)} twice; remove one edge.`, {
            edgeId: e.id,
          });
        }
        targets.add(e.target);
      }
    }
    if (m.type === 'router') checkRouter(m, outs, out);
    if (m.type === 'iterator' && outs.length === 0) {
      out.add('iterator-empty-loop', `${describeModule(m)} has nothing after it: connect the module that runs once per item.`, {
        moduleId: m.id,
      });
    }
  }

  // 5. Cycles: each edge that closes one.
  for (const e of backEdges(graph)) {
    out.add(
      'cycle',
      `The edge from ${name(e.source)} back to ${name(e.target)} closes a loop; loops are iterators, never back edges.`,
      { edgeId: e.id, moduleId: e.source },
    );
  }

  // 6. Aggregators close an iterator from which they can be reached.
  let topo: Map<string, number> | undefined;
  for (const m of modules) {
    if (m.type !== 'aggregator') continue;
    const itId: unknown = isObject(m.config) ? m.config.iteratorId : undefined;
    const at = { moduleId: m.id, field: 'config.iteratorId' };
    if (typeof itId !== 'string' || itId === '') {
      out.add('aggregator-no-iterator', `${describeModule(m)}: choose the iterator it closes.`, at);
      continue;
    }
    const it = byId.get(itId);
    if (!it) {
      out.add('aggregator-iterator-missing', `${describeModule(m)} closes the iterator ${quoteName(itId)}, which is not in the flow; choose the iterator it closes.`, at);
    } else if (it.type !== 'iterator') {
      out.add('aggregator-not-iterator', `${describeModule(m)} names ${describeModule(it)}, which is not an iterator; choose the iterator it closes.`, at);
    } else {
      if (!topo) {
        topo = new Map();
        for (let i = 0; i < graph.order.length; i++) topo.set(graph.order[i]!, i);
      }
      if (reaches(graph, topo, it.id, m.id)) continue;
      out.add('aggregator-outside-loop', `${describeModule(m)} cannot be reached from ${describeModule(it)}; place it after the loop it closes.`, at);
    }
  }

  // 7. Modules the trigger cannot reach.
  if (triggers.length > 0) {
    const seen = new Set<string>();
    const stack: string[] = [];
    for (const t of triggers) {
      seen.add(t.id);
      stack.push(t.id);
    }
    while (stack.length > 0) {
      const id = stack.pop()!;
      for (const e of graph.outgoing.get(id) ?? []) {
        if (!seen.has(e.target)) {
          seen.add(e.target);
          stack.push(e.target);
        }
      }
    }
    for (const m of modules) {
      if (!seen.has(m.id)) {
        out.add('unreachable', `${describeModule(m)} is not reachable from the trigger; it never runs and costs nothing.`, {
          moduleId: m.id,
        });
      }
    }
  }

  // 8. Settings.
  const settings = isObject(doc.settings) ? doc.settings : {};
  if (settings.runsPerMonth !== undefined) {
    const fault = checkEstimate(settings.runsPerMonth);
    if (fault) {
      out.add('runs-per-month-invalid', `Runs per month: ${fault.detail}; it must be a number of 0 or more.`, {
        field: 'settings.runsPerMonth',
      });
    }
  }

  return out.finish();
}

function countWord(n: number): string {
  const words = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
  return words[n] ?? String(n);
}

function checkAssumptions(m: Module, out: Problems): void {
  const a: unknown = m.assumptions;
  if (a === undefined) return;
  if (!isObject(a)) {
    out.add('assumption-invalid', `${describeModule(m)}: its assumptions are not a set of numbers.`, {
      moduleId: m.id,
      field: 'assumptions',
    });
    return;
  }
  for (const key of ASSUMPTION_KEYS) {
    if (!hasOwn(a, key)) continue;
    const value = a[key];
    if (value === undefined) continue;
    const field = `assumptions.${key}`;
    const word = ASSUMPTION_WORDS[key] ?? key;
    const fault = checkEstimate(value);
    if (fault) {
      const code = fault.kind === 'negative' ? 'assumption-negative' : fault.kind === 'order' ? 'range-out-of-order' : 'assumption-invalid';
      out.add(code, `${describeModule(m)}: ${word}: ${fault.detail}; it must be a number of 0 or more.`, {
        moduleId: m.id,
        field,
      });
      continue;
    }
    if (key === 'iterations' && (maxOf(value) ?? 0) > MAX_ITERATIONS) {
      out.add(
        'iterations-too-large',
        `${describeModule(m)}: ${maxOf(value)} items per run is more than the ${MAX_ITERATIONS.toLocaleString('en-US')} this tool prices; check the number.`,
        { moduleId: m.id, field },
      );
    }
  }
}

function checkPassRate(value: unknown, where: 'filter' | 'route', what: () => string, edgeId: string, out: Problems): void {
  const field = `${where}.passRate`;
  const fault = checkEstimate(value, 1);
  if (!fault) return;
  const code = fault.kind === 'invalid' ? 'pass-rate-invalid' : fault.kind === 'order' ? 'range-out-of-order' : 'pass-rate-out-of-range';
  const label = where === 'filter' ? 'filter' : 'route';
  out.add(code, `The ${label} on ${what()}: pass rate ${fault.detail}; it must lie between 0 and 1 (0 % to 100 %).`, {
    edgeId,
    field,
  });
}

function checkConditions(
  conditions: unknown,
  where: 'filter' | 'route',
  what: () => string,
  edgeId: string,
  out: Problems,
  byId: ReadonlyMap<string, Module>,
): void {
  if (conditions === undefined) return;
  const field = `${where}.conditions`;
  if (!isObject(conditions)) {
    out.add('conditions-invalid', `The ${where} on ${what()}: its conditions are not a condition group.`, { edgeId, field });
    return;
  }
  const parsed = toConditionTree(conditions);
  if (!parsed.ok) {
    const first = parsed.errors[0]!;
    const more = parsed.errors.length > 1 ? ` (and ${parsed.errors.length - 1} more)` : '';
    out.add('conditions-invalid', `The ${where} on ${what()}: ${first.message}${more}.`, {
      edgeId,
      field: first.path ? `${field}.${first.path}` : field,
    });
    return;
  }
  const mapped = new Set<string>();
  const stack = [parsed.tree];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.kind === 'group') stack.push(...node.children);
    else for (const id of mappedModuleIds(node.mapping)) mapped.add(id);
  }
  for (const id of mapped) {
    if (!byId.has(id)) {
      out.add('mapping-unknown-module', `The ${where} on ${what()} reads from module ${quoteName(id)}, which is not in the flow.`, {
        edgeId,
        field,
      });
    }
  }
}

/** Module ids named by `{{[id].path}}` mappings inside a condition's text. */
function mappedModuleIds(text: string): string[] {
  const ids: string[] = [];
  const re = /\{\{\s*\[([^\]]*)\]/g;
  let match: RegExpExecArray | null;
  while ((match = re.exec(text)) !== null) ids.push(match[1]!);
  return ids;
}

function checkEdge(
  e: Edge,
  src: Module,
  dst: Module,
  what: () => string,
  out: Problems,
  byId: ReadonlyMap<string, Module>,
): void {
  const route: unknown = e.route;
  const filter: unknown = e.filter;
  if (src.type === 'router') {
    if (route === undefined || route === null) {
      out.add('route-missing', `${cap(what())} leaves a router but has no route; give it a route (priority and pass rate).`, {
        edgeId: e.id,
        field: 'route',
      });
    }
    if (filter !== undefined && filter !== null) {
      out.add('filter-on-route', `${cap(what())} leaves a router, so it takes a route, not a filter: the route's condition is its filter.`, {
        edgeId: e.id,
        field: 'filter',
      });
    }
  } else if (route !== undefined && route !== null) {
    out.add('route-not-from-router', `${cap(what())} has a route but does not leave a router; only router edges have routes.`, {
      edgeId: e.id,
      field: 'route',
    });
  }
  if (route !== undefined && route !== null) {
    if (!isObject(route)) {
      out.add('route-invalid', `The route on ${what()} is not a route (priority, pass rate, fallback).`, { edgeId: e.id, field: 'route' });
    } else {
      checkPassRate(route.passRate, 'route', what, e.id, out);
      if (typeof route.priority !== 'number' || !Number.isFinite(route.priority)) {
        out.add('route-priority-invalid', `The route on ${what()}: priority ${showNumber(route.priority)} is not a finite number.`, {
          edgeId: e.id,
          field: 'route.priority',
        });
      }
      if (route.fallback !== undefined && typeof route.fallback !== 'boolean') {
        out.add('route-invalid', `The route on ${what()}: fallback must be yes or no.`, { edgeId: e.id, field: 'route.fallback' });
      }
      checkConditions(route.conditions, 'route', what, e.id, out, byId);
    }
  }
  if (filter !== undefined && filter !== null) {
    if (!isObject(filter)) {
      out.add('filter-invalid', `The filter on ${what()} is not a filter (mode and pass rate).`, { edgeId: e.id, field: 'filter' });
      return;
    }
    if (filter.mode !== 'break' && filter.mode !== 'skip') {
      out.add('filter-mode-invalid', `The filter on ${what()}: choose break (stop the path) or skip (skip only this module).`, {
        edgeId: e.id,
        field: 'filter.mode',
      });
    } else if (filter.mode === 'skip' && (dst.type === 'router' || dst.type === 'iterator' || dst.type === 'aggregator')) {
      out.add(
        'skip-filter-not-allowed',
        `The filter into ${describeModule(dst)} cannot skip: a ${dst.type} cannot be skipped over; use a break filter.`,
        { edgeId: e.id, field: 'filter.mode' },
      );
    }
    checkPassRate(filter.passRate, 'filter', what, e.id, out);
    checkConditions(filter.conditions, 'filter', what, e.id, out, byId);
  }
}

function checkRouter(m: Module, outs: readonly Edge[], out: Problems): void {
  const config: unknown = m.config;
  const mode = isObject(config) ? config.mode : undefined;
  let fallbacks = 0;
  let sum = 0;
  let sumMax = 0;
  const priorities = new Map<number, number>();
  for (const e of outs) {
    const route: unknown = e.route;
    if (!isObject(route)) continue;
    if (route.fallback === true) {
      fallbacks++;
      if (fallbacks > 1) {
        out.add('two-fallbacks', `${describeModule(m)} has more than one fallback route; keep one.`, {
          moduleId: m.id,
          edgeId: e.id,
          field: 'route.fallback',
        });
      }
      continue;
    }
    const likely = likelyOf(route.passRate);
    const max = maxOf(route.passRate);
    if (likely !== undefined && likely >= 0) sum += likely;
    if (max !== undefined && max >= 0) sumMax += max;
    if (typeof route.priority === 'number') priorities.set(route.priority, (priorities.get(route.priority) ?? 0) + 1);
  }
  if (mode !== 'exclusive') return;
  const EPS = 1e-9;
  if (sum > 1 + EPS) {
    out.add(
      'routes-exceed-100',
      `${describeModule(m)}: routes share ${formatPercent(sum)}, more than 100 % in exclusive mode.`,
      { moduleId: m.id, field: 'route.passRate' },
    );
  } else if (sumMax > 1 + EPS) {
    out.add(
      'routes-may-exceed-100',
      `${describeModule(m)}: at their maximum the routes share ${formatPercent(sumMax)}, more than 100 % in exclusive mode.`,
      { moduleId: m.id, field: 'route.passRate' },
    );
  }
  for (const [priority, n] of priorities) {
    if (n > 1) {
      out.add(
        'route-priority-tie',
        `${describeModule(m)}: ${countWord(n)} routes share priority ${priority}; in exclusive mode the order decides which runs.`,
        { moduleId: m.id, field: 'route.priority' },
      );
    }
  }
}

/**
 * Edges that close a cycle: the back edges of a depth-first walk over the modules that
 * buildGraph marks cyclic (self-loops are reported on their own). Iterative, so long
 * cycles do not overflow the stack.
 */
function backEdges(graph: FlowGraph): Edge[] {
  const found: Edge[] = [];
  if (graph.cyclic.size === 0) return found;
  const state = new Map<string, 1 | 2>(); // 1 = on the walk's path, 2 = done
  for (const start of graph.cyclic) {
    if (state.has(start)) continue;
    const path: { id: string; next: number }[] = [{ id: start, next: 0 }];
    state.set(start, 1);
    while (path.length > 0) {
      const top = path[path.length - 1]!;
      const outs = graph.outgoing.get(top.id) ?? [];
      if (top.next >= outs.length) {
        state.set(top.id, 2);
        path.pop();
        continue;
      }
      const e = outs[top.next++]!;
      if (e.source === e.target || !graph.cyclic.has(e.target)) continue;
      const s = state.get(e.target);
      if (s === 1) found.push(e);
      else if (s === undefined) {
        state.set(e.target, 1);
        path.push({ id: e.target, next: 0 });
      }
    }
  }
  return found;
}

/**
 * Whether `to` can be reached from `from`. Walks back from `to`; in the acyclic part of the
 * flow only modules between the two in topological order can lie on such a path.
 */
function reaches(graph: FlowGraph, topo: ReadonlyMap<string, number>, from: string, to: string): boolean {
  if (from === to) return false;
  const lo = topo.get(from);
  const hi = topo.get(to);
  const prune = lo !== undefined && hi !== undefined;
  if (prune && lo >= hi) return false;
  const seen = new Set<string>([to]);
  const stack = [to];
  while (stack.length > 0) {
    const id = stack.pop()!;
    for (const e of graph.incoming.get(id) ?? []) {
      const s = e.source;
      if (s === from) return true;
      if (seen.has(s)) continue;
      if (prune) {
        const i = topo.get(s);
        if (i !== undefined && i < lo) continue;
      }
      seen.add(s);
      stack.push(s);
    }
  }
  return false;
}
