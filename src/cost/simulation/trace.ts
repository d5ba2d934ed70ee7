/**
 * The trace of one simulated run (issue 15 §5, docs/engine.md "The trace"): the first run of
 * `simulate(flow, { seed })`, walked execution by execution and written down step by step.
 *
 * It walks the plan that compileWalk builds with `walkEveryExecution` (no fixed part summed ahead)
 * and draws from the same stream in the same order as walk.ts, so its total is that run's cost
 * (to the last bit against the plain walk; up to the order of additions against the fast one).
 * It is kept apart from walkRun on purpose: that loop is the engine's hottest and allocates
 * nothing, while a trace writes an object per step. Every rule of the walk is mirrored here in
 * plain code: when walk.ts changes how it draws, this file changes with it (trace.test.ts checks
 * both against each other over generated flows). The exclusive router's route is drawn by the one
 * function both call (walk.ts's drawExclusiveRoute).
 */
import type { Flow, RateCard } from '../../model/types';
import { RandomStream } from '../../model/rng';
import { F_BREAK, F_NONE, K_AGGREGATOR, K_ITERATOR, K_ROUTER_EXCLUSIVE, K_ROUTER_STANDARD, ROUTE_DRAWN } from '../fixedParts';
import { compileWalk } from './plan';
import { SimulationRefused } from './limits';
import {
  FLAG_SEARCH, HOT_FLAGS, HOT_ITEM_EDGE, HOT_SINGLE_EDGE, HOT_WALK_END, HOT_WALK_START, NUM_KP, NUM_KT, NUM_MODULES, NUM_S0,
  NUM_SIGMA, NUM_T0, NUM_TRIGGER, R, VARY_ALL, VARY_ATTEMPT, VARY_DURATION, VARY_EXTRA, VARY_FAIL, VARY_ITERATIONS, VARY_PAGES,
  VARY_PAYLOAD, VARY_RETRIES, drawExclusiveRoute, type WalkState,
} from './walk';
import { log2 } from '../log2';

/**
 * What happened at a step: the module ran and sent the bundle on (`passed`); a skip filter skipped
 * it (`skipped`, no credits); a break filter on the way in stopped the bundle before it
 * (`stopped`, no credits); it failed after its retries (`failed`: on along its error branch when
 * it has one, else the bundle stops); a router ran and sent the bundle along `routes` (`route`).
 */
export type TraceOutcome = 'passed' | 'skipped' | 'stopped' | 'failed' | 'route';

export interface TraceStep {
  moduleId: string;
  /** The loop index path: the item (from 0) of each loop the bundle is in, outermost first; [] outside loops. */
  item: number[];
  credits: number;
  outcome: TraceOutcome;
  /** A router (`route`, or a skipped router): the ids of the edges the bundle took, in the flow's route order. */
  routes?: string[];
  /** An iterator that ran: how many items this execution emitted. */
  items?: number;
  /** A failed execution: whether it went on along its error branch. */
  errorBranch?: boolean;
  /**
   * The id of the edge the bundle came along to this step (a filter that skipped or stopped it is
   * on this edge; an aggregator's is the edge it was first reached by in its loop); absent for the trigger.
   */
  via?: string;
}

export interface Trace {
  seed: number;
  /** The run's credits: the sum of its steps' credits, in their order. */
  total: number;
  steps: TraceStep[];
}

/**
 * Most steps a trace has: a run with more is refused (a step is an object of a few dozen bytes,
 * and nobody steps through more; a run of a large loop can have millions).
 */
export const MAX_TRACE_STEPS = 200_000;

/** The refusal of a run with more than `maxSteps` steps. */
export function traceTooLong(maxSteps: number): SimulationRefused {
  return new SimulationRefused({
    code: 'run-too-long',
    message: `This run has more than ${maxSteps.toLocaleString('en-US')} steps, too many to trace. Make the loops smaller (check the iterations of each iterator) or try another seed.`,
  });
}

// Stack entry kinds, as walk.ts.
const S_EXEC = 0;
const S_SKIP = 1;
const S_LOOP = 2;

interface Frame {
  iterator: number;
  parent: Frame | null;
  /** Items started so far (the current item, from 1). */
  item: number;
  items: number;
  /** The first aggregator waiting for this loop execution to end (linked through aggNext), or −1. */
  pending: number;
  serial: number;
}

interface Entry {
  kind: number;
  module: number;
  frame: Frame | null;
  /** The edge the bundle came along (an index), or −1. */
  via: number;
}

/**
 * The trace of the first simulated run of `seed`. Throws `SimulationRefused` (run-too-long) for a
 * run of more than `maxSteps` steps.
 */
export function traceRun(flow: Flow, rateCard: RateCard, seed: number, maxSteps = MAX_TRACE_STEPS): Trace {
  const w = compileWalk(flow, rateCard, seed, true);
  return walkTrace(w, flow, seed, maxSteps);
}

function walkTrace(w: WalkState, flow: Flow, seed: number, maxSteps: number): Trace {
  const { kind, closes, hot, hotInt, varying, base, timeFixed, payloadFixed, num, rate, routeRate, filterMode, edgeTarget, walkEdges } = w;
  const { isFallback, exclusiveRoute, errorEdge, rng, draws } = w;
  const moduleIds = flow.modules.map((m) => m.id);
  const edgeIds = flow.edges.map((e) => e.id);
  let ri = w.cursor[0]!;
  const next = (): number => {
    if (ri === draws.length) ri = RandomStream.refill(rng, draws, ri);
    return draws[ri++]!;
  };
  /** A triangular draw, as walk.ts's: no number used when the range has no spread. */
  const triangular = (lo: Float64Array, mid: Float64Array, hi: Float64Array, i: number): number => {
    const min = lo[i]!;
    const likely = mid[i]!;
    const max = hi[i]!;
    const span = max - min;
    if (!(span > 0)) return likely;
    const u = next();
    return u < (likely - min) / span ? min + Math.sqrt(u * span * (likely - min)) : max - Math.sqrt((1 - u) * span * (max - likely));
  };

  for (const e of w.rangedFilter) {
    const q = triangular(w.eLo, w.eMid, w.eHi, e);
    rate[e] = q < 0 ? 0 : q > 1 ? 1 : q;
  }
  for (const e of w.rangedRoute) {
    const q = triangular(w.qLo, w.qMid, w.qHi, e);
    routeRate[e] = q < 0 ? 0 : q > 1 ? 1 : q;
  }
  const trigger = num[NUM_TRIGGER]!;
  const n = num[NUM_MODULES]!;
  const kT = num[NUM_KT]!;
  const t0 = num[NUM_T0]!;
  const kP = num[NUM_KP]!;
  const s0 = num[NUM_S0]!;
  const sigma = num[NUM_SIGMA]!;
  const aggMark = new Float64Array(n).fill(-1);
  const aggNext = new Int32Array(n);
  /** Per aggregator: the edge it was first reached by in the loop execution it waits for. */
  const aggVia = new Int32Array(n).fill(-1);
  let serial = 0;
  let total = 0;
  const steps: TraceStep[] = [];

  const pathOf = (f: Frame | null): number[] => {
    const path: number[] = [];
    for (let g = f; g; g = g.parent) path.push(g.item - 1);
    return path.reverse();
  };
  const record = (v: number, f: Frame | null, credits: number, outcome: TraceOutcome, via: number): TraceStep => {
    if (steps.length >= maxSteps) throw traceTooLong(maxSteps);
    const step: TraceStep = { moduleId: moduleIds[v]!, item: pathOf(f), credits, outcome };
    if (via !== -1) step.via = edgeIds[via]!;
    steps.push(step);
    return step;
  };

  /** One execution of v in loop frame f: its credits, and whether it failed. */
  const execute = (v: number, f: Frame | null): { credits: number; failed: boolean } => {
    const flags = hotInt[v * R + HOT_FLAGS]!;
    const bits = flags & VARY_ALL;
    let attempt: number;
    if ((bits & VARY_ATTEMPT) === 0) attempt = hot[2 * v]!;
    else {
      let timePart = timeFixed[v]!;
      let payloadPart = payloadFixed[v]!;
      let x = w.xMid[v]!;
      if (bits & VARY_DURATION) {
        const t = triangular(w.dLo, w.dMid, w.dHi, v);
        timePart = t !== 0 ? kT * log2(1 + t / t0) : 0;
      }
      if (bits & VARY_PAYLOAD) {
        const sz = triangular(w.pLo, w.pMid, w.pHi, v);
        payloadPart = sz !== 0 ? kP * log2(1 + sz / s0) : 0;
      }
      if (bits & VARY_EXTRA) x = triangular(w.xLo, w.xMid, w.xHi, v);
      let pagePart = w.pageFixed[v]!;
      if (bits & VARY_PAGES) {
        const pages = triangular(w.gLo, w.gMid, w.gHi, v);
        pagePart = pages > 1 ? sigma * (pages - 1) : 0;
      }
      attempt = base[v]! + timePart + payloadPart + x + pagePart;
    }
    if (flags & FLAG_SEARCH && f !== null && f.item > 1) attempt += sigma;
    let r = hot[2 * v + 1]!;
    if (bits & VARY_RETRIES) r = triangular(w.rLo, w.rMid, w.rHi, v);
    let c = attempt;
    if (r !== 0) {
      let k = Math.floor(r);
      const frac = r - k;
      if (frac > 0 && next() < frac) k++;
      c = (1 + k) * attempt;
    }
    let failed = false;
    if (bits & VARY_FAIL) {
      const phi = triangular(w.fLo, w.fMid, w.fHi, v);
      failed = phi >= 1 || (phi > 0 && next() < phi);
    }
    return { credits: c, failed };
  };

  /** Whether a bundle going along edge e passes its filter: go on, skip the target, or stop. */
  const filterOn = (e: number): number => {
    const mode = filterMode[e]!;
    if (mode === F_NONE) return S_EXEC;
    const q = rate[e]!;
    let pass = q >= 1;
    if (!pass && q > 0) pass = next() < q;
    if (pass) return S_EXEC;
    return mode === F_BREAK ? -1 : S_SKIP;
  };

  const stack: Entry[] = [];
  if (trigger !== -1) stack.push({ kind: S_EXEC, module: trigger, frame: null, via: -1 });
  while (stack.length > 0) {
    const entry = stack.pop()!;
    let sk = entry.kind;
    let v = entry.module;
    let f = entry.frame;
    let via = entry.via;
    let emitItem = false;
    let step: TraceStep | null = null;
    if (sk === S_LOOP) {
      const loop = f!;
      if (loop.item < loop.items) {
        loop.item++;
        stack.push({ kind: S_LOOP, module: v, frame: loop, via: -1 });
        emitItem = true;
      } else {
        const parent = loop.parent;
        const pending = loop.pending;
        if (pending === -1) continue;
        for (let a = aggNext[pending]!; a !== -1; a = aggNext[a]!) stack.push({ kind: S_EXEC, module: a, frame: parent, via: aggVia[a]! });
        v = pending;
        f = parent;
        via = aggVia[pending]!;
        sk = S_EXEC;
      }
    } else if (sk === S_EXEC && kind[v] === K_AGGREGATOR) {
      // It runs once, when the loop execution it closes ends.
      let g = f;
      while (g !== null && g.iterator !== closes[v]) g = g.parent;
      if (g !== null) {
        if (aggMark[v] !== g.serial) {
          aggMark[v] = g.serial;
          aggVia[v] = via;
          aggNext[v] = g.pending;
          g.pending = v;
        }
        continue;
      }
    }

    if (sk === S_EXEC) {
      const { credits, failed } = execute(v, f);
      total += credits;
      step = record(v, f, credits, failed ? 'failed' : 'passed', via);
      if (failed) {
        const e = errorEdge[v]!;
        step.errorBranch = e !== -1;
        if (e !== -1) stack.push({ kind: S_EXEC, module: edgeTarget[e]!, frame: f, via: e });
        continue;
      }
    } else if (sk === S_SKIP) step = record(v, f, 0, 'skipped', via);

    // ---- Send the bundle on from v. ----
    const ho = v * R;
    const single = emitItem ? hotInt[ho + HOT_ITEM_EDGE]! : hotInt[ho + HOT_SINGLE_EDGE]!;
    if (single !== -1) {
      const way = filterOn(single);
      const target = edgeTarget[single]!;
      if (way === -1) record(target, f, 0, 'stopped', single);
      else stack.push({ kind: way, module: target, frame: f, via: single });
      continue;
    }
    const start = hotInt[ho + HOT_WALK_START]!;
    const end = hotInt[ho + HOT_WALK_END]!;
    const k = kind[v]!;
    const isRouter = k === K_ROUTER_EXCLUSIVE || k === K_ROUTER_STANDARD;
    const routes: string[] = [];
    if (step && isRouter) {
      step.routes = routes;
      if (step.outcome === 'passed') step.outcome = 'route';
    }
    if (start === end) continue;
    if (k === K_ITERATOR && !emitItem) {
      let N = w.nMid[v]!;
      if (varying[v]! & VARY_ITERATIONS) N = triangular(w.nLo, w.nMid, w.nHi, v);
      let items = Math.floor(N);
      const frac = N - items;
      if (frac > 0 && next() < frac) items++;
      if (step) step.items = items > 0 ? items : 0;
      if (!(items > 0)) continue;
      stack.push({ kind: S_LOOP, module: v, frame: { iterator: v, parent: f, item: 0, items, pending: -1, serial: serial++ }, via: -1 });
      continue;
    }
    let chosen = -1;
    if (k === K_ROUTER_EXCLUSIVE) {
      chosen = exclusiveRoute[v]!;
      if (chosen === ROUTE_DRAWN) chosen = drawExclusiveRoute(walkEdges, isFallback, routeRate, start, end, next());
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
              if (!(next() < p)) continue;
            }
            anyRoute = true;
          }
        }
        if (isRouter) routes.push(edgeIds[e]!);
        const way = filterOn(e);
        if (way === -1) record(edgeTarget[e]!, f, 0, 'stopped', e);
        else stack.push({ kind: way, module: edgeTarget[e]!, frame: f, via: e });
      }
      if (k !== K_ROUTER_STANDARD || anyRoute || fallbackPass) break;
      fallbackPass = true;
    }
  }
  return { seed, total, steps };
}
