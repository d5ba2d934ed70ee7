/**
 * Fixed parts of a simulated run (cost-model.md §6): the parts of a flow that draw nothing at
 * random, summed once before the runs start so that the walk can add them in one step.
 *
 * A part is what one bundle does from a point of the flow to where it ends: "module v executes
 * and the bundle goes on from it", or "one item of iterator v goes round its loop". When nothing
 * on the way draws at random (costs without ranges and with whole retries; filters and routes
 * that always or never pass; iterators with a whole number of items), the part costs the same
 * every time, module by module, so its cost for k bundles is k × the cost of one. This is exact,
 * not an approximation; only the order of the floating-point additions differs from walking
 * every execution.
 *
 * One thing still depends on where the part starts: a search pays the surcharge when its item is
 * not the first of its innermost loop's execution. Inside loops the part opens itself this is
 * settled (item 1 without, later items with), and for the loop the part starts in it is kept as
 * two figures: at the first item, and at a later item. Aggregators the part reaches that close a
 * loop it did not open are listed (`marks`): the walk hands them to that loop's execution, as it
 * does for a bundle walked step by step.
 *
 * A part with more than `cap` distinct modules is not kept (memory and set-up time stay linear in
 * the flow); the walk then goes step by step until it meets a smaller fixed part.
 *
 * Most of a flow is not a fixed part, because something further on draws (a filter, a router, a
 * fractional retry). Its plain stretches still are: a chain of plain modules whose executions draw
 * nothing, joined by edges that always pass, costs the same every time a bundle enters it. Such a
 * chain (at least two modules, at most `cap`) is kept as part 2n + v, from its first module v to
 * its last, `chainEnd[v]`; the walk adds it in one step and sends the bundle on from the last.
 *
 * Part 3n + v is "the bundle goes on from v without executing it" (v skipped by a filter), kept
 * for the loops whose items draw only at a filter on their way in (see simulate.ts).
 */

// Module kinds of the simulation plan (shared with simulate.ts).
export const K_PLAIN = 0;
export const K_ROUTER_STANDARD = 1;
export const K_ROUTER_EXCLUSIVE = 2;
export const K_ITERATOR = 3;
export const K_AGGREGATOR = 4;

// Edge filter modes.
export const F_NONE = 0;
export const F_BREAK = 1;
export const F_SKIP = 2;

/** An exclusive router's route when it is the same for every bundle: −1 the fallback, −2 drawn. */
export const ROUTE_DRAWN = -2;
export const ROUTE_FALLBACK = -1;

export interface FixedPartsInput {
  /** Modules; part ids are v ("v executes and goes on") and n + v ("one item of iterator v"). */
  n: number;
  /** Reached modules in topological order. */
  order: Int32Array;
  kind: Uint8Array;
  /** The edges a bundle may leave each module by (walkEdges[walkStart[v] .. walkStart[v + 1]]), routes by priority. */
  walkStart: Int32Array;
  walkEdges: Int32Array;
  edgeTarget: Int32Array;
  filterMode: Uint8Array;
  /** Point pass rate of each edge's filter (clamped) and whether it is a range (drawn per run). */
  filterRate: Float64Array;
  filterRanged: Uint8Array;
  routeRate: Float64Array;
  routeRanged: Uint8Array;
  isFallback: Uint8Array;
  closes: Int32Array;
  /** Per exclusive router: its route when fixed (an edge), ROUTE_FALLBACK, or ROUTE_DRAWN. */
  exclusiveRoute: Int32Array;
  /** 1 when one execution of the module draws nothing (no ranges, whole retries). */
  fixedCost: Uint8Array;
  /** Credits of one execution when fixedCost: at the first item of its loop, and at a later one (search surcharge). */
  creditFirst: Float64Array;
  creditLater: Float64Array;
  /** Iterator: its items per execution when fixed (a whole number ≥ 0), else −1. */
  fixedItems: Float64Array;
  /** Most distinct modules a kept part may hold. */
  cap: number;
}

export interface FixedParts {
  /** 1 when part `id` is fixed and kept. */
  ok: Uint8Array;
  /** Executions of one part. */
  executions: Float64Array;
  /** Credits of one part when it starts at the first item of its loop (or outside loops), and at a later item. */
  costFirst: Float64Array;
  costLater: Float64Array;
  /** Aggregators reached that close a loop the part did not open (CSR by part id). */
  marksStart: Int32Array;
  marks: Int32Array;
  /** Credits of one part module by module (CSR by part id). */
  entryStart: Int32Array;
  entryNode: Int32Array;
  entryFirst: Float64Array;
  entryLater: Float64Array;
  /** Per module v: the last module of the chain that starts at v (part 2n + v), or −1 when none is kept. */
  chainEnd: Int32Array;
}

/** A part while it is built: per module [executions, credits at a first item, credits at a later item]. */
interface Part {
  nodes: Map<number, [number, number, number]>;
  marks: number[];
}

const EMPTY: Part = { nodes: new Map(), marks: [] };

function sum(parts: Part[], cap: number): Part | null {
  if (parts.length === 1) return parts[0]!;
  const nodes = new Map<number, [number, number, number]>();
  const marks: number[] = [];
  for (const p of parts) {
    for (const [u, [e, c0, c1]] of p.nodes) {
      const have = nodes.get(u);
      if (have) {
        have[0] += e;
        have[1] += c0;
        have[2] += c1;
      } else nodes.set(u, [e, c0, c1]);
    }
    for (const a of p.marks) if (!marks.includes(a)) marks.push(a);
    if (nodes.size > cap) return null;
  }
  return { nodes, marks };
}

interface Built {
  input: FixedPartsInput;
  /** Part of "v executes and goes on", and of "the bundle goes on from v" (v skipped or done). */
  exec: (Part | null)[];
  out: (Part | null)[];
}

/**
 * Bundles along each of `edges` (filters applied), summed; null when one of them draws. A
 * top-level function rather than a closure per call: a loader that names closures (tsx's
 * keepNames) changes the shape V8 assumed for them, which throws away the optimised walk.
 */
function alongAll(b: Built, edges: number[]): Part | null {
  const { kind, edgeTarget, filterMode, filterRanged, filterRate, cap } = b.input;
  const parts: Part[] = [];
  for (const e of edges) {
    const t = edgeTarget[e]!;
    const mode = filterMode[e]!;
    let enters = true;
    if (mode !== F_NONE) {
      if (filterRanged[e] === 1) return null;
      const q = filterRate[e]!;
      if (q > 0 && q < 1) return null;
      enters = q >= 1;
    }
    let p: Part | null;
    if (enters) p = kind[t] === K_AGGREGATOR ? { nodes: new Map(), marks: [t] } : b.exec[t]!;
    else p = mode === F_BREAK ? EMPTY : b.out[t]!;
    if (!p) return null;
    parts.push(p);
  }
  return parts.length === 0 ? EMPTY : sum(parts, cap);
}

/** Builds every fixed part of the flow, in reverse topological order (no recursion). */
export function buildFixedParts(input: FixedPartsInput): FixedParts {
  const { n, order, kind, walkStart, walkEdges, routeRate, routeRanged, edgeTarget, filterMode, filterRanged, filterRate } = input;
  const { isFallback, closes, exclusiveRoute, fixedCost, creditFirst, creditLater, fixedItems, cap } = input;
  const exec: (Part | null)[] = new Array<Part | null>(n).fill(null);
  const out: (Part | null)[] = new Array<Part | null>(n).fill(null);
  const item: (Part | null)[] = new Array<Part | null>(n).fill(null);

  // (No closures here: see alongAll.)
  const built: Built = { input, exec, out };

  for (let h = order.length - 1; h >= 0; h--) {
    const v = order[h]!;
    const start = walkStart[v]!;
    const end = walkStart[v + 1]!;
    const k = kind[v]!;
    const edges: number[] = [];
    for (let i = start; i < end; i++) edges.push(walkEdges[i]!);
    let routed: Part | null = null;
    if (start === end) {
      routed = EMPTY;
    } else if (k === K_ITERATOR) {
      const one = alongAll(built, edges);
      item[v] = one;
      const items = fixedItems[v]!;
      if (one && items === 0) routed = EMPTY;
      else if (one && items >= 1) {
        // k items: the first at its first-item figure, the others at the later-item figure.
        const nodes = new Map<number, [number, number, number]>();
        for (const [u, [e, c0, c1]] of one.nodes) {
          const c = c0 + (items - 1) * c1;
          nodes.set(u, [items * e, c, c]);
        }
        const marks: number[] = [];
        const closing: number[] = [];
        for (const a of one.marks) (closes[a] === v ? closing : marks).push(a);
        // The loop's aggregators run once, after its last item, in the loop the iterator is in.
        let loopPart: Part | null = { nodes, marks };
        for (const a of closing) {
          const after = exec[a]!;
          loopPart = after && loopPart ? sum([loopPart, after], cap) : null;
        }
        routed = loopPart;
      }
    } else if (k === K_ROUTER_STANDARD) {
      const taken: number[] = [];
      let random = false;
      for (const e of edges) {
        if (isFallback[e] === 1) continue;
        if (routeRanged[e] === 1) random = true;
        const p = routeRate[e]!;
        if (p >= 1) taken.push(e);
        else if (p > 0) random = true;
      }
      if (!random) routed = alongAll(built, taken.length > 0 ? taken : edges.filter((e) => isFallback[e] === 1));
    } else if (k === K_ROUTER_EXCLUSIVE) {
      const route = exclusiveRoute[v]!;
      if (route === ROUTE_FALLBACK) routed = alongAll(built, edges.filter((e) => isFallback[e] === 1));
      else if (route !== ROUTE_DRAWN) routed = alongAll(built, [route]);
    } else {
      routed = alongAll(built, edges);
    }
    if (routed && routed.nodes.size > cap) routed = null;
    out[v] = routed;
    if (routed && fixedCost[v] === 1) {
      const own: Part = { nodes: new Map([[v, [1, creditFirst[v]!, creditLater[v]!]]]), marks: [] };
      exec[v] = sum([own, routed], cap);
    }
  }

  // Chains (see the top): from the last modules of the flow backwards, each plain module that draws
  // nothing and is not a kept part joins the chain of the module its one edge always reaches.
  const chain: (Part | null)[] = new Array<Part | null>(n).fill(null);
  const chainEnd = new Int32Array(n).fill(-1);
  const chainLength = new Int32Array(n); // 0: v cannot be in a chain
  for (let h = order.length - 1; h >= 0; h--) {
    const v = order[h]!;
    if (kind[v] !== K_PLAIN || fixedCost[v] !== 1 || exec[v]) continue;
    chainLength[v] = 1;
    if (walkStart[v + 1]! - walkStart[v]! !== 1) continue;
    const e = walkEdges[walkStart[v]!]!;
    if (filterMode[e] !== F_NONE && (filterRanged[e] === 1 || !(filterRate[e]! >= 1))) continue;
    const t = edgeTarget[e]!;
    if (chainLength[t] === 0 || chainLength[t]! >= cap) continue;
    chainLength[v] = chainLength[t]! + 1;
    chainEnd[v] = chainEnd[t] === -1 ? t : chainEnd[t]!;
    // The modules of a path are distinct (no cycles): v is not in the chain from t.
    const nodes = new Map<number, [number, number, number]>([[v, [1, creditFirst[v]!, creditLater[v]!]]]);
    const rest = chain[t];
    if (rest) for (const [u, figures] of rest.nodes) nodes.set(u, [figures[0], figures[1], figures[2]]);
    else nodes.set(t, [1, creditFirst[t]!, creditLater[t]!]);
    chain[v] = { nodes, marks: [] };
  }

  // Pack into typed arrays: part id v (exec), n + v (item), 2n + v (chain) and 3n + v (out).
  const ids = 4 * n;
  const ok = new Uint8Array(ids);
  const executions = new Float64Array(ids);
  const costFirst = new Float64Array(ids);
  const costLater = new Float64Array(ids);
  const marksStart = new Int32Array(ids + 1);
  const entryStart = new Int32Array(ids + 1);
  let markCount = 0;
  let entryCount = 0;
  for (let id = 0; id < ids; id++) {
    const p = partOf(id, n, exec, item, chain, out);
    if (!p) continue;
    markCount += p.marks.length;
    entryCount += p.nodes.size;
  }
  const marks = new Int32Array(markCount);
  const entryNode = new Int32Array(entryCount);
  const entryFirst = new Float64Array(entryCount);
  const entryLater = new Float64Array(entryCount);
  let m = 0;
  let w = 0;
  for (let id = 0; id < ids; id++) {
    marksStart[id] = m;
    entryStart[id] = w;
    const p = partOf(id, n, exec, item, chain, out);
    if (!p) continue;
    ok[id] = 1;
    let e = 0;
    let c0 = 0;
    let c1 = 0;
    for (const [u, [x, y, z]] of p.nodes) {
      entryNode[w] = u;
      entryFirst[w] = y;
      entryLater[w] = z;
      w++;
      e += x;
      c0 += y;
      c1 += z;
    }
    executions[id] = e;
    costFirst[id] = c0;
    costLater[id] = c1;
    for (const a of p.marks) marks[m++] = a;
  }
  marksStart[ids] = m;
  entryStart[ids] = w;
  return { ok, executions, costFirst, costLater, marksStart, marks, entryStart, entryNode, entryFirst, entryLater, chainEnd };
}

function partOf(id: number, n: number, exec: (Part | null)[], item: (Part | null)[], chain: (Part | null)[], out: (Part | null)[]): Part | null {
  return id < n ? exec[id]! : id < 2 * n ? item[id - n]! : id < 3 * n ? chain[id - 2 * n]! : out[id - 3 * n]!;
}

