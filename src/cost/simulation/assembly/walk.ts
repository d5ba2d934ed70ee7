/**
 * The walk of one simulated run in WebAssembly (AssemblyScript): the same steps, in the same
 * order, with the same draws and the same IEEE operations as `walkRun` in ../walk.ts, whose
 * comments explain each step; every number it gives is the JS walk's, bit for bit
 * (walkWasm.test.ts walks random flows with both). Why a second walk: a worker compiled the JS
 * walk anew in each isolate (0.2–0.3 s of CPU), and its optimised code is held back by map, Smi
 * and bounds checks; this module is compiled by each worker in a millisecond or two as it starts
 * (docs/engine.md, "The walk in WebAssembly"). log2 is the engine's own (./log2.ts, the same
 * bits as ../../log2.ts), not Math.log2, whose last bit differs between engines.
 *
 * Memory: every array of a WalkState lies in this module's imported memory, at the addresses
 * `bind` reads from a table (the order of WASM_FIELDS in ../walkWasm.ts); the JS side's
 * WalkState holds views of the same bytes, so what the JS engine reads and writes between runs
 * (the stream's state, the cursor, nodeRun, num) is what the walk sees. Nothing here allocates.
 *
 * Besides the walk: `keep` (keepRun) and `percentileBlock` (modulePercentiles), over the kept
 * samples that ../walkWasm.ts runsFor lays out in the same memory.
 */
import { log2 } from './log2';

// The engine's constants (../../fixedParts.ts, ../walk.ts, ../limits.ts): walkWasm.test.ts checks
// each against the JS value.
export const K_ROUTER_STANDARD: i32 = 1;
export const K_ROUTER_EXCLUSIVE: i32 = 2;
export const K_ITERATOR: i32 = 3;
export const K_AGGREGATOR: i32 = 4;
export const F_NONE: i32 = 0;
export const F_BREAK: i32 = 1;
export const ROUTE_DRAWN: i32 = -2;
export const MARKS_SEVERAL: i32 = -1;
export const LOOP_FRAMED: i32 = -1;
export const LOOP_NOTHING: i32 = -2;
export const MAX_EXECUTIONS_PER_RUN: f64 = 5e7;
export const R: i32 = 8;
export const HOT_ITEM_EDGE: i32 = 0;
export const HOT_ITEM_TARGET: i32 = 1;
export const HOT_FLAGS: i32 = 2;
export const HOT_WALK_START: i32 = 3;
export const HOT_WALK_END: i32 = 4;
export const HOT_SINGLE_EDGE: i32 = 5;
export const HOT_SINGLE_TARGET: i32 = 6;
export const HOT_SINGLE_FILTER: i32 = 7;
export const VARY_DURATION: i32 = 1;
export const VARY_PAYLOAD: i32 = 2;
export const VARY_EXTRA: i32 = 4;
export const VARY_RETRIES: i32 = 8;
export const VARY_ITERATIONS: i32 = 16;
export const FLAG_SEARCH: i32 = 32;
export const VARY_PAGES: i32 = 64;
export const VARY_FAIL: i32 = 128;
export const NUM_TRIGGER: i32 = 0;
export const NUM_MODULES: i32 = 1;
export const NUM_KT: i32 = 2;
export const NUM_T0: i32 = 3;
export const NUM_KP: i32 = 4;
export const NUM_S0: i32 = 5;
export const NUM_SIGMA: i32 = 6;
export const NUM_SERIAL: i32 = 7;
export const NUM_EXECUTIONS: i32 = 8;
export const INT_DRAW_MARGIN: i32 = 0;

const VARY_ATTEMPT: i32 = VARY_DURATION | VARY_PAYLOAD | VARY_EXTRA | VARY_PAGES;
const VARY_ALL: i32 = VARY_ATTEMPT | VARY_RETRIES | VARY_FAIL | VARY_ITERATIONS;
const S_EXEC: i32 = 0;
const S_SKIP: i32 = 1;
const S_LOOP: i32 = 2;

// Element access: p is an array's address, i an index.
@inline function f64at(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}
@inline function f64put(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}
@inline function i32at(p: usize, i: i32): i32 {
  return load<i32>(p + (<usize>i << 2));
}
@inline function i32put(p: usize, i: i32, v: i32): void {
  store<i32>(p + (<usize>i << 2), v);
}
@inline function u8at(p: usize, i: i32): i32 {
  return <i32>load<u8>(p + <usize>i);
}
@inline function u8put(p: usize, i: i32, v: i32): void {
  store<u8>(p + <usize>i, <u8>v);
}
/** A triangular draw (min, likely, max) from u, as ../walk.ts writes it inline (the same operations in the same order). */
@inline function tri(u: f64, min: f64, likely: f64, max: f64, span: f64): f64 {
  return u < (likely - min) / span ? min + Math.sqrt(u * span * (likely - min)) : max - Math.sqrt((1 - u) * span * (max - likely));
}

// The arrays' addresses (bind), in WASM_FIELDS' order.
let stackKind: usize = 0;
let stackModule: usize = 0;
let stackFrame: usize = 0;
let frameIter: usize = 0;
let frameParent: usize = 0;
let frameItem: usize = 0;
let frameItems: usize = 0;
let framePending: usize = 0;
let frameSerial: usize = 0;
let freeFrames: usize = 0;
let aggMark: usize = 0;
let aggNext: usize = 0;
let kind: usize = 0;
let closes: usize = 0;
let hot: usize = 0;
let hotInt: usize = 0;
let varying: usize = 0;
let base: usize = 0;
let timeFixed: usize = 0;
let payloadFixed: usize = 0;
let dLo: usize = 0;
let dMid: usize = 0;
let dHi: usize = 0;
let pLo: usize = 0;
let pMid: usize = 0;
let pHi: usize = 0;
let xLo: usize = 0;
let xMid: usize = 0;
let xHi: usize = 0;
let rLo: usize = 0;
let rMid: usize = 0;
let rHi: usize = 0;
let nLo: usize = 0;
let nMid: usize = 0;
let nHi: usize = 0;
let gLo: usize = 0;
let gMid: usize = 0;
let gHi: usize = 0;
let pageFixed: usize = 0;
let fLo: usize = 0;
let fMid: usize = 0;
let fHi: usize = 0;
let errorEdge: usize = 0;
let rng: usize = 0;
let nodeRun: usize = 0;
let rate: usize = 0;
let routeRate: usize = 0;
let filterMode: usize = 0;
let edgeTarget: usize = 0;
let walkEdges: usize = 0;
let isFallback: usize = 0;
let exclusiveRoute: usize = 0;
let partOk: usize = 0;
let partExecutions: usize = 0;
let partFirst: usize = 0;
let partLater: usize = 0;
let marksStart: usize = 0;
let marks: usize = 0;
let entryStart: usize = 0;
let entryNode: usize = 0;
let entryFirst: usize = 0;
let entryLater: usize = 0;
let hitFirst: usize = 0;
let hitLater: usize = 0;
let hitList: usize = 0;
let num: usize = 0;
let partMark: usize = 0;
let rangedFilter: usize = 0;
let rangedRoute: usize = 0;
let eLo: usize = 0;
let eMid: usize = 0;
let eHi: usize = 0;
let qLo: usize = 0;
let qMid: usize = 0;
let qHi: usize = 0;
let draws: usize = 0;
let cursor: usize = 0;
let chainEnd: usize = 0;
let ints: usize = 0;
let itemStart: usize = 0;
let itemLast: usize = 0;
let bodyEdge: usize = 0;
let loopEnd: usize = 0;
// Lengths the walk reads.
let drawCount: i32 = 0;
let frameCount: i32 = 0;
let rangedFilterCount: i32 = 0;
let rangedRouteCount: i32 = 0;

/** How many addresses `bind` reads (then the four lengths): ../walkWasm.ts checks it. */
export const FIELDS: i32 = 83;

/**
 * Takes the arrays' addresses from the table at `table` (FIELDS addresses as u32, then the draw
 * buffer's, the free frames', the ranged filters' and the ranged routes' lengths).
 */
export function bind(table: usize): void {
  let i: usize = table;
  stackKind = load<u32>(i); i += 4;
  stackModule = load<u32>(i); i += 4;
  stackFrame = load<u32>(i); i += 4;
  frameIter = load<u32>(i); i += 4;
  frameParent = load<u32>(i); i += 4;
  frameItem = load<u32>(i); i += 4;
  frameItems = load<u32>(i); i += 4;
  framePending = load<u32>(i); i += 4;
  frameSerial = load<u32>(i); i += 4;
  freeFrames = load<u32>(i); i += 4;
  aggMark = load<u32>(i); i += 4;
  aggNext = load<u32>(i); i += 4;
  kind = load<u32>(i); i += 4;
  closes = load<u32>(i); i += 4;
  hot = load<u32>(i); i += 4;
  hotInt = load<u32>(i); i += 4;
  varying = load<u32>(i); i += 4;
  base = load<u32>(i); i += 4;
  timeFixed = load<u32>(i); i += 4;
  payloadFixed = load<u32>(i); i += 4;
  dLo = load<u32>(i); i += 4;
  dMid = load<u32>(i); i += 4;
  dHi = load<u32>(i); i += 4;
  pLo = load<u32>(i); i += 4;
  pMid = load<u32>(i); i += 4;
  pHi = load<u32>(i); i += 4;
  xLo = load<u32>(i); i += 4;
  xMid = load<u32>(i); i += 4;
  xHi = load<u32>(i); i += 4;
  rLo = load<u32>(i); i += 4;
  rMid = load<u32>(i); i += 4;
  rHi = load<u32>(i); i += 4;
  nLo = load<u32>(i); i += 4;
  nMid = load<u32>(i); i += 4;
  nHi = load<u32>(i); i += 4;
  gLo = load<u32>(i); i += 4;
  gMid = load<u32>(i); i += 4;
  gHi = load<u32>(i); i += 4;
  pageFixed = load<u32>(i); i += 4;
  fLo = load<u32>(i); i += 4;
  fMid = load<u32>(i); i += 4;
  fHi = load<u32>(i); i += 4;
  errorEdge = load<u32>(i); i += 4;
  rng = load<u32>(i); i += 4;
  nodeRun = load<u32>(i); i += 4;
  rate = load<u32>(i); i += 4;
  routeRate = load<u32>(i); i += 4;
  filterMode = load<u32>(i); i += 4;
  edgeTarget = load<u32>(i); i += 4;
  walkEdges = load<u32>(i); i += 4;
  isFallback = load<u32>(i); i += 4;
  exclusiveRoute = load<u32>(i); i += 4;
  partOk = load<u32>(i); i += 4;
  partExecutions = load<u32>(i); i += 4;
  partFirst = load<u32>(i); i += 4;
  partLater = load<u32>(i); i += 4;
  marksStart = load<u32>(i); i += 4;
  marks = load<u32>(i); i += 4;
  entryStart = load<u32>(i); i += 4;
  entryNode = load<u32>(i); i += 4;
  entryFirst = load<u32>(i); i += 4;
  entryLater = load<u32>(i); i += 4;
  hitFirst = load<u32>(i); i += 4;
  hitLater = load<u32>(i); i += 4;
  hitList = load<u32>(i); i += 4;
  num = load<u32>(i); i += 4;
  partMark = load<u32>(i); i += 4;
  rangedFilter = load<u32>(i); i += 4;
  rangedRoute = load<u32>(i); i += 4;
  eLo = load<u32>(i); i += 4;
  eMid = load<u32>(i); i += 4;
  eHi = load<u32>(i); i += 4;
  qLo = load<u32>(i); i += 4;
  qMid = load<u32>(i); i += 4;
  qHi = load<u32>(i); i += 4;
  draws = load<u32>(i); i += 4;
  cursor = load<u32>(i); i += 4;
  chainEnd = load<u32>(i); i += 4;
  ints = load<u32>(i); i += 4;
  itemStart = load<u32>(i); i += 4;
  itemLast = load<u32>(i); i += 4;
  bodyEdge = load<u32>(i); i += 4;
  loopEnd = load<u32>(i); i += 4;
  drawCount = load<i32>(i); i += 4;
  frameCount = load<i32>(i); i += 4;
  rangedFilterCount = load<i32>(i); i += 4;
  rangedRouteCount = load<i32>(i);
}

/** RandomStream.refill (../../../model/rng.ts) over the bound stream and draw buffer. */
function refill(from: i32): i32 {
  const d = draws;
  const count = drawCount;
  let j: i32 = 0;
  for (let i = from; i < count; i++) {
    f64put(d, j, f64at(d, i));
    j++;
  }
  const st = rng;
  let a = i32at(st, 0);
  let b = i32at(st, 1);
  let c = i32at(st, 2);
  let e = i32at(st, 3);
  for (; j < count; j++) {
    const t = a + b + e;
    e = e + 1;
    a = b ^ <i32>(<u32>b >> 9);
    b = c + (c << 3);
    c = rotl<i32>(c, 21) + t;
    f64put(d, j, <f64><u32>t * 2.3283064365386963e-10);
  }
  i32put(st, 0, a);
  i32put(st, 1, b);
  i32put(st, 2, c);
  i32put(st, 3, e);
  return 0;
}

/** The loop frame, from f outwards, of the iterator `iterator`'s execution, or −1. */
@inline function frameOf(iterator: i32, f: i32): i32 {
  let g = f;
  while (g != -1 && i32at(frameIter, g) != iterator) g = i32at(frameParent, g);
  return g;
}

/** Marks aggregator a to run when frame g's execution ends (once per execution). */
@inline function mark(a: i32, g: i32): void {
  const s = f64at(frameSerial, g);
  if (f64at(aggMark, a) != s) {
    f64put(aggMark, a, s);
    i32put(aggNext, a, i32at(framePending, g));
    i32put(framePending, g, a);
  }
}

/** placeMarks of ../walk.ts. */
function placeMarks(id: i32, f: i32): bool {
  const from = i32at(marksStart, id);
  const to = i32at(marksStart, id + 1);
  for (let i = from; i < to; i++) {
    if (frameOf(i32at(closes, i32at(marks, i)), f) == -1) return false;
  }
  for (let i = from; i < to; i++) {
    const a = i32at(marks, i);
    mark(a, frameOf(i32at(closes, a), f));
  }
  return true;
}

/** marksPlaceable of ../walk.ts. */
function marksPlaceable(id: i32, f: i32): bool {
  for (let i = i32at(marksStart, id), end = i32at(marksStart, id + 1); i < end; i++) {
    if (frameOf(i32at(closes, i32at(marks, i)), f) == -1) return false;
  }
  return true;
}

/** Set when a run went past MAX_EXECUTIONS_PER_RUN (the JS side then throws runTooLong). */
let tooLong: i32 = 0;

export function runWasTooLong(): i32 {
  return tooLong;
}

/**
 * One simulated run (walkRun of ../walk.ts): returns its credits, leaves its executions in
 * num[NUM_EXECUTIONS], adds its credits per module to nodeRun. When the run goes past
 * MAX_EXECUTIONS_PER_RUN it stops at once and runWasTooLong() is 1.
 */
export function walkRun(): f64 {
  tooLong = 0;
  let ri = i32at(cursor, 0);
  const trigger = <i32>f64at(num, NUM_TRIGGER);
  const n = <i32>f64at(num, NUM_MODULES);
  const kT = f64at(num, NUM_KT);
  const t0 = f64at(num, NUM_T0);
  const kP = f64at(num, NUM_KP);
  const s0 = f64at(num, NUM_S0);
  const sigma = f64at(num, NUM_SIGMA);
  const chainBase = 2 * n;
  const skipBase = 3 * n;
  const drawLimit = drawCount - i32at(ints, INT_DRAW_MARGIN);
  let freeCount = frameCount;
  let serial = f64at(num, NUM_SERIAL);
  let runTotal: f64 = 0;
  let executions: f64 = 0;
  let hits: i32 = 0;
  let sp: i32 = 0;
  const filters = rangedFilterCount;
  const ranges = filters + rangedRouteCount;
  let ranged: i32 = 0;
  let started = false;
  for (;;) {
    if (!started) {
      for (; ranged < ranges && ri < drawCount; ranged++) {
        if (ranged < filters) {
          const e = i32at(rangedFilter, ranged);
          const min = f64at(eLo, e);
          const likely = f64at(eMid, e);
          const max = f64at(eHi, e);
          const span = max - min;
          let q: f64;
          if (!(span > 0)) q = likely;
          else {
            q = tri(f64at(draws, ri), min, likely, max, span);
            ri++;
          }
          f64put(rate, e, q < 0 ? 0 : q > 1 ? 1 : q);
        } else {
          const e = i32at(rangedRoute, ranged - filters);
          const min = f64at(qLo, e);
          const likely = f64at(qMid, e);
          const max = f64at(qHi, e);
          const span = max - min;
          let q: f64;
          if (!(span > 0)) q = likely;
          else {
            q = tri(f64at(draws, ri), min, likely, max, span);
            ri++;
          }
          f64put(routeRate, e, q < 0 ? 0 : q > 1 ? 1 : q);
        }
      }
      if (ranged == ranges) {
        started = true;
        if (trigger != -1) {
          u8put(stackKind, 0, S_EXEC);
          i32put(stackModule, 0, trigger);
          i32put(stackFrame, 0, -1);
          sp = 1;
        }
      }
    }
    // `bundles` of ../walk.ts; `refillFirst` is its `break bundles`.
    let refillFirst = false;
    while (sp > 0) {
      sp--;
      let sk = u8at(stackKind, sp);
      let v = i32at(stackModule, sp);
      let f = i32at(stackFrame, sp);
      // `walk` of ../walk.ts: `break` and `continue` here are its `break walk` and `continue walk`.
      for (;;) {
        if (ri > drawLimit) {
          u8put(stackKind, sp, sk);
          i32put(stackModule, sp, v);
          i32put(stackFrame, sp, f);
          sp++;
          refillFirst = true;
          break;
        }
        let emitItem = false;
        let failed = false;
        if (sk == S_LOOP) {
          const item = f64at(frameItem, f);
          if (item < f64at(frameItems, f)) {
            f64put(frameItem, f, item + 1);
            u8put(stackKind, sp, S_LOOP);
            i32put(stackModule, sp, v);
            i32put(stackFrame, sp, f);
            sp++;
            emitItem = true;
          } else {
            const parent = i32at(frameParent, f);
            const pendingAggregator = i32at(framePending, f);
            i32put(freeFrames, freeCount++, f);
            if (pendingAggregator == -1) break;
            for (let a = i32at(aggNext, pendingAggregator); a != -1; a = i32at(aggNext, a)) {
              u8put(stackKind, sp, S_EXEC);
              i32put(stackModule, sp, a);
              i32put(stackFrame, sp, parent);
              sp++;
            }
            v = pendingAggregator;
            f = parent;
            sk = S_EXEC;
          }
        } else if (sk == S_EXEC && u8at(kind, v) == K_AGGREGATOR) {
          const g = frameOf(i32at(closes, v), f);
          if (g != -1) {
            mark(v, g);
            break;
          }
        }

        if (sk == S_EXEC) {
          let placed = u8at(partOk, v) == 1;
          if (placed) {
            const m = i32at(partMark, v);
            if (m >= 0) {
              const g = frameOf(i32at(closes, m), f);
              if (g == -1) placed = false;
              else mark(m, g);
            } else if (m == MARKS_SEVERAL) placed = placeMarks(v, f);
          }
          if (placed) {
            if (f64at(hitFirst, v) == 0 && f64at(hitLater, v) == 0) i32put(hitList, hits++, v);
            if (f != -1 && f64at(frameItem, f) > 1) {
              runTotal += f64at(partLater, v);
              f64put(hitLater, v, f64at(hitLater, v) + 1);
            } else {
              runTotal += f64at(partFirst, v);
              f64put(hitFirst, v, f64at(hitFirst, v) + 1);
            }
            executions += f64at(partExecutions, v);
            if (executions > MAX_EXECUTIONS_PER_RUN) {
              tooLong = 1;
              return runTotal;
            }
            break;
          }
          const last = i32at(chainEnd, v);
          if (last != -1) {
            const id = chainBase + v;
            if (f64at(hitFirst, id) == 0 && f64at(hitLater, id) == 0) i32put(hitList, hits++, id);
            if (f != -1 && f64at(frameItem, f) > 1) {
              runTotal += f64at(partLater, id);
              f64put(hitLater, id, f64at(hitLater, id) + 1);
            } else {
              runTotal += f64at(partFirst, id);
              f64put(hitFirst, id, f64at(hitFirst, id) + 1);
            }
            executions += f64at(partExecutions, id);
            if (executions > MAX_EXECUTIONS_PER_RUN) {
              tooLong = 1;
              return runTotal;
            }
            v = last;
          } else {
            executions++;
            const o = v * R;
            const flags = i32at(hotInt, o + HOT_FLAGS);
            const bits = flags & VARY_ALL;
            let attempt: f64;
            if ((bits & VARY_ATTEMPT) == 0) attempt = f64at(hot, 2 * v);
            else {
              let timePart = f64at(timeFixed, v);
              let payloadPart = f64at(payloadFixed, v);
              let x = f64at(xMid, v);
              if (bits & VARY_DURATION) {
                let t: f64;
                const min = f64at(dLo, v);
                const likely = f64at(dMid, v);
                const max = f64at(dHi, v);
                const span = max - min;
                if (span > 0) {
                  t = tri(f64at(draws, ri), min, likely, max, span);
                  ri++;
                } else t = likely;
                timePart = t != 0 ? kT * log2(1 + t / t0) : 0;
              }
              if (bits & VARY_PAYLOAD) {
                let sz: f64;
                const min = f64at(pLo, v);
                const likely = f64at(pMid, v);
                const max = f64at(pHi, v);
                const span = max - min;
                if (span > 0) {
                  sz = tri(f64at(draws, ri), min, likely, max, span);
                  ri++;
                } else sz = likely;
                payloadPart = sz != 0 ? kP * log2(1 + sz / s0) : 0;
              }
              if (bits & VARY_EXTRA) {
                const min = f64at(xLo, v);
                const likely = f64at(xMid, v);
                const max = f64at(xHi, v);
                const span = max - min;
                if (span > 0) {
                  x = tri(f64at(draws, ri), min, likely, max, span);
                  ri++;
                } else x = likely;
              }
              let pagePart = f64at(pageFixed, v);
              if (bits & VARY_PAGES) {
                let pages: f64;
                const min = f64at(gLo, v);
                const likely = f64at(gMid, v);
                const max = f64at(gHi, v);
                const span = max - min;
                if (span > 0) {
                  pages = tri(f64at(draws, ri), min, likely, max, span);
                  ri++;
                } else pages = likely;
                pagePart = pages > 1 ? sigma * (pages - 1) : 0;
              }
              attempt = f64at(base, v) + timePart + payloadPart + x + pagePart;
            }
            if (flags & FLAG_SEARCH && f != -1 && f64at(frameItem, f) > 1) attempt += sigma;
            let r = f64at(hot, 2 * v + 1);
            if (bits & VARY_RETRIES) {
              const min = f64at(rLo, v);
              const likely = f64at(rMid, v);
              const max = f64at(rHi, v);
              const span = max - min;
              if (span > 0) {
                r = tri(f64at(draws, ri), min, likely, max, span);
                ri++;
              } else r = likely;
            }
            let c = attempt;
            if (r != 0) {
              let k = Math.floor(r);
              const frac = r - k;
              if (frac > 0) {
                // ../walk.ts's `if (u < frac) k++` without a branch (here and for an iteration's count):
                // k is not −0 when frac > 0, so k + 0 is k, bit for bit; the CPU no longer mispredicts the draw.
                k += <f64>(f64at(draws, ri++) < frac);
              }
              c = (1 + k) * attempt;
            }
            f64put(nodeRun, v, f64at(nodeRun, v) + c);
            runTotal += c;
            if (executions > MAX_EXECUTIONS_PER_RUN) {
              tooLong = 1;
              return runTotal;
            }
            if (bits & VARY_FAIL) {
              let phi: f64;
              const min = f64at(fLo, v);
              const likely = f64at(fMid, v);
              const max = f64at(fHi, v);
              const span = max - min;
              if (span > 0) {
                phi = tri(f64at(draws, ri), min, likely, max, span);
                ri++;
              } else phi = likely;
              failed = phi >= 1 || (phi > 0 && f64at(draws, ri++) < phi);
            }
          }
        }

        if (failed) {
          const e = i32at(errorEdge, v);
          if (e == -1) break;
          v = i32at(edgeTarget, e);
          sk = S_EXEC;
          continue;
        }

        const ho = v * R;
        const single = emitItem ? i32at(hotInt, ho + HOT_ITEM_EDGE) : i32at(hotInt, ho + HOT_SINGLE_EDGE);
        if (single != -1) {
          const mode = emitItem ? u8at(filterMode, single) : i32at(hotInt, ho + HOT_SINGLE_FILTER);
          sk = S_EXEC;
          if (mode != F_NONE) {
            const q = f64at(rate, single);
            let pass = q >= 1;
            if (!pass && q > 0) {
              pass = f64at(draws, ri++) < q;
            }
            if (!pass) {
              if (mode == F_BREAK) break;
              sk = S_SKIP;
            }
          }
          v = emitItem ? i32at(hotInt, ho + HOT_ITEM_TARGET) : i32at(hotInt, ho + HOT_SINGLE_TARGET);
          continue;
        }
        const start = i32at(hotInt, ho + HOT_WALK_START);
        const end = i32at(hotInt, ho + HOT_WALK_END);
        if (start == end) break;
        const k = u8at(kind, v);
        if (k == K_ITERATOR && !emitItem) {
          let N = f64at(nMid, v);
          if (u8at(varying, v) & VARY_ITERATIONS) {
            const min = f64at(nLo, v);
            const likely = f64at(nMid, v);
            const max = f64at(nHi, v);
            const span = max - min;
            if (span > 0) {
              N = tri(f64at(draws, ri), min, likely, max, span);
              ri++;
            } else N = likely;
          }
          let items = Math.floor(N);
          const frac = N - items;
          if (frac > 0) {
            items += <f64>(f64at(draws, ri++) < frac);
          }
          if (!(items > 0)) break;
          const closeWith = i32at(loopEnd, v);
          let frame: i32 = -1;
          if (closeWith == LOOP_FRAMED) {
            frame = i32at(freeFrames, --freeCount);
            i32put(frameIter, frame, v);
            i32put(frameParent, frame, f);
            f64put(frameItem, frame, 0);
            f64put(frameItems, frame, items);
            i32put(framePending, frame, -1);
            f64put(frameSerial, frame, serial++);
          }
          const id = n + v;
          if (u8at(partOk, id) == 1 && (frame == -1 || i32at(marksStart, id) == i32at(marksStart, id + 1) || placeMarks(id, frame))) {
            if (frame != -1) f64put(frameItem, frame, items);
            if (f64at(hitFirst, id) == 0 && f64at(hitLater, id) == 0) i32put(hitList, hits++, id);
            f64put(hitFirst, id, f64at(hitFirst, id) + 1);
            f64put(hitLater, id, f64at(hitLater, id) + (items - 1));
            runTotal += f64at(partFirst, id) + (items - 1) * f64at(partLater, id);
            executions += items * f64at(partExecutions, id);
            if (executions > MAX_EXECUTIONS_PER_RUN) {
              tooLong = 1;
              return runTotal;
            }
            if (frame == -1) {
              if (closeWith == LOOP_NOTHING) break;
              v = closeWith;
              sk = S_EXEC;
              continue;
            }
          } else if (i32at(itemStart, v) != i32at(itemStart, v + 1) && (frame == -1 || marksPlaceable(skipBase + i32at(itemLast, v), frame))) {
            const from = i32at(itemStart, v);
            const to = i32at(itemStart, v + 1);
            let cost: f64 = 0;
            let ran: f64 = 0;
            let onFirst: f64 = 0;
            let onLater: f64 = 0;
            const itemDraws = 2 * (to - from);
            for (let i: f64 = 0; i < items; i++) {
              if (ri > drawLimit - itemDraws) ri = refill(ri);
              let alive = true;
              for (let j = from; j < to; j++) {
                const e = i32at(bodyEdge, j);
                const mode = u8at(filterMode, e);
                let enter = true;
                if (mode != F_NONE) {
                  const q = f64at(rate, e);
                  enter = q >= 1;
                  if (!enter && q > 0) {
                    enter = f64at(draws, ri++) < q;
                  }
                  if (!enter && mode == F_BREAK) {
                    alive = false;
                    break;
                  }
                }
                if (enter) {
                  const t = i32at(edgeTarget, e);
                  let attempt = f64at(hot, 2 * t);
                  if (i > 0 && i32at(hotInt, t * R + HOT_FLAGS) & FLAG_SEARCH) attempt += sigma;
                  const r = f64at(hot, 2 * t + 1);
                  let c = attempt;
                  if (r != 0) {
                    let k = Math.floor(r);
                    const frac = r - k;
                    if (frac > 0) {
                      k += <f64>(f64at(draws, ri++) < frac);
                    }
                    c = (1 + k) * attempt;
                  }
                  cost += c;
                  f64put(nodeRun, t, f64at(nodeRun, t) + c);
                  if (++ran + executions > MAX_EXECUTIONS_PER_RUN) {
                    tooLong = 1;
                    return runTotal;
                  }
                }
              }
              if (!alive) continue;
              if (i == 0) onFirst = 1;
              else onLater++;
            }
            if (frame != -1) f64put(frameItem, frame, items);
            runTotal += cost;
            executions += ran;
            if (onFirst + onLater > 0) {
              const o = skipBase + i32at(itemLast, v);
              if (frame != -1) placeMarks(o, frame);
              if (f64at(hitFirst, o) == 0 && f64at(hitLater, o) == 0) i32put(hitList, hits++, o);
              f64put(hitFirst, o, f64at(hitFirst, o) + onFirst);
              f64put(hitLater, o, f64at(hitLater, o) + onLater);
              runTotal += onFirst * f64at(partFirst, o) + onLater * f64at(partLater, o);
              executions += (onFirst + onLater) * f64at(partExecutions, o);
            }
            if (executions > MAX_EXECUTIONS_PER_RUN) {
              tooLong = 1;
              return runTotal;
            }
            if (frame == -1) {
              if (closeWith == LOOP_NOTHING || onFirst + onLater == 0) break;
              v = closeWith;
              sk = S_EXEC;
              continue;
            }
          }
          sk = S_LOOP;
          f = frame;
          continue;
        }
        let chosen: i32 = -1;
        if (k == K_ROUTER_EXCLUSIVE) {
          chosen = i32at(exclusiveRoute, v);
          if (chosen == ROUTE_DRAWN) {
            // drawExclusiveRoute of ../walk.ts.
            const u = f64at(draws, ri++);
            chosen = -1;
            let cum: f64 = 0;
            for (let i = start; i < end; i++) {
              const e = i32at(walkEdges, i);
              if (u8at(isFallback, e) == 1) continue;
              cum += f64at(routeRate, e);
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
            const e = i32at(walkEdges, i);
            const fallback = u8at(isFallback, e) == 1;
            if (k == K_ROUTER_EXCLUSIVE) {
              if (chosen != -1 ? e != chosen : !fallback) continue;
            } else if (k == K_ROUTER_STANDARD) {
              if (fallbackPass) {
                if (!fallback) continue;
              } else {
                if (fallback) continue;
                const p = f64at(routeRate, e);
                if (!(p >= 1)) {
                  if (!(p > 0)) continue;
                  if (!(f64at(draws, ri++) < p)) continue;
                }
                anyRoute = true;
              }
            }
            const mode = u8at(filterMode, e);
            let entry = S_EXEC;
            if (mode != F_NONE) {
              const q = f64at(rate, e);
              let pass = q >= 1;
              if (!pass && q > 0) {
                pass = f64at(draws, ri++) < q;
              }
              if (!pass) {
                if (mode == F_BREAK) continue;
                entry = S_SKIP;
              }
            }
            u8put(stackKind, sp, entry);
            i32put(stackModule, sp, i32at(edgeTarget, e));
            i32put(stackFrame, sp, f);
            sp++;
          }
          if (k != K_ROUTER_STANDARD || anyRoute || fallbackPass) break;
          fallbackPass = true;
        }
        break;
      }
      if (refillFirst) break;
    }
    if (started && sp == 0) break;
    ri = refill(ri);
  }
  for (let h = 0; h < hits; h++) {
    const id = i32at(hitList, h);
    const first = f64at(hitFirst, id);
    const later = f64at(hitLater, id);
    for (let i = i32at(entryStart, id), end = i32at(entryStart, id + 1); i < end; i++) {
      const u = i32at(entryNode, i);
      f64put(nodeRun, u, f64at(nodeRun, u) + first * f64at(entryFirst, i) + later * f64at(entryLater, i));
    }
    f64put(hitFirst, id, 0);
    f64put(hitLater, id, 0);
  }
  f64put(num, NUM_SERIAL, serial);
  f64put(num, NUM_EXECUTIONS, executions);
  i32put(cursor, 0, ri);
  return runTotal;
}

/**
 * Keeps the run just walked for the module percentiles, as `keepRun` (../walk.ts) does: nodeRun's
 * `n` credits as f32 at `samples` (the run's row of the sample-major buffer) and added to the
 * block's sums at `sums`.
 */
export function keep(samples: usize, sums: usize, n: i32): void {
  for (let v = 0; v < n; v++) {
    const c = f64at(nodeRun, v);
    store<f32>(samples + (<usize>v << 2), <f32>c);
    f64put(sums, v, f64at(sums, v) + c);
  }
}

/**
 * The k-th smallest of a[lo..hi], as `select` in ../summary.ts: the same comparisons in the same
 * order, so the same element is picked (NaN, ±0 and ties alike).
 */
function select(a: usize, k: i32, lo: i32, hi: i32): f64 {
  while (hi > lo) {
    const mid = <i32>(<u32>(lo + hi) >>> 1);
    let x = f64at(a, lo);
    let y = f64at(a, mid);
    const z = f64at(a, hi);
    if (x > y) {
      const t = x;
      x = y;
      y = t;
    }
    if (y > z) y = z;
    if (x > y) y = x;
    const pivot = y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (f64at(a, i) < pivot) i++;
      while (f64at(a, j) > pivot) j--;
      if (i <= j) {
        const t = f64at(a, i);
        f64put(a, i, f64at(a, j));
        f64put(a, j, t);
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return f64at(a, k);
  }
  return f64at(a, k);
}

/**
 * Nearest-rank P10 and P90 of modules v0 … v0 + width − 1 over `runs` runs of the sample-major f32
 * buffer at `samples` (`n` modules a run), into the f64 arrays at `p10` and `p90`, as one block of
 * `modulePercentiles` (../summary.ts percentilesJs) takes them: the block's columns copied as f64
 * to `block` (width × runs numbers), then selection; ranks `rank10` and `rank90` (0-based).
 * Called once per block from JS (../walkWasm.ts), not looping over the blocks here: V8 runs a
 * WebAssembly function's first calls in its baseline code and moves later calls to optimised code,
 * with no switch inside a call that is running, so one long call would stay in the baseline code.
 */
export function percentileBlock(samples: usize, n: i32, runs: i32, v0: i32, width: i32, rank10: i32, rank90: i32, block: usize, p10: usize, p90: usize): void {
  for (let s = 0; s < runs; s++) {
    const row = samples + ((<usize>s * <usize>n + <usize>v0) << 2);
    for (let j = 0; j < width; j++) f64put(block, j * runs + s, <f64>load<f32>(row + (<usize>j << 2)));
  }
  for (let j = 0; j < width; j++) {
    const at = j * runs;
    const first = f64at(block, at);
    let same = true;
    for (let s = 1; s < runs; s++) {
      if (f64at(block, at + s) != first) {
        same = false;
        break;
      }
    }
    if (same) {
      f64put(p10, v0 + j, first);
      f64put(p90, v0 + j, first);
      continue;
    }
    f64put(p90, v0 + j, select(block, at + rank90, at, at + runs - 1));
    f64put(p10, v0 + j, select(block, at + rank10, at, at + rank90));
  }
}
