/**
 * elk's options for auto-layout, judged: for each set of options (OPTION_SETS, the app's first), the
 * quality of the layout (src/commands/layoutQuality.ts: overlaps, crossings, edge length, area) on
 * generated flows and the samples, and the CPU of elk's layout warm (median of 3 in this process).
 * elk's first layout in a fresh process (what a user meets in a fresh worker) is measured by
 * `npx tsx bench/elkCold.ts '<options as JSON>' 1000` once per process.
 *
 *   npx tsx bench/layoutQuality.ts [sizes=100,300,1000,2000] [sets=all]
 *
 * Prints one JSON line per flow and set.
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkNode } from 'elkjs/lib/elk-api';
import { generateFlow } from '../src/model/generate';
import { elkGraphOf } from '../src/commands/layout';
import { layoutQuality } from '../src/commands/layoutQuality';
import { SAMPLE_FLOWS } from '../src/io/samples/index';
import type { Flow } from '../src/model/types';

export const OPTION_SETS: Record<string, Record<string, string>> = {
  app: {},
  thoroughness1: { 'elk.layered.thoroughness': '1' },
  polyline: { 'elk.edgeRouting': 'POLYLINE' },
  linearSegments: { 'elk.layered.nodePlacement.strategy': 'LINEAR_SEGMENTS' },
  simplePlacement: { 'elk.layered.nodePlacement.strategy': 'SIMPLE' },
  noModelOrder: { 'elk.layered.considerModelOrder.strategy': 'NONE' },
  cheap: {
    'elk.layered.thoroughness': '1',
    'elk.edgeRouting': 'POLYLINE',
    'elk.layered.considerModelOrder.strategy': 'NONE',
  },
};

const cpuMs = () => {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const sizes = (process.argv[2] ?? '100,300,1000,2000').split(',').map(Number);
  const sets = process.argv[3] ? process.argv[3].split(',') : Object.keys(OPTION_SETS);
  const flows: { name: string; flow: Flow }[] = [];
  for (const s of SAMPLE_FLOWS) flows.push({ name: `sample:${s.id}`, flow: await s.load() });
  for (const modules of sizes) for (const seed of [7, 11]) flows.push({ name: `generated:${modules}:${seed}`, flow: generateFlow({ modules, seed }) });
  const elk = new ELK();
  // Warm elk once so the CPU below is warm elk's.
  await elk.layout(elkGraphOf(generateFlow({ modules: 1000, seed: 1 })));
  for (const { name, flow } of flows) {
    for (const set of sets) {
      const graph = elkGraphOf(flow);
      graph.layoutOptions = { ...graph.layoutOptions, ...OPTION_SETS[set] };
      let laidOut: ElkNode = graph;
      const cpu: number[] = [];
      for (let i = 0; i < 3; i++) {
        const before = cpuMs();
        laidOut = await elk.layout(structuredClone(graph));
        cpu.push(Math.round(cpuMs() - before));
      }
      const boxes = (laidOut.children ?? []).map((c) => ({ id: c.id, x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? 0, height: c.height ?? 0 }));
      console.log(JSON.stringify({ flow: name, modules: flow.modules.length, set, warmCpuMs: median(cpu), ...layoutQuality(boxes, flow.edges) }));
    }
  }
}
void main();
