/**
 * The plan of simulated runs: a flow compiled once, before the runs, into the typed arrays the
 * walk reads (walk.ts): module kinds and cost parameters (point values and ranges), edges with
 * their filters and routes (routes sorted by priority), the hot record of each module, the
 * flow's fixed parts (fixedParts.ts), and the stack, loop frames and draw buffer of the walk.
 */
import type { Estimate, Flow, RateCard } from '../../model/types';
import { canFail, pointOf } from '../../model/types';
import { assumptionOf } from '../../model/modules/registry';
import { compileFlow } from '../../model/compiled';
import { randomState } from '../../model/rng';
import { pricingTerms } from '../rateCard';
import {
  buildFixedParts,
  F_BREAK,
  F_SKIP,
  K_AGGREGATOR,
  K_ITERATOR,
  K_PLAIN,
  K_ROUTER_EXCLUSIVE,
  K_ROUTER_STANDARD,
  ROUTE_DRAWN,
  ROUTE_FALLBACK,
  type FixedParts,
} from '../fixedParts';
import {
  FLAG_SEARCH,
  HOT_FLAGS,
  HOT_ITEM_EDGE,
  HOT_ITEM_TARGET,
  HOT_SINGLE_EDGE,
  HOT_SINGLE_FILTER,
  HOT_SINGLE_TARGET,
  HOT_WALK_END,
  HOT_WALK_START,
  LOOP_FRAMED,
  LOOP_NOTHING,
  MARKS_NONE,
  MARKS_SEVERAL,
  R,
  VARY_CREDITS,
  VARY_DURATION,
  VARY_EXTRA,
  VARY_FAIL,
  VARY_ITERATIONS,
  VARY_PAGES,
  VARY_PAYLOAD,
  VARY_RETRIES,
  type WalkState,
} from './walk';
import { log2 } from '../log2';

/** Most distinct modules a fixed part may hold (fixedParts.ts): set-up stays linear in the flow. */
const FIXED_PART_CAP = 64;
/** Uniform numbers drawn ahead into the walk's buffer (WalkState.draws), in stream order, at least. */
const DRAW_BUFFER = 512;

function clampRate(q: number): number {
  return q < 0 ? 0 : q > 1 ? 1 : q;
}

/** Writes an estimate into three parameter arrays; returns true when it is a range with spread. */
function setParam(e: Estimate, i: number, lo: Float64Array, mid: Float64Array, hi: Float64Array): boolean {
  if (typeof e === 'number') {
    lo[i] = mid[i] = hi[i] = e;
    return false;
  }
  lo[i] = e.min;
  mid[i] = e.likely;
  hi[i] = e.max;
  return e.max > e.min;
}

/**
 * Makes the walk draw from stream `stream` of `seed` from its start (simulation/blocks.ts): the
 * generator's state is set and the numbers drawn ahead are dropped.
 */
export function startStream(w: WalkState, seed: number, stream: number): void {
  w.rng.set(randomState(seed, stream));
  w.cursor[0] = w.draws.length;
}

/**
 * Compiles the flow for the walk, priced with `rateCard`, drawing from the stream of `seed`.
 * With `walkEveryExecution` no fixed part is summed ahead (see SimulateOptions).
 */
export function compileWalk(flow: Flow, rateCard: RateCard, seed: number, walkEveryExecution: boolean): WalkState {
  const plan = compileFlow(flow);
  const modules = flow.modules;
  const edges = flow.edges;
  const n = plan.size;
  const en = edges.length;
  // One stream for the whole simulation (the same numbers as createRng(seed) would give).
  const state = randomState(seed);

  // ---- Compile the cost parameters of every module. ----
  const kind = new Uint8Array(n);
  const isSearch = new Uint8Array(n);
  const varying = new Uint8Array(n); // VARY_* bits (walk.ts)
  const attemptConst = new Float64Array(n);
  const timeFixed = new Float64Array(n);
  const payloadFixed = new Float64Array(n);
  const base = new Float64Array(n);
  const timeOn = new Uint8Array(n);
  const dLo = new Float64Array(n), dMid = new Float64Array(n), dHi = new Float64Array(n);
  const pLo = new Float64Array(n), pMid = new Float64Array(n), pHi = new Float64Array(n);
  const xLo = new Float64Array(n), xMid = new Float64Array(n), xHi = new Float64Array(n);
  const rLo = new Float64Array(n), rMid = new Float64Array(n), rHi = new Float64Array(n);
  const nLo = new Float64Array(n), nMid = new Float64Array(n), nHi = new Float64Array(n);
  const gLo = new Float64Array(n), gMid = new Float64Array(n), gHi = new Float64Array(n);
  const fLo = new Float64Array(n), fMid = new Float64Array(n), fHi = new Float64Array(n);
  const pageFixed = new Float64Array(n);
  const closes = plan.closes;
  const { exempt, kT, t0, kP, s0, sigma } = pricingTerms(rateCard);

  for (let v = 0; v < n; v++) {
    const m = modules[v]!;
    const type = m.type;
    kind[v] =
      type === 'router'
        ? m.config?.mode === 'exclusive'
          ? K_ROUTER_EXCLUSIVE
          : K_ROUTER_STANDARD
        : type === 'iterator'
          ? K_ITERATOR
          : type === 'aggregator' && closes[v] !== -1
            ? K_AGGREGATOR
            : K_PLAIN;
    isSearch[v] = type === 'search' ? 1 : 0;
    base[v] = rateCard.baseCredits[type] ?? 0;
    timeOn[v] = exempt.has(type) ? 0 : 1;
    let bits = 0;
    if (setParam(assumptionOf(m, 'durationSec'), v, dLo, dMid, dHi) && timeOn[v]) bits |= VARY_DURATION;
    if (setParam(assumptionOf(m, 'payloadKB'), v, pLo, pMid, pHi)) bits |= VARY_PAYLOAD;
    if (setParam(assumptionOf(m, 'extraCredits'), v, xLo, xMid, xHi)) bits |= VARY_EXTRA;
    if (setParam(assumptionOf(m, 'retries'), v, rLo, rMid, rHi)) bits |= VARY_RETRIES;
    if (type === 'iterator' && setParam(assumptionOf(m, 'iterations'), v, nLo, nMid, nHi)) bits |= VARY_ITERATIONS;
    // Version 3 (cost-model.md §7): a search's pages, and the failure rate of a kind that can fail.
    if (type === 'search') {
      if (setParam(assumptionOf(m, 'pages'), v, gLo, gMid, gHi)) bits |= VARY_PAGES;
      const p = gMid[v]!;
      pageFixed[v] = p > 1 ? sigma * (p - 1) : 0;
    }
    if (canFail(type)) {
      setParam(assumptionOf(m, 'failureRate'), v, fLo, fMid, fHi);
      if (fHi[v]! > 0) bits |= VARY_FAIL;
    }
    varying[v] = bits;
    const t = dMid[v]!;
    const sz = pMid[v]!;
    timeFixed[v] = timeOn[v] && t !== 0 ? kT * log2(1 + t / t0) : 0;
    payloadFixed[v] = sz !== 0 ? kP * log2(1 + sz / s0) : 0;
    attemptConst[v] = base[v]! + timeFixed[v]! + payloadFixed[v]! + xMid[v]! + pageFixed[v]!;
  }

  // ---- Edges: filters and routes; rates drawn once per run when they are ranges. ----
  const filterMode = new Uint8Array(en);
  const rate = new Float64Array(en); // this run's pass rate of the edge's filter
  const routeRate = new Float64Array(en); // this run's pass rate of the edge's route
  const rangedFilter: number[] = [];
  const rangedRoute: number[] = [];
  const filterRanged = new Uint8Array(en);
  const routeRanged = new Uint8Array(en);
  const eLo = new Float64Array(en), eMid = new Float64Array(en), eHi = new Float64Array(en);
  const qLo = new Float64Array(en), qMid = new Float64Array(en), qHi = new Float64Array(en);
  for (let e = 0; e < en; e++) {
    const edge = edges[e]!;
    if (edge.filter) {
      filterMode[e] = edge.filter.mode === 'skip' ? F_SKIP : F_BREAK;
      if (setParam(edge.filter.passRate, e, eLo, eMid, eHi)) {
        rangedFilter.push(e);
        filterRanged[e] = 1;
      }
      rate[e] = clampRate(pointOf(edge.filter.passRate));
    }
    if (edge.route && !edge.route.fallback) {
      if (setParam(edge.route.passRate, e, qLo, qMid, qHi)) {
        rangedRoute.push(e);
        routeRanged[e] = 1;
      }
      routeRate[e] = clampRate(pointOf(edge.route.passRate));
    } else if (!edge.route) {
      routeRate[e] = 1;
    }
  }

  // Outgoing edges of each module to modules the walk may enter, routes sorted by priority.
  const { outStart, outEdges, edgeTarget, reached, trigger } = plan;
  const walkStart = new Int32Array(n + 1);
  const walkEdges = new Int32Array(outEdges.length);
  const isFallback = new Uint8Array(en);
  // A module's error edge is kept apart: only a failed execution takes it (cost-model.md §7).
  const errorEdge = new Int32Array(n).fill(-1);
  {
    let w = 0;
    for (let v = 0; v < n; v++) {
      walkStart[v] = w;
      if (reached[v] !== 1) continue;
      const list: number[] = [];
      for (let k = outStart[v]!, end = outStart[v + 1]!; k < end; k++) {
        const e = outEdges[k]!;
        const t = edgeTarget[e]!;
        if (reached[t] !== 1 || t === trigger) continue;
        if (edges[e]!.error === true) {
          if (errorEdge[v] === -1 && (varying[v]! & VARY_FAIL) !== 0) errorEdge[v] = e;
          continue;
        }
        list.push(e);
      }
      if (kind[v] === K_ROUTER_STANDARD || kind[v] === K_ROUTER_EXCLUSIVE) {
        list.sort(
          (a, b) =>
            (edges[a]!.route?.priority ?? Number.POSITIVE_INFINITY) - (edges[b]!.route?.priority ?? Number.POSITIVE_INFINITY) || a - b,
        );
        for (const e of list) if (edges[e]!.route?.fallback) isFallback[e] = 1;
      }
      for (const e of list) walkEdges[w++] = e;
    }
    walkStart[n] = w;
  }

  // An exclusive router whose route is the same for every draw (the first route with a share
  // covers all of [0, 1), or no route has a share) takes it without drawing.
  const exclusiveRoute = new Int32Array(n).fill(ROUTE_DRAWN);
  for (let v = 0; v < n; v++) {
    if (kind[v] !== K_ROUTER_EXCLUSIVE) continue;
    let cum = 0;
    let route = ROUTE_FALLBACK;
    for (let i = walkStart[v]!; i < walkStart[v + 1]!; i++) {
      const e = walkEdges[i]!;
      if (isFallback[e] === 1) continue;
      if (routeRanged[e] === 1) {
        route = ROUTE_DRAWN;
        break;
      }
      cum += routeRate[e]!;
      if (cum === 0) continue;
      route = cum >= 1 ? e : ROUTE_DRAWN; // a share in (0, 1), or NaN: drawn as before
      break;
    }
    exclusiveRoute[v] = route;
  }

  // The fixed parts of the flow (see fixedParts.ts), summed once for all runs.
  let parts: FixedParts | null = null;
  if (!walkEveryExecution) {
    const fixedCost = new Uint8Array(n);
    const creditFirst = new Float64Array(n);
    const creditLater = new Float64Array(n);
    const fixedItems = new Float64Array(n).fill(-1);
    for (let v = 0; v < n; v++) {
      const r = rMid[v]!;
      if ((varying[v]! & VARY_CREDITS) === 0 && !(r - Math.floor(r) > 0)) {
        fixedCost[v] = 1;
        // The same expressions as the walk, so one execution costs the same to the last bit.
        const first = attemptConst[v]!;
        const later = first + sigma;
        creditFirst[v] = r !== 0 ? (1 + Math.floor(r)) * first : first;
        creditLater[v] = isSearch[v] !== 1 ? creditFirst[v]! : r !== 0 ? (1 + Math.floor(r)) * later : later;
      }
      if (kind[v] === K_ITERATOR && (varying[v]! & VARY_ITERATIONS) === 0) {
        const N = nMid[v]!;
        if (Number.isNaN(N) || N <= 0) fixedItems[v] = 0;
        else if (Number.isFinite(N) && N === Math.floor(N)) fixedItems[v] = N;
      }
    }
    parts = buildFixedParts({
      n,
      order: plan.order,
      kind,
      walkStart,
      walkEdges,
      edgeTarget,
      filterMode,
      filterRate: rate,
      filterRanged,
      routeRate,
      routeRanged,
      isFallback,
      closes,
      exclusiveRoute,
      fixedCost,
      creditFirst,
      creditLater,
      fixedItems,
      cap: FIXED_PART_CAP,
    });
  }

  // Hot data of each module, so that one execution on the common path reads one record of
  // each: numbers [attempt (point), retries (point)] and integers [flags, walk start, walk end, the
  // single edge to follow (−1 if not a plain one-way module), its target, its filter mode], and in
  // the first two slots of an iterator the one edge its items take (or −1) and its target. The
  // integers are kept apart so that the walk never converts a double into an index.
  const hot = new Float64Array(n * 2);
  const hotInt = new Int32Array(n * R);
  for (let v = 0; v < n; v++) {
    const o = v * R;
    hot[2 * v] = attemptConst[v]!;
    hot[2 * v + 1] = rMid[v]!;
    hotInt[o + HOT_FLAGS] = varying[v]! | (isSearch[v] === 1 ? FLAG_SEARCH : 0);
    hotInt[o + HOT_WALK_START] = walkStart[v]!;
    hotInt[o + HOT_WALK_END] = walkStart[v + 1]!;
    const single = kind[v] === K_PLAIN && walkStart[v + 1]! - walkStart[v]! === 1 ? walkEdges[walkStart[v]!]! : -1;
    hotInt[o + HOT_SINGLE_EDGE] = single;
    hotInt[o + HOT_SINGLE_TARGET] = single === -1 ? -1 : edgeTarget[single]!;
    hotInt[o + HOT_SINGLE_FILTER] = single === -1 ? 0 : filterMode[single]!;
    // An iterator's items with one way on go the same way, without the stack.
    const item = kind[v] === K_ITERATOR && walkStart[v + 1]! - walkStart[v]! === 1 ? walkEdges[walkStart[v]!]! : -1;
    hotInt[o + HOT_ITEM_EDGE] = item;
    hotInt[o + HOT_ITEM_TARGET] = item === -1 ? -1 : edgeTarget[item]!;
  }

  // ---- Walk state: everything the hot loop touches is a local typed array. ----
  // Depth-first, a bundle's pending siblings lie along one path of the DAG, so the stack never
  // holds more than one entry per edge plus one loop entry per iterator.
  const stackCap = outEdges.length + n + 16;
  const stackKind = new Uint8Array(stackCap);
  const stackModule = new Int32Array(stackCap);
  const stackFrame = new Int32Array(stackCap);
  // Loop frames, one per iterator execution in progress (at most one per iterator at a time).
  const frameCap = n + 1;
  const frameIter = new Int32Array(frameCap);
  const frameParent = new Int32Array(frameCap);
  const frameItem = new Float64Array(frameCap); // items started so far
  const frameItems = new Float64Array(frameCap); // items of this execution
  const framePending = new Int32Array(frameCap); // first aggregator reached (linked through aggNext)
  const frameSerial = new Float64Array(frameCap);
  const freeFrames = new Int32Array(frameCap);
  for (let i = 0; i < frameCap; i++) freeFrames[i] = frameCap - 1 - i;
  const aggMark = new Float64Array(n).fill(-1);
  const aggNext = new Int32Array(n);

  const nodeRun = new Float64Array(n);
  // Fixed parts (none when walking every execution): hits per part in a run are kept as counts
  // and spread over the part's modules when the run ends.
  const P = parts;
  // The most numbers one step of the walk draws: an execution's ranges and retry, then its way on
  // (a route and a filter per edge at most).
  let widest = 0;
  for (let v = 0; v < n; v++) widest = Math.max(widest, walkStart[v + 1]! - walkStart[v]!);
  const drawMargin = 12 + 2 * widest;
  const drawBuffer = Math.max(DRAW_BUFFER, 4 * drawMargin);
  const bodies = P ? itemBodies(n, kind, hotInt, varying, edgeTarget, P) : { start: new Int32Array(n + 1), last: new Int32Array(n).fill(-1), edges: new Int32Array(0) };
  // Copied onto a record of a class of its own rather than kept as the object literal: V8 makes a
  // literal's boilerplate the second time it runs, which generalises the field types of its map
  // and throws away the optimised walk that depends on them, at the start of the second
  // simulation of a process; the walk then ran for several simulations in slower on-stack-
  // replacement code (docs/performance.md, "The walk's tiering").
  const w: WalkState = Object.assign(new WalkRecord(), {
    stackKind, stackModule, stackFrame, frameIter, frameParent, frameItem, frameItems, framePending,
    frameSerial, freeFrames, aggMark, aggNext, kind, closes, hot, hotInt, varying, base, timeFixed, payloadFixed, dLo, dMid, dHi, pLo, pMid, pHi,
    xLo, xMid, xHi, rLo, rMid, rHi, nLo, nMid, nHi, gLo, gMid, gHi, pageFixed, fLo, fMid, fHi, errorEdge, rng: state, nodeRun, rate, routeRate, filterMode,
    edgeTarget, walkEdges, isFallback, exclusiveRoute,
    partOk: P ? P.ok : new Uint8Array(4 * n),
    partExecutions: P ? P.executions : new Float64Array(4 * n),
    partFirst: P ? P.costFirst : new Float64Array(4 * n),
    partLater: P ? P.costLater : new Float64Array(4 * n),
    marksStart: P ? P.marksStart : new Int32Array(4 * n + 1),
    marks: P ? P.marks : new Int32Array(0),
    partMark: P ? markOfPart(P) : new Int32Array(4 * n).fill(MARKS_NONE),
    entryStart: P ? P.entryStart : new Int32Array(4 * n + 1),
    entryNode: P ? P.entryNode : new Int32Array(0),
    entryFirst: P ? P.entryFirst : new Float64Array(0),
    entryLater: P ? P.entryLater : new Float64Array(0),
    hitFirst: new Float64Array(4 * n),
    hitLater: new Float64Array(4 * n),
    hitList: new Int32Array(4 * n),
    chainEnd: P ? P.chainEnd : new Int32Array(n).fill(-1),
    itemStart: bodies.start,
    itemLast: bodies.last,
    bodyEdge: bodies.edges,
    scratch: new Float64Array(1),
    loopEnd: P ? loopEnds(n, kind, closes, P, bodies.start, bodies.last) : new Int32Array(n).fill(LOOP_FRAMED),
    num: Float64Array.of(trigger, n, kT, t0, kP, s0, sigma, 0, 0),
    rangedFilter: Int32Array.from(rangedFilter),
    rangedRoute: Int32Array.from(rangedRoute),
    eLo, eMid, eHi, qLo, qMid, qHi,
    draws: new Float64Array(drawBuffer),
    cursor: Int32Array.of(drawBuffer),
    ints: Int32Array.of(drawMargin),
  } satisfies WalkState);

  return w;
}

/** The walk state's own class: every WalkState gets its fields in the same order from one start. */
class WalkRecord {}

/** Per part: the one aggregator it marks, MARKS_NONE, or MARKS_SEVERAL. */
function markOfPart(parts: FixedParts): Int32Array {
  const count = parts.ok.length;
  const out = new Int32Array(count);
  for (let id = 0; id < count; id++) {
    const marks = parts.marksStart[id + 1]! - parts.marksStart[id]!;
    out[id] = marks === 0 ? MARKS_NONE : marks === 1 ? parts.marks[parts.marksStart[id]!]! : MARKS_SEVERAL;
  }
  return out;
}

/** Most modules an item's body may go through before its fixed part (see itemBodies). */
const ITEM_BODY_CAP = 16;

/**
 * Per iterator whose items are not a fixed part altogether: the modules its items go through one
 * after the other before a kept fixed part (3n + last), when each is plain and without ranges (its
 * draws: the filter on the way in, fractional retries). CSR by iterator: the edges into them,
 * bodyEdge[start[v] .. start[v + 1]] (empty when the iterator has no such body), and the last module.
 */
function itemBodies(n: number, kind: Uint8Array, hotInt: Int32Array, varying: Uint8Array, edgeTarget: Int32Array, parts: FixedParts) {
  const start = new Int32Array(n + 1);
  const last = new Int32Array(n).fill(-1);
  const edges: number[] = [];
  for (let v = 0; v < n; v++) {
    start[v] = edges.length;
    if (kind[v] !== K_ITERATOR || parts.ok[n + v] === 1) continue;
    const body: number[] = [];
    let e = hotInt[v * R + HOT_ITEM_EDGE]!;
    while (e !== -1 && body.length < ITEM_BODY_CAP) {
      const t = edgeTarget[e]!;
      if (kind[t] !== K_PLAIN || (varying[t]! & VARY_CREDITS) !== 0) break;
      body.push(e);
      if (parts.ok[3 * n + t] === 1) {
        for (const b of body) edges.push(b);
        last[v] = t;
        break;
      }
      e = hotInt[t * R + HOT_SINGLE_EDGE]!; // its one edge on (−1 when none or several)
    }
  }
  start[n] = edges.length;
  return { start, last, edges: Int32Array.from(edges) };
}


/**
 * Per iterator whose items all go in one step (a fixed part, n + v, or a body before a fixed
 * part, 3n + last: see itemBodies) and reach no aggregator but its own (closes[a] = v): that
 * aggregator, or LOOP_NOTHING when they reach none; else LOOP_FRAMED.
 */
function loopEnds(n: number, kind: Uint8Array, closes: Int32Array, parts: FixedParts, itemStart: Int32Array, itemLast: Int32Array): Int32Array {
  const out = new Int32Array(n).fill(LOOP_FRAMED);
  for (let v = 0; v < n; v++) {
    if (kind[v] !== K_ITERATOR) continue;
    const id = parts.ok[n + v] === 1 ? n + v : itemStart[v] !== itemStart[v + 1] ? 3 * n + itemLast[v]! : -1;
    if (id === -1) continue;
    const from = parts.marksStart[id]!;
    const to = parts.marksStart[id + 1]!;
    if (to === from) out[v] = LOOP_NOTHING;
    else if (to === from + 1 && closes[parts.marks[from]!] === v) out[v] = parts.marks[from]!;
  }
  return out;
}
