/**
 * The CPU time of the work done ahead before a flow opens (editor/openingWork.ts: its price in
 * slices, its module names), the work a superseded library open now stops (docs/performance.md,
 * "Reopening from the library: no edit lost, Cancel, a superseded open stopped").
 *
 *   npx tsx bench/openingWork.ts            (sizes 20000,100000; 3 runs each)
 *   OPENING_SIZES=100000 OPENING_RUNS=5 npx tsx bench/openingWork.ts
 */
import { freeze } from 'immer';
import { createEditor } from '../src/editor/createEditor';
import { workOutBeforeOpening } from '../src/editor/openingWork';
import { generateFlow } from '../src/model/generate';

const sizes = (process.env.OPENING_SIZES ?? '20000,100000').split(',').map(Number);
const runs = Number(process.env.OPENING_RUNS ?? 3);

for (const modules of sizes) {
  for (let run = 0; run < runs; run++) {
    const editor = createEditor({ storage: null, library: null, clipboard: null, mac: false });
    const flow = freeze(generateFlow({ modules, seed: run + 1 }), true);
    const start = process.cpuUsage();
    let steps = 0;
    for (const step of workOutBeforeOpening(editor, flow)) {
      step();
      steps++;
    }
    const used = process.cpuUsage(start);
    console.log(`${modules} modules, run ${run + 1}: ${steps} steps (a task each in the page), CPU ${((used.user + used.system) / 1000).toFixed(0)} ms`);
    editor.dispose();
  }
}
