/**
 * Auto-layout benchmark (issue 19: 1,000 modules <= 1 s, in a worker), in Node, on generated flows
 * of 500, 1,000 and 2,000 modules: the elk call alone, with the options the app uses
 * (src/commands/layout.ts `elkGraphOf`; elk's worker runs the very same code), first in the process
 * (elk compiled afresh, as in a new worker) and warm. Wall and CPU milliseconds.
 *
 *   npx tsx bench/layout.ts [sizes=500,1000,2000] [runs=3] [elk options over the app's, as JSON]
 *
 * Prints JSON: per size and engine, the median and each run's milliseconds, the load average.
 * For elk's first (cold) layout, run it once per size in a fresh process: `npx tsx bench/layout.ts 1000 1`;
 * with other options: `npx tsx bench/layout.ts 1000 1 '{"elk.layered.thoroughness":"1"}'`.
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import { loadavg } from 'node:os';
import { generateFlow } from '../src/model/generate';
import { elkGraphOf } from '../src/commands/layout';

const sizes = (process.argv[2] ?? '500,1000,2000').split(',').map(Number);
const runs = Number(process.argv[3] ?? 3);
const options = JSON.parse(process.argv[4] ?? '{}') as Record<string, string>;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const cpuMs = () => {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
};

async function time(run: () => unknown): Promise<{ wall: number; cpu: number }> {
  const cpu = cpuMs();
  const start = performance.now();
  await run();
  return { wall: Math.round(performance.now() - start), cpu: Math.round(cpuMs() - cpu) };
}

async function main() {
  const elk = new ELK();
  const load = loadavg()[0];
  const results = [];
  for (const modules of sizes) {
    const flow = generateFlow({ modules, seed: 7 });
    const elkRuns = [];
    for (let i = 0; i < runs; i++) {
      const graph = elkGraphOf(flow);
      graph.layoutOptions = { ...graph.layoutOptions, ...options };
      elkRuns.push(await time(() => elk.layout(graph)));
    }
    const of = (list: { wall: number; cpu: number }[]) => ({ medianMs: median(list.map((r) => r.wall)), medianCpuMs: median(list.map((r) => r.cpu)), runs: list });
    results.push({ modules, edges: flow.edges.length, elk: of(elkRuns) });
  }
  console.log(JSON.stringify({ when: new Date().toISOString(), options, load1: { before: load, after: loadavg()[0] }, results }));
}
void main();
