/**
 * The walk of one simulated run (cost-model.md §6): from the first trigger, bundle by bundle,
 * with an explicit stack and loop frames, over the typed arrays that plan.ts compiles. Nothing
 * here allocates; everything one run touches is in a WalkState.
 */
import { RandomStream } from '../../model/rng';
import { F_BREAK, F_NONE, K_AGGREGATOR, K_ITERATOR, K_ROUTER_EXCLUSIVE, K_ROUTER_STANDARD, ROUTE_DRAWN } from '../fixedParts';
import { MAX_EXECUTIONS_PER_RUN, runTooLong } from './limits';
import { log2 } from '../log2';

// Stack entry kinds.
const S_EXEC = 0;
const S_SKIP = 1;
const S_LOOP = 2;

/*
 * What varies between executions of a module (WalkState.varying, and the low bits of its flags in
 * hotInt): which of its assumptions is a range with spread.
 */
export const VARY_DURATION = 1;
export const VARY_PAYLOAD = 2;
export const VARY_EXTRA = 4;
export const VARY_RETRIES = 8;
export const VARY_ITERATIONS = 16;
/** A search's result pages are a range (flow file version 3): drawn per execution. */
export const VARY_PAGES = 64;
/** The module can fail (failure rate above 0, version 3): each execution draws whether it does. */
export const VARY_FAIL = 128;
/** The parts of one attempt: duration, payload, extra credits, a search's pages. */
export const VARY_ATTEMPT = VARY_DURATION | VARY_PAYLOAD | VARY_EXTRA | VARY_PAGES;
/**
 * Everything an execution's credits and way on depend on: the attempt, the retries and whether it
 * fails (not the items of a loop). A module with any of these is never part of a fixed part.
 */
export const VARY_CREDITS = VARY_ATTEMPT | VARY_RETRIES | VARY_FAIL;
/** Every VARY_* bit. */
export const VARY_ALL = VARY_CREDITS | VARY_ITERATIONS;
/** Flag (above the VARY_* bits) of a search module, which pays the surcharge on later items of a loop. */
export const FLAG_SEARCH = 32;

/** Hot data of a module in the walk, R integers at v * R of hotInt (see plan.ts). */
export const R = 8;
/** hotInt offsets. An iterator: the one edge its items take (or −1), and its target. */
export const HOT_ITEM_EDGE = 0;
export const HOT_ITEM_TARGET = 1;
/** The module's VARY_* bits and FLAG_SEARCH. */
export const HOT_FLAGS = 2;
/** Its edges on: walkEdges[start .. end). */
export const HOT_WALK_START = 3;
export const HOT_WALK_END = 4;
/** A plain module with one way on: that edge (else −1), its target and its filter mode. */
export const HOT_SINGLE_EDGE = 5;
export const HOT_SINGLE_TARGET = 6;
export const HOT_SINGLE_FILTER = 7;


/**
 * Keeps one run's credits per module for the percentiles (at `at`) and adds them to the sums (from
 * `sumAt`): where WebAssembly is missing (walkWasm.ts runsFor; the module's `keep` does the same
 * with WebAssembly). A function of its own so that it is optimised on its own (inside simulate's sample loop it ran unoptimised and
 * boxed every number), and a loop rather than `set`, which is slow between element types.
 */
export function keepRun(nodeRun: Float64Array, nodeSamples: Float32Array, at: number, nodeSum: Float64Array, sumAt: number): void {
  for (let v = 0; v < nodeRun.length; v++) {
    const c = nodeRun[v]!;
    nodeSamples[at + v] = c;
    nodeSum[sumAt + v] = nodeSum[sumAt + v]! + c;
  }
}
/** Everything one run's walk reads and writes (see walkRun). */
export interface WalkState {
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
  /** Version 3: a search's pages (range), the page surcharge σ·(p − 1) at the point value, the failure rate, the error edge (−1 when none). */
  gLo: Float64Array;
  gMid: Float64Array;
  gHi: Float64Array;
  pageFixed: Float64Array;
  fLo: Float64Array;
  fMid: Float64Array;
  fHi: Float64Array;
  errorEdge: Int32Array;
  /** The generator's state (model/rng.ts randomState), ahead of the draw buffer by its numbers. */
  rng: Int32Array;
  /** Uniform numbers drawn ahead from `rng` (RandomStream.refill), used from cursor[0] on. */
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
export const NUM_TRIGGER = 0;
export const NUM_MODULES = 1;
export const NUM_KT = 2;
export const NUM_T0 = 3;
export const NUM_KP = 4;
export const NUM_S0 = 5;
export const NUM_SIGMA = 6;
/** Serial number of the next loop execution (never reused, so aggregator marks never collide). */
export const NUM_SERIAL = 7;
/** Executions of the last run. */
export const NUM_EXECUTIONS = 8;


/** Per part (fixedParts.ts): no aggregator mark, or several. */
export const MARKS_NONE = -2;
export const MARKS_SEVERAL = -1;
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

/**
 * The route an exclusive router whose route is drawn (ROUTE_DRAWN) sends the bundle along: with
 * `u`, uniform in [0, 1), the first of its routes (walkEdges[start..end), the fallback left out)
 * whose rates, added up in that order, pass u; −1 when none does (the fallback). The walk and the
 * trace (trace.ts) both draw with it, so they take the same route from the same number. Given the
 * arrays, not the WalkState: the walk holds them as locals (see walkRun).
 */
export function drawExclusiveRoute(walkEdges: Int32Array, isFallback: Uint8Array, routeRate: Float64Array, start: number, end: number, u: number): number {
  let cum = 0;
  for (let i = start; i < end; i++) {
    const e = walkEdges[i]!;
    if (isFallback[e] === 1) continue;
    cum += routeRate[e]!;
    if (u < cum) return e;
  }
  return -1;
}

/** loopEnd: the loop needs a frame (items walked, or aggregators of other loops reached). */
export const LOOP_FRAMED = -1;
/** loopEnd: the items, all in one step, reach no aggregator. */
export const LOOP_NOTHING = -2;

/** Index into WalkState.ints: the most numbers one step of the walk draws. */
export const INT_DRAW_MARGIN = 0;

/**
 * A triangular draw in the walk's own module and as a method of an object: V8 inlines calls only
 * to plain functions, and a top-level function that a loader renames (tsx and esbuild's keepNames
 * wrap every named function in `__name`) is not one; object methods are left alone.
 */
const Draw = {
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
export function walkRun(w: WalkState): number {
  const {
    stackKind, stackModule, stackFrame, frameIter, frameParent, frameItem, frameItems, framePending,
    frameSerial, freeFrames, aggMark, aggNext, kind, closes, hot, hotInt, varying, base, timeFixed, payloadFixed, dLo, dMid, dHi, pLo, pMid, pHi,
    xLo, xMid, xHi, rLo, rMid, rHi, nLo, nMid, nHi, gLo, gMid, gHi, pageFixed, fLo, fMid, fHi, errorEdge, rng, nodeRun, rate, routeRate, filterMode,
    edgeTarget, walkEdges, isFallback, exclusiveRoute, partOk, partExecutions, partFirst, partLater, marksStart,
    entryStart, entryNode, entryFirst, entryLater, hitFirst, hitLater, hitList, num, partMark,
    rangedFilter, rangedRoute, eLo, eMid, eHi, qLo, qMid, qHi, draws, cursor, chainEnd, ints, itemStart, itemLast, bodyEdge, loopEnd, scratch,
  } = w;
  const MAX_EXECUTIONS = MAX_EXECUTIONS_PER_RUN;
  // The next unused number of the draw buffer (its length: all used).
  let ri = cursor[0]!;
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
  // Pass rates given as ranges come first: drawn once per run (filters, then routes), clamped to
  // 0..1, as many as the buffer holds, then the rest after a refill at the walk's one place (see
  // below). A refill of their own, called at a block's first run and otherwise only when the
  // buffer ran out among them, had no type feedback when V8 optimised the walk after a few runs;
  // it came at the next block and threw the optimised walk away, which V8 then compiled again
  // (docs/performance.md, "The cold walk").
  const filters = rangedFilter.length;
  const ranges = filters + rangedRoute.length;
  let ranged = 0;
  let started = false;
  // The walk stops when the draw buffer runs low and goes on after a refill (see below).
  for (;;) {
    if (!started) {
      for (; ranged < ranges && ri < drawCount; ranged++) {
        if (ranged < filters) {
          const e = rangedFilter[ranged]!;
          ri += Draw.triangularAt(draws, ri, eLo, eMid, eHi, e, scratch);
          const q = scratch[0]!;
          rate[e] = q < 0 ? 0 : q > 1 ? 1 : q;
        } else {
          const e = rangedRoute[ranged - filters]!;
          ri += Draw.triangularAt(draws, ri, qLo, qMid, qHi, e, scratch);
          const q = scratch[0]!;
          routeRate[e] = q < 0 ? 0 : q > 1 ? 1 : q;
        }
      }
      if (ranged === ranges) {
        started = true;
        if (trigger !== -1) {
          stackKind[0] = S_EXEC;
          stackModule[0] = trigger;
          stackFrame[0] = -1;
          sp = 1;
        }
      }
    }
    bundles: while (sp > 0) {
      sp--;
      let sk = stackKind[sp]!;
      let v = stackModule[sp]!;
      let f = stackFrame[sp]!;
      // One bundle; a plain module with a single way on continues here without the stack.
      walk: for (;;) {
        // Every step finds at least `margin` unused numbers in the buffer (the most one step draws).
        // When fewer are left, the bundle goes back on the stack (it is popped next, as if it had
        // never left) and the buffer is refilled outside this loop: a call inside it, on any path,
        // makes V8 check every array again on every step.
        if (ri > drawLimit) {
          stackKind[sp] = sk;
          stackModule[sp] = v;
          stackFrame[sp] = f;
          sp++;
          break bundles;
        }
        let emitItem = false;
        let failed = false;
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
            const flags = hotInt[o + HOT_FLAGS]!;
            const bits = flags & VARY_ALL;
            let attempt: number;
            if ((bits & VARY_ATTEMPT) === 0) attempt = hot[2 * v]!;
            else {
              // Only what is a range is drawn and recomputed; the rest is the module's fixed figure.
              let timePart = timeFixed[v]!;
              let payloadPart = payloadFixed[v]!;
              let x = xMid[v]!;
              if (bits & VARY_DURATION) {
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
                timePart = t !== 0 ? kT * log2(1 + t / t0) : 0;
              }
              if (bits & VARY_PAYLOAD) {
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
                payloadPart = sz !== 0 ? kP * log2(1 + sz / s0) : 0;
              }
              if (bits & VARY_EXTRA) {
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
              let pagePart = pageFixed[v]!;
              if (bits & VARY_PAGES) {
                let pages: number;
                {
                  const min = gLo[v]!;
                  const likely = gMid[v]!;
                  const max = gHi[v]!;
                  const span = max - min;
                  if (span > 0) {
                    const u = draws[ri++]!;
                    pages = u < (likely - min) / span ? min + Math.sqrt(u * span * (likely - min)) : max - Math.sqrt((1 - u) * span * (max - likely));
                  } else pages = likely;
                }
                // Each page beyond the first pays the surcharge (cost-model.md §7), not rounded.
                pagePart = pages > 1 ? sigma * (pages - 1) : 0;
              }
              attempt = base[v]! + timePart + payloadPart + x + pagePart;
            }
            // Surcharge: a search whose item is not the first of its innermost loop's execution.
            if (flags & FLAG_SEARCH && f !== -1 && frameItem[f]! > 1) attempt += sigma;
            let r = hot[2 * v + 1]!;
            if (bits & VARY_RETRIES) {
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
            if (bits & VARY_FAIL) {
              // Whether this execution still fails after its retries (cost-model.md §7).
              let phi: number;
              {
                const min = fLo[v]!;
                const likely = fMid[v]!;
                const max = fHi[v]!;
                const span = max - min;
                if (span > 0) {
                  const u = draws[ri++]!;
                  phi = u < (likely - min) / span ? min + Math.sqrt(u * span * (likely - min)) : max - Math.sqrt((1 - u) * span * (max - likely));
                } else phi = likely;
              }
              failed = phi >= 1 || (phi > 0 && draws[ri++]! < phi);
            }
          }
        }

        if (failed) {
          // A failed bundle goes along the error edge, if there is one, else stops.
          const e = errorEdge[v]!;
          if (e === -1) break walk;
          v = edgeTarget[e]!;
          sk = S_EXEC;
          continue walk;
        }

        // ---- Send the bundle on from v. ----
        const ho = v * R;
        // The common case: one way on (a plain module, or an iterator's item). Follow it here (its
        // filter applied) instead of stacking it: the same order as pushing it and popping it next.
        const single = emitItem ? hotInt[ho + HOT_ITEM_EDGE]! : hotInt[ho + HOT_SINGLE_EDGE]!;
        if (single !== -1) {
          const mode = emitItem ? filterMode[single]! : hotInt[ho + HOT_SINGLE_FILTER]!;
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
          v = emitItem ? hotInt[ho + HOT_ITEM_TARGET]! : hotInt[ho + HOT_SINGLE_TARGET]!;
          continue walk;
        }
        const start = hotInt[ho + HOT_WALK_START]!;
        const end = hotInt[ho + HOT_WALK_END]!;
        if (start === end) break walk;
        const k = kind[v]!;
        if (k === K_ITERATOR && !emitItem) {
          // A new execution of the iterator: draw N, emit ⌊N⌋ items plus one with probability N − ⌊N⌋.
          let N = nMid[v]!;
          if (varying[v]! & VARY_ITERATIONS) {
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
            // The most numbers one item draws: a filter and a fractional retry per module. The
            // buffer is refilled before an item that might run out (the same numbers in the same
            // order as refilling at the last one): one place that runs often, where a refill only
            // at the exact end of the buffer is so rare that the optimised walk had no type
            // feedback for it and was thrown away when it came (docs/performance.md).
            const itemDraws = 2 * (to - from);
            for (let i = 0; i < items; i++) {
              if (ri > drawLimit - itemDraws) ri = RandomStream.refill(rng, draws, ri);
              let alive = true;
              for (let j = from; j < to; j++) {
                const e = bodyEdge[j]!;
                const mode = filterMode[e]!;
                let enter = true;
                if (mode !== F_NONE) {
                  const q = rate[e]!;
                  enter = q >= 1;
                  if (!enter && q > 0) {
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
                  if (i > 0 && hotInt[t * R + HOT_FLAGS]! & FLAG_SEARCH) attempt += sigma;
                  const r = hot[2 * t + 1]!;
                  let c = attempt;
                  if (r !== 0) {
                    let k = Math.floor(r);
                    const frac = r - k;
                    if (frac > 0) {
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
          if (chosen === ROUTE_DRAWN) chosen = drawExclusiveRoute(walkEdges, isFallback, routeRate, start, end, draws[ri++]!);
        }
        let fallbackPass = false;
        for (;;) {
          let anyRoute = false;
          for (let i = start; i < end; i++) {
            const e = walkEdges[i]!;
            // Read at one place for every edge: a read that only the rare fallback pass reaches
            // has no type feedback when the walk is optimised, and reaching it later throws the
            // optimised walk away (docs/performance.md, "The walk's tiering").
            const fallback = isFallback[e] === 1;
            if (k === K_ROUTER_EXCLUSIVE) {
              if (chosen !== -1 ? e !== chosen : !fallback) continue;
            } else if (k === K_ROUTER_STANDARD) {
              if (fallbackPass) {
                if (!fallback) continue;
              } else {
                if (fallback) continue;
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
    if (started && sp === 0) break;
    ri = RandomStream.refill(rng, draws, ri);
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
