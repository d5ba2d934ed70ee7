/**
 * The importers' shared core. A format's reader turns the source into a Draft: modules (each
 * remembering the source node it came from) and edges (each remembering which output of its
 * source it leaves), and tells the draft what it dropped or noted. `finishDraft` then repairs
 * what the source allows and Creditflow's structure does not (cost-model.md §4, §7), in this
 * order, each repair written into the report:
 *
 *  1. edges to modules that do not exist are ignored;
 *  2. exactly one trigger: extra ones are dropped ("second trigger"); none → one is added
 *     before every module that nothing leads into;
 *  3. edges into the trigger, error edges from kinds that have no error branch, and
 *     duplicate edges are dropped;
 *  4. every edge that closes a cycle is dropped (a depth-first walk from the trigger);
 *  5. one output feeding several modules gets a standard router whose routes always pass
 *     (or carry the edges' filters as route conditions);
 *  6. a module with several incoming edges that is not an octopus gets an octopus before it;
 *  7. an aggregator that closes no loop open where it runs is pointed at the innermost loop
 *     open there, or, with none open, becomes `variables`;
 *  8. route pass rates the source does not give are filled in (exclusive routers: an even
 *     split that keeps the total ≤ 100 %), and a router keeps at most one fallback.
 *
 * Pure and linear-ish in the size of the flow; no React, no store.
 */
import { compileGraph, followLoops, type CompiledGraph } from '../../model/compiled';
import { MODULE_KINDS } from '../../model/modules/registry';
import { kindNoun, quoteName } from '../../model/describe';
import {
  FLOW_FORMAT,
  type Assumptions,
  type Conditions,
  type Edge,
  type Filter,
  type FilterMode,
  type Flow,
  type FlowSettings,
  type Module,
  type ModuleType,
  type Position,
  type RouterMode,
} from '../../model/types';
import { isTooLong } from '../../model/fieldRules';
import { clampPosition } from '../../model/clampPosition';
import { cutText } from '../../model/cutText';
import { MAX_ID_LENGTH, MAX_NAME_LENGTH } from '../limitsLater';
import { CURRENT_VERSION } from '../migrations';
import { countStacked } from '../../model/stacked';
import { readSchedule, runsWords } from '../../model/cron';
import type { DefaultsEntry, DroppedEntry, ImportNote, ImportReport, Repair, RepairKind, SourceFormat } from './report';

/** Pass rate of a filter whose share the source does not say (the editor's default for a new filter). */
export const DEFAULT_FILTER_PASS_RATE = 0.5;
/** Pass rate of a conditional route of a standard router whose share the source does not say. */
export const DEFAULT_ROUTE_PASS_RATE = 0.5;
/** Kinds that may have an error branch (cost-model.md §7). */
export const ERROR_BRANCH_KINDS: ReadonlySet<ModuleType> = new Set(['action', 'search', 'code', 'ai_agent', 'invoke']);

export interface DraftFilter {
  mode: FilterMode;
  /** Absent: the source does not say; the default is used and reported. */
  passRate?: number;
  conditions?: Conditions;
  /** The source's condition in words, when it could not be translated (in full) into conditions. */
  sourceCondition?: string;
}

export interface DraftRoute {
  priority: number;
  fallback: boolean;
  passRate?: number;
  conditions?: Conditions;
  sourceCondition?: string;
  /**
   * The source says the route has no condition, so it always matches (an Altan route whose condition
   * logic is empty). In an exclusive router it takes every bundle the routes before it leave.
   */
  always?: boolean;
}

export interface DraftModule {
  id: string;
  type: ModuleType;
  name: string;
  /** The source node it came from (n8n name, Altan/Make id); absent for modules the importer inserted. */
  source?: string;
  /** Canvas position from the source; absent when the source has none. */
  position?: Position;
  config?: Record<string, unknown>;
  assumptions?: Assumptions;
  /** Further keys kept on the module (e.g. Altan's `retry`). */
  extra?: Record<string, unknown>;
  /** A search that loops over result pages: its `pages` assumption is reported as a default. */
  pages?: boolean;
  /** Its outputs exclude each other (one per category of a classifier): a fan-out over them is exclusive. */
  exclusiveOutputs?: boolean;
  /**
   * A router's outputs in the source, connected or not (an n8n Switch's): an exclusive router's
   * default pass rates share among all of them, so what goes to an unconnected output stops there.
   */
  routeOutputs?: number;
  /**
   * The rank (by priority) of a router's first route that has no condition, connected or not: in an
   * exclusive router it takes every bundle the routes before it leave, even when its bundles stop
   * there (an unconnected route), so nothing reaches the routes after it or the fallback.
   */
  alwaysRoute?: number;
}

export interface DraftEdge {
  id: string;
  source: string;
  target: string;
  /** Which output of the source it leaves; edges of one output that reach several modules fan out. */
  output: string;
  error?: boolean;
  filter?: DraftFilter;
  route?: DraftRoute;
}

export interface ConnectOptions {
  output?: string;
  error?: boolean;
  filter?: DraftFilter;
  route?: DraftRoute;
}

/** A placeholder type (`placeholder`, `placeholder:Placeholder`, any case): a step not set up yet. */
export const PLACEHOLDER = /^placeholder(:.*)?$/i;
/**
 * A placeholder is an empty step of the editor (Altan's, Make's empty circle), not yet given a tool
 * or a kind: it calls nothing, does no work and is not billed. The readers keep it where it stands
 * (the path through it stays) as a variables module that takes no time and carries nothing: these
 * assumptions, 0 credits.
 */
export const PLACEHOLDER_ASSUMPTIONS = { durationSec: 0, payloadKB: 0 } as const;
/** The report's note on a placeholder. */
export const placeholderNote = (type: string): string =>
  `a placeholder (${JSON.stringify(type).slice(0, 60)}): a step not set up yet, which does no work and costs nothing; kept as a variables module of 0 s and 0 KB (0 credits) so the path through it stays. Give it its kind and numbers in the inspector once it is set up.`;

export const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** A module name fit for a sentence: `'Support bot'`. */
export const named = (m: Pick<DraftModule, 'name' | 'id'>): string => quoteName(m.name || m.id);

export class Draft {
  readonly modules = new Map<string, DraftModule>();
  readonly edges = new Map<string, DraftEdge>();
  readonly dropped: DroppedEntry[] = [];
  readonly notes: ImportNote[] = [];
  readonly repairs: Repair[] = [];
  readonly settings: FlowSettings = {};
  /** Id (and name) the added trigger takes when the source has none. */
  addedTrigger = { id: 'trigger', name: 'Start' };
  private nextEdge = 1;
  private nextModule = 1;

  constructor(
    readonly format: SourceFormat,
    public name: string,
  ) {}

  /** A free module id: `preferred` when it is a usable, unused id, else `<prefix><n>`. */
  freeId(preferred: unknown, prefix: string): string {
    if (typeof preferred === 'string' && preferred.trim() !== '' && !isTooLong(preferred, MAX_ID_LENGTH) && !this.modules.has(preferred)) {
      return preferred;
    }
    let id: string;
    do id = `${prefix}${this.nextModule++}`;
    while (this.modules.has(id));
    return id;
  }

  addModule(m: Omit<DraftModule, 'id'> & { id?: unknown }, prefix = 'm'): DraftModule {
    const id = this.freeId(m.id, prefix);
    const name = isTooLong(m.name, MAX_NAME_LENGTH) ? `${cutText(m.name, MAX_NAME_LENGTH - 1)}…` : m.name;
    const module: DraftModule = { ...m, id, name };
    this.modules.set(id, module);
    return module;
  }

  connect(source: string, target: string, options: ConnectOptions = {}): DraftEdge {
    let id: string;
    do id = `e${this.nextEdge++}`;
    while (this.edges.has(id));
    const edge: DraftEdge = { id, source, target, output: options.output ?? 'main' };
    if (options.error) edge.error = true;
    if (options.filter) edge.filter = options.filter;
    if (options.route) edge.route = options.route;
    this.edges.set(id, edge);
    return edge;
  }

  drop(source: string, reason: string): void {
    this.dropped.push({ source, reason });
  }

  note(source: string, message: string): void {
    this.notes.push({ source, message });
  }

  repair(kind: RepairKind, message: string, at: { moduleId?: string; edgeId?: string } = {}): void {
    this.repairs.push({ kind, message, ...at });
  }

  /** Removes modules and every edge at them (one pass over the edges, however many). */
  removeModules(ids: ReadonlySet<string>): void {
    for (const id of ids) this.modules.delete(id);
    for (const [edgeId, e] of this.edges) if (ids.has(e.source) || ids.has(e.target)) this.edges.delete(edgeId);
  }

  describe(id: string): string {
    const m = this.modules.get(id);
    return m ? `${MODULE_KINDS[m.type].label.toLowerCase()} ${named(m)}` : quoteName(id);
  }
}

// ---------------------------------------------------------------------------------------------
// Finishing: the repairs, then the flow and the report

interface Adjacency {
  out: Map<string, DraftEdge[]>;
  in: Map<string, DraftEdge[]>;
}

function adjacency(d: Draft): Adjacency {
  const out = new Map<string, DraftEdge[]>();
  const into = new Map<string, DraftEdge[]>();
  for (const id of d.modules.keys()) {
    out.set(id, []);
    into.set(id, []);
  }
  for (const e of d.edges.values()) {
    out.get(e.source)?.push(e);
    into.get(e.target)?.push(e);
  }
  return { out, in: into };
}

const byPosition = (a: DraftModule, b: DraftModule): number =>
  (a.position?.x ?? Infinity) - (b.position?.x ?? Infinity) || (a.position?.y ?? Infinity) - (b.position?.y ?? Infinity);

function dropDangling(d: Draft): void {
  for (const e of [...d.edges.values()]) {
    const missing = !d.modules.has(e.source) ? e.source : !d.modules.has(e.target) ? e.target : undefined;
    if (missing === undefined) continue;
    d.edges.delete(e.id);
    d.repair('missing-target-ignored', `A connection to the missing module ${quoteName(missing)} was ignored.`);
  }
}

function oneTrigger(d: Draft): void {
  const triggers = [...d.modules.values()].filter((m) => m.type === 'trigger');
  const extras = triggers.slice(1);
  const led = new Map(extras.map((t) => [t.id, [...d.edges.values()].filter((e) => e.source === t.id).map((e) => e.target)]));
  d.removeModules(new Set(extras.map((t) => t.id)));
  for (const extra of extras) {
    if (extra.source !== undefined) d.drop(extra.source, `second trigger (the flow starts at ${named(triggers[0]!)})`);
    const schedule = extra.config?.schedule;
    secondTriggerDropped(d, { name: extra.name, ...(extra.source === undefined ? {} : { source: extra.source }), led: led.get(extra.id) ?? [], ...(typeof schedule === 'string' ? { schedule } : {}) });
  }
  if (triggers.length > 0) return;
  const { in: into } = adjacency(d);
  const roots = [...d.modules.values()].filter((m) => (into.get(m.id) ?? []).length === 0).sort(byPosition);
  const trigger = d.addModule({ id: d.addedTrigger.id, type: 'trigger', name: d.addedTrigger.name }, 'trigger');
  const first = roots[0];
  if (first?.position) trigger.position = { x: first.position.x - 300, y: first.position.y };
  for (const r of roots) d.connect(trigger.id, r.id);
  d.repair(
    'trigger-added',
    roots.length === 0
      ? 'The source has no trigger; a trigger was added.'
      : `The source has no trigger; a trigger was added before ${roots.map((r) => named(r)).join(', ')}.`,
    { moduleId: trigger.id },
  );
}

/**
 * Says what dropping a second trigger did, once the draft's edges are known: whether what it led to
 * still runs from the trigger kept (the repair names what only it led to), and, when it had a schedule,
 * that the runs it stood for are not counted (a note: the flow's runs per month follow the trigger kept).
 */
export function secondTriggerDropped(d: Draft, extra: { name: string; source?: string; led: readonly string[]; schedule?: string; runsPerMonth?: number }): void {
  const kept = [...d.modules.values()].find((m) => m.type === 'trigger');
  const reached = kept ? reachedFrom(d, kept.id) : new Set<string>();
  const alone = [...new Set(extra.led)].filter((id) => !reached.has(id) && d.modules.has(id));
  d.repair(
    'second-trigger',
    alone.length > 0 || !kept
      ? `The second trigger ${quoteName(extra.name)} was dropped; what only it led to is not reachable${alone.length > 0 ? `: ${alone.map((id) => named(d.modules.get(id)!)).join(', ')}` : ''}.`
      : `The second trigger ${quoteName(extra.name)} was dropped; what follows it runs from ${named(kept)}.`,
  );
  if (extra.source === undefined || d.settings.runsPerMonth !== undefined || !kept) return;
  const reading = extra.schedule === undefined ? undefined : readSchedule(extra.schedule);
  const words = reading?.ok ? reading.value.words : extra.runsPerMonth !== undefined ? runsWords(extra.runsPerMonth) : undefined;
  if (words !== undefined)
    d.note(extra.source, `its schedule (${words}) is not counted: runs per month follow the trigger kept, ${named(kept)}; set them if the flow runs on this schedule`);
}

/** The modules reached from `start` along the draft's edges (error edges too). */
function reachedFrom(d: Draft, start: string): Set<string> {
  const { out } = adjacency(d);
  const seen = new Set([start]);
  const stack = [start];
  while (stack.length > 0) {
    for (const e of out.get(stack.pop()!) ?? []) {
      if (seen.has(e.target)) continue;
      seen.add(e.target);
      stack.push(e.target);
    }
  }
  return seen;
}

function dropForbiddenEdges(d: Draft): void {
  const seen = new Set<string>();
  const plain = new Set<string>();
  for (const e of d.edges.values()) if (!e.error) plain.add(`${e.source}\u0000${e.target}`);
  for (const e of [...d.edges.values()]) {
    const src = d.modules.get(e.source)!;
    const dst = d.modules.get(e.target)!;
    if (dst.type === 'trigger') {
      d.edges.delete(e.id);
      d.repair('edge-into-trigger-dropped', `The connection from ${d.describe(src.id)} into the trigger ${named(dst)} was dropped: nothing leads into a trigger.`);
      continue;
    }
    if (e.error && !ERROR_BRANCH_KINDS.has(src.type)) {
      d.edges.delete(e.id);
      d.repair(
        'error-edge-dropped',
        `The error branch from ${d.describe(src.id)} to ${d.describe(dst.id)} was dropped: only actions, searches, code, AI agents and invokes have one.`,
      );
      continue;
    }
    if (e.error && plain.has(`${e.source}\u0000${e.target}`)) {
      // Two edges between the same modules are not allowed (the validator's duplicate-edge).
      d.edges.delete(e.id);
      d.repair(
        'error-edge-dropped',
        `The error branch from ${d.describe(src.id)} to ${d.describe(dst.id)} was dropped: its normal path leads there too, and two modules are joined by one edge at most.`,
      );
      continue;
    }
    if (e.error && (e.filter || e.route)) {
      delete e.filter;
      delete e.route;
      d.repair('filter-changed', `The error branch from ${d.describe(src.id)} lost its condition: an error edge has none.`, { edgeId: e.id });
    }
    const key = `${e.source}\u0000${e.target}\u0000${e.error ? 1 : 0}`;
    if (seen.has(key)) {
      d.edges.delete(e.id);
      d.repair('duplicate-edge-dropped', `A second connection from ${d.describe(src.id)} to ${d.describe(dst.id)} was dropped.`);
      continue;
    }
    seen.add(key);
    if (src.type !== 'router' && e.route) {
      const { conditions, sourceCondition } = e.route;
      delete e.route;
      if (conditions || sourceCondition) {
        e.filter = { mode: 'break', ...(conditions ? { conditions } : {}), ...(sourceCondition ? { sourceCondition } : {}) };
      }
      d.repair('route-changed', `The connection from ${d.describe(src.id)} is not a router's, so its route became a filter.`, { edgeId: e.id });
    }
  }
}

/** Drops every edge that closes a cycle: back edges of an iterative depth-first walk from the trigger, then from the rest. */
function breakCycles(d: Draft): void {
  const { out } = adjacency(d);
  const state = new Map<string, 1 | 2>();
  const order = [...d.modules.values()].sort((a, b) => (a.type === 'trigger' ? -1 : b.type === 'trigger' ? 1 : 0));
  for (const start of order) {
    if (state.has(start.id)) continue;
    const stack: { id: string; next: number }[] = [{ id: start.id, next: 0 }];
    state.set(start.id, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const edges = out.get(top.id)!;
      if (top.next >= edges.length) {
        state.set(top.id, 2);
        stack.pop();
        continue;
      }
      const e = edges[top.next++]!;
      const s = state.get(e.target);
      if (s === 1) {
        d.edges.delete(e.id);
        d.repair(
          'cycle-edge-dropped',
          e.source === e.target
            ? `The connection from ${d.describe(e.source)} to itself was dropped: loops are iterators, never back edges.`
            : `The connection from ${d.describe(e.source)} back to ${d.describe(e.target)} closes a loop and was dropped: loops are iterators, never back edges.`,
        );
      } else if (s === undefined) {
        state.set(e.target, 1);
        stack.push({ id: e.target, next: 0 });
      }
    }
  }
}

function near(d: Draft, from: string, to?: string): Position | undefined {
  const a = d.modules.get(from)?.position;
  const b = to === undefined ? undefined : d.modules.get(to)?.position;
  if (a && b) return { x: Math.round((a.x + b.x) / 2), y: Math.round((a.y + b.y) / 2) };
  return a ? { x: a.x + 150, y: a.y } : b ? { x: b.x - 150, y: b.y } : undefined;
}

function routeFromFilter(filter: DraftFilter | undefined, priority: number, d: Draft, edge: DraftEdge): DraftRoute {
  const route: DraftRoute = { priority, fallback: false };
  if (!filter) {
    route.passRate = 1;
    return route;
  }
  if (filter.passRate !== undefined) route.passRate = filter.passRate;
  if (filter.conditions) route.conditions = filter.conditions;
  if (filter.sourceCondition) route.sourceCondition = filter.sourceCondition;
  if (filter.mode === 'skip') {
    d.repair('filter-changed', `The skip filter on the connection to ${d.describe(edge.target)} became a route condition (a route cannot skip).`);
  }
  return route;
}

/** One output to several modules: a standard router takes the output and routes to each. */
function splitFanOut(d: Draft): void {
  const { out } = adjacency(d);
  for (const m of [...d.modules.values()]) {
    const edges = out.get(m.id) ?? [];
    if (edges.length < 2) continue;
    const groups = new Map<string, DraftEdge[]>();
    for (const e of edges) {
      const key = e.error ? '\u0000error' : m.type === 'router' ? `route:${e.output}` : 'all';
      const g = groups.get(key);
      if (g) g.push(e);
      else groups.set(key, [e]);
    }
    for (const [key, group] of groups) {
      if (group.length < 2) continue;
      const error = key === '\u0000error';
      // A module whose outputs exclude each other (a classifier) gets an exclusive router when each
      // edge leaves its own output; otherwise every target runs (standard).
      const exclusive = !error && m.exclusiveOutputs === true && new Set(group.map((e) => e.output)).size === group.length;
      const mode: RouterMode = exclusive ? 'exclusive' : 'standard';
      const router = d.addModule(
        {
          type: 'router',
          name: error ? `Error branches of ${m.name}` : `Branches of ${m.name}`,
          config: { mode },
          ...withPosition(near(d, m.id, group[0]!.target)),
        },
        'router',
      );
      const head = group[0]!;
      const into = d.connect(m.id, router.id, { output: head.output, ...(error ? { error: true } : {}), ...(head.route ? { route: head.route } : {}) });
      group.forEach((e, i) => {
        d.edges.delete(e.id);
        const route = routeFromFilter(e.filter, i, d, e);
        if (exclusive && !e.filter) delete route.passRate; // an even split, filled in and reported as a default
        d.connect(router.id, e.target, { output: `route ${i}`, route });
      });
      d.repair(
        'router-inserted',
        `${cap(d.describe(m.id))} ${error ? 'has an error branch to' : 'leads to'} ${group.length} modules (${group.map((e) => named(d.modules.get(e.target)!)).join(', ')}); a standard router was inserted so each runs on its own route.`,
        { moduleId: router.id, edgeId: into.id },
      );
    }
  }
}

const withPosition = (p: Position | undefined): { position?: Position } => (p ? { position: p } : {});

/** Several edges into a module that is not an octopus: an octopus merges them first. */
function mergeFanIn(d: Draft): void {
  const { in: into } = adjacency(d);
  for (const m of [...d.modules.values()]) {
    const edges = into.get(m.id) ?? [];
    if (edges.length < 2 || m.type === 'octopus' || m.type === 'trigger') continue;
    const octopus = d.addModule({ type: 'octopus', name: `Merge into ${m.name}`, ...withPosition(near(d, edges[0]!.source, m.id)) }, 'octopus');
    for (const e of edges) e.target = octopus.id;
    const joined = d.connect(octopus.id, m.id);
    d.repair(
      'octopus-inserted',
      `${cap(d.describe(m.id))} is reached from ${edges.length} places (${edges.map((e) => named(d.modules.get(e.source)!)).join(', ')}); an octopus was inserted to merge them.`,
      { moduleId: octopus.id, edgeId: joined.id },
    );
  }
  for (const e of d.edges.values()) {
    const dst = d.modules.get(e.target)!;
    if (e.filter?.mode === 'skip' && (dst.type === 'router' || dst.type === 'iterator' || dst.type === 'aggregator')) {
      e.filter.mode = 'break';
      d.repair('filter-changed', `The filter into ${d.describe(dst.id)} became a break filter: ${kindNoun(dst.type)} cannot be skipped.`, { edgeId: e.id });
    }
  }
}

/**
 * Every aggregator must close a loop open where it runs (the validator follows bundles from the
 * modules nothing leads into, model/compiled.ts). One that does not is pointed at the innermost
 * loop open there, or, with none open, becomes a variables module. Each change can open or close
 * loops further on, so the check runs again until nothing changes; after a few rounds a failing
 * aggregator only becomes variables, so the rounds end.
 */
function checkAggregators(d: Draft): void {
  for (let round = 0; ; round++) {
    const modules = [...d.modules.values()];
    if (!modules.some((m) => m.type === 'aggregator')) return;
    // Every edge, error edges too: the validator follows bundles along them (an error branch stays in its module's loop, cost-model §7).
    const graph = compileGraph(modules, [...d.edges.values()]);
    const loops = followLoops(modules as unknown as Module[], graph, (v) => graph.inStart[v + 1] === graph.inStart[v]);
    let changed = false;
    modules.forEach((m, i) => {
      if (m.type !== 'aggregator' || loops.closes[i] !== -1) return;
      const itId = m.config?.iteratorId;
      const iterator = typeof itId === 'string' && d.modules.get(itId)?.type === 'iterator' ? d.modules.get(itId) : undefined;
      const openAt = loops.reached[i] === 1 ? openLoopBefore(graph, loops.loop, modules, i) : -1;
      const open = openAt === -1 ? undefined : modules[openAt]!;
      const why = iterator ? `the loop of ${named(iterator)} is not open where it runs` : 'it names no iterator of this flow';
      changed = true;
      if (open && round < 3) {
        m.config = { iteratorId: open.id };
        d.repair('aggregator-changed', `The aggregator ${named(m)} now closes the loop of ${named(open)}: ${why}.`, { moduleId: m.id });
        return;
      }
      m.type = 'variables';
      delete m.config;
      d.repair('aggregator-changed', `The aggregator ${named(m)} became a variables module: ${open ? why : 'no loop is open before it'}.`, { moduleId: m.id });
    });
    if (!changed) return;
  }
}

/**
 * An error branch must lead where every other path into its target runs in the failing module's
 * loop (the validator's error-edge-loop). One that does not (it jumps into a loop, or out of one,
 * to a module reached otherwise) is dropped and said; true when one was.
 */
function dropErrorEdgesIntoOtherLoops(d: Draft): boolean {
  const modules = [...d.modules.values()];
  const edges = [...d.edges.values()];
  if (!edges.some((e) => e.error)) return false;
  const graph = compileGraph(modules, edges);
  const { reached, loop } = followLoops(modules as unknown as Module[], graph, (v) => graph.inStart[v + 1] === graph.inStart[v]);
  const contextOf = (s: number) => (modules[s]!.type === 'iterator' ? s : loop[s]!);
  // The paths still kept into each module, by the loop they run in: one pass over the edges, then a
  // look-up per error branch (scanning every edge for each was quadratic in a large import), and a
  // branch dropped no longer counts against the next one into the same module.
  const into = new Map<string, { total: number; byLoop: Map<number, number> }>();
  for (const o of edges) {
    const s = graph.index.get(o.source)!;
    if (reached[s] !== 1) continue;
    let paths = into.get(o.target);
    if (!paths) into.set(o.target, (paths = { total: 0, byLoop: new Map() }));
    paths.total++;
    paths.byLoop.set(contextOf(s), (paths.byLoop.get(contextOf(s)) ?? 0) + 1);
  }
  let dropped = false;
  for (const e of edges) {
    const i = graph.index.get(e.source)!;
    if (!e.error || reached[i] !== 1) continue;
    const paths = into.get(e.target)!;
    const own = contextOf(i);
    // The other paths into the target that run in another loop than the failing module's.
    const elsewhere = paths.total - (paths.byLoop.get(loop[i]!) ?? 0) - (own !== loop[i] ? 1 : 0);
    if (elsewhere === 0) continue;
    paths.total--;
    paths.byLoop.set(own, paths.byLoop.get(own)! - 1);
    d.edges.delete(e.id);
    dropped = true;
    d.repair(
      'error-edge-dropped',
      `The error branch from ${d.describe(e.source)} to ${d.describe(e.target)} was dropped: that module also runs in another loop, and an error branch stays in the loop of the module that fails.`,
    );
  }
  return dropped;
}

/** The loop open on an aggregator's first incoming path, before it closes anything (as followLoops reads it). */
function openLoopBefore(graph: CompiledGraph, loop: Int32Array, modules: readonly DraftModule[], v: number): number {
  const k = graph.inStart[v]!;
  if (k === graph.inStart[v + 1]) return -1;
  const s = graph.edgeSource[graph.inEdges[k]!]!;
  return modules[s]!.type === 'iterator' ? s : loop[s]!;
}

/** Both parts' conditions, AND-ed; the texts joined. */
export function joinConditions(a: { conditions?: Conditions; sourceCondition?: string }, b: { conditions?: Conditions; sourceCondition?: string }): { conditions?: Conditions; sourceCondition?: string } {
  const conditions = a.conditions && b.conditions ? { '@and': [a.conditions, b.conditions] } : (a.conditions ?? b.conditions);
  const text = [a.sourceCondition, b.sourceCondition].filter((t) => t !== undefined && t !== '').join(' AND ');
  return { ...(conditions ? { conditions } : {}), ...(text ? { sourceCondition: text } : {}) };
}

const floorShare = (share: number): number => Math.floor(share * 1e9) / 1e9;

/** Fills in route pass rates; returns the ids of the edges whose rate is a default. */
function settleRoutes(d: Draft): Set<string> {
  const filled = new Set<string>();
  const { out } = adjacency(d);
  for (const m of d.modules.values()) {
    if (m.type !== 'router') continue;
    const edges = (out.get(m.id) ?? []).filter((e) => !e.error);
    let fallback = false;
    let next = 0;
    for (const e of edges) next = Math.max(next, (e.route?.priority ?? -1) + 1);
    for (const e of edges) {
      if (!e.route) {
        e.route = { priority: next++, fallback: false };
        if (e.filter) {
          const { conditions, sourceCondition, passRate } = e.filter;
          Object.assign(e.route, { ...(conditions ? { conditions } : {}), ...(sourceCondition ? { sourceCondition } : {}), ...(passRate !== undefined ? { passRate } : {}) });
        }
        d.repair('route-changed', `The connection from ${d.describe(m.id)} to ${d.describe(e.target)} became a route.`, { edgeId: e.id });
      }
      if (e.filter) {
        const merged = joinConditions(e.route, e.filter);
        e.route = { ...e.route, ...merged };
        delete e.filter;
        d.repair('filter-changed', `The filter on the route from ${d.describe(m.id)} to ${d.describe(e.target)} became its route condition.`, { edgeId: e.id });
      }
      if (e.route.fallback && fallback) {
        e.route.fallback = false;
        d.repair('route-changed', `${cap(d.describe(m.id))} had two fallback routes; the one to ${d.describe(e.target)} became an ordinary route.`, { edgeId: e.id });
      }
      fallback ||= e.route.fallback;
    }
    const mode = m.config?.mode === 'exclusive' ? 'exclusive' : 'standard';
    const open = edges.filter((e) => !e.route!.fallback && e.route!.passRate === undefined);
    for (const e of open) filled.add(e.id);
    if (mode === 'standard') {
      for (const e of open) e.route!.passRate = e.route!.conditions || e.route!.sourceCondition ? DEFAULT_ROUTE_PASS_RATE : 1;
      continue;
    }
    const givenRoutes = edges.filter((e) => !e.route!.fallback && e.route!.passRate !== undefined);
    const given = givenRoutes.reduce((s, e) => s + e.route!.passRate!, 0);
    // The first route (by priority) that always matches ends the choice: it takes what the routes
    // before it leave, and none reach the routes after it or the fallback. Its priority is its rank
    // among all the outputs, connected or not, so the routes before it share with it alone.
    const always = open.filter((e) => e.route!.always).sort((a, b) => a.route!.priority - b.route!.priority)[0];
    const at = Math.min(always?.route!.priority ?? Infinity, m.alwaysRoute ?? Infinity);
    if (at !== Infinity) {
      const connected = always !== undefined && always.route!.priority === at ? always : undefined;
      const before = open.filter((e) => e.route!.priority < at);
      const givenBefore = givenRoutes.filter((e) => e.route!.priority < at);
      const left = Math.max(0, 1 - givenBefore.reduce((s, e) => s + e.route!.passRate!, 0));
      const slots = Math.max(before.length + 1, at + 1 - givenBefore.length);
      const share = floorShare(left / slots);
      for (const e of before) e.route!.passRate = share;
      if (connected) connected.route!.passRate = floorShare(Math.max(0, left - share * (slots - 1)));
      for (const e of open) if (e.route!.priority > at) e.route!.passRate = 0;
      // An unconnected route that always matches takes its bundles nowhere: they stop. A fallback edge
      // would take what the connected routes leave (1 − their sum), which here is what that route took,
      // so the Default path becomes an ordinary route with pass rate 0: nothing reaches it.
      const fb = connected ? undefined : edges.find((e) => e.route!.fallback);
      if (fb) {
        fb.route = { priority: fb.route!.priority, fallback: false, passRate: 0 };
        filled.add(fb.id);
        d.repair('route-changed', `The fallback from ${d.describe(m.id)} to ${d.describe(fb.target)} became an ordinary route with pass rate 0: an unconnected route before it always matches, so nothing reaches it.`, { edgeId: fb.id });
      }
      continue;
    }
    // Without a fallback edge an unconnected output's bundles stop, so every output takes a share;
    // with one, the fallback takes what the routes leave (1 − their sum), so the shares are the
    // connected routes' and the fallback's alone.
    const shares = fallback ? open.length + 1 : Math.max(open.length, (m.routeOutputs ?? 0) - givenRoutes.length);
    const share = floorShare(Math.max(0, 1 - given) / (shares || 1));
    for (const e of open) e.route!.passRate = share;
  }
  return filled;
}

/** How close (in both directions) a module may come to another before it covers it. */
const COVERS = 40;
/** How far an added module moves down from a spot another module holds, until it finds a free one. */
const STEP_ASIDE = 100;
/** Most steps aside one added module takes (a column of 1,000 modules below it). */
const MAX_STEPS_ASIDE = 1000;

/**
 * Moves the modules the import added (routers, octopuses, iterators, a trigger, placed halfway
 * between their neighbours) off any spot another module holds: halfway between two nodes is often
 * exactly where a third one stands, and a module drawn on top of another hides it.
 */
function clearInserted(d: Draft): void {
  const cells = new Map<string, Position[]>();
  const cellOf = (x: number, y: number) => `${Math.floor(x / COVERS)},${Math.floor(y / COVERS)}`;
  const hold = (p: Position) => {
    const key = cellOf(p.x, p.y);
    const list = cells.get(key);
    if (list) list.push(p);
    else cells.set(key, [p]);
  };
  const taken = (p: Position): boolean => {
    const cx = Math.floor(p.x / COVERS);
    const cy = Math.floor(p.y / COVERS);
    // The three cells each way listed, not counted with ++: far out (1e20) a cell number + 1 is itself.
    for (const i of [cx - 1, cx, cx + 1])
      for (const j of [cy - 1, cy, cy + 1])
        for (const q of cells.get(`${i},${j}`) ?? []) if (Math.abs(q.x - p.x) < COVERS && Math.abs(q.y - p.y) < COVERS) return true;
    return false;
  };
  const added: DraftModule[] = [];
  for (const m of d.modules.values()) {
    if (m.source === undefined) added.push(m);
    else if (m.position) hold(m.position);
  }
  for (const m of added) {
    if (!m.position) continue;
    let p = m.position;
    // Bounded: far out (|y| ≥ 2^53 or so) a step no longer changes y; there the module stays where it is.
    for (let tries = 0; tries < MAX_STEPS_ASIDE && taken(p) && p.y + STEP_ASIDE !== p.y; tries++) p = { x: p.x, y: p.y + STEP_ASIDE };
    m.position = p;
    hold(p);
  }
}

/**
 * Altan, n8n and Make draw a flow left to right; Creditflow's canvas runs top to bottom (a module's
 * input above it, its output below). A source's place is turned a quarter so the flow reads as its
 * author laid it out, downwards: its x (along the flow) becomes the canvas's y, its y (across, the
 * branches) the canvas's x. Kept as drawn, every edge left the bottom of one node and looped round
 * to the top of the next beside it. Across is widened and along narrowed, as a canvas module is
 * wider than it is tall.
 */
export const TURN_ALONG = 0.6;
export const TURN_ACROSS = 1.4;

export function turnToCanvas(p: Position): Position {
  return { x: Math.round(p.y * TURN_ACROSS), y: Math.round(p.x * TURN_ALONG) };
}

function place(d: Draft): { needsLayout: boolean; layoutReason?: string } {
  for (const m of d.modules.values()) if (m.position) m.position = turnToCanvas(m.position);
  const sourced = [...d.modules.values()].filter((m) => m.source !== undefined);
  const missing = sourced.filter((m) => !m.position).length;
  const stacked = countStacked(sourced.map((m) => m.position));
  // Modules without a place still need one in the file; the layout moves them before the first paint.
  let row = 0;
  for (const m of d.modules.values()) if (!m.position) m.position = { x: 0, y: 120 * row++ };
  if (missing === 0 && stacked === 0) clearInserted(d);
  const reasons: string[] = [];
  if (missing > 0) reasons.push(`${missing} ${missing === 1 ? 'module has' : 'modules have'} no position in the source`);
  if (stacked > 0) reasons.push(`${stacked} modules sit on the same spot as another`);
  return reasons.length > 0 ? { needsLayout: true, layoutReason: reasons.join('; ') } : { needsLayout: false };
}

function toFilter(f: DraftFilter): Filter {
  const filter: Filter & { sourceCondition?: string } = { mode: f.mode, passRate: f.passRate ?? DEFAULT_FILTER_PASS_RATE };
  if (f.conditions) filter.conditions = f.conditions;
  if (f.sourceCondition) filter.sourceCondition = f.sourceCondition;
  return filter;
}

function toEdge(e: DraftEdge): Edge {
  const edge: Edge = { id: e.id, source: e.source, target: e.target };
  if (e.error) edge.error = true;
  if (e.filter) edge.filter = toFilter(e.filter);
  if (e.route) {
    const r = e.route;
    const route: NonNullable<Edge['route']> & { sourceCondition?: string } = { priority: r.priority, passRate: r.fallback ? 0 : (r.passRate ?? 1), fallback: r.fallback };
    if (r.conditions) route.conditions = r.conditions;
    if (r.sourceCondition) route.sourceCondition = r.sourceCondition;
    edge.route = route;
  }
  return edge;
}

function toModule(m: DraftModule): Module {
  // A source's place past the canvas's bounds (the field rules') is kept at the edge: the file reader would refuse it.
  const out: Record<string, unknown> = { id: m.id, type: m.type, name: m.name, position: m.position && clampPosition(m.position) };
  if (m.type === 'router') out.config = { mode: m.config?.mode === 'exclusive' ? 'exclusive' : 'standard' };
  else if (m.type === 'aggregator') out.config = { iteratorId: typeof m.config?.iteratorId === 'string' ? m.config.iteratorId : '' };
  else if (m.config && Object.keys(m.config).length > 0) out.config = m.config;
  if (m.assumptions && Object.keys(m.assumptions).length > 0) out.assumptions = m.assumptions;
  if (m.extra) for (const [k, v] of Object.entries(m.extra)) if (!(k in out)) out[k] = v;
  return out as unknown as Module;
}

function defaultsUsed(d: Draft, routeDefaults: ReadonlySet<string>): DefaultsEntry[] {
  const list: DefaultsEntry[] = [];
  const withError = new Set<string>();
  for (const e of d.edges.values()) if (e.error) withError.add(e.source);
  for (const m of d.modules.values()) {
    const set = m.assumptions ?? {};
    const keys: string[] = MODULE_KINDS[m.type].assumptions.filter((k) => set[k] === undefined);
    // A kind that already has the failure rate or pages among its assumptions lists it once.
    if (withError.has(m.id) && set.failureRate === undefined && !keys.includes('failureRate')) keys.push('failureRate');
    if (m.pages && set.pages === undefined && !keys.includes('pages')) keys.push('pages');
    if (keys.length > 0) list.push({ moduleId: m.id, keys });
  }
  for (const e of d.edges.values()) {
    if ((e.filter && e.filter.passRate === undefined) || routeDefaults.has(e.id)) list.push({ edgeId: e.id, keys: ['passRate'] });
  }
  return list;
}

/** Runs the repairs and returns the flow and its report. */
export function finishDraft(d: Draft): { flow: Flow; report: ImportReport } {
  dropDangling(d);
  oneTrigger(d);
  dropForbiddenEdges(d);
  breakCycles(d);
  splitFanOut(d);
  mergeFanIn(d);
  checkAggregators(d);
  // A dropped branch changes which loop the modules after it run in, so a branch kept by this pass
  // may break the rule in the next: again until none is dropped (each pass drops one at least).
  while (dropErrorEdgesIntoOtherLoops(d)) checkAggregators(d);
  const defaults = defaultsUsed(d, settleRoutes(d));
  const layout = place(d);
  const modules = [...d.modules.values()];
  const flow: Flow = {
    format: FLOW_FORMAT,
    version: CURRENT_VERSION,
    name: isTooLong(d.name, MAX_NAME_LENGTH) ? `${cutText(d.name, MAX_NAME_LENGTH - 1)}…` : d.name,
    settings: { ...d.settings },
    modules: modules.map(toModule),
    edges: [...d.edges.values()].map(toEdge),
  };
  const report: ImportReport = {
    format: d.format,
    name: d.name,
    modules: modules.filter((m) => m.source !== undefined).map((m) => ({ source: m.source!, id: m.id, kind: m.type, name: m.name })),
    dropped: d.dropped,
    repairs: d.repairs,
    notes: d.notes,
    defaults,
    ...layout,
  };
  return { flow, report };
}
