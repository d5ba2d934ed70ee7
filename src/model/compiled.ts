/**
 * The structure of a flow compiled to typed arrays, built in this one place and read by pricing
 * (cost/price.ts), simulated runs (cost/simulate.ts), validation (validate.ts) and the Map-based
 * view the editor uses (graph.ts): the module index of each id, each edge's two ends, the edges
 * into and out of each module (CSR), a topological order and the modules on or behind a cycle,
 * and, for a flow, what its first trigger reaches and which loop each module runs in.
 */
import { MODULE_TYPES, type Flow, type Module } from './types';
import { IdIndex } from './idIndex';
import { over, runWhole, type Work } from './stepwise';

/** A kind's code in `CompiledFlow.kinds`: its position in MODULE_TYPES. */
const KIND_CODES: ReadonlyMap<string, number> = new Map(MODULE_TYPES.map((type, code) => [type, code]));
/** The code of a kind this version does not know. */
export const UNKNOWN_KIND = 255;
const TRIGGER = MODULE_TYPES.indexOf('trigger');
const ACTION = MODULE_TYPES.indexOf('action');
const SEARCH = MODULE_TYPES.indexOf('search');
const ROUTER = MODULE_TYPES.indexOf('router');
const ITERATOR = MODULE_TYPES.indexOf('iterator');
const AGGREGATOR = MODULE_TYPES.indexOf('aggregator');

/**
 * A kind's code. The commonest kinds by comparison of strings (interned: a pointer compare each),
 * faster than a hash lookup for every module of a flow; the others by the table.
 */
function kindCode(type: string): number {
  switch (type) {
    case 'action':
      return ACTION;
    case 'search':
      return SEARCH;
    case 'router':
      return ROUTER;
    case 'iterator':
      return ITERATOR;
    case 'trigger':
      return TRIGGER;
    default:
      return KIND_CODES.get(type) ?? UNKNOWN_KIND;
  }
}

/** Each module's kind code, by index. */
export function kindCodes(modules: readonly Pick<Module, 'type'>[]): Uint8Array {
  const kinds = new Uint8Array(modules.length);
  for (let i = 0; i < modules.length; i++) kinds[i] = kindCode(modules[i]!.type);
  return kinds;
}

/** Adjacency and topological order of modules and edges given by position. */
export interface CompiledGraph {
  /**
   * Number of modules; index = position in the list compiled (a duplicate of an id keeps its
   * position but no edge leads to or from it). Holds no module objects.
   */
  size: number;
  /** The module index of each id (first occurrence). */
  index: IdIndex;
  /** Edge index → source / target module index (−1 when an end is missing). */
  edgeSource: Int32Array;
  edgeTarget: Int32Array;
  /** CSR adjacency: the edges into module v are inEdges[inStart[v] .. inStart[v + 1]), likewise out. */
  inStart: Int32Array;
  inEdges: Int32Array;
  outStart: Int32Array;
  outEdges: Int32Array;
  /**
   * Every module not on or behind a cycle, in topological order (Kahn's algorithm: modules with
   * no incoming edge in list order first, then each edge in the order of the edge list).
   */
  topological: Int32Array;
  /** 1 when the module lies on a cycle or can only be reached through one. */
  cyclic: Uint8Array;
}

/**
 * Compiles modules and edges given by position. Never throws, whatever the edges say. `index`
 * may be given when the caller has already indexed these modules' ids (positions in `modules`),
 * and with it `ends` when the caller has also looked up every edge's two ends in that index
 * (validation does, to name edges to missing modules): each edge's source and target module
 * index, none missing. They are then not looked up a second time.
 */
export function compileGraph(
  modules: readonly Pick<Module, 'id'>[],
  edges: readonly { source: string; target: string }[],
  index?: IdIndex,
  ends?: EdgeEnds,
): CompiledGraph {
  return runWhole(graphWork(modules, edges, index, ends));
}

/** Each edge's source and target module index, by edge position (compileGraph's `ends`). */
export interface EdgeEnds {
  source: Int32Array;
  target: Int32Array;
}

/** compileGraph's state between its phases. */
interface GraphBuild {
  edges: readonly { source: string; target: string }[];
  index: IdIndex;
  edgeSource: Int32Array;
  edgeTarget: Int32Array;
  inStart: Int32Array;
  outStart: Int32Array;
  inFill: Int32Array;
  outFill: Int32Array;
  queue: Int32Array;
  inEdges: Int32Array;
  outEdges: Int32Array;
  /** The end of Kahn's queue. */
  tail: number;
}

/** compileGraph as work in phases (stepwise.ts): the same graph, whole or a slice at a time. */
export function* graphWork(
  modules: readonly Pick<Module, 'id'>[],
  edges: readonly { source: string; target: string }[],
  given?: IdIndex,
  ends?: EdgeEnds,
): Work<CompiledGraph> {
  const n = modules.length;
  const en = edges.length;
  const index = given ?? new IdIndex(n);
  if (!given) yield over(n, (from, to) => addIds(index, modules, from, to));
  // One block for every list sized by the modules and edges (views into it, with scratch space
  // for the walk): one allocation instead of eight on every pass (pricing compiles on each).
  const block = new Int32Array(2 * en + 2 * (n + 1) + 3 * n);
  const scratch = 2 * en + 2 * (n + 1);
  const g: GraphBuild = {
    edges,
    index,
    edgeSource: block.subarray(0, en).fill(-1),
    edgeTarget: block.subarray(en, 2 * en).fill(-1),
    inStart: block.subarray(2 * en, 2 * en + n + 1),
    outStart: block.subarray(2 * en + n + 1, 2 * en + 2 * (n + 1)),
    inFill: block.subarray(scratch, scratch + n),
    outFill: block.subarray(scratch + n, scratch + 2 * n),
    queue: block.subarray(scratch + 2 * n, scratch + 3 * n),
    inEdges: EMPTY,
    outEdges: EMPTY,
    tail: 0,
  };
  if (given && ends) countEnds(g, ends);
  else yield over(en, (from, to) => resolveEnds(g, from, to));
  startsOfLists(g, n);
  yield over(en, (from, to) => fillLists(g, from, to));
  // Kahn's algorithm; what never reaches in-degree 0 is on or behind a cycle (the fill
  // cursors, done with, count the in-degrees down).
  yield over(n, (from, to) => seedQueue(g, from, to));
  yield { size: () => g.tail, run: (from, to) => walkQueue(g, from, to) };
  const { tail, queue } = g;
  const cyclic = new Uint8Array(n);
  if (tail < n) {
    cyclic.fill(1);
    for (let h = 0; h < tail; h++) cyclic[queue[h]!] = 0;
  }
  return {
    size: n,
    index,
    edgeSource: g.edgeSource,
    edgeTarget: g.edgeTarget,
    inStart: g.inStart,
    inEdges: g.inEdges,
    outStart: g.outStart,
    outEdges: g.outEdges,
    topological: queue.subarray(0, tail),
    cyclic,
  };
}

const EMPTY = new Int32Array(0);

/** Each item's id at its position, for items from .. to − 1. */
function addIds(index: IdIndex, items: readonly { id: string }[], from: number, to: number): void {
  for (let i = from; i < to; i++) index.add(items[i]!.id, i);
}

/** Each edge's two ends by module index, and the count of edges into and out of each module. */
function resolveEnds(g: GraphBuild, from: number, to: number): void {
  const { edges, index, edgeSource, edgeTarget, inStart, outStart } = g;
  // Edges are most often listed along the flow (a → b, then b → c): an end that is the last
  // edge's target or source is not looked up again.
  let lastSource: unknown;
  let lastTarget: unknown;
  let lastS: number | undefined;
  let lastT: number | undefined;
  for (let e = from; e < to; e++) {
    const edge = edges[e]!;
    const source = edge.source;
    const target = edge.target;
    const s = source === lastTarget ? lastT : source === lastSource ? lastS : index.get(source);
    const t = target === lastTarget ? lastT : index.get(target);
    lastSource = source;
    lastTarget = target;
    lastS = s;
    lastT = t;
    if (s === undefined || t === undefined) continue;
    edgeSource[e] = s;
    edgeTarget[e] = t;
    inStart[t + 1]!++;
    outStart[s + 1]!++;
  }
}

/** resolveEnds for ends already looked up (none missing): copied, and counted per module. */
function countEnds(g: GraphBuild, ends: EdgeEnds): void {
  const { edgeSource, edgeTarget, inStart, outStart } = g;
  edgeSource.set(ends.source);
  edgeTarget.set(ends.target);
  for (let e = 0; e < edgeSource.length; e++) {
    inStart[edgeTarget[e]! + 1]!++;
    outStart[edgeSource[e]! + 1]!++;
  }
}

/** Counts → prefix sums → CSR starts, and the lists to fill. */
function startsOfLists(g: GraphBuild, n: number): void {
  const { inStart, outStart } = g;
  for (let i = 0; i < n; i++) {
    inStart[i + 1]! += inStart[i]!;
    outStart[i + 1]! += outStart[i]!;
  }
  const edgeLists = new Int32Array(inStart[n]! + outStart[n]!);
  g.inEdges = edgeLists.subarray(0, inStart[n]!);
  g.outEdges = edgeLists.subarray(inStart[n]!);
  g.inFill.set(inStart.subarray(0, n));
  g.outFill.set(outStart.subarray(0, n));
}

function fillLists(g: GraphBuild, from: number, to: number): void {
  const { edgeSource, edgeTarget, inEdges, outEdges, inFill, outFill } = g;
  for (let e = from; e < to; e++) {
    const s = edgeSource[e]!;
    if (s < 0) continue;
    const t = edgeTarget[e]!;
    inEdges[inFill[t]!++] = e;
    outEdges[outFill[s]!++] = e;
  }
}

/** The in-degree of each module, and those with none queued in list order. */
function seedQueue(g: GraphBuild, from: number, to: number): void {
  const { inStart, queue } = g;
  const indegree = g.inFill;
  let tail = g.tail;
  for (let i = from; i < to; i++) {
    indegree[i] = inStart[i + 1]! - inStart[i]!;
    if (indegree[i] === 0) queue[tail++] = i;
  }
  g.tail = tail;
}

function walkQueue(g: GraphBuild, from: number, to: number): void {
  const { outStart, outEdges, edgeTarget, queue } = g;
  const indegree = g.inFill;
  let tail = g.tail;
  for (let head = from; head < to; head++) {
    const v = queue[head]!;
    for (let k = outStart[v]!, end = outStart[v + 1]!; k < end; k++) {
      const t = edgeTarget[outEdges[k]!]!;
      if (--indegree[t]! === 0) queue[tail++] = t;
    }
  }
  g.tail = tail;
}

/**
 * A flow's compiled structure: its graph, and what runs. Shared by pricing, simulated runs and
 * validation (which reads `closes` to find aggregators that close no loop).
 */
export interface CompiledFlow extends CompiledGraph {
  /** Module indices in topological order, only those the first trigger reaches through acyclic paths. */
  order: Int32Array;
  /** 1 when the module is reachable from the first trigger and not on/behind a cycle. */
  reached: Uint8Array;
  /** Index of the first trigger, −1 when the flow has none. */
  trigger: number;
  /** Innermost enclosing iterator of each module (−1 outside loops). For an aggregator that closes its loop, the loop it returns to. */
  loop: Int32Array;
  /** For an aggregator that closes an enclosing loop: the index of that iterator, else −1. */
  closes: Int32Array;
  /** The edge index of each edge id (first occurrence), built on first use. */
  edgeIndex: () => IdIndex;
  /** Each module's id, by index (a duplicate too). */
  ids: readonly string[];
  /** Each module's kind as its position in MODULE_TYPES (UNKNOWN_KIND for a kind this version does not know). */
  kinds: Uint8Array;
}

/**
 * Compiles the structure of a flow (index = position in `flow.modules`; duplicates of an id are
 * left out of the graph). Never throws, whatever the edges say. `built`: the graph of these very
 * modules and edges, each id once, when the caller has it (validation's: validateFlowWithGraph);
 * it is not built again.
 */
export function compileFlow(flow: Pick<Flow, 'modules' | 'edges'>, built?: CompiledGraph): CompiledFlow {
  return runWhole(compileWork(flow, built));
}

/** What compileFlow's first phase reads of every module. */
interface ModuleRead {
  modules: readonly Module[];
  index: IdIndex;
  /** Whether the ids are to be indexed here (no graph given). */
  indexing: boolean;
  kinds: Uint8Array;
  trigger: number;
  distinct: boolean;
}

/** One read of every module: its id (indexed, and kept), its kind's code and the first trigger. */
function readModules(r: ModuleRead, from: number, to: number): void {
  const { modules, index, kinds, indexing } = r;
  let trigger = r.trigger;
  let distinct = r.distinct;
  for (let i = from; i < to; i++) {
    const module = modules[i]!;
    const kind = kindCode(module.type);
    kinds[i] = kind;
    if (indexing && !index.add(module.id, i)) distinct = false;
    else if (trigger === -1 && kind === TRIGGER) trigger = i;
  }
  r.trigger = trigger;
  r.distinct = distinct;
}

/**
 * compileFlow as work in phases (stepwise.ts): the same plan, whole or a slice at a time.
 * `indexEdges`: the edge index is built here too, in phases, not on first use (a flow being
 * opened: its first look-up of an edge would index 100,000 edge ids in one task).
 */
export function* compileWork(flow: Pick<Flow, 'modules' | 'edges'>, built?: CompiledGraph, indexEdges = false): Work<CompiledFlow> {
  const modules = flow.modules ?? [];
  const edges = flow.edges ?? [];
  const n = modules.length;
  const given = built !== undefined && built.size === n && built.index.size === n && built.edgeSource.length === edges.length;
  const read: ModuleRead = { modules, index: given ? built.index : new IdIndex(n), indexing: !given, kinds: new Uint8Array(n), trigger: -1, distinct: true };
  yield over(n, (from, to) => readModules(read, from, to));
  const { index, kinds, trigger } = read;
  // Without a repeated (or missing) id, the index's ids in the order added are the modules' ids.
  const ids = read.distinct ? index.ids : modules.map((module) => module.id);
  const graph = given ? built : yield* graphWork(modules, edges, index);
  // Edges are resolved by their ends only; their own ids are indexed lazily (edgeIndex), since
  // pricing never needs them. Duplicate edge ids are a schema error (refused on import); here
  // each such edge simply counts as its own path.
  let edgeIndexCache: IdIndex | undefined;
  if (indexEdges) {
    const edgeIds = new IdIndex(edges.length);
    yield over(edges.length, (from, to) => addIds(edgeIds, edges, from, to));
    edgeIndexCache = edgeIds;
  }
  const edgeIndex = (): IdIndex => {
    if (!edgeIndexCache) {
      edgeIndexCache = new IdIndex(edges.length);
      addIds(edgeIndexCache, edges, 0, edges.length);
    }
    return edgeIndexCache;
  };

  const { order, reached, loop, closes } = yield* loopsWork(modules, graph, (v) => v === trigger, kinds);
  // One object literal with every field (not a spread of the graph): the plan keeps one stable
  // shape, read in the hot loop of every pricing pass.
  return {
    size: n,
    index,
    edgeSource: graph.edgeSource,
    edgeTarget: graph.edgeTarget,
    inStart: graph.inStart,
    inEdges: graph.inEdges,
    outStart: graph.outStart,
    outEdges: graph.outEdges,
    topological: graph.topological,
    cyclic: graph.cyclic,
    order,
    reached,
    trigger,
    loop,
    closes,
    edgeIndex,
    ids,
    kinds,
  };
}

/** What runs from the starting modules, and the loop each module runs in (see CompiledFlow). */
export interface Loops {
  /** Module indices in topological order, only those reached from a start through acyclic paths. */
  order: Int32Array;
  reached: Uint8Array;
  /** Innermost loop still open at each module (−1 outside loops); for an aggregator that closes its loop, the loop it returns to. */
  loop: Int32Array;
  /** For an aggregator that closes a loop open at it: that iterator, else −1. */
  closes: Int32Array;
}

/**
 * Follows bundles from the modules `start` accepts, in topological order: a module runs in the
 * loop of its first reached incoming path (inside the iterator itself when it comes from one); an
 * aggregator closes the loop of the iterator it names when that loop is open at it (the innermost
 * open one, or one around it, which then closes the loops inside too), and returns to the loop
 * around it. An aggregator whose iterator's loop is not open at it (already closed, or not
 * around it) closes nothing.
 */
export function followLoops(
  modules: readonly Module[],
  graph: CompiledGraph,
  start: (v: number) => boolean,
  /** Each module's kind code (compileFlow has read them already); read here when not given. */
  kinds: Uint8Array = kindCodes(modules),
): Loops {
  return runWhole(loopsWork(modules, graph, start, kinds));
}

/** followLoops's state between slices. */
interface LoopWalk extends Omit<Loops, 'order'> {
  modules: readonly Module[];
  graph: CompiledGraph;
  start: (v: number) => boolean;
  kinds: Uint8Array;
  order: Int32Array;
  count: number;
}

/** followLoops as work in phases (stepwise.ts). */
function* loopsWork(modules: readonly Module[], graph: CompiledGraph, start: (v: number) => boolean, kinds: Uint8Array): Work<Loops> {
  const { size: n, topological } = graph;
  const block = new Int32Array(2 * n + topological.length);
  const walk: LoopWalk = {
    modules,
    graph,
    start,
    kinds,
    reached: new Uint8Array(n),
    loop: block.subarray(0, n).fill(-1),
    closes: block.subarray(n, 2 * n).fill(-1),
    order: block.subarray(2 * n),
    count: 0,
  };
  yield over(topological.length, (from, to) => followBundles(walk, from, to));
  return { order: walk.order.subarray(0, walk.count), reached: walk.reached, loop: walk.loop, closes: walk.closes };
}

function followBundles(walk: LoopWalk, from: number, to: number): void {
  const { modules, graph, start, kinds, reached, loop, closes, order } = walk;
  const { index, inStart, inEdges, edgeSource, topological } = graph;
  let count = walk.count;
  for (let h = from; h < to; h++) {
    const v = topological[h]!;
    let isReached = start(v);
    let ctx = -1;
    if (!isReached) {
      for (let k = inStart[v]!, end = inStart[v + 1]!; k < end; k++) {
        const s = edgeSource[inEdges[k]!]!;
        if (reached[s] === 1) {
          isReached = true;
          ctx = kinds[s] === ITERATOR ? s : loop[s]!;
          break;
        }
      }
    }
    if (!isReached) continue;
    reached[v] = 1;
    order[count++] = v;
    const module = kinds[v] === AGGREGATOR ? modules[v]! : undefined;
    if (module?.type === 'aggregator') {
      const target = index.get(module.config?.iteratorId ?? '');
      let c = ctx;
      if (target !== undefined) while (c !== -1 && c !== target) c = loop[c]!;
      if (c !== -1 && c === target) {
        closes[v] = c;
        ctx = loop[c]!;
      }
    }
    loop[v] = ctx;
  }
  walk.count = count;
}

/**
 * The iterator whose loop is open at a module (the innermost one), by id: what a new aggregator
 * there closes. Bundles are followed from every module nothing leads into, so a flow being built
 * (no trigger yet) has loops too. Undefined outside loops, and for a module on a cycle.
 */
export function innermostOpenLoop(flow: Pick<Flow, 'modules' | 'edges'>, moduleId: string): string | undefined {
  const modules = flow.modules ?? [];
  const graph = compileGraph(modules, flow.edges ?? []);
  const v = graph.index.get(moduleId);
  if (v === undefined) return undefined;
  const { reached, loop } = followLoops(modules, graph, (u) => graph.inStart[u + 1] === graph.inStart[u]);
  if (reached[v] !== 1) return undefined;
  // The loop open where the module's bundles come from: its own `loop`, unless it closes one.
  const module = modules[v]!;
  const at = module.type === 'aggregator' ? openBefore(modules, graph, loop, v) : loop[v]!;
  return at === -1 ? undefined : modules[at]!.id;
}

/** The loop open on an aggregator's first reached incoming path (before it closes anything). */
function openBefore(modules: readonly Module[], graph: CompiledGraph, loop: Int32Array, v: number): number {
  const k = graph.inStart[v]!;
  if (k === graph.inStart[v + 1]) return -1;
  const s = graph.edgeSource[graph.inEdges[k]!]!;
  return modules[s]!.type === 'iterator' ? s : loop[s]!;
}
