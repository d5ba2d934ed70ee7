/**
 * Builds of the WebAssembly walk side by side on one plan (issue 19: a cut of a few per cent in the
 * walk's step, smaller than what the machine's load moves between processes). Each `.wasm` file is
 * a build of src/cost/simulation/assembly/walk.ts (say `npx asc <copy of walk.ts> -O3 --runtime
 * stub --noAssert --importMemory --use abort= --noExportMemory -o v.wasm`, with the options or the
 * source change to try); each gets its own WalkState of the generated 1,000-module flow (rangeShare
 * 0.15, seed 1) through `walkerFor`, and they walk 256 runs (one block) in turn, rotating the order
 * each round; a different total stops the run. Prints one JSON line per build: the median and
 * minimum ms of a block and the median of its ratios to the first build's block of the same round.
 * Pass the first build twice to see the noise (A/A). Timings are never asserted anywhere.
 *
 *   npx tsx bench/walkVariants.ts a.wasm b.wasm a.wasm [--rounds 150]            # Node
 *   npx tsx bench/walkVariants.ts a.wasm b.wasm a.wasm --browser [--rounds 150]  # Chromium (headless page)
 *
 * Under load, `chrt -r 20 …` (root). docs/performance.md, "The walk's step".
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { findChromium } from './browser/measure';

const args = process.argv.slice(2);
const at = args.indexOf('--rounds');
const rounds = at === -1 ? 150 : Number(args[at + 1]);
const files = args.filter((a, i) => a.endsWith('.wasm') && args[i - 1] !== '--rounds');
if (files.length === 0) throw new Error('give the .wasm builds to compare (the first is the reference)');

/** The bench itself, run in Node or in the page: builds as byte arrays in, one result per build out. */
const benchSource = `
import { generateFlow } from ${JSON.stringify(resolve('src/model/generate.ts'))};
import { compileWalk, startStream } from ${JSON.stringify(resolve('src/cost/simulation/plan.ts'))};
import { walkerFor } from ${JSON.stringify(resolve('src/cost/simulation/walkWasm.ts'))};
import { rateCardOf } from ${JSON.stringify(resolve('src/cost/price.ts'))};
globalThis.walkVariants = (builds, rounds) => {
  const flow = generateFlow({ modules: 1000, seed: 1, rangeShare: 0.15 });
  const walks = builds.map((bytes) => {
    const w = compileWalk(flow, rateCardOf(flow), 1, false);
    return { w, walk: walkerFor(w, new WebAssembly.Module(new Uint8Array(bytes))) };
  });
  const block = (i, stream) => {
    const { w, walk } = walks[i];
    let total = 0;
    const start = performance.now();
    startStream(w, 1, stream);
    for (let r = 0; r < 256; r++) {
      w.nodeRun.fill(0);
      total += walk();
    }
    return { ms: performance.now() - start, total };
  };
  for (let k = 0; k < 3; k++) for (let i = 0; i < walks.length; i++) block(i, 0);
  const ms = walks.map(() => []);
  for (let r = 0; r < rounds; r++) {
    const totals = [];
    for (let j = 0; j < walks.length; j++) {
      const i = (j + r) % walks.length;
      const one = block(i, r % 32);
      ms[i].push(one.ms);
      totals[i] = one.total;
    }
    if (totals.some((t) => !Object.is(t, totals[0]))) throw new Error('the builds walked different numbers: ' + totals.join(', '));
  }
  const median = (x) => [...x].sort((a, b) => a - b)[Math.floor(x.length / 2)];
  return ms.map((m) => ({ medianMs: +median(m).toFixed(2), minMs: +Math.min(...m).toFixed(2), ratio: +median(m.map((x, r) => x / ms[0][r])).toFixed(3) }));
};
`;

const bundled = await build({ stdin: { contents: benchSource, resolveDir: process.cwd(), loader: 'js' }, bundle: true, format: 'iife', write: false, logLevel: 'warning' });
const script = bundled.outputFiles[0]!.text;
const builds = files.map((f) => [...readFileSync(f)]);
type Result = { medianMs: number; minMs: number; ratio: number };
let results: Result[];
let engine: string;
if (args.includes('--browser')) {
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({ executablePath: findChromium(), args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><title>walk variants</title>');
    await page.addScriptTag({ content: script });
    results = await page.evaluate(([b, r]) => (globalThis as unknown as { walkVariants: (b: number[][], r: number) => Result[] }).walkVariants(b, r), [builds, rounds] as const);
    engine = `Chromium ${browser.version()}`;
  } finally {
    await browser.close();
  }
} else {
  new Function(script)();
  results = (globalThis as unknown as { walkVariants: (b: number[][], r: number) => Result[] }).walkVariants(builds, rounds);
  engine = `Node ${process.version}`;
}
results.forEach((r, i) => console.log(JSON.stringify({ build: files[i], engine, rounds, ...r })));
