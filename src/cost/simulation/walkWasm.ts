/**
 * The simulation's walk in WebAssembly (assembly/walk.ts): the same runs as `walkRun` (walk.ts),
 * bit for bit, about 1.5× faster once hot and with no JIT warm-up of its own: a worker compiles the
 * 9 kB module in a millisecond or two as it starts, where V8 compiled the JS walk anew in every
 * worker (docs/engine.md, "The walk in WebAssembly"). `walkerFor` moves a WalkState's arrays into
 * the module's memory (the WalkState then holds views of them, so the engine reads and writes them
 * as before) and returns the run's walk; where WebAssembly cannot be had (or compiled
 * synchronously) it returns the JS walk, which gives the same numbers.
 */
import { WALK_WASM_BASE64 } from './walkWasm.bytes';
import { walkRun, type WalkState } from './walk';
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
  FIELDS: WebAssembly.Global;
}

/** Where the table of addresses starts; below it, the module's own static data (none today). */
const TABLE_AT = 65536;
const PAGE = 65536;

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

/**
 * The walk of one run for `w`: the WebAssembly walk over w's arrays, moved into its memory (w then
 * holds views of them), or, with `module` null, the JS walk. Throws runTooLong as walkRun does.
 */
export function walkerFor(w: WalkState, module: WebAssembly.Module | null = walkModule()): () => number {
  if (!module) return () => walkRun(w);
  const arrays = WASM_FIELDS.map((field) => w[field] as WalkArray);
  // Each distinct array once (a plan may give two fields the same array), 8-byte aligned.
  const at = new Map<WalkArray, number>();
  let end = TABLE_AT + 4 * (WASM_FIELDS.length + 4);
  for (const a of arrays) {
    if (at.has(a)) continue;
    end = Math.ceil(end / 8) * 8;
    at.set(a, end);
    end += a.byteLength;
  }
  let exports: WalkExports;
  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory({ initial: Math.ceil(end / PAGE) });
    exports = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as WalkExports;
  } catch {
    // No memory to be had (the address space of many memories at once): the same numbers in JS.
    return () => walkRun(w);
  }
  if (exports.FIELDS.value !== WASM_FIELDS.length) throw new Error('The WebAssembly walk reads another table of arrays than walkWasm.ts writes (npm run build:wasm).');
  const views = new Map<WalkArray, WalkArray>();
  for (const [a, offset] of at) {
    const Type = a.constructor as new (buffer: ArrayBuffer, offset: number, length: number) => WalkArray;
    const view = new Type(memory.buffer, offset, a.length);
    view.set(a as never);
    views.set(a, view);
  }
  const table = new Uint32Array(memory.buffer, TABLE_AT, WASM_FIELDS.length + 4);
  WASM_FIELDS.forEach((field, i) => {
    table[i] = at.get(arrays[i]!)!;
    (w as unknown as Record<Field, WalkArray>)[field] = views.get(arrays[i]!)!;
  });
  table.set([w.draws.length, w.freeFrames.length, w.rangedFilter.length, w.rangedRoute.length], WASM_FIELDS.length);
  exports.bind(TABLE_AT);
  return () => {
    const total = exports.walkRun();
    if (exports.runWasTooLong() !== 0) throw runTooLong();
    return total;
  };
}
