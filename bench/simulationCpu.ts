/**
 * CPU time of simulated runs in one tree, for side-by-side comparisons (bench/simulationSide.ts):
 * `tsx bench/simulationCpu.ts <tree> <modules> <rangeShare> <runs> <calls>` loads that tree's own
 * generateFlow and simulate, generates the flow (seed 1), warms up once and prints one JSON line
 * with the CPU ms of each further call (process.cpuUsage, user + system).
 */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const [tree = '.', modulesArg = '1000', shareArg = '0.15', runsArg = '10000', callsArg = '3'] = process.argv.slice(2);
const root = resolve(tree);
const load = (path: string) => import(pathToFileURL(resolve(root, path)).href);
const { generateFlow } = await load('src/model/generate.ts');
const { simulate, SampleBuffers } = await load('src/cost/simulate.ts');
const flow = generateFlow({ modules: Number(modulesArg), seed: 1, rangeShare: Number(shareArg) });
const samples = Number(runsArg);
const buffers = SampleBuffers ? new SampleBuffers() : undefined;
const run = () => simulate(flow, { samples, seed: 1, ...(buffers ? { buffers } : {}) });
let result = run();
const cpuMs: number[] = [];
for (let i = 0; i < Number(callsArg); i++) {
  const start = process.cpuUsage();
  result = run();
  const used = process.cpuUsage(start);
  cpuMs.push(Math.round((used.user + used.system) / 1000));
}
console.log(JSON.stringify({ tree: root, modules: flow.modules.length, rangeShare: Number(shareArg), samples, cpuMs, mean: result.mean, executionsPerRun: result.executionsPerRun }));
