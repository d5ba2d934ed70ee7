/**
 * The calibration benchmark's inputs (issue 15's target: 1,000,000 log rows of a 100-module flow,
 * 10,000 runs): the generated flow that runs closest to 100 executions per run, and its log.
 * `npx tsx bench/calibrationLog.ts DIR` writes them as DIR/flow.json and DIR/runs.csv (about
 * 64 MB; not committed) to time the command line on them:
 * `npm run --silent cost -- DIR/flow.json --calibrate DIR/runs.csv --json`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileFlow } from '../src/model/compiled';
import { generateFlow } from '../src/model/generate';
import { countExecutions } from '../src/cost/price';
import { generateLog, rowsToCsv } from '../src/cost/calibrate/logGenerator';
import { serializeFlow } from '../src/io/serialize';
import type { Flow } from '../src/model/types';

/** The seed (of the first 300) whose 100-module flow runs closest to 100 executions per run. */
export function flowOfAbout100Executions(): Flow {
  let best = { seed: 1, gap: Infinity };
  for (let seed = 1; seed <= 300; seed++) {
    const flow = generateFlow({ modules: 100, seed });
    const counts = countExecutions(flow, compileFlow(flow));
    let total = 0;
    for (const m of counts.executions) total += m;
    if (Math.abs(total - 100) < best.gap) best = { seed, gap: Math.abs(total - 100) };
  }
  return generateFlow({ modules: 100, seed: best.seed });
}

/** The benchmark's log of 10,000 runs as CSV text (about 1,030,000 rows). */
export function benchmarkLogCsv(flow: Flow): { csv: string; rows: number } {
  const rows = generateLog(flow, { runs: 10_000, seed: 1 });
  return { csv: rowsToCsv(rows), rows: rows.length };
}

if (process.argv[1]?.endsWith('calibrationLog.ts')) {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write('usage: npx tsx bench/calibrationLog.ts DIR\n');
    process.exit(2);
  }
  mkdirSync(dir, { recursive: true });
  const flow = flowOfAbout100Executions();
  const { csv, rows } = benchmarkLogCsv(flow);
  writeFileSync(join(dir, 'flow.json'), serializeFlow(flow));
  writeFileSync(join(dir, 'runs.csv'), csv);
  process.stdout.write(`${join(dir, 'flow.json')}, ${join(dir, 'runs.csv')}: ${rows.toLocaleString('en-US')} rows, ${(csv.length / 1e6).toFixed(1)} MB\n`);
}
