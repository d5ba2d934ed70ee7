/**
 * Two trees' simulation engines side by side in ONE process (issue 19: a cut of a few per cent in
 * the walk, on a machine whose load moves by more than that between fresh processes). Each tree's
 * `generateFlow` and `cost/simulate.ts` are bundled with esbuild (minified, as the page's build
 * inlines constants), both bundles are loaded, warmed twice, then called alternately (a, b / b, a
 * …) on the same generated flow (1,000 modules, rangeShare 0.15, seed 1, 10,000 runs); each call's
 * CPU ms (process.cpuUsage) is noted and the results compared (a different number stops the run).
 * Prints one JSON line per step: the median and minimum of each tree and the median of the paired
 * ratios b / a. Timings are never asserted anywhere. Under a shared machine's load run it as
 * `chrt -r 10 npx tsx bench/simulationPair.ts …` (root; docs/performance.md, session 13).
 *
 *   npx tsx bench/simulationPair.ts --a /work/other-tree [--b .] [--rounds 12] [--steps walk,lead,ahead]
 *
 * Steps: `walk` the share of runs 4,864–9,999 (no kept samples), `lead` runs 0–4,863 with the
 * per-module samples of the first 4,000 kept, `ahead` the lead's per-module P10/P90
 * (percentilesAhead over 4,000 kept runs).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

function flag(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at !== -1 && process.argv[at + 1] ? process.argv[at + 1]! : fallback;
}

const treeA = resolve(flag('a', ''));
const treeB = resolve(flag('b', '.'));
if (!flag('a', '')) throw new Error('--a <tree> is needed (the tree to compare with)');
const rounds = Number(flag('rounds', '12'));
const steps = flag('steps', 'walk,lead,ahead').split(',');
const samples = 10_000;

interface Engine {
  generateFlow: (o: { modules: number; seed: number; rangeShare: number }) => unknown;
  simulateChunk: (flow: unknown, o: object) => { runs: Float64Array; nodeSamples: Float32Array; percentiles?: { p10: Float64Array; p90: Float64Array } };
  percentilesAhead: (flow: unknown, samples: number, chunk: object) => boolean;
  SampleBuffers: new () => { give(b: Float32Array): void };
}

const dir = mkdtempSync(join(tmpdir(), 'simpair-'));
async function load(tree: string, name: string): Promise<Engine> {
  const out = join(dir, `${name}.mjs`);
  await build({
    stdin: {
      contents: `export { generateFlow } from ${JSON.stringify(join(tree, 'src/model/generate.ts'))};
export { simulateChunk, percentilesAhead, SampleBuffers } from ${JSON.stringify(join(tree, 'src/cost/simulate.ts'))};`,
      resolveDir: tree,
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    minify: true,
    outfile: out,
    logLevel: 'warning',
  });
  return (await import(pathToFileURL(out).href)) as Engine;
}

const engines = [await load(treeA, 'a'), await load(treeB, 'b')];
const flows = engines.map((e) => e.generateFlow({ modules: 1000, seed: 1, rangeShare: 0.15 }));
const buffers = engines.map((e) => new e.SampleBuffers());
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** One call of `step` in engine i: its CPU ms and a few of its numbers (to check both trees agree). */
function once(step: string, i: number): { ms: number; check: number[] } {
  const e = engines[i]!;
  const flow = flows[i];
  if (step === 'walk') {
    const t = cpu();
    const c = e.simulateChunk(flow, { samples, seed: 1, range: { from: 4864, to: 10_000 } });
    return { ms: cpu() - t, check: [c.runs[0]!, c.runs[2500]!, c.runs[5135]!] };
  }
  if (step === 'lead') {
    const t = cpu();
    const c = e.simulateChunk(flow, { samples, seed: 1, range: { from: 0, to: 4864 }, buffers: buffers[i] });
    const ms = cpu() - t;
    buffers[i]!.give(c.nodeSamples);
    return { ms, check: [c.runs[0]!, c.runs[4863]!, c.nodeSamples[123_456]!] };
  }
  if (step === 'ahead') {
    const c = e.simulateChunk(flow, { samples, seed: 1, range: { from: 0, to: 4096 } });
    const t = cpu();
    e.percentilesAhead(flow, samples, c);
    const ms = cpu() - t;
    return { ms, check: [c.percentiles!.p10[17]!, c.percentiles!.p90[501]!, c.percentiles!.p90[999]!] };
  }
  throw new Error(`unknown step ${step}`);
}

const median = (x: number[]) => [...x].sort((p, q) => p - q)[Math.floor(x.length / 2)]!;
for (const step of steps) {
  for (let w = 0; w < 2; w++) for (let i = 0; i < 2; i++) once(step, i);
  const ms: number[][] = [[], []];
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const got: number[][] = [];
    for (const i of r % 2 ? [1, 0] : [0, 1]) {
      const one = once(step, i);
      ms[i]!.push(one.ms);
      got[i] = one.check;
    }
    if (got[0]!.some((x, k) => !Object.is(x, got[1]![k]))) throw new Error(`${step}: the trees' numbers differ (${got[0]} against ${got[1]})`);
    ratios.push(ms[1]![r]! / ms[0]![r]!);
  }
  console.log(
    JSON.stringify({
      step,
      a: treeA,
      b: treeB,
      rounds,
      aMedianMs: Math.round(median(ms[0]!)),
      aMinMs: Math.round(Math.min(...ms[0]!)),
      bMedianMs: Math.round(median(ms[1]!)),
      bMinMs: Math.round(Math.min(...ms[1]!)),
      ratioMedian: +median(ratios).toFixed(3),
      ratios: ratios.map((x) => +x.toFixed(2)),
    }),
  );
}
