/**
 * Simulated runs (cost-model.md §6): Monte Carlo over whole runs, seeded, bundle by bundle.
 *
 * The flow is compiled once to a plan of typed arrays (module kinds, cost parameters, edges in
 * CSR form, routes sorted by priority); each sample then walks the flow from the first trigger
 * with an explicit stack (no recursion, no allocation per bundle), depth first: the items of an
 * iterator execution are walked one after the other, and the aggregators that the loop reached
 * run once when its last item is done. Parts of the flow that draw nothing at random (a loop
 * whose items draw nothing, the rest of a path after its last draw, a chain of plain modules that
 * draw nothing) are summed once before the runs (fixedParts.ts) and added in one step: exact, only
 * the order of additions differs. A loop whose items pass through a few plain modules before a
 * fixed part goes in one step too: its items' draws (filters, fractional retries) one item after
 * the other, as the walk would draw them, then the fixed part per item; when its items reach no
 * aggregator but the loop's own, it needs no loop frame (the aggregator runs right after).
 *
 * Same seed, same numbers on every machine: all randomness comes from one sfc32 stream
 * (model/rng.ts: randomState) consumed in a fixed order, drawn ahead into a buffer (Draw.fill) that
 * the walk reads. Fixed parts draw nothing, so they leave the stream as it was; the one change
 * from walking without them is that an exclusive router whose route is the same for every draw no
 * longer draws.
 */
import type { Estimate, Flow, Module, ModuleType, PartialRateCard, RateCard } from '../model/types';
import { pointOf } from '../model/types';
import { assumptionOf } from '../model/modules/registry';
import { createRng, randomState, triangular } from '../model/rng';
import { countExecutions, rateCardOf, runsPerMonthOf, DEFAULT_RUNS_PER_MONTH } from './price';
import { compileFlow } from '../model/compiled';
import { mergeRateCard } from './rateCard';
import {
  buildFixedParts,
  F_BREAK,
  F_NONE,
  F_SKIP,
  K_AGGREGATOR,
  K_ITERATOR,
  K_PLAIN,
  K_ROUTER_EXCLUSIVE,
  K_ROUTER_STANDARD,
  ROUTE_DRAWN,
  ROUTE_FALLBACK,
  type FixedParts,
} from './fixedParts';

/**
 * Work limits. A simulated run walks every execution, so a flow whose runs execute billions of
 * modules (a loop of 10^12 items, nested loops of millions) would never finish. Before starting,
 * the expected work (executions per run × samples, ranges at their mean) is checked against
 * MAX_TOTAL_EXECUTIONS; during the walk, a single run stops at MAX_EXECUTIONS_PER_RUN. Both
 * refuse with a message instead of hanging. At ~20–50 million executions per second, the total
 * cap is about 10–20 s of work.
 */
export const MAX_TOTAL_EXECUTIONS = 3e8;
export const MAX_EXECUTIONS_PER_RUN = 5e7;
/**
 * Per-module P10/P90 come from the module's cost in at most this many (module × run) values:
 * the first ⌊cap / modules⌋ runs (all runs for small flows). Means use every run.
 */
export const NODE_QUANTILE_CAP = 4_000_000;

/** How many of `samples` runs the per-module P10/P90 of a flow of `modules` modules are taken from (the first ones). */
export function nodeQuantileRuns(samples: number, modules: number): number {
  return Math.min(samples, Math.max(1, Math.floor(NODE_QUANTILE_CAP / Math.max(1, modules))));
}
const HISTOGRAM_BINS = 30;
/** Most distinct modules a fixed part may hold (fixedParts.ts): set-up stays linear in the flow. */
const FIXED_PART_CAP = 64;

export interface SimulateOptions {
  samples: number;
  seed: number;
  /** Fields given replace the flow's own rate card (as priceFlow's option). */
  rateCard?: RateCard | PartialRateCard;
  onProgress?: (done: number, total: number) => void;
  /** Checked between runs; when it says true, the result covers the runs done so far (`stopped`). */
  shouldStop?: () => boolean;
  /**
   * Walk every execution one by one instead of adding the flow's fixed parts (fixedParts.ts) in
   * one step. Same draws in the same order, so the same runs up to floating-point rounding; much
   * slower. For tests that check the fast path against the plain walk.
   */
  walkEveryExecution?: boolean;
}

export interface SimulationNode {
  id: string;
  /** Mean credits of this module per run. */
  mean: number;
  p10: number;
  p90: number;
}

export interface SimulationResult {
  /** Runs simulated (fewer than asked when stopped). */
  samples: number;
  seed: number;
  /** Credits per run: mean, nearest-rank percentiles, and the standard error of the mean. */
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  stdError: number;
  histogram: { start: number; end: number; count: number }[];
  nodes: SimulationNode[];
  /** Credits per month: runs per month (drawn from its range) × the mean run cost. */
  perMonth: { p50: number; p90: number };
  /** Credits of every simulated run, in run order. */
  runs: Float64Array;
  /** Mean module executions per run (work done). */
  executionsPerRun: number;
  /** How many runs the per-module P10/P90 are taken from (see NODE_QUANTILE_CAP). */
  nodeQuantileSamples: number;
  /** True when `shouldStop` ended the simulation early. */
  stopped?: boolean;
}

/** Why a simulation was refused, for a person. */
export interface SimulationRefusal {
  code: 'too-much-work' | 'run-too-long' | 'bad-options';
  message: string;
}

/** Thrown by `simulate` when it refuses; `trySimulate` returns the same as a value. */
export class SimulationRefused extends Error {
  constructor(readonly refusal: SimulationRefusal) {
    super(refusal.message);
    this.name = 'SimulationRefused';
  }
}

export type SimulationOutcome = { ok: true; result: SimulationResult } | { ok: false; error: SimulationRefusal };

// Stack entry kinds.
const S_EXEC = 0;
const S_SKIP = 1;
const S_LOOP = 2;

/** Mean of an estimate (triangular mean for ranges). */
function meanOf(e: Estimate): number {
  return typeof e === 'number' ? e : (e.min + e.likely + e.max) / 3;
}

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

/** Expected executions per run with every range at its mean (the work estimate). */
export function expectedExecutionsPerRun(flow: Flow): number {
  const modules = flow.modules.map((m): Module => {
    if (m.type !== 'iterator' || typeof m.assumptions?.iterations !== 'object' || m.assumptions.iterations === null) return m;
    return { ...m, assumptions: { ...m.assumptions, iterations: meanOf(m.assumptions.iterations) } };
  });
  const edges = flow.edges.map((e) => {
    if (e.filter && typeof e.filter.passRate === 'object') return { ...e, filter: { ...e.filter, passRate: meanOf(e.filter.passRate) } };
    if (e.route && typeof e.route.passRate === 'object') return { ...e, route: { ...e.route, passRate: meanOf(e.route.passRate) } };
    return e;
  });
  const plan = compileFlow({ modules, edges });
  const { executions } = countExecutions({ modules, edges }, plan);
  let sum = 0;
  for (let i = 0; i < executions.length; i++) sum += executions[i]!;
  return sum;
}

/** Checks whether a simulation of `samples` runs would stay within the work limits. */
export function checkSimulation(flow: Flow, samples: number): SimulationRefusal | null {
  if (!Number.isInteger(samples) || samples < 1) {
    return { code: 'bad-options', message: `The number of simulated runs must be a whole number of at least 1 (got ${samples}).` };
  }
  const perRun = expectedExecutionsPerRun(flow);
  const total = perRun * samples;
  if (!(total <= MAX_TOTAL_EXECUTIONS)) {
    const fits = Math.floor(MAX_TOTAL_EXECUTIONS / Math.max(1, perRun));
    const perRunText = Number.isFinite(perRun) ? perRun.toExponential(2) : 'an unbounded number of';
    return {
      code: 'too-much-work',
      message:
        `Too much work to simulate: one run executes about ${perRunText} modules, so ${samples.toLocaleString('en-US')} runs would execute ` +
        `${Number.isFinite(total) ? total.toExponential(2) : 'unboundedly many'} (the limit is ${MAX_TOTAL_EXECUTIONS.toExponential(0)}). ` +
        (fits >= 1 ? `Simulate at most ${fits.toLocaleString('en-US')} runs, or make the loops smaller.` : 'Make the loops smaller (check the iterations of each iterator).'),
    };
  }
  return null;
}

function nearestRank(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const rank = Math.min(n, Math.max(1, Math.ceil(q * n)));
  return sorted[rank - 1]!;
}

/** Simulated runs as a value: the result, or why they were refused. Never throws for a flow that fits the types. */
export function trySimulate(flow: Flow, options: SimulateOptions): SimulationOutcome {
  try {
    return { ok: true, result: simulate(flow, options) };
  } catch (error) {
    if (error instanceof SimulationRefused) return { ok: false, error: error.refusal };
    throw error;
  }
}

/**
 * Simulates `samples` whole runs of the flow (cost-model.md §6). Throws `SimulationRefused`
 * (with a message for a person) when the work would be too large; `trySimulate` returns it as
 * a value instead.
 */
export function simulate(flow: Flow, options: SimulateOptions): SimulationResult {
  const simulation = startSimulation(flow, options);
  simulation.step(options.samples);
  return simulation.result();
}

/** Simulated runs that go a few at a time (see `startSimulation`), e.g. between other work on the page's thread. */
export interface SimulationInProgress {
  /** Runs asked for. */
  readonly total: number;
  /** Runs done so far. */
  readonly done: number;
  /**
   * Simulates up to `count` more runs (checking `shouldStop` before each); true when every run is
   * done or the simulation was stopped. Throws `SimulationRefused` when a run is too long.
   */
  step(count: number): boolean;
  /** Stops: `result` then covers the runs done (`stopped`). */
  stop(): void;
  /** The result of the runs done so far, as `simulate` gives it. */
  result(): SimulationResult;
}

/**
 * Prepares simulated runs of the flow without running any: the same numbers as `simulate` (which
 * is `startSimulation` stepped to the end), whatever the steps. Throws `SimulationRefused` at once
 * when the work would be too large.
 */
export function startSimulation(flow: Flow, options: SimulateOptions): SimulationInProgress {
  const samples = options.samples;
  const refusal = checkSimulation(flow, samples);
  if (refusal) throw new SimulationRefused(refusal);
  const rateCard = options.rateCard ? mergeRateCard(options.rateCard, rateCardOf(flow)) : rateCardOf(flow);
  const plan = compileFlow(flow);
  const modules = flow.modules;
  const edges = flow.edges;
  const n = plan.size;
  const en = edges.length;
  // One stream for the whole simulation (the same numbers as createRng(seed) would give).
  const state = randomState(options.seed);

  // ---- Compile the cost parameters of every module. ----
  const kind = new Uint8Array(n);
  const isSearch = new Uint8Array(n);
  const varying = new Uint8Array(n); // bit 1 duration, 2 payload, 4 extra, 8 retries, 16 iterations
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
  const closes = plan.closes;
  const exempt = new Set<ModuleType>(Array.isArray(rateCard.timeExempt) ? rateCard.timeExempt : []);
  const kT = rateCard.time.creditsPerDoubling;
  const t0 = rateCard.time.referenceSec;
  const kP = rateCard.payload.creditsPerDoubling;
  const s0 = rateCard.payload.referenceKB;
  const sigma = rateCard.searchIterationSurcharge;

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
    if (setParam(assumptionOf(m, 'durationSec'), v, dLo, dMid, dHi) && timeOn[v]) bits |= 1;
    if (setParam(assumptionOf(m, 'payloadKB'), v, pLo, pMid, pHi)) bits |= 2;
    if (setParam(assumptionOf(m, 'extraCredits'), v, xLo, xMid, xHi)) bits |= 4;
    if (setParam(assumptionOf(m, 'retries'), v, rLo, rMid, rHi)) bits |= 8;
    if (type === 'iterator' && setParam(assumptionOf(m, 'iterations'), v, nLo, nMid, nHi)) bits |= 16;
    varying[v] = bits;
    const t = dMid[v]!;
    const sz = pMid[v]!;
    timeFixed[v] = timeOn[v] && t !== 0 ? kT * Math.log2(1 + t / t0) : 0;
    payloadFixed[v] = sz !== 0 ? kP * Math.log2(1 + sz / s0) : 0;
    attemptConst[v] = base[v]! + timeFixed[v]! + payloadFixed[v]! + xMid[v]!;
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
  if (!options.walkEveryExecution) {
    const fixedCost = new Uint8Array(n);
    const creditFirst = new Float64Array(n);
    const creditLater = new Float64Array(n);
    const fixedItems = new Float64Array(n).fill(-1);
    for (let v = 0; v < n; v++) {
      const r = rMid[v]!;
      if ((varying[v]! & 15) === 0 && !(r - Math.floor(r) > 0)) {
        fixedCost[v] = 1;
        // The same expressions as the walk, so one execution costs the same to the last bit.
        const first = attemptConst[v]!;
        const later = first + sigma;
        creditFirst[v] = r !== 0 ? (1 + Math.floor(r)) * first : first;
        creditLater[v] = isSearch[v] !== 1 ? creditFirst[v]! : r !== 0 ? (1 + Math.floor(r)) * later : later;
      }
      if (kind[v] === K_ITERATOR && (varying[v]! & 16) === 0) {
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
    hotInt[o + 2] = varying[v]! | (isSearch[v]! << 5);
    hotInt[o + 3] = walkStart[v]!;
    hotInt[o + 4] = walkStart[v + 1]!;
    const single = kind[v] === K_PLAIN && walkStart[v + 1]! - walkStart[v]! === 1 ? walkEdges[walkStart[v]!]! : -1;
    hotInt[o + 5] = single;
    hotInt[o + 6] = single === -1 ? -1 : edgeTarget[single]!;
    hotInt[o + 7] = single === -1 ? 0 : filterMode[single]!;
    // An iterator's items with one way on go the same way, without the stack.
    const item = kind[v] === K_ITERATOR && walkStart[v + 1]! - walkStart[v]! === 1 ? walkEdges[walkStart[v]!]! : -1;
    hotInt[o] = item;
    hotInt[o + 1] = item === -1 ? -1 : edgeTarget[item]!;
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
  const nodeSum = new Float64Array(n);
  const runs = new Float64Array(samples);
  const quantileRuns = nodeQuantileRuns(samples, n);
  // Sample-major: run s of module v at s * n + v.
  const samplesBuffer = takeSamplesBuffer(n * quantileRuns);
  const nodeSamples = samplesBuffer.length === n * quantileRuns ? samplesBuffer : samplesBuffer.subarray(0, n * quantileRuns);
  let final: SimulationResult | null = null;
  let totalExecutions = 0;

  let stopped = false;
  let done = 0;
  const progressEvery = Math.max(1, Math.floor(samples / 100));
  // Fixed parts (none when walking every execution): hits per part in a run are kept as counts
  // and spread over the part's modules when the run ends.
  const P = parts;
  // The most numbers one step of the walk draws: an execution's ranges and retry, then its way on
  // (a route and a filter per edge at most).
  let widest = 0;
  for (let v = 0; v < n; v++) widest = Math.max(widest, walkStart[v + 1]! - walkStart[v]!);
  const drawMargin = 8 + 2 * widest;
  const drawBuffer = Math.max(DRAW_BUFFER, 4 * drawMargin);
  const bodies = P ? itemBodies(n, kind, hotInt, varying, edgeTarget, P) : { start: new Int32Array(n + 1), last: new Int32Array(n).fill(-1), edges: new Int32Array(0) };
  const w: WalkState = {
    stackKind, stackModule, stackFrame, frameIter, frameParent, frameItem, frameItems, framePending,
    frameSerial, freeFrames, aggMark, aggNext, kind, closes, hot, hotInt, varying, base, timeFixed, payloadFixed, dLo, dMid, dHi, pLo, pMid, pHi,
    xLo, xMid, xHi, rLo, rMid, rHi, nLo, nMid, nHi, rng: state, nodeRun, rate, routeRate, filterMode,
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
  };

  return {
    total: samples,
    get done() {
      return done;
    },
    step(count: number): boolean {
      const until = Math.min(samples, done + Math.max(0, Math.floor(count)));
      for (let s = done; s < until && !stopped; s++) {
        if (options.shouldStop?.()) {
          stopped = true;
          break;
        }
        if (s <= quantileRuns) nodeRun.fill(0);
        const runTotal = walkRun(w);
        const executions = w.num[NUM_EXECUTIONS]!;
        totalExecutions += executions;
        runs[s] = runTotal;
        if (s < quantileRuns) {
          // Kept per run for the module percentiles; later runs just accumulate (see below).
          keepRun(nodeRun, nodeSamples, s * n, nodeSum);
        }
        done = s + 1;
        if (options.onProgress && (done % progressEvery === 0 || done === samples)) options.onProgress(done, samples);
      }
      return stopped || done >= samples;
    },
    stop(): void {
      stopped = true;
    },
    result(): SimulationResult {
      if (final) return final;
      // Runs after the first `quantileRuns` accumulated into nodeRun without a reset.
      const sums = nodeSum.slice();
      if (done > quantileRuns) for (let v = 0; v < n; v++) sums[v] = sums[v]! + nodeRun[v]!;
      const result = summarise(flow, {
        runs: runs.subarray(0, done).slice(),
        seed: options.seed,
        nodeSum: sums,
        nodeSamples,
        quantileRuns: Math.min(quantileRuns, done),
        totalExecutions,
        stopped: stopped && done < samples,
      });
      if (stopped || done >= samples) {
        // Finished: keep the answer and hand the samples buffer to the next simulation.
        final = result;
        giveSamplesBuffer(samplesBuffer);
      }
      return result;
    },
  };
}

/**
 * One spare buffer for the per-module samples (up to NODE_QUANTILE_CAP numbers, 16 MB): fresh
 * memory costs the first touch of every page, about 60 ms per simulation on a small VM. A
 * simulation takes it (so two never share it) and gives it back when it has its result; one that
 * is abandoned half way simply never gives it back.
 */
let spareSamples: Float32Array | null = null;

function takeSamplesBuffer(size: number): Float32Array {
  const spare = spareSamples;
  if (spare && spare.length >= size && spare.length <= 4 * size + 1024) {
    spareSamples = null;
    return spare;
  }
  return new Float32Array(size);
}

function giveSamplesBuffer(buffer: Float32Array): void {
  if (buffer.length <= NODE_QUANTILE_CAP) spareSamples = buffer;
}

/**
 * Keeps one run's credits per module for the percentiles and adds them to the sums. A function of
 * its own so that it is optimised on its own (inside simulate's sample loop it ran unoptimised and
 * boxed every number), and a loop rather than `set`, which is slow between element types.
 */
function keepRun(nodeRun: Float64Array, nodeSamples: Float32Array, at: number, nodeSum: Float64Array): void {
  for (let v = 0; v < nodeRun.length; v++) {
    const c = nodeRun[v]!;
    nodeSamples[at + v] = c;
    nodeSum[v] = nodeSum[v]! + c;
  }
}

/** Everything one run's walk reads and writes (see walkRun). */
interface WalkState {
  stackKind: Uint8Array;
  stackModule: Int32Array;
  stackFrame: Int32Array;
  frameIter: Int32Array;
  frameParent: Int32Array;
  frameItem: Float64Array;
  frameItems: Float64Array;
  framePending: Int32Array;
  frameSerial: Float64Array;
  freeFrames: Int32Array;
  aggMark: Float64Array;
  aggNext: Int32Array;
  kind: Uint8Array;
  closes: Int32Array;
  hot: Float64Array;
  hotInt: Int32Array;
  varying: Uint8Array;
  base: Float64Array;
  /** Time and payload parts of one attempt at the point values (used where they are not ranges). */
  timeFixed: Float64Array;
  payloadFixed: Float64Array;
  dLo: Float64Array;
  dMid: Float64Array;
  dHi: Float64Array;
  pLo: Float64Array;
  pMid: Float64Array;
  pHi: Float64Array;
  xLo: Float64Array;
  xMid: Float64Array;
  xHi: Float64Array;
  rLo: Float64Array;
  rMid: Float64Array;
  rHi: Float64Array;
  nLo: Float64Array;
  nMid: Float64Array;
  nHi: Float64Array;
  /** The generator's state (model/rng.ts randomState), ahead of the draw buffer by its numbers. */
  rng: Int32Array;
  /** Uniform numbers drawn ahead from `rng` (see Draw.fill), used from cursor[0] on. */
  draws: Float64Array;
  cursor: Int32Array;
  /** Integers of the walk: see INT_DRAW_MARGIN. */
  ints: Int32Array;
  /** Where Draw.triangularAt writes its draw. */
  scratch: Float64Array;
  nodeRun: Float64Array;
  rate: Float64Array;
  routeRate: Float64Array;
  filterMode: Uint8Array;
  edgeTarget: Int32Array;
  walkEdges: Int32Array;
  isFallback: Uint8Array;
  exclusiveRoute: Int32Array;
  partOk: Uint8Array;
  partExecutions: Float64Array;
  partFirst: Float64Array;
  partLater: Float64Array;
  marksStart: Int32Array;
  marks: Int32Array;
  /** Per part: its one aggregator mark, MARKS_NONE or MARKS_SEVERAL. */
  partMark: Int32Array;
  entryStart: Int32Array;
  entryNode: Int32Array;
  entryFirst: Float64Array;
  entryLater: Float64Array;
  hitFirst: Float64Array;
  hitLater: Float64Array;
  hitList: Int32Array;
  /** Per module: the last module of the chain from it (part 2n + v), or −1 (fixedParts.ts). */
  chainEnd: Int32Array;
  /** Per iterator: the modules its items go through before a fixed part, as edges (see itemBodies), and the last of them. */
  itemStart: Int32Array;
  itemLast: Int32Array;
  bodyEdge: Int32Array;
  /** Per iterator: the one aggregator its items reach when they go in one step and need no loop frame, LOOP_NOTHING, or LOOP_FRAMED (see loopEnds). */
  loopEnd: Int32Array;
  /**
   * The numbers of the walk, in an array so that the object's shape never changes with their
   * values (a field that goes from a small integer to a double changes it, which throws away the
   * optimised walk): see the NUM_* indices.
   */
  num: Float64Array;
  /** Edges whose filter / route pass rate is a range (drawn once per run), and those ranges. */
  rangedFilter: Int32Array;
  rangedRoute: Int32Array;
  eLo: Float64Array;
  eMid: Float64Array;
  eHi: Float64Array;
  qLo: Float64Array;
  qMid: Float64Array;
  qHi: Float64Array;
}

// Indices into WalkState.num.
const NUM_TRIGGER = 0;
const NUM_MODULES = 1;
const NUM_KT = 2;
const NUM_T0 = 3;
const NUM_KP = 4;
const NUM_S0 = 5;
const NUM_SIGMA = 6;
/** Serial number of the next loop execution (never reused, so aggregator marks never collide). */
const NUM_SERIAL = 7;
/** Executions of the last run. */
const NUM_EXECUTIONS = 8;

/** Hot data of a module in the walk: [attempt (point), retries (point), flags, walk start, walk end, single edge, its target, its filter mode]. */
const R = 8;

function runTooLong(): SimulationRefused {
  return new SimulationRefused({
    code: 'run-too-long',
    message: `One simulated run executed more than ${MAX_EXECUTIONS_PER_RUN.toExponential(0)} modules, so the simulation stopped. Make the loops smaller (check the iterations of each iterator, including the maximum of ranges).`,
  });
}

const MARKS_NONE = -2;
const MARKS_SEVERAL = -1;

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

/**
 * Hands the aggregators that fixed part `id` reaches to their loops' executions, seen from loop
 * frame f (each runs once when that execution ends). False, and nothing done, when one of those
 * loops is not running: the part is then walked step by step, where such an aggregator runs as a
 * plain module.
 */
function placeMarks(w: WalkState, id: number, f: number): boolean {
  const { marksStart, marks, closes, frameIter, frameParent, aggMark, aggNext, framePending, frameSerial } = w;
  const from = marksStart[id]!;
  const to = marksStart[id + 1]!;
  for (let i = from; i < to; i++) {
    const iterator = closes[marks[i]!]!;
    let g = f;
    while (g !== -1 && frameIter[g] !== iterator) g = frameParent[g]!;
    if (g === -1) return false;
  }
  for (let i = from; i < to; i++) {
    const a = marks[i]!;
    const iterator = closes[a]!;
    let g = f;
    while (g !== -1 && frameIter[g] !== iterator) g = frameParent[g]!;
    if (aggMark[a] !== frameSerial[g]) {
      aggMark[a] = frameSerial[g]!;
      aggNext[a] = framePending[g]!;
      framePending[g] = a;
    }
  }
  return true;
}

/** True when every aggregator that part `id` reaches closes a loop running at frame f (see placeMarks). */
function marksPlaceable(w: WalkState, id: number, f: number): boolean {
  const { marksStart, marks, closes, frameIter, frameParent } = w;
  for (let i = marksStart[id]!, end = marksStart[id + 1]!; i < end; i++) {
    const iterator = closes[marks[i]!]!;
    let g = f;
    while (g !== -1 && frameIter[g] !== iterator) g = frameParent[g]!;
    if (g === -1) return false;
  }
  return true;
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
    let e = hotInt[v * R]!;
    while (e !== -1 && body.length < ITEM_BODY_CAP) {
      const t = edgeTarget[e]!;
      if (kind[t] !== K_PLAIN || (varying[t]! & 15) !== 0) break;
      body.push(e);
      if (parts.ok[3 * n + t] === 1) {
        for (const b of body) edges.push(b);
        last[v] = t;
        break;
      }
      e = hotInt[t * R + 5]!; // its one edge on (−1 when none or several)
    }
  }
  start[n] = edges.length;
  return { start, last, edges: Int32Array.from(edges) };
}

/** loopEnd: the loop needs a frame (items walked, or aggregators of other loops reached). */
const LOOP_FRAMED = -1;
/** loopEnd: the items, all in one step, reach no aggregator. */
const LOOP_NOTHING = -2;

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

/** Uniform numbers drawn ahead into the walk's buffer (WalkState.draws), in stream order, at least. */
const DRAW_BUFFER = 512;
/** Index into WalkState.ints: the most numbers one step of the walk draws. */
const INT_DRAW_MARGIN = 0;

/**
 * model/rng.ts's generator (nextRandom), here in the walk's own module and as methods of an object:
 * V8 inlines calls only to plain functions, and a top-level function that a loader renames (tsx and
 * esbuild's keepNames wrap every named function in `__name`, which redefines its `name`) is not one;
 * object methods are left alone. The walk takes its uniform numbers from a buffer that `fill`
 * refills with the next DRAW_BUFFER numbers of the stream: the same numbers in the same order as
 * drawing them one by one, at a load per draw in the walk instead of a step of the generator.
 */
const Draw = {
  /** Writes the next numbers of the stream (sfc32, as model/rng.ts nextRandom) into `out`. */
  fill(st: Int32Array, out: Float64Array): void {
    let a = st[0]!;
    let b = st[1]!;
    let c = st[2]!;
    let d = st[3]!;
    for (let i = 0; i < out.length; i++) {
      const t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (((c << 21) | (c >>> 11)) + t) | 0;
      out[i] = (t >>> 0) * 2.3283064365386963e-10; // × 2^-32, exact
    }
    st[0] = a;
    st[1] = b;
    st[2] = c;
    st[3] = d;
  },
  /**
   * A triangular draw (lo[i], mid[i], hi[i]) from the uniform number u[at], written to out[0];
   * returns how many numbers it used (0 when the range has no spread). Arrays and integers in and
   * out, so that a call the compiler does not inline allocates nothing (a double passed or
   * returned would be boxed on the heap, millions of times per simulation).
   */
  triangularAt(u: Float64Array, at: number, lo: Float64Array, mid: Float64Array, hi: Float64Array, i: number, out: Float64Array): number {
    const min = lo[i]!;
    const likely = mid[i]!;
    const max = hi[i]!;
    const span = max - min;
    if (!(span > 0)) {
      out[0] = likely;
      return 0;
    }
    const x = u[at]!;
    const f = (likely - min) / span;
    out[0] = x < f ? min + Math.sqrt(x * span * (likely - min)) : max - Math.sqrt((1 - x) * span * (max - likely));
    return 1;
  },
};

/**
 * One simulated run, walked from the trigger; returns its credits and leaves its executions in
 * `w.executions` and its credits per module in `w.nodeRun` (added to what is there). A top-level
 * function whose every array is a local: reads of arrays captured by a closure, or of imported
 * constants, cost a check on every use in this, the hottest loop of the engine.
 */
function walkRun(w: WalkState): number {
  const {
    stackKind, stackModule, stackFrame, frameIter, frameParent, frameItem, frameItems, framePending,
    frameSerial, freeFrames, aggMark, aggNext, kind, closes, hot, hotInt, varying, base, timeFixed, payloadFixed, dLo, dMid, dHi, pLo, pMid, pHi,
    xLo, xMid, xHi, rLo, rMid, rHi, nLo, nMid, nHi, rng, nodeRun, rate, routeRate, filterMode,
    edgeTarget, walkEdges, isFallback, exclusiveRoute, partOk, partExecutions, partFirst, partLater, marksStart,
    entryStart, entryNode, entryFirst, entryLater, hitFirst, hitLater, hitList, num, partMark,
    rangedFilter, rangedRoute, eLo, eMid, eHi, qLo, qMid, qHi, draws, cursor, chainEnd, ints, itemStart, itemLast, bodyEdge, loopEnd, scratch,
  } = w;
  const MAX_EXECUTIONS = MAX_EXECUTIONS_PER_RUN;
  // The next unused number of the draw buffer (its length: all used).
  let ri = cursor[0]!;
  // Pass rates given as ranges: drawn once per run (filters first, then routes), clamped to 0..1.
  for (let i = 0; i < rangedFilter.length; i++) {
    const e = rangedFilter[i]!;
    if (ri === draws.length) {
      Draw.fill(rng, draws);
      ri = 0;
    }
    ri += Draw.triangularAt(draws, ri, eLo, eMid, eHi, e, scratch);
    const q = scratch[0]!;
    rate[e] = q < 0 ? 0 : q > 1 ? 1 : q;
  }
  for (let i = 0; i < rangedRoute.length; i++) {
    const e = rangedRoute[i]!;
    if (ri === draws.length) {
      Draw.fill(rng, draws);
      ri = 0;
    }
    ri += Draw.triangularAt(draws, ri, qLo, qMid, qHi, e, scratch);
    const q = scratch[0]!;
    routeRate[e] = q < 0 ? 0 : q > 1 ? 1 : q;
  }
  const trigger = num[NUM_TRIGGER]!;
  const n = num[NUM_MODULES]!;
  const kT = num[NUM_KT]!;
  const t0 = num[NUM_T0]!;
  const kP = num[NUM_KP]!;
  const s0 = num[NUM_S0]!;
  const sigma = num[NUM_SIGMA]!;
  const chainBase = 2 * n;
  const skipBase = 3 * n;
  const drawCount = draws.length;
  const drawLimit = drawCount - ints[INT_DRAW_MARGIN]!;
  let freeCount = freeFrames.length;
  let serial = num[NUM_SERIAL]!;
  let runTotal = 0;
  let executions = 0;
  let hits = 0;
  let sp = 0;
  if (trigger !== -1) {
    stackKind[0] = S_EXEC;
    stackModule[0] = trigger;
    stackFrame[0] = -1;
    sp = 1;
  }
  while (sp > 0) {
    sp--;
    let sk = stackKind[sp]!;
    let v = stackModule[sp]!;
    let f = stackFrame[sp]!;
    // One bundle; a plain module with a single way on continues here without the stack.
    walk: for (;;) {
      // Every step finds at least `margin` unused numbers in the buffer (the most one step draws):
      // the rest of the buffer moves to its start and the stream fills the rest. Done here, in
      // place, so that the loop calls no function (a call makes V8 check every array again).
      if (ri > drawLimit) {
        let j = 0;
        for (let i = ri; i < drawCount; i++) draws[j++] = draws[i]!;
        let a = rng[0]!;
        let b = rng[1]!;
        let c = rng[2]!;
        let d = rng[3]!;
        for (; j < drawCount; j++) {
          const t = (((a + b) | 0) + d) | 0;
          d = (d + 1) | 0;
          a = b ^ (b >>> 9);
          b = (c + (c << 3)) | 0;
          c = (((c << 21) | (c >>> 11)) + t) | 0;
          draws[j] = (t >>> 0) * 2.3283064365386963e-10; // × 2^-32, exact
        }
        rng[0] = a;
        rng[1] = b;
        rng[2] = c;
        rng[3] = d;
        ri = 0;
      }
      let emitItem = false;
      if (sk === S_LOOP) {
        // f is a loop frame of iterator v: start its next item, or close the loop.
        const item = frameItem[f]!;
        if (item < frameItems[f]!) {
          frameItem[f] = item + 1;
          stackKind[sp] = S_LOOP;
          stackModule[sp] = v;
          stackFrame[sp] = f;
          sp++;
          // The item leaves the iterator along its edges (filters applied), in loop frame f.
          emitItem = true;
        } else {
          const parent = frameParent[f]!;
          const pendingAggregator = framePending[f]!;
          freeFrames[freeCount++] = f;
          if (pendingAggregator === -1) break walk;
          // Run the first pending aggregator now; the others go back on the stack as bundles
          // that are marked to run (S_EXEC with closes ignored: they are no longer in the loop).
          for (let a = aggNext[pendingAggregator]!; a !== -1; a = aggNext[a]!) {
            stackKind[sp] = S_EXEC;
            stackModule[sp] = a;
            stackFrame[sp] = parent;
            sp++;
          }
          v = pendingAggregator;
          f = parent;
          sk = S_EXEC;
        }
      } else if (sk === S_EXEC && kind[v] === K_AGGREGATOR) {
        // Find the execution of the loop this aggregator closes; it runs once when that ends.
        const target = closes[v]!;
        let g = f;
        while (g !== -1 && frameIter[g] !== target) g = frameParent[g]!;
        if (g !== -1) {
          if (aggMark[v] !== frameSerial[g]) {
            aggMark[v] = frameSerial[g]!;
            aggNext[v] = framePending[g]!;
            framePending[g] = v;
          }
          break walk;
        }
      }

      if (sk === S_EXEC) {
        // ---- A fixed part from here: add it in one step. ----
        let placed = partOk[v] === 1;
        if (placed) {
          // Its aggregators go to their loop's execution; one aggregator (the common case: the
          // end of a loop body) is placed here, several by placeMarks.
          const m = partMark[v]!;
          if (m >= 0) {
            const iterator = closes[m]!;
            let g = f;
            while (g !== -1 && frameIter[g] !== iterator) g = frameParent[g]!;
            if (g === -1) placed = false;
            else if (aggMark[m] !== frameSerial[g]) {
              aggMark[m] = frameSerial[g]!;
              aggNext[m] = framePending[g]!;
              framePending[g] = m;
            }
          } else if (m === MARKS_SEVERAL) placed = placeMarks(w, v, f);
        }
        if (placed) {
          if (hitFirst[v] === 0 && hitLater[v] === 0) hitList[hits++] = v;
          if (f !== -1 && frameItem[f]! > 1) {
            runTotal += partLater[v]!;
            hitLater[v]!++;
          } else {
            runTotal += partFirst[v]!;
            hitFirst[v]!++;
          }
          executions += partExecutions[v]!;
          if (executions > MAX_EXECUTIONS) throw runTooLong();
          break walk;
        }
        const last = chainEnd[v]!;
        if (last !== -1) {
          // ---- A chain of modules that draw nothing, up to `last`: in one step, then on from `last`. ----
          const id = chainBase + v;
          if (hitFirst[id] === 0 && hitLater[id] === 0) hitList[hits++] = id;
          if (f !== -1 && frameItem[f]! > 1) {
            runTotal += partLater[id]!;
            hitLater[id]!++;
          } else {
            runTotal += partFirst[id]!;
            hitFirst[id]!++;
          }
          executions += partExecutions[id]!;
          if (executions > MAX_EXECUTIONS) throw runTooLong();
          v = last;
        } else {
          // ---- One execution of v in loop frame f. ----
          executions++;
          const o = v * R;
          const flags = hotInt[o + 2]!;
          const bits = flags & 31;
          let attempt: number;
          if ((bits & 7) === 0) attempt = hot[2 * v]!;
          else {
            // Only what is a range is drawn and recomputed; the rest is the module's fixed figure.
            let timePart = timeFixed[v]!;
            let payloadPart = payloadFixed[v]!;
            let x = xMid[v]!;
            if (bits & 1) {
              let t: number;
              {
                const min = dLo[v]!;
                const likely = dMid[v]!;
                const max = dHi[v]!;
                const span = max - min;
                if (span > 0) {
                  const u = draws[ri++]!;
                  t = u < (likely - min) / span ? min + Math.sqrt(u * span * (likely - min)) : max - Math.sqrt((1 - u) * span * (max - likely));
                } else t = likely;
              }
              timePart = t !== 0 ? kT * Math.log2(1 + t / t0) : 0;
            }
            if (bits & 2) {
              let sz: number;
              {
                const min = pLo[v]!;
                const likely = pMid[v]!;
                const max = pHi[v]!;
                const span = max - min;
                if (span > 0) {
                  const u = draws[ri++]!;
                  sz = u < (likely - min) / span ? min + Math.sqrt(u * span * (likely - min)) : max - Math.sqrt((1 - u) * span * (max - likely));
                } else sz = likely;
              }
              payloadPart = sz !== 0 ? kP * Math.log2(1 + sz / s0) : 0;
            }
            if (bits & 4) {
              {
                const min = xLo[v]!;
                const likely = xMid[v]!;
                const max = xHi[v]!;
                const span = max - min;
                if (span > 0) {
                  const u = draws[ri++]!;
                  x = u < (likely - min) / span ? min + Math.sqrt(u * span * (likely - min)) : max - Math.sqrt((1 - u) * span * (max - likely));
                } else x = likely;
              }
            }
            attempt = base[v]! + timePart + payloadPart + x;
          }
          // Surcharge: a search whose item is not the first of its innermost loop's execution.
          if (flags & 32 && f !== -1 && frameItem[f]! > 1) attempt += sigma;
          let r = hot[2 * v + 1]!;
          if (bits & 8) {
            {
              const min = rLo[v]!;
              const likely = rMid[v]!;
              const max = rHi[v]!;
              const span = max - min;
              if (span > 0) {
                const u = draws[ri++]!;
                r = u < (likely - min) / span ? min + Math.sqrt(u * span * (likely - min)) : max - Math.sqrt((1 - u) * span * (max - likely));
              } else r = likely;
            }
          }
          let c = attempt;
          if (r !== 0) {
            let k = Math.floor(r);
            const frac = r - k;
            if (frac > 0) {
              if (draws[ri++]! < frac) k++;
            }
            c = (1 + k) * attempt;
          }
          nodeRun[v] = nodeRun[v]! + c;
          runTotal += c;
          if (executions > MAX_EXECUTIONS) throw runTooLong();
        }
      }

      // ---- Send the bundle on from v. ----
      const ho = v * R;
      // The common case: one way on (a plain module, or an iterator's item). Follow it here (its
      // filter applied) instead of stacking it: the same order as pushing it and popping it next.
      const single = emitItem ? hotInt[ho]! : hotInt[ho + 5]!;
      if (single !== -1) {
        const mode = emitItem ? filterMode[single]! : hotInt[ho + 7]!;
        sk = S_EXEC;
        if (mode !== F_NONE) {
          const q = rate[single]!;
          let pass = q >= 1;
          if (!pass && q > 0) {
            pass = draws[ri++]! < q;
          }
          if (!pass) {
            if (mode === F_BREAK) break walk;
            sk = S_SKIP;
          }
        }
        v = emitItem ? hotInt[ho + 1]! : hotInt[ho + 6]!;
        continue walk;
      }
      const start = hotInt[ho + 3]!;
      const end = hotInt[ho + 4]!;
      if (start === end) break walk;
      const k = kind[v]!;
      if (k === K_ITERATOR && !emitItem) {
        // A new execution of the iterator: draw N, emit ⌊N⌋ items plus one with probability N − ⌊N⌋.
        let N = nMid[v]!;
        if (varying[v]! & 16) {
          {
            const min = nLo[v]!;
            const likely = nMid[v]!;
            const max = nHi[v]!;
            const span = max - min;
            if (span > 0) {
              const u = draws[ri++]!;
              N = u < (likely - min) / span ? min + Math.sqrt(u * span * (likely - min)) : max - Math.sqrt((1 - u) * span * (max - likely));
            } else N = likely;
          }
        }
        let items = Math.floor(N);
        const frac = N - items;
        if (frac > 0) {
          if (draws[ri++]! < frac) items++;
        }
        if (!(items > 0)) break walk;
        // A loop whose items all go in this step and reach at most its own aggregator needs no
        // loop frame: that aggregator runs right after, as it would when the loop closes.
        const closeWith = loopEnd[v]!;
        let frame = -1;
        if (closeWith === LOOP_FRAMED) {
          frame = freeFrames[--freeCount]!;
          frameIter[frame] = v;
          frameParent[frame] = f;
          frameItem[frame] = 0;
          frameItems[frame] = items;
          framePending[frame] = -1;
          frameSerial[frame] = serial++;
        }
        const id = n + v;
        if (partOk[id] === 1 && (frame === -1 || marksStart[id] === marksStart[id + 1] || placeMarks(w, id, frame))) {
          // Items that draw nothing: the first at its figure, the others at the later-item figure.
          if (frame !== -1) frameItem[frame] = items;
          if (hitFirst[id] === 0 && hitLater[id] === 0) hitList[hits++] = id;
          hitFirst[id]!++;
          hitLater[id] = hitLater[id]! + (items - 1);
          runTotal += partFirst[id]! + (items - 1) * partLater[id]!;
          executions += items * partExecutions[id]!;
          if (executions > MAX_EXECUTIONS) throw runTooLong();
          if (frame === -1) {
            if (closeWith === LOOP_NOTHING) break walk;
            v = closeWith;
            sk = S_EXEC;
            continue walk;
          }
        } else if (itemStart[v]! !== itemStart[v + 1]! && (frame === -1 || marksPlaceable(w, skipBase + itemLast[v]!, frame))) {
          // Items that go through a few plain modules without ranges before a fixed part (see
          // itemBodies): each item walks them here, in the walk's order and with its draws (the
          // filter on the way into each, fractional retries), then costs the fixed part after
          // the last of them (3n + last).
          const from = itemStart[v]!;
          const to = itemStart[v + 1]!;
          let cost = 0;
          let ran = 0;
          let onFirst = 0;
          let onLater = 0;
          for (let i = 0; i < items; i++) {
            let alive = true;
            for (let j = from; j < to; j++) {
              const e = bodyEdge[j]!;
              const mode = filterMode[e]!;
              let enter = true;
              if (mode !== F_NONE) {
                const q = rate[e]!;
                enter = q >= 1;
                if (!enter && q > 0) {
                  if (ri === drawCount) {
                    Draw.fill(rng, draws);
                    ri = 0;
                  }
                  enter = draws[ri++]! < q;
                }
                if (!enter && mode === F_BREAK) {
                  alive = false;
                  break;
                }
              }
              if (enter) {
                const t = edgeTarget[e]!;
                let attempt = hot[2 * t]!;
                if (i > 0 && hotInt[t * R + 2]! & 32) attempt += sigma;
                const r = hot[2 * t + 1]!;
                let c = attempt;
                if (r !== 0) {
                  let k = Math.floor(r);
                  const frac = r - k;
                  if (frac > 0) {
                    if (ri === drawCount) {
                      Draw.fill(rng, draws);
                      ri = 0;
                    }
                    if (draws[ri++]! < frac) k++;
                  }
                  c = (1 + k) * attempt;
                }
                cost += c;
                nodeRun[t] = nodeRun[t]! + c;
                if (++ran + executions > MAX_EXECUTIONS) throw runTooLong();
              }
            }
            if (!alive) continue;
            if (i === 0) onFirst = 1;
            else onLater++;
          }
          if (frame !== -1) frameItem[frame] = items;
          runTotal += cost;
          executions += ran;
          if (onFirst + onLater > 0) {
            const o = skipBase + itemLast[v]!;
            if (frame !== -1) placeMarks(w, o, frame);
            if (hitFirst[o] === 0 && hitLater[o] === 0) hitList[hits++] = o;
            hitFirst[o] = hitFirst[o]! + onFirst;
            hitLater[o] = hitLater[o]! + onLater;
            runTotal += onFirst * partFirst[o]! + onLater * partLater[o]!;
            executions += (onFirst + onLater) * partExecutions[o]!;
          }
          if (executions > MAX_EXECUTIONS) throw runTooLong();
          if (frame === -1) {
            if (closeWith === LOOP_NOTHING || onFirst + onLater === 0) break walk;
            v = closeWith;
            sk = S_EXEC;
            continue walk;
          }
        }
        // The loop entry starts the items one by one (or, all done, closes the loop): here, as
        // it would be popped next if it went on the stack.
        sk = S_LOOP;
        f = frame;
        continue walk;
      }
      // Which edges the bundle takes: all (plain, iterator item), by route (routers). A standard
      // router's fallback is taken in a second pass, when no route matched.
      let chosen = -1; // exclusive router: the one route taken (−1: the fallback)
      if (k === K_ROUTER_EXCLUSIVE) {
        chosen = exclusiveRoute[v]!;
        if (chosen === ROUTE_DRAWN) {
          chosen = -1;
          const u = draws[ri++]!;
          let cum = 0;
          for (let i = start; i < end; i++) {
            const e = walkEdges[i]!;
            if (isFallback[e] === 1) continue;
            cum += routeRate[e]!;
            if (u < cum) {
              chosen = e;
              break;
            }
          }
        }
      }
      let fallbackPass = false;
      for (;;) {
        let anyRoute = false;
        for (let i = start; i < end; i++) {
          const e = walkEdges[i]!;
          if (k === K_ROUTER_EXCLUSIVE) {
            if (chosen !== -1 ? e !== chosen : isFallback[e] !== 1) continue;
          } else if (k === K_ROUTER_STANDARD) {
            if (fallbackPass) {
              if (isFallback[e] !== 1) continue;
            } else {
              if (isFallback[e] === 1) continue;
              const p = routeRate[e]!;
              if (!(p >= 1)) {
                if (!(p > 0)) continue;
                if (!(draws[ri++]! < p)) continue;
              }
              anyRoute = true;
            }
          }
          // Along edge e: its filter (break stops the bundle, skip skips only the target).
          const mode = filterMode[e]!;
          let entry = S_EXEC;
          if (mode !== F_NONE) {
            const q = rate[e]!;
            let pass = q >= 1;
            if (!pass && q > 0) {
              pass = draws[ri++]! < q;
            }
            if (!pass) {
              if (mode === F_BREAK) continue;
              entry = S_SKIP;
            }
          }
          stackKind[sp] = entry;
          stackModule[sp] = edgeTarget[e]!;
          stackFrame[sp] = f;
          sp++;
        }
        if (k !== K_ROUTER_STANDARD || anyRoute || fallbackPass) break;
        fallbackPass = true;
      }
      break;
    }
  }
  // Spread the fixed parts hit in this run over their modules.
  for (let h = 0; h < hits; h++) {
    const id = hitList[h]!;
    const first = hitFirst[id]!;
    const later = hitLater[id]!;
    for (let i = entryStart[id]!, end = entryStart[id + 1]!; i < end; i++) {
      const u = entryNode[i]!;
      nodeRun[u] = nodeRun[u]! + first * entryFirst[i]! + later * entryLater[i]!;
    }
    hitFirst[id] = 0;
    hitLater[id] = 0;
  }
  num[NUM_SERIAL] = serial;
  num[NUM_EXECUTIONS] = executions;
  cursor[0] = ri;
  return runTotal;
}

/**
 * The k-th smallest value of a[lo..hi] (Hoare's quickselect, median-of-three pivot); reorders
 * that part of `a` so that a[k] holds it, smaller values before and larger after.
 */
function select(a: Float64Array, k: number, lo: number, hi: number): number {
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // Median of three as pivot.
    let x = a[lo]!;
    let y = a[mid]!;
    let z = a[hi]!;
    if (x > y) [x, y] = [y, x];
    if (y > z) [y, z] = [z, y];
    if (x > y) [x, y] = [y, x];
    const pivot = y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}

/** Modules whose columns modulePercentiles copies out of the sample-major buffer at once. */
const PERCENTILE_BLOCK = 16;

/**
 * Nearest-rank P10 and P90 of each module's credits over the first `runs` runs (sample-major:
 * run s of module v at s * n + v). Columns are copied a block of modules at a time, so that each
 * run's row is read once per block rather than once per module; a column whose runs all cost the
 * same (a module that runs the same way every time, or never) has that value as both.
 */
function modulePercentiles(samples: Float32Array, n: number, runs: number, p10: Float64Array, p90: Float64Array): void {
  const rank90 = Math.min(runs, Math.max(1, Math.ceil(0.9 * runs))) - 1;
  const rank10 = Math.min(runs, Math.max(1, Math.ceil(0.1 * runs))) - 1;
  const block = new Float64Array(PERCENTILE_BLOCK * runs);
  for (let v0 = 0; v0 < n; v0 += PERCENTILE_BLOCK) {
    const width = Math.min(PERCENTILE_BLOCK, n - v0);
    for (let s = 0; s < runs; s++) {
      const row = s * n + v0;
      for (let j = 0; j < width; j++) block[j * runs + s] = samples[row + j]!;
    }
    for (let j = 0; j < width; j++) {
      const at = j * runs;
      const first = block[at]!;
      let same = true;
      for (let s = 1; s < runs; s++) {
        if (block[at + s] !== first) {
          same = false;
          break;
        }
      }
      if (same) {
        p10[v0 + j] = first;
        p90[v0 + j] = first;
        continue;
      }
      // Nearest rank by selection (linear time) rather than a full sort of every column.
      p90[v0 + j] = select(block, at + rank90, at, at + runs - 1);
      p10[v0 + j] = select(block, at + rank10, at, at + rank90);
    }
  }
}

function summarise(
  flow: Flow,
  input: {
    runs: Float64Array;
    seed: number;
    nodeSum: Float64Array;
    nodeSamples: Float32Array;
    quantileRuns: number;
    totalExecutions: number;
    stopped: boolean;
  },
): SimulationResult {
  const { runs, nodeSum, nodeSamples, quantileRuns } = input;
  const count = runs.length;
  let sum = 0;
  for (let i = 0; i < count; i++) sum += runs[i]!;
  const mean = count > 0 ? sum / count : 0;
  let squares = 0;
  for (let i = 0; i < count; i++) squares += (runs[i]! - mean) ** 2;
  const sd = count > 1 ? Math.sqrt(squares / (count - 1)) : 0;
  const sorted = runs.slice().sort();

  // Histogram: equal-width bins from the smallest to the largest run.
  const histogram: SimulationResult['histogram'] = [];
  if (count > 0) {
    const lo = sorted[0]!;
    const hi = sorted[count - 1]!;
    const bins = hi > lo ? Math.min(HISTOGRAM_BINS, Math.max(1, Math.ceil(Math.sqrt(count)))) : 1;
    const width = hi > lo ? (hi - lo) / bins : 0;
    for (let b = 0; b < bins; b++) histogram.push({ start: lo + b * width, end: b === bins - 1 ? hi : lo + (b + 1) * width, count: 0 });
    for (let i = 0; i < count; i++) {
      const b = width > 0 ? Math.min(bins - 1, Math.floor((sorted[i]! - lo) / width)) : 0;
      histogram[b]!.count++;
    }
  }

  const modules = flow.modules;
  const nodes: SimulationNode[] = [];
  const p10s = new Float64Array(modules.length);
  const p90s = new Float64Array(modules.length);
  if (quantileRuns > 0) modulePercentiles(nodeSamples, modules.length, quantileRuns, p10s, p90s);
  for (let v = 0; v < modules.length; v++) {
    nodes.push({ id: modules[v]!.id, mean: count > 0 ? nodeSum[v]! / count : 0, p10: p10s[v]!, p90: p90s[v]! });
  }

  // Per month: runs per month drawn from its range (a stream of its own) × the mean run cost.
  const runsPerMonth = flow.settings?.runsPerMonth;
  let perMonth: SimulationResult['perMonth'];
  if (runsPerMonth !== undefined && runsPerMonth !== null && typeof runsPerMonth === 'object') {
    const monthRng = createRng(input.seed + 0x9e3779b9);
    const draws = new Float64Array(Math.max(count, 1000));
    for (let i = 0; i < draws.length; i++) draws[i] = triangular(monthRng, runsPerMonth.min, runsPerMonth.likely, runsPerMonth.max) * mean;
    draws.sort();
    perMonth = { p50: nearestRank(draws, 0.5), p90: nearestRank(draws, 0.9) };
  } else {
    const r = runsPerMonth === undefined || runsPerMonth === null ? DEFAULT_RUNS_PER_MONTH : runsPerMonthOf(flow);
    perMonth = { p50: r * mean, p90: r * mean };
  }

  return {
    samples: count,
    seed: input.seed,
    mean,
    p50: nearestRank(sorted, 0.5),
    p90: nearestRank(sorted, 0.9),
    p99: nearestRank(sorted, 0.99),
    stdError: count > 0 ? sd / Math.sqrt(count) : 0,
    histogram,
    nodes,
    perMonth,
    runs,
    executionsPerRun: count > 0 ? input.totalExecutions / count : 0,
    nodeQuantileSamples: quantileRuns,
    ...(input.stopped ? { stopped: true } : {}),
  };
}
