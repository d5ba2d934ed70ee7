// The AssemblyScript log2s in Node and in headless Chromium: how many inputs give other bits than
// the engine's own Math.log2, and the cost per call. Two modules: `fdlibm` (assembly/log2.ts, V8 up
// to Node 20's) and `correctlyRounded` (bench/log2cr.as.ts, newer V8; its rare fallback calls are
// counted, and answered by the engine's Math.log2). Each module is also compared with the TypeScript
// twin of log2.ts (src/cost/log2.ts): `differsFromTs` must be 0 for `fdlibm` everywhere.
// Run with `npx tsx bench/log2.ts` (LOG2_N inputs of each kind, default 2,000,000). Prints JSON on stdout.
//
// Inputs: LOG2_N uniformly random 64-bit patterns (every exponent, both signs, subnormals, NaNs) and
// LOG2_N walk arguments 1 + t/t0 (t in [0, 1e6], t0 in [0.1, 1000]), from the same seeded generator
// in Node and in the page. Speed: a loop of 1e6 log2 calls on walk arguments, best of 7: the wasm
// log2 called from inside wasm (as the wasm walk will), Math.log2 called from JS (as the JS walk
// does), the TypeScript log2 called from JS, the wasm log2 called from JS, and Math.log2 imported
// into wasm (a call back into JS).
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import asc from 'assemblyscript/asc';
import { build } from 'esbuild';
import { launchChromium, log } from './browser/measure';

const N = Number(process.env.LOG2_N ?? 2_000_000);
const root = resolve(import.meta.dirname, '..');

const BENCH_ENTRY = `
import { log2 } from './LOG2';
export { log2 };
/** Sum of log2(1 + i * step / t0) for i < n: the loop the speed figures time, all inside wasm. */
export function sumLog2(n: i32, step: f64, t0: f64): f64 {
  let s = 0.0;
  for (let i = 0; i < n; i++) s += log2(1 + (<f64>i * step) / t0);
  return s;
}
@external("env", "mathLog2")
declare function mathLog2(x: f64): f64;
/** The same loop calling the engine's Math.log2 (imported): what the wasm walk would pay without its own log2. */
export function sumMathLog2(n: i32, step: f64, t0: f64): f64 {
  let s = 0.0;
  for (let i = 0; i < n; i++) s += mathLog2(1 + (<f64>i * step) / t0);
  return s;
}
`;

async function compile(file: string): Promise<number[]> {
  // The engine's log2, or the experiment beside this bench (log2cr.as.ts: AssemblyScript, not part of the app).
  const path = file === 'log2' ? resolve(root, 'src/cost/simulation/assembly/log2.ts') : resolve(import.meta.dirname, `${file}.as.ts`);
  const source = readFileSync(path, 'utf8');
  const entry = BENCH_ENTRY.replace('LOG2', file);
  const result = await asc.compileString({ [`${file}.ts`]: source, 'bench.ts': entry }, { optimizeLevel: 3, runtime: 'stub', noAssert: true });
  if (result.error || !result.binary) throw new Error(`asc failed: ${result.stderr.toString()}`);
  return [...result.binary];
}

/** src/cost/log2.ts as a script that sets globalThis.tsLog2 (for the page and for Node alike). */
async function tsLog2Script(): Promise<string> {
  const out = await build({
    entryPoints: [resolve(root, 'src/cost/log2.ts')],
    bundle: true,
    format: 'iife',
    globalName: '__log2',
    footer: { js: 'globalThis.tsLog2 = __log2.log2;' },
    write: false,
  });
  return out.outputFiles[0]!.text;
}

type Result = {
  inputs: number;
  /** Inputs whose result has other bits than Math.log2's; `nanBits`: both NaN, other NaN bits (not counted in `random`). */
  mismatches: { random: number; walk: number; nanBits: number };
  fallbacks: number;
  /** Inputs where the module and the TypeScript log2 give other bits. */
  differsFromTs: number;
  examples: string[];
  nsPerCall: { wasmInWasm: number; mathLog2FromJs: number; tsLog2FromJs: number; wasmFromJs: number; mathLog2FromWasm: number };
};

/** Runs in Node and, serialised, in the page: so it may use nothing from outside its body. */
function run({ bytes, n }: { bytes: number[]; n: number }): Result {
  let fallbacks = 0;
  const env = {
    log2: (x: number) => {
      fallbacks++;
      return Math.log2(x);
    },
    mathLog2: Math.log2,
  };
  const exports = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array(bytes)), { env }).exports as {
    log2: (x: number) => number;
    sumLog2: (n: number, step: number, t0: number) => number;
    sumMathLog2: (n: number, step: number, t0: number) => number;
  };
  const log2 = exports.log2;
  const tsLog2 = (globalThis as unknown as { tsLog2: (x: number) => number }).tsLog2;
  let differsFromTs = 0;
  const f64 = new Float64Array(2);
  const u64 = new BigUint64Array(f64.buffer);
  const u32 = new Uint32Array(f64.buffer);
  const words = (seed: number) => {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return (t ^ (t >>> 14)) >>> 0;
    };
  };
  const examples: string[] = [];
  let nanBits = 0;
  const differs = (x: number): boolean => {
    const want = Math.log2(x);
    const got = log2(x);
    f64[0] = tsLog2(x);
    f64[1] = got;
    if (u64[0] !== u64[1]) differsFromTs++;
    f64[0] = want;
    if (u64[0] === u64[1]) return false;
    if (Number.isNaN(want) && Number.isNaN(got)) {
      nanBits++;
      return false;
    }
    if (examples.length < 20) {
      const want = u64[0]!;
      const got = u64[1]!;
      f64[0] = x;
      examples.push(`x=0x${u64[0]!.toString(16)} Math.log2=0x${want.toString(16)} wasm=0x${got.toString(16)}`);
    }
    return true;
  };
  let random = 0;
  let next = words(0x1092);
  for (let i = 0; i < n; i++) {
    u32[0] = next();
    u32[1] = next();
    if (differs(f64[0]!)) random++;
  }
  let walk = 0;
  next = words(0x7e57);
  for (let i = 0; i < n; i++) {
    const t = (next() / 2 ** 32) * 1e6;
    const t0 = 0.1 + (next() / 2 ** 32) * (1000 - 0.1);
    if (differs(1 + t / t0)) walk++;
  }

  const calls = 1_000_000;
  const step = 1e6 / calls;
  const t0 = 37.5;
  const best = (f: () => number) => {
    let min = Infinity;
    let sink = 0;
    for (let r = 0; r < 7; r++) {
      const start = performance.now();
      sink += f();
      min = Math.min(min, performance.now() - start);
    }
    if (sink === 42) throw new Error('unreachable');
    return Math.round((min * 1e6 * 100) / calls) / 100;
  };
  const wasmInWasm = best(() => exports.sumLog2(calls, step, t0));
  const mathLog2FromWasm = best(() => exports.sumMathLog2(calls, step, t0));
  const mathLog2FromJs = best(() => {
    let s = 0;
    for (let i = 0; i < calls; i++) s += Math.log2(1 + (i * step) / t0);
    return s;
  });
  const tsLog2FromJs = best(() => {
    let s = 0;
    for (let i = 0; i < calls; i++) s += tsLog2(1 + (i * step) / t0);
    return s;
  });
  const wasmFromJs = best(() => {
    let s = 0;
    for (let i = 0; i < calls; i++) s += log2(1 + (i * step) / t0);
    return s;
  });
  return { inputs: 2 * n, mismatches: { random, walk, nanBits }, fallbacks, differsFromTs, examples, nsPerCall: { wasmInWasm, mathLog2FromJs, tsLog2FromJs, wasmFromJs, mathLog2FromWasm } };
}

async function main() {
  const load = () => loadavg().map((x) => Math.round(x * 10) / 10);
  const loadAtStart = load();
  const modules = { fdlibm: await compile('log2'), correctlyRounded: await compile('log2cr') };
  const script = await tsLog2Script();
  new Function(script)();
  log(`${2 * N} inputs per engine and module`);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto('about:blank');
    // tsx compiles `run` with esbuild's keepNames, which calls __name (as in browser/measure.ts).
    await page.evaluate('window.__name = (f) => f');
    await page.evaluate(script);
    const engines = { node: `node ${process.version}`, chromium: browser.version() };
    const results: Record<string, Record<string, Result>> = {};
    for (const [name, bytes] of Object.entries(modules)) {
      const node = run({ bytes, n: N });
      log(`${name} in node: ${JSON.stringify(node.mismatches)}, ${node.fallbacks} fallbacks, ${node.differsFromTs} differ from the TS log2`);
      const chromium = await page.evaluate(run, { bytes, n: N });
      log(`${name} in chromium: ${JSON.stringify(chromium.mismatches)}, ${chromium.fallbacks} fallbacks, ${chromium.differsFromTs} differ from the TS log2`);
      results[name] = { node, chromium };
    }
    console.log(JSON.stringify({ date: new Date().toISOString(), load: { start: loadAtStart, end: load() }, engines, results }, null, 2));
  } finally {
    await browser.close();
  }
}

await main();
