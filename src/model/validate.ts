/**
 * Structural validation of a flow: every rule of cost-model.md §4 plus the numeric rules,
 * each broken rule a Problem written for a person and pinned to the module, edge and field
 * at fault. It never throws, whatever the input (it also runs on half-built and on
 * hand-edited flows), and it is linear in the size of the flow, so it runs on every edit.
 */
import { describeModule, kindNoun, nameOrId, quoteName } from './describe';
import { ASSUMPTION_WORDS } from './assumptionWords';
import { formatPercent } from './format';
import { isModuleType } from './modules/registry';
import { ASSUMPTION_KEYS, canFail, type Edge, type Flow, type Module, type Scenario } from './types';
import { readSchedule } from './cron';
import { applyScenario } from './scenario';
import type { Problem } from './problems';
import { toConditionTree } from './conditions';
import { ASSUMPTION_RULES, FIELD_RULES } from './fieldRules';
import { compileGraph, followLoops, type CompiledGraph, type EdgeEnds, type Loops } from './compiled';
import { IdIndex } from './idIndex';

/**
 * The largest number of items per iterator execution the tool prices (the table of field rules).
 * Above it a loop is refused: nobody runs a billion-item loop in one run, and the simulated runs
 * walk items one by one, so such a number is almost surely a typo.
 */
export const MAX_ITERATIONS = ASSUMPTION_RULES.iterations.max;

/**
 * Every problem code validateFlow can report, with its severity. Stable: the CLI prints
 * them, tests and the problems panel key on them.
 */
export const PROBLEM_CODES = {
  // document shape (normally caught by the schema; kept so validation never throws)
  'validation-failed': 'error',
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
  'mapping-not-upstream': 'warning',
  // loops
  'aggregator-no-iterator': 'error',
  'aggregator-iterator-missing': 'error',
  'aggregator-not-iterator': 'error',
  'aggregator-outside-loop': 'error',
  'aggregator-closes-no-loop': 'error',
  'iterator-empty-loop': 'warning',
  'iterations-too-large': 'error',
  // error branches and schedules (flow file version 3)
  'error-edge-not-allowed': 'error',
  'two-error-edges': 'error',
  'error-edge-filter': 'error',
  'error-edge-loop': 'error',
  'failure-rate-unused': 'warning',
  'pages-unused': 'warning',
  'iterations-unused': 'warning',
  'schedule-invalid': 'error',
  'schedule-never-fires': 'warning',
  // numbers
  'pass-rate-invalid': 'error',
  'pass-rate-out-of-range': 'error',
  'assumption-invalid': 'error',
  'assumption-negative': 'error',
  'range-out-of-order': 'error',
  'runs-per-month-invalid': 'error',
  // scenarios
  'duplicate-scenario-name': 'warning',
  'scenario-target-missing': 'warning',
} as const satisfies Record<string, Problem['severity']>;
export type ProblemCode = keyof typeof PROBLEM_CODES;

type Loose = Record<string, unknown>;
const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);
const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const hasOwn = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

/** Cap on problems of one code, so a broken 10,000-module file does not bury the list. */
const MAX_PER_CODE = 500;

/**
 * The problems of one pass, in the order found. The cap per code is applied at the end (`capped`),
 * so that a pass can be put together again from parts of an earlier one (createValidator).
 */
class Problems {
  readonly list: Problem[] = [];
  add(code: ProblemCode, message: string, at: { moduleId?: string; edgeId?: string; field?: string } = {}): void {
    const p: Problem = { severity: PROBLEM_CODES[code], code, message };
    if (at.moduleId !== undefined) p.moduleId = at.moduleId;
    if (at.edgeId !== undefined) p.edgeId = at.edgeId;
    if (at.field !== undefined) p.field = at.field;
    this.list.push(p);
  }
}

/** At most MAX_PER_CODE problems of each code, in order, and one closing line per code whose problems were cut. */
function capped(list: readonly Problem[]): Problem[] {
  const counts = new Map<string, number>();
  const kept: Problem[] = [];
  for (const p of list) {
    const n = (counts.get(p.code) ?? 0) + 1;
    counts.set(p.code, n);
    if (n <= MAX_PER_CODE) kept.push(p);
  }
  for (const [code, n] of counts) {
    if (n > MAX_PER_CODE) {
      kept.push({
        severity: PROBLEM_CODES[code as ProblemCode],
        code,
        message: `…and ${n - MAX_PER_CODE} more problems like these (${code}).`,
      });
    }
  }
  return kept;
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

function checkOne(v: unknown, what: string, max: number): NumberFault | undefined {
  if (typeof v === 'number' && v >= 0 && v <= max) return undefined; // the common case, NaN excluded
  if (v === undefined) return { kind: 'invalid', detail: `${what}is missing` };
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    return { kind: 'invalid', detail: `${what}${showNumber(v)} is not a finite number` };
  }
  if (v < 0) return { kind: 'negative', detail: `${what}${v} is negative` };
  return { kind: 'above', detail: `${what}${v} is more than ${max}` };
}

/** Checks a number or a {min, likely, max} range against 0..max; returns the first fault. */
function checkEstimate(value: unknown, max = Number.MAX_VALUE): NumberFault | undefined {
  if (isObject(value) && ('likely' in value || 'min' in value || 'max' in value)) {
    const fault = checkOne(value.min, 'min ', max) ?? checkOne(value.likely, 'likely ', max) ?? checkOne(value.max, 'max ', max);
    if (fault) return fault;
    const { min, likely, max: hi } = value as { min: number; likely: number; max: number };
    if (!(min <= likely && likely <= hi)) {
      return { kind: 'order', detail: `the range ${min} / ${likely} / ${hi} is not min ≤ likely ≤ max` };
    }
    return undefined;
  }
  return checkOne(value, '', max);
}

const likelyOf = (v: unknown): number | undefined => {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (isObject(v) && typeof v.likely === 'number' && Number.isFinite(v.likely)) return v.likely;
  return undefined;
};
const minOf = (v: unknown): number | undefined => {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (isObject(v) && typeof v.min === 'number' && Number.isFinite(v.min)) return v.min;
  return undefined;
};
const maxOf = (v: unknown): number | undefined => {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (isObject(v) && typeof v.max === 'number' && Number.isFinite(v.max)) return v.max;
  return undefined;
};

// ---------------------------------------------------------------------------------------

/** Every structural and numeric problem of a flow. Never throws; an empty list means the flow can be priced. */
export function validateFlow(flow: Flow): Problem[] {
  return validateFlowWithGraph(flow).problems;
}

/**
 * validateFlow, and the flow's graph when every module and edge was well formed and kept: then it
 * is the graph compileFlow builds, which the command prices with (compileFlow's `built`) instead of
 * building it a second time.
 */
export function validateFlowWithGraph(flow: Flow): { problems: Problem[]; graph?: CompiledGraph } {
  try {
    const pass = check(flow);
    return { problems: capped(pass.list), ...(pass.graph ? { graph: pass.graph } : {}) };
  } catch (error) {
    // Last resort for inputs no test foresaw (say, a getter that throws): a problem, not a crash.
    let detail = 'unknown error';
    try {
      detail = error instanceof Error ? error.message : String(error);
    } catch {
      // keep 'unknown error'
    }
    return {
      problems: [
        {
          severity: 'error',
          code: 'validation-failed',
          message: `Creditflow could not check this flow (${detail.slice(0, 200)}); please report it with the file.`,
        },
      ],
    };
  }
}

/** Two problems are the same when they say the same thing about the same place. */
function sameProblemKey(p: Problem): string {
  return [p.code, p.moduleId ?? '', p.edgeId ?? '', p.field ?? '', p.message].join('\u0000');
}

/**
 * The problems of the flow the user is looking at: the base flow, or the flow a scenario makes
 * (its overrides applied). Every problem the scenario brings, one the base flow does not have,
 * names it ("Scenario 'Black Friday': …") and carries its id in `scenario`; the base flow's own
 * problems are given as they are.
 */
export function validateScenario(flow: Flow, scenario: Scenario | undefined): Problem[] {
  if (!scenario) return validateFlow(flow);
  return scenarioProblems(validateFlow(flow), validateFlow(applyScenario(flow, scenario)), scenario);
}

function scenarioProblems(base: readonly Problem[], viewed: readonly Problem[], scenario: Scenario): Problem[] {
  const own = new Set(base.map(sameProblemKey));
  return viewed.map((p) =>
    own.has(sameProblemKey(p)) ? p : { ...p, scenario: scenario.id, message: `Scenario ${quoteName(scenario.name)}: ${p.message}` },
  );
}

/** validateFlow with a memory of the last flow it checked (createValidator). */
export interface FlowValidator {
  validate(flow: Flow): Problem[];
}

/** validateScenario with a memory of the last flows it checked (createScenarioValidator). */
export interface ScenarioValidator {
  validate(flow: Flow, scenario: Scenario | undefined): Problem[];
}

/**
 * validateFlow for a flow edited again and again (the editor validates after every edit): when
 * the flow differs from the last one it checked only in some modules' assumptions (or positions),
 * as after an edit in the inspector, only those modules' own checks run again and every other
 * problem is taken from the last pass; any other change checks the whole flow. The result is
 * always the very list validateFlow gives (property-tested).
 */
export function createValidator(): FlowValidator {
  let last: Pass | undefined;
  return {
    validate(flow: Flow): Problem[] {
      try {
        const changed = last ? assumptionsOnlyChanged(last.flow, flow) : undefined;
        last = changed && last ? recheck(last, flow, changed) : check(flow);
        return capped(last.list);
      } catch {
        last = undefined;
        return validateFlow(flow);
      }
    },
  };
}

/** validateScenario with createValidator's memory, one for the base flow and one for the flow the scenario makes. */
export function createScenarioValidator(): ScenarioValidator {
  const base = createValidator();
  const viewed = createValidator();
  return {
    validate(flow: Flow, scenario: Scenario | undefined): Problem[] {
      if (!scenario) return base.validate(flow);
      return scenarioProblems(base.validate(flow), viewed.validate(applyScenario(flow, scenario)), scenario);
    },
  };
}

/**
 * One pass of the checks over a flow: its problems in the order found, before the cap per code,
 * and where in that list each module's own checks (type, schedule, assumptions, router mode) put theirs.
 */
interface Pass {
  flow: Flow;
  list: Problem[];
  /** For each entry of flow.modules, its place among the well-formed modules, or -1. */
  kept: Int32Array;
  /** The problems of well-formed module j are list[starts[j]] to list[starts[j + 1]] (excluded). */
  starts: Int32Array;
  /** The graph of every module and edge of the flow, when all were well formed and kept (a full check only). */
  graph?: CompiledGraph;
}

/** Keys of a module that only its own checks read (assumptions) or no check reads (position). */
const OWN_KEYS = new Set(['assumptions', 'position']);

/**
 * The indexes of flow.modules whose entries changed from `prev` to `next` in nothing but their
 * assumptions or position, when that is all that changed (the same edges, settings and scenarios);
 * else undefined. Identity checks only, and a key-by-key look at the few changed modules.
 */
function assumptionsOnlyChanged(prev: Flow, next: Flow): number[] | undefined {
  if (!isObject(prev) || !isObject(next)) return undefined;
  if (prev.edges !== next.edges || prev.settings !== next.settings || prev.scenarios !== next.scenarios) return undefined;
  const a: unknown = prev.modules;
  const b: unknown = next.modules;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return undefined;
  const changed: number[] = [];
  for (let i = 0; i < b.length; i++) {
    const x: unknown = a[i];
    const y: unknown = b[i];
    if (x === y) continue;
    if (!isObject(x) || !isObject(y) || !sameButOwnKeys(x, y)) return undefined;
    changed.push(i);
  }
  return changed;
}

function sameButOwnKeys(x: Loose, y: Loose): boolean {
  let count = 0;
  for (const key of Object.keys(y)) {
    if (OWN_KEYS.has(key)) continue;
    if (!hasOwn(x, key) || x[key] !== y[key]) return false;
    count++;
  }
  for (const key of Object.keys(x)) if (!OWN_KEYS.has(key)) count--;
  return count === 0;
}

/** `pass` brought up to date with `flow`, whose modules at the indexes `changed` changed only in their own keys. */
function recheck(pass: Pass, flow: Flow, changed: readonly number[]): Pass {
  const modules = flow.modules;
  const n = pass.starts.length - 1;
  const redo = new Int32Array(n).fill(-1);
  for (const i of changed) if (pass.kept[i]! >= 0) redo[pass.kept[i]!] = i;
  const old = pass.list;
  const out = new Problems();
  const list = out.list;
  for (let k = 0; k < pass.starts[0]!; k++) list.push(old[k]!);
  const starts = new Int32Array(n + 1);
  for (let j = 0; j < n; j++) {
    starts[j] = list.length;
    if (redo[j] !== -1) checkModule(modules[redo[j]!]!, out);
    else for (let k = pass.starts[j]!; k < pass.starts[j + 1]!; k++) list.push(old[k]!);
  }
  starts[n] = list.length;
  for (let k = pass.starts[n]!; k < old.length; k++) list.push(old[k]!);
  return { flow, list, kept: pass.kept, starts };
}

function check(flow: Flow): Pass {
  const out = new Problems();
  const doc: Loose = isObject(flow) ? flow : {};
  const rawModules: unknown[] = Array.isArray(doc.modules) ? doc.modules : [];
  const rawEdges: unknown[] = Array.isArray(doc.edges) ? doc.edges : [];

  // 1. Keep the well-formed modules and edges; name what is not. The lists kept are the flow's own
  // until one is left out (a 10,000-module file, issue 19: no copy, no growing list, when all are kept).
  let keptModules: Module[] | undefined;
  let count = 0;
  const index = new IdIndex(rawModules.length);
  const kept = new Int32Array(rawModules.length).fill(-1);
  for (let i = 0; i < rawModules.length; i++) {
    const m = rawModules[i];
    const malformed = !isObject(m) || typeof m.id !== 'string' || m.id === '';
    if (malformed || !index.add(m.id as string, count)) {
      keptModules ??= rawModules.slice(0, i) as Module[];
      if (malformed) out.add('malformed-module', `Module number ${i + 1} has no id; give it one or remove it.`, { field: `modules.${i}` });
      else
        out.add('duplicate-module-id', `Two modules share the id ${quoteName(m.id as string)}; ids must be unique.`, {
          moduleId: m.id as string,
          field: 'id',
        });
      continue;
    }
    kept[i] = count++;
    keptModules?.push(m as unknown as Module);
  }
  const modules: Module[] = keptModules ?? (rawModules as Module[]);
  const moduleById = (id: string): Module | undefined => {
    const i = index.get(id);
    return i === undefined ? undefined : modules[i];
  };
  const name = (id: string): string => describeModule(moduleById(id));
  const edgeText = (e: Edge): string => `the edge from ${name(e.source)} to ${name(e.target)}`;

  let keptEdges: Edge[] | undefined;
  const seenEdges = new Set<string>();
  // Each kept edge's two ends, by its place among the kept edges: the graph takes them as they are.
  const ends: EdgeEnds = { source: new Int32Array(rawEdges.length), target: new Int32Array(rawEdges.length) };
  let keptCount = 0;
  // Edges are most often listed along the flow (compileGraph does the same): an end that is the
  // last edge's target or source is not looked up again.
  let lastSource: string | undefined;
  let lastTarget: string | undefined;
  let lastFrom: number | undefined;
  let lastTo: number | undefined;
  for (let i = 0; i < rawEdges.length; i++) {
    const e = rawEdges[i];
    if (!isObject(e) || typeof e.id !== 'string' || e.id === '' || typeof e.source !== 'string' || typeof e.target !== 'string') {
      keptEdges ??= rawEdges.slice(0, i) as Edge[];
      const id = isObject(e) && typeof e.id === 'string' && e.id !== '' ? e.id : undefined;
      out.add('malformed-edge', `Edge number ${i + 1} needs an id, a source and a target.`, {
        ...(id !== undefined ? { edgeId: id } : {}),
        field: `edges.${i}`,
      });
      continue;
    }
    // One look-up of the id: a set that does not grow already held it.
    const seen = seenEdges.size;
    if (seenEdges.add(e.id).size === seen) {
      keptEdges ??= rawEdges.slice(0, i) as Edge[];
      out.add('duplicate-edge-id', `Two edges share the id ${quoteName(e.id)}; ids must be unique.`, { edgeId: e.id, field: 'id' });
      continue;
    }
    const from = e.source === lastTarget ? lastTo : e.source === lastSource ? lastFrom : index.get(e.source);
    const to = e.target === lastTarget ? lastTo : index.get(e.target);
    lastSource = e.source;
    lastTarget = e.target;
    lastFrom = from;
    lastTo = to;
    if (from === undefined || to === undefined) {
      keptEdges ??= rawEdges.slice(0, i) as Edge[];
      const end = from === undefined ? 'source' : 'target';
      out.add('edge-missing-module', `Edge ${quoteName(e.id)} points to the missing module ${quoteName(e[end])}.`, {
        edgeId: e.id,
        field: end,
      });
      continue;
    }
    keptEdges?.push(e as unknown as Edge);
    ends.source[keptCount] = from;
    ends.target[keptCount++] = to;
  }
  const edges: Edge[] = keptEdges ?? (rawEdges as Edge[]);

  // The graph, indexed by position: a flow of 10,000 modules validates on every edit.
  const g = indexGraph(modules, edges, index, { source: ends.source.subarray(0, keptCount), target: ends.target.subarray(0, keptCount) });

  // 2. Modules: type, triggers, numbers, config (each module's own checks, which alone read its assumptions).
  const triggers: number[] = [];
  const starts = new Int32Array(modules.length + 1);
  for (let i = 0; i < modules.length; i++) {
    starts[i] = out.list.length;
    checkModule(modules[i]!, out);
    if (modules[i]!.type === 'trigger') triggers.push(i);
  }
  starts[modules.length] = out.list.length;
  if (triggers.length === 0 && modules.length > 0) {
    out.add('no-trigger', 'The flow has no trigger; add one where the flow starts.');
  } else if (triggers.length === 0) {
    out.add('no-trigger', 'The flow is empty; add a trigger to start it.');
  }
  for (let k = 1; k < triggers.length; k++) {
    const extra = modules[triggers[k]!]!;
    out.add('two-triggers', `Two triggers: ${nameOrId(modules[triggers[0]!]!)} and ${nameOrId(extra)} — a flow has exactly one.`, {
      moduleId: extra.id,
    });
  }

  // 3. Edges: triggers, self-loops, routes and filters.
  let upstream: Upstream | undefined;
  for (let k = 0; k < edges.length; k++) {
    const e = edges[k]!;
    const src = modules[g.edgeSource[k]!]!;
    const dst = modules[g.edgeTarget[k]!]!;
    if (e.source === e.target) {
      out.add('self-loop', `${describeModule(src)} is connected to itself; loops are iterators, never back edges.`, {
        edgeId: e.id,
        moduleId: e.source,
      });
    }
    if (dst.type === 'trigger') {
      out.add('edge-into-trigger', `Nothing may lead into ${describeModule(dst)}: it starts the flow (${edgeText(e)}).`, {
        edgeId: e.id,
        moduleId: e.target,
      });
    }
    if (e.route != null || e.filter != null || src.type === 'router') {
      upstream ??= new Upstream(g, index, modules);
      checkEdge(e, src, dst, () => edgeText(e), out, upstream, g.edgeSource[k]!);
    }
  }

  // 4. Degrees (an error edge counts as an incoming edge of its target, and not as a branch of its source).
  let loops: Loops | undefined;
  for (let i = 0; i < modules.length; i++) {
    const m = modules[i]!;
    if (!isModuleType(m.type)) continue;
    const inCount = g.inStart[i + 1]! - g.inStart[i]!;
    const outFrom = g.outStart[i]!;
    const outCount = g.outStart[i + 1]! - outFrom;
    let errorEdges = 0;
    for (let j = outFrom; j < outFrom + outCount; j++) if (edges[g.outEdges[j]!]!.error === true) errorEdges++;
    if (errorEdges > 0) checkErrorEdges(m, i, errorEdges, g, modules, edges, out, () => (loops ??= followLoops(modules, g, (v) => g.inStart[v + 1] === g.inStart[v])));
    const normalOut = outCount - errorEdges;
    if (inCount > 1 && m.type !== 'octopus' && m.type !== 'trigger') {
      out.add('too-many-incoming', `${describeModule(m)} has ${countWord(inCount)} incoming edges; use an octopus to merge paths.`, {
        moduleId: m.id,
        edgeId: edges[g.inEdges[g.inStart[i]! + 1]!]!.id,
      });
    }
    if (normalOut > 1 && m.type !== 'router') {
      let second = -1;
      for (let j = outFrom, seen = 0; j < outFrom + outCount && second === -1; j++)
        if (edges[g.outEdges[j]!]!.error !== true && ++seen === 2) second = g.outEdges[j]!;
      out.add(
        'too-many-outgoing',
        `${describeModule(m)} has ${countWord(normalOut)} outgoing edges; only routers branch: add a router after ${nameOrId(m)}.`,
        { moduleId: m.id, edgeId: edges[second]!.id },
      );
    }
    if (outCount > 1 || m.type === 'router') {
      const outs: Edge[] = [];
      for (let j = outFrom; j < outFrom + outCount; j++) outs.push(edges[g.outEdges[j]!]!);
      // An edge to a target an earlier one goes to: a router has a few edges out, compared pairwise
      // (no set per module); a set past PAIRWISE_OUTS keeps a module with thousands of them linear.
      const targets = outs.length > PAIRWISE_OUTS ? new Set<string>() : undefined;
      for (let j = 0; j < outs.length; j++) {
        const e = outs[j]!;
        let twice = false;
        if (targets) {
          twice = targets.has(e.target);
          targets.add(e.target);
        } else for (let k = 0; k < j && !twice; k++) twice = outs[k]!.target === e.target;
        if (twice)
          out.add('duplicate-edge', `${describeModule(m)} is connected to ${name(e.target)} twice; remove one edge.`, {
            edgeId: e.id,
          });
      }
      if (m.type === 'router') checkRouter(m, outs, out);
    }
    if (m.type === 'iterator' && outCount === 0) {
      out.add('iterator-empty-loop', `${describeModule(m)} has nothing after it: connect the module that runs once per item.`, {
        moduleId: m.id,
      });
    }
  }

  // 5. Cycles: each edge that closes one.
  for (const k of backEdges(g)) {
    const e = edges[k]!;
    out.add(
      'cycle',
      `The edge from ${name(e.source)} back to ${name(e.target)} closes a loop; loops are iterators, never back edges.`,
      { edgeId: e.id, moduleId: e.source },
    );
  }

  // 6. Aggregators close an iterator from which they can be reached.
  let search: Search | undefined;
  for (let i = 0; i < modules.length; i++) {
    const m = modules[i]!;
    if (m.type !== 'aggregator') continue;
    const config: unknown = m.config;
    const itId: unknown = isObject(config) ? config.iteratorId : undefined;
    const at = { moduleId: m.id, field: 'config.iteratorId' };
    if (typeof itId !== 'string' || itId === '') {
      // Say which loop it could close, or that none is open where it stands (issue 18 item 13).
      loops ??= followLoops(modules, g, (v) => g.inStart[v + 1] === g.inStart[v]);
      const open = loops.reached[i] === 1 ? loops.loop[i]! : -2;
      out.add(
        'aggregator-no-iterator',
        open === -1
          ? `${describeModule(m)} closes no loop: no iterator comes before it; connect it after an iterator, or remove it.`
          : `${describeModule(m)}: choose the iterator it closes` +
              (open >= 0 ? ` (it is inside the loop of ${describeModule(modules[open])}).` : '.'),
        at,
      );
      continue;
    }
    const itIndex = index.get(itId);
    const it = itIndex === undefined ? undefined : modules[itIndex];
    if (itIndex === undefined || !it) {
      out.add('aggregator-iterator-missing', `${describeModule(m)} closes the iterator ${quoteName(itId)}, which is not in the flow; choose the iterator it closes.`, at);
    } else if (it.type !== 'iterator') {
      out.add('aggregator-not-iterator', `${describeModule(m)} names ${describeModule(it)}, which is not an iterator; choose the iterator it closes.`, at);
    } else {
      search ??= { mark: new Int32Array(modules.length), stamp: 0, stack: new Int32Array(modules.length) };
      if (!reaches(g, search, itIndex, i)) {
        out.add('aggregator-outside-loop', `${describeModule(m)} cannot be reached from ${describeModule(it)}; place it after the loop it closes.`, at);
        continue;
      }
      // Reached from its iterator, but that loop must still be open here (not closed by an aggregator before it).
      loops ??= followLoops(modules, g, (v) => g.inStart[v + 1] === g.inStart[v]);
      if (loops.reached[i] !== 1 || loops.closes[i] !== -1) continue;
      const open = loops.loop[i]!;
      out.add(
        'aggregator-closes-no-loop',
        `${describeModule(m)} closes no loop: the loop of ${describeModule(it)} is already closed before it` +
          (open === -1 ? '; remove it, or connect it inside that loop.' : `; it is inside the loop of ${describeModule(modules[open])}: choose that iterator.`),
        at,
      );
    }
  }

  // 7. Modules the trigger cannot reach.
  if (triggers.length > 0) {
    const seen = new Uint8Array(modules.length);
    const stack = new Int32Array(modules.length);
    let top = 0;
    for (const t of triggers) {
      seen[t] = 1;
      stack[top++] = t;
    }
    while (top > 0) {
      const i = stack[--top]!;
      for (let j = g.outStart[i]!; j < g.outStart[i + 1]!; j++) {
        const next = g.edgeTarget[g.outEdges[j]!]!;
        if (seen[next] === 0) {
          seen[next] = 1;
          stack[top++] = next;
        }
      }
    }
    for (let i = 0; i < modules.length; i++) {
      if (seen[i] === 0) {
        out.add('unreachable', `${describeModule(modules[i])} is not reachable from the trigger; it never runs and costs nothing.`, {
          moduleId: modules[i]!.id,
        });
      }
    }
  }

  // 8. Settings.
  const settings = isObject(doc.settings) ? doc.settings : {};
  if (settings.runsPerMonth !== undefined) {
    const fault = checkEstimate(settings.runsPerMonth, FIELD_RULES.runsPerMonth.max);
    if (fault) {
      const tail = fault.kind === 'above' ? FIELD_RULES.runsPerMonth.why : 'it must be a number of 0 or more';
      out.add('runs-per-month-invalid', `Runs per month: ${fault.detail}; ${tail}.`, {
        field: 'settings.runsPerMonth',
      });
    }
  }

  // 9. Scenarios of one name: choosing one by name (the command's --scenario) takes the first.
  checkScenarioNames(doc.scenarios, out);
  // 10. Scenario overrides of modules and edges the flow does not have change nothing: say so.
  checkScenarioTargets(doc.scenarios, (id) => index.get(id) !== undefined, (id) => seenEdges.has(id), out);

  const whole = keptModules === undefined && keptEdges === undefined;
  return { flow, list: out.list, kept, starts, ...(whole ? { graph: g } : {}) };
}

/** Edges out of one module compared pairwise for a repeated target; more go through a set. */
const PAIRWISE_OUTS = 16;

/** One module's own checks: its type, a trigger's schedule, its assumptions, a router's mode. */
function checkModule(m: Module, out: Problems): void {
  if (!isModuleType(m.type)) {
    out.add('unknown-module-type', `Module ${nameOrId(m)} has the unknown type ${quoteName(m.type)}.`, {
      moduleId: m.id,
      field: 'type',
    });
    return;
  }
  if (m.type === 'trigger') checkSchedule(m, out);
  checkAssumptions(m, out);
  if (m.type === 'router') {
    const config: unknown = m.config;
    const mode = isObject(config) ? config.mode : undefined;
    if (mode !== 'standard' && mode !== 'exclusive') {
      out.add('router-mode-invalid', `${describeModule(m)}: choose a mode, standard or exclusive.`, {
        moduleId: m.id,
        field: 'config.mode',
      });
    }
  }
}

/** A trigger's schedule (version 3): a cron that cannot be read is refused with the field at fault named. */
function checkSchedule(m: Module, out: Problems): void {
  const config: unknown = m.config;
  if (!isObject(config) || config.schedule === undefined) return;
  const schedule = config.schedule;
  const at = { moduleId: m.id, field: 'config.schedule' };
  if (typeof schedule !== 'string') {
    out.add('schedule-invalid', `${describeModule(m)}: the schedule must be a cron text such as "*/30 8-17 * * *", got ${showNumber(schedule)}.`, at);
    return;
  }
  const reading = readSchedule(schedule);
  if (!reading.ok) out.add('schedule-invalid', `${describeModule(m)}: the schedule ${quoteName(schedule)} cannot be read: ${reading.message}.`, at);
  else if (reading.value.runsPerMonth === 0)
    out.add(
      'schedule-never-fires',
      `${describeModule(m)}: the schedule ${quoteName(schedule)} never fires in 2026 (the year runs per month are counted in), so without a Runs per month of its own the flow runs 0 times a month; check its day and month fields.`,
      at,
    );
}

/**
 * A module's error edges (version 3, cost-model.md §7): only from a kind that can fail, at most
 * one, with no filter and no route, and into a module that runs in the same loop as the source.
 */
function checkErrorEdges(
  m: Module,
  i: number,
  count: number,
  g: IndexedGraph,
  modules: readonly Module[],
  edges: readonly Edge[],
  out: Problems,
  loopsOf: () => Loops,
): void {
  let seen = 0;
  for (let j = g.outStart[i]!; j < g.outStart[i + 1]!; j++) {
    const k = g.outEdges[j]!;
    const e = edges[k]!;
    if (e.error !== true) continue;
    seen++;
    const at = { moduleId: m.id, edgeId: e.id, field: 'error' };
    if (!canFail(m.type)) {
      out.add('error-edge-not-allowed', `${describeModule(m)} cannot fail, so it has no error branch; only actions, searches, code, AI agents and invokes do. Make ${quoteName(e.id)} a normal edge or remove it.`, at);
      continue;
    }
    if (seen === 2)
      out.add('two-error-edges', `${describeModule(m)} has ${countWord(count)} error edges; a module has at most one error branch (use an octopus or a router after it).`, at);
    if (e.filter != null || e.route != null)
      out.add('error-edge-filter', `The error edge ${quoteName(e.id)} of ${describeModule(m)} has a ${e.route != null ? 'route' : 'filter'}; an error branch takes every failed execution, so it has neither.`, {
        ...at,
        field: e.route != null ? 'route' : 'filter',
      });
    // Every other path into the target must run in the loop of the module that fails.
    const loops = loopsOf();
    if (loops.reached[i] !== 1) continue;
    const t = g.edgeTarget[k]!;
    const mine = loops.loop[i]!;
    for (let q = g.inStart[t]!; q < g.inStart[t + 1]!; q++) {
      const s = g.edgeSource[g.inEdges[q]!]!;
      if (s === i || loops.reached[s] !== 1) continue;
      const theirs = modules[s]!.type === 'iterator' ? s : loops.loop[s]!;
      if (theirs !== mine) {
        out.add('error-edge-loop', `The error edge ${quoteName(e.id)} of ${describeModule(m)} leads into a module that runs in another loop; its target must run in the same loop as the module that fails.`, at);
        break;
      }
    }
  }
}

function checkScenarioNames(scenarios: unknown, out: Problems): void {
  if (!Array.isArray(scenarios)) return;
  const first = new Map<string, Loose>();
  scenarios.forEach((s: unknown, i) => {
    if (!isObject(s) || typeof s.name !== 'string') return;
    const earlier = first.get(s.name);
    if (!earlier) {
      first.set(s.name, s);
      return;
    }
    out.add(
      'duplicate-scenario-name',
      `Two scenarios are named ${quoteName(s.name)} (ids ${quoteName(String(earlier.id))} and ${quoteName(String(s.id))}); choosing one by name takes the first, ${quoteName(String(earlier.id))}. Give them different names.`,
      { field: `scenarios.${i}.name` },
    );
  });
}

function checkScenarioTargets(scenarios: unknown, hasModule: (id: string) => boolean, hasEdge: (id: string) => boolean, out: Problems): void {
  if (!Array.isArray(scenarios)) return;
  scenarios.forEach((s: unknown, i) => {
    if (!isObject(s) || !isObject(s.overrides)) return;
    const scenario = typeof s.name === 'string' ? quoteName(s.name) : `number ${i + 1}`;
    for (const [what, has] of [
      ['modules', hasModule],
      ['edges', hasEdge],
    ] as const) {
      const overrides = s.overrides[what];
      if (!isObject(overrides)) continue;
      for (const id of Object.keys(overrides)) {
        if (has(id)) continue;
        out.add(
          'scenario-target-missing',
          `Scenario ${scenario} changes the ${what === 'modules' ? 'module' : 'edge'} ${quoteName(id)}, which is not in the flow, so that change does nothing; remove it or fix the id.`,
          { field: `scenarios.${i}.overrides.${what}.${id}` },
        );
      }
    }
  });
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
  for (let k = 0; k < ASSUMPTION_KEYS.length; k++) {
    const key = ASSUMPTION_KEYS[k]!;
    // The value first: most keys are absent (undefined), and only a value there is asked whether it is the module's own.
    const value = a[key];
    if (value === undefined || !hasOwn(a, key)) continue;
    // Runs for every module after every edit: the texts are made only for a fault.
    // Iterations above the cap have a problem code of their own, below.
    const fault = checkEstimate(value, key === 'iterations' ? Number.MAX_VALUE : ASSUMPTION_RULES[key].max);
    if (fault) {
      const code = fault.kind === 'negative' ? 'assumption-negative' : fault.kind === 'order' ? 'range-out-of-order' : 'assumption-invalid';
      const tail = fault.kind === 'above' ? ASSUMPTION_RULES[key].why : 'it must be a number of 0 or more';
      out.add(code, `${describeModule(m)}: ${ASSUMPTION_WORDS[key]}: ${fault.detail}; ${tail}.`, {
        moduleId: m.id,
        field: `assumptions.${key}`,
      });
      continue;
    }
    if (key === 'pages' && (minOf(value) ?? 1) < 1) {
      out.add('assumption-invalid', `${describeModule(m)}: pages: ${minOf(value)} is less than 1; a search reads at least one page.`, {
        moduleId: m.id,
        field: 'assumptions.pages',
      });
      continue;
    }
    if (key === 'failureRate' && !canFail(m.type)) {
      out.add('failure-rate-unused', `${describeModule(m)}: a ${m.type} cannot fail, so its failure rate is not used.`, { moduleId: m.id, field: 'assumptions.failureRate' });
      continue;
    }
    if (key === 'pages' && m.type !== 'search') {
      out.add('pages-unused', `${describeModule(m)}: only a search reads pages, so its pages are not used.`, { moduleId: m.id, field: 'assumptions.pages' });
      continue;
    }
    if (key === 'iterations' && m.type !== 'iterator') {
      out.add('iterations-unused', `${describeModule(m)}: only an iterator repeats what follows it, so its items per execution are not used.`, {
        moduleId: m.id,
        field: 'assumptions.iterations',
      });
      continue;
    }
    if (key === 'iterations' && (maxOf(value) ?? 0) > MAX_ITERATIONS) {
      out.add(
        'iterations-too-large',
        `${describeModule(m)}: ${maxOf(value)} items per run is more than the ${MAX_ITERATIONS.toLocaleString('en-US')} this tool prices; check the number.`,
        { moduleId: m.id, field: `assumptions.${key}` },
      );
    }
  }
}

function checkPassRate(value: unknown, where: 'filter' | 'route', what: () => string, edgeId: string, out: Problems): void {
  const field = `${where}.passRate`;
  const fault = checkEstimate(value, FIELD_RULES.passRate.max);
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
  upstream: Upstream,
  source: number,
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
    if (!upstream.has(id)) {
      out.add('mapping-unknown-module', `The ${where} on ${what()} reads from module ${quoteName(id)}, which is not in the flow.`, {
        edgeId,
        field,
      });
    } else if (upstream.runsBefore(id, source) === false) {
      out.add(
        'mapping-not-upstream',
        `The ${where} on ${what()} reads from ${upstream.describe(id)}, which does not run before it; map a field of a module upstream.`,
        { edgeId, field },
      );
    }
  }
}

/**
 * Answers "does module X run before this edge?" for condition mappings: X is the edge's
 * source or one of its ancestors. Each mapped module's descendants are found once and kept;
 * past a work budget (huge flows mapping hundreds of distinct modules) the check is skipped.
 */
class Upstream {
  private readonly memo = new Map<number, Uint8Array>();
  private budget = 2_000_000;
  constructor(
    private readonly g: IndexedGraph,
    private readonly index: IdIndex,
    private readonly modules: readonly Module[],
  ) {}
  has(id: string): boolean {
    return this.index.has(id);
  }
  describe(id: string): string {
    const i = this.index.get(id);
    return describeModule(i === undefined ? undefined : this.modules[i]);
  }
  /** Whether module `id` is module `source` or runs before it; undefined when not checked. */
  runsBefore(id: string, source: number): boolean | undefined {
    const from = this.index.get(id);
    if (from === undefined) return undefined;
    if (from === source) return true;
    let below = this.memo.get(from);
    if (!below) {
      if (this.budget <= 0) return undefined;
      const g = this.g;
      below = new Uint8Array(g.size);
      const stack = [from];
      below[from] = 1;
      while (stack.length > 0) {
        const i = stack.pop()!;
        this.budget--;
        for (let j = g.outStart[i]!; j < g.outStart[i + 1]!; j++) {
          const t = g.edgeTarget[g.outEdges[j]!]!;
          this.budget--;
          if (below[t] === 0) {
            below[t] = 1;
            stack.push(t);
          }
        }
      }
      this.memo.set(from, below);
    }
    return below[source] === 1;
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
  upstream: Upstream,
  source: number,
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
      checkConditions(route.conditions, 'route', what, e.id, out, upstream, source);
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
        `The filter into ${describeModule(dst)} cannot skip: ${kindNoun(dst.type)} cannot be skipped over; use a break filter.`,
        { edgeId: e.id, field: 'filter.mode' },
      );
    }
    checkPassRate(filter.passRate, 'filter', what, e.id, out);
    checkConditions(filter.conditions, 'filter', what, e.id, out, upstream, source);
  }
}

/** A share above 1 as a percentage that never reads "100 %": 1.3 → "130 %", 1.000001 → "100.0001 %". */
function sharePercent(share: number): string {
  for (let digits = 2; digits <= 8; digits++) {
    if (Number((share * 100).toFixed(digits)) > 100) return formatPercent(share, digits);
  }
  return formatPercent(share, 2);
}

function checkRouter(m: Module, outs: readonly Edge[], out: Problems): void {
  const config: unknown = m.config;
  const mode = isObject(config) ? config.mode : undefined;
  let fallbacks = 0;
  let sum = 0;
  let sumMax = 0;
  // Ties of priority matter only in exclusive mode: only then are they counted.
  const priorities = mode === 'exclusive' ? new Map<number, number>() : undefined;
  for (let k = 0; k < outs.length; k++) {
    const e = outs[k]!;
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
    // out-of-range rates are reported on their own route; only valid shares add up here
    if (likely !== undefined && likely >= 0 && likely <= 1) sum += likely;
    if (max !== undefined && max >= 0 && max <= 1) sumMax += max;
    if (priorities && typeof route.priority === 'number') priorities.set(route.priority, (priorities.get(route.priority) ?? 0) + 1);
  }
  if (!priorities) return;
  const EPS = 1e-9;
  if (sum > 1 + EPS) {
    out.add(
      'routes-exceed-100',
      `${describeModule(m)}: routes share ${sharePercent(sum)}, more than 100 % in exclusive mode.`,
      { moduleId: m.id, field: 'route.passRate' },
    );
  } else if (sumMax > 1 + EPS) {
    out.add(
      'routes-may-exceed-100',
      `${describeModule(m)}: at their maximum the routes share ${sharePercent(sumMax)}, more than 100 % in exclusive mode.`,
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
 * The flow's graph by position (model/compiled.ts, the one graph core), with each module's
 * place in the topological order (`rank`, −1 for modules on or behind a cycle). Typed arrays,
 * one pass each: this is what keeps validation of 10,000 modules within a few milliseconds.
 */
interface IndexedGraph extends CompiledGraph {
  rank: Int32Array;
}

function indexGraph(modules: readonly Module[], edges: readonly Edge[], index: IdIndex, ends: EdgeEnds): IndexedGraph {
  const g = compileGraph(modules, edges, index, ends);
  const rank = new Int32Array(g.size).fill(-1);
  for (let h = 0; h < g.topological.length; h++) rank[g.topological[h]!] = h;
  return { ...g, rank };
}

/**
 * Edges that close a cycle: the back edges of a depth-first walk over the modules on or
 * behind a cycle (self-loops are reported on their own). Iterative, so long cycles do not
 * overflow the stack.
 */
function backEdges(g: IndexedGraph): number[] {
  const found: number[] = [];
  if (g.topological.length === g.size) return found;
  const state = new Uint8Array(g.size); // 0 = not seen, 1 = on the walk's path, 2 = done
  const pathNode = new Int32Array(g.size);
  const pathNext = new Int32Array(g.size);
  for (let start = 0; start < g.size; start++) {
    if (g.rank[start] !== -1 || state[start] !== 0) continue;
    let depth = 0;
    pathNode[0] = start;
    pathNext[0] = g.outStart[start]!;
    state[start] = 1;
    while (depth >= 0) {
      const i = pathNode[depth]!;
      const j = pathNext[depth]!;
      if (j >= g.outStart[i + 1]!) {
        state[i] = 2;
        depth--;
        continue;
      }
      pathNext[depth] = j + 1;
      const k = g.outEdges[j]!;
      const t = g.edgeTarget[k]!;
      if (t === i || g.rank[t] !== -1) continue;
      if (state[t] === 1) found.push(k);
      else if (state[t] === 0) {
        state[t] = 1;
        depth++;
        pathNode[depth] = t;
        pathNext[depth] = g.outStart[t]!;
      }
    }
  }
  return found;
}

/** Scratch space for reachability queries, shared across them (a stamp marks what one query saw). */
interface Search {
  mark: Int32Array;
  stamp: number;
  stack: Int32Array;
}

/**
 * Whether module `to` can be reached from module `from`. Walks back from `to`; in the
 * acyclic part of the flow only modules between the two in topological order can lie on
 * such a path, so the walk stays inside the loop body.
 */
function reaches(g: IndexedGraph, search: Search, from: number, to: number): boolean {
  if (from === to) return false;
  const lo = g.rank[from]!;
  const hi = g.rank[to]!;
  const prune = lo !== -1 && hi !== -1;
  if (prune && lo >= hi) return false;
  const stamp = ++search.stamp;
  const { mark, stack } = search;
  let top = 0;
  mark[to] = stamp;
  stack[top++] = to;
  while (top > 0) {
    const i = stack[--top]!;
    for (let j = g.inStart[i]!; j < g.inStart[i + 1]!; j++) {
      const s = g.edgeSource[g.inEdges[j]!]!;
      if (s === from) return true;
      if (mark[s] === stamp) continue;
      if (prune && g.rank[s] !== -1 && g.rank[s]! < lo) continue;
      mark[s] = stamp;
      stack[top++] = s;
    }
  }
  return false;
}
