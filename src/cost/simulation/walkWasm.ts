/**
 * The simulation's walk in WebAssembly (assembly/walk.ts): the same runs as `walkRun` (walk.ts),
 * bit for bit, about 1.5× faster once hot and with no JIT warm-up of its own: a worker compiles the
 * 9 kB module in a millisecond or two as it starts, where V8 compiled the JS walk anew in every
 * worker (docs/engine.md, "The walk in WebAssembly"). `walkerFor` moves a WalkState's arrays into
 * the module's memory (the WalkState then holds views of them, so the engine reads and writes them
 * as before) and returns the run's walk; where WebAssembly cannot be had (or compiled
 * synchronously) it returns the JS walk, which gives the same numbers. `runsFor` does the same and
 * lays out the kept per-module samples and block sums in that memory too, so that the module keeps
 * each run (`keep`) and takes the module percentiles (`percentileBlock`) as the JS does, to the bit.
 */
import { WALK_WASM_BASE64 } from './walkWasm.bytes';
import { keepRun, walkRun, type WalkState } from './walk';
import { runTooLong } from './limits';

/** The WalkState arrays in the WebAssembly walk's memory, in the order `bind` reads their addresses (assembly/walk.ts). */
export const WASM_FIELDS = [
  'stackKind',
  'stackModule',
  'stackFrame',
  'frameIter',
  'frameParent',
  'frameItem',
  'frameItems',
  'framePending',
  'frameSerial',
  'freeFrames',
  'aggMark',
  'aggNext',
  'kind',
  'closes',
  'hot',
  'hotInt',
  'varying',
  'base',
  'timeFixed',
  'payloadFixed',
  'dLo',
  'dMid',
  'dHi',
  'pLo',
  'pMid',
  'pHi',
  'xLo',
  'xMid',
  'xHi',
  'rLo',
  'rMid',
  'rHi',
  'nLo',
  'nMid',
  'nHi',
  'gLo',
  'gMid',
  'gHi',
  'pageFixed',
  'fLo',
  'fMid',
  'fHi',
  'errorEdge',
  'rng',
  'nodeRun',
  'rate',
  'routeRate',
  'filterMode',
  'edgeTarget',
  'walkEdges',
  'isFallback',
  'exclusiveRoute',
  'partOk',
  'partExecutions',
  'partFirst',
  'partLater',
  'marksStart',
  'marks',
  'entryStart',
  'entryNode',
  'entryFirst',
  'entryLater',
  'hitFirst',
  'hitLater',
  'hitList',
  'num',
  'partMark',
  'rangedFilter',
  'rangedRoute',
  'eLo',
  'eMid',
  'eHi',
  'qLo',
  'qMid',
  'qHi',
  'draws',
  'cursor',
  'chainEnd',
  'ints',
  'itemStart',
  'itemLast',
  'bodyEdge',
  'loopEnd',
] as const satisfies readonly (keyof WalkState)[];

type Field = (typeof WASM_FIELDS)[number];
type WalkArray = WalkState[Field];

interface WalkExports {
  bind(table: number): void;
  walkRun(): number;
  runWasTooLong(): number;
  keep(samples: number, sums: number, n: number): void;
  percentileBlock(samples: number, n: number, runs: number, v0: number, width: number, rank10: number, rank90: number, block: number, p10: number, p90: number): void;
  FIELDS: WebAssembly.Global;
}

/** Where the kept samples start; below it, the module's own static data (none today). */
const SAMPLES_AT = 65536;
const PAGE = 65536;
/** Modules whose columns the percentiles copy at once (PERCENTILE_BLOCK in summary.ts). */
const PERCENTILE_BLOCK = 16;

/** The module, compiled at most once per realm (page, worker, process); null when it cannot be. */
const compiled: { module?: WebAssembly.Module | null } = {};

/** The walk's compiled module, or null where WebAssembly is missing or refuses a synchronous compile. */
export function walkModule(): WebAssembly.Module | null {
  if (compiled.module !== undefined) return compiled.module;
  try {
    const text = atob(WALK_WASM_BASE64);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    compiled.module = new WebAssembly.Module(bytes);
  } catch {
    compiled.module = null;
  }
  return compiled.module;
}

/** A memory whose samples a simulation's walk keeps: its instance and the room for the percentiles. */
interface SamplesMemory {
  memory: WebAssembly.Memory;
  exports: WalkExports;
  /** Byte address of the percentiles' column block, and how many f64 it holds. */
  blockAt: number;
  blockLength: number;
  /** Byte addresses of the P10 and P90 arrays, and how many modules they hold. */
  p10At: number;
  p90At: number;
  modules: number;
}

/**
 * The WebAssembly memories that hold kept samples, by their buffer: a samples buffer handed back
 * (SampleBuffers) brings its memory to the next simulation, and the percentiles of a buffer found
 * here are taken by its module.
 */
const samplesMemories = new WeakMap<ArrayBufferLike, SamplesMemory>();

/** What startSimulation walks and keeps runs with (`runsFor`). */
export interface RunsWalker {
  /** The walk of one run: its credits; throws runTooLong as walkRun does. */
  walk: () => number;
  /** Keeps the run just walked (as keepRun): nodeRun to samples[at..] as f32, added to sums[sumAt..]. */
  keep: (at: number, sumAt: number) => void;
  /** At least the samples asked for (in the module's memory with WebAssembly: a buffer for SampleBuffers, never to be transferred). */
  samples: Float32Array;
  /** The per-block sums asked for, zeroed. */
  sums: Float64Array;
}

const align8 = (x: number): number => Math.ceil(x / 8) * 8;

/**
 * The walk of one run for `w`, and the keeping of its per-module credits: the WebAssembly walk
 * over w's arrays, moved into its memory (w then holds views of them), with `samples` numbers of
 * samples and `sums` numbers of block sums in that memory too, and room for the percentiles of
 * the samples (PERCENTILE_BLOCK × `runs` numbers); or, with `module` null, the JS walk and keepRun.
 * `spare`: a samples buffer handed back by an earlier simulation (SampleBuffers): when it lies in
 * such a memory, that memory is used again (its pages are already touched).
 */
export function runsFor(
  w: WalkState,
  need: { samples: number; sums: number; runs: number; spare?: Float32Array | null },
  module: WebAssembly.Module | null = walkModule(),
): RunsWalker {
  const n = w.nodeRun.length;
  const jsRuns = (): RunsWalker => {
    const spare = need.spare && need.spare.length >= need.samples && !samplesMemories.has(need.spare.buffer) ? need.spare : null;
    const samples = spare ?? new Float32Array(need.samples);
    const sums = new Float64Array(need.sums);
    return { walk: () => walkRun(w), keep: (at, sumAt) => keepRun(w.nodeRun, samples, at, sums, sumAt), samples, sums };
  };
  if (!module) return jsRuns();
  const reused = need.spare ? samplesMemories.get(need.spare.buffer) : undefined;
  const capacity = reused && need.spare!.byteOffset === SAMPLES_AT && need.spare!.length >= need.samples ? need.spare!.length : need.samples;
  const arrays = WASM_FIELDS.map((field) => w[field] as WalkArray);
  const tableAt = align8(SAMPLES_AT + 4 * capacity);
  const sumsAt = align8(tableAt + 4 * (WASM_FIELDS.length + 4));
  const blockAt = sumsAt + 8 * need.sums;
  const blockLength = PERCENTILE_BLOCK * need.runs;
  const p10At = blockAt + 8 * blockLength;
  const p90At = p10At + 8 * n;
  // Each distinct array once (a plan may give two fields the same array), 8-byte aligned.
  const at = new Map<WalkArray, number>();
  let end = p90At + 8 * n;
  for (const a of arrays) {
    if (at.has(a)) continue;
    end = align8(end);
    at.set(a, end);
    end += a.byteLength;
  }
  let exports: WalkExports;
  let memory: WebAssembly.Memory;
  try {
    memory = reused?.memory ?? new WebAssembly.Memory({ initial: Math.ceil(end / PAGE) });
    if (memory.buffer.byteLength < end) memory.grow(Math.ceil((end - memory.buffer.byteLength) / PAGE));
    exports = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as WalkExports;
  } catch {
    // No memory to be had (the address space of many memories at once): the same numbers in JS.
    return jsRuns();
  }
  if (exports.FIELDS.value !== WASM_FIELDS.length) throw new Error('The WebAssembly walk reads another table of arrays than walkWasm.ts writes (npm run build:wasm).');
  const buffer = memory.buffer;
  const views = new Map<WalkArray, WalkArray>();
  for (const [a, offset] of at) {
    const Type = a.constructor as new (buffer: ArrayBuffer, offset: number, length: number) => WalkArray;
    const view = new Type(buffer, offset, a.length);
    view.set(a as never);
    views.set(a, view);
  }
  const table = new Uint32Array(buffer, tableAt, WASM_FIELDS.length + 4);
  WASM_FIELDS.forEach((field, i) => {
    table[i] = at.get(arrays[i]!)!;
    (w as unknown as Record<Field, WalkArray>)[field] = views.get(arrays[i]!)!;
  });
  table.set([w.draws.length, w.freeFrames.length, w.rangedFilter.length, w.rangedRoute.length], WASM_FIELDS.length);
  exports.bind(tableAt);
  // The spare buffer itself when its memory kept its bytes (not grown), so that it is handed on as it was.
  const samples = reused && need.spare!.buffer === buffer && capacity === need.spare!.length ? need.spare! : new Float32Array(buffer, SAMPLES_AT, capacity);
  const sums = new Float64Array(buffer, sumsAt, need.sums);
  sums.fill(0);
  samplesMemories.set(buffer, { memory, exports, blockAt, blockLength, p10At, p90At, modules: n });
  return {
    walk: () => {
      const total = exports.walkRun();
      if (exports.runWasTooLong() !== 0) throw runTooLong();
      return total;
    },
    keep: (at, sumAt) => exports.keep(SAMPLES_AT + 4 * at, sumsAt + 8 * sumAt, n),
    samples,
    sums,
  };
}

/**
 * The walk of one run for `w`: the WebAssembly walk over w's arrays, moved into its memory (w then
 * holds views of them), or, with `module` null, the JS walk. Throws runTooLong as walkRun does.
 */
export function walkerFor(w: WalkState, module: WebAssembly.Module | null = walkModule()): () => number {
  return runsFor(w, { samples: 0, sums: 0, runs: 0 }, module).walk;
}

/** Whether `a` lies in a walk's WebAssembly memory (so cannot be transferred to another thread). */
export function inWalkMemory(a: ArrayBufferView): boolean {
  return samplesMemories.has(a.buffer);
}

/**
 * modulePercentiles (summary.ts percentilesJs) by the module, a block of PERCENTILE_BLOCK modules
 * a call (see percentileBlock in assembly/walk.ts): byte addresses of the samples, the column
 * block (PERCENTILE_BLOCK × runs f64) and the P10 and P90 arrays (n f64 each); runs ≥ 1.
 */
function percentilesIn(exports: WalkExports, samples: number, n: number, runs: number, block: number, p10: number, p90: number): void {
  const rank90 = Math.min(runs, Math.max(1, Math.ceil(0.9 * runs))) - 1;
  const rank10 = Math.min(runs, Math.max(1, Math.ceil(0.1 * runs))) - 1;
  for (let v0 = 0; v0 < n; v0 += PERCENTILE_BLOCK) {
    exports.percentileBlock(samples, n, runs, v0, Math.min(PERCENTILE_BLOCK, n - v0), rank10, rank90, block, p10, p90);
  }
}

/**
 * Each module's P10 and P90 over `runs` runs of `samples` (sample-major, `n` modules), taken by
 * the WebAssembly module when the samples lie where a walk kept them and its memory has room:
 * the same numbers as modulePercentiles' JS (summary.ts). False, and nothing done, otherwise.
 */
export function percentilesInWalkMemory(samples: Float32Array, n: number, runs: number, p10: Float64Array, p90: Float64Array): boolean {
  const m = samplesMemories.get(samples.buffer);
  if (!m || m.memory.buffer !== samples.buffer || runs < 1 || n > m.modules || PERCENTILE_BLOCK * runs > m.blockLength) return false;
  if (samples.length < runs * n) return false;
  percentilesIn(m.exports, samples.byteOffset, n, runs, m.blockAt, m.p10At, m.p90At);
  p10.set(new Float64Array(m.memory.buffer, m.p10At, n));
  p90.set(new Float64Array(m.memory.buffer, m.p90At, n));
  return true;
}

/**
 * modulePercentiles in WebAssembly over any samples: copied into a memory of their own first. For
 * the tests that hold the module's percentiles to the JS ones; null where WebAssembly is missing.
 */
export function percentilesWasm(samples: Float32Array, n: number, runs: number, module: WebAssembly.Module | null = walkModule()): { p10: Float64Array; p90: Float64Array } | null {
  if (!module) return null;
  const blockAt = align8(SAMPLES_AT + 4 * samples.length);
  const p10At = blockAt + 8 * PERCENTILE_BLOCK * runs;
  const p90At = p10At + 8 * n;
  const memory = new WebAssembly.Memory({ initial: Math.ceil((p90At + 8 * n) / PAGE) });
  const exports = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as WalkExports;
  new Float32Array(memory.buffer, SAMPLES_AT, samples.length).set(samples);
  percentilesIn(exports, SAMPLES_AT, n, runs, blockAt, p10At, p90At);
  return { p10: new Float64Array(memory.buffer, p10At, n).slice(), p90: new Float64Array(memory.buffer, p90At, n).slice() };
}
