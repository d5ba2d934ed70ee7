/**
 * Calibration benchmark (issue 15, target ≤ 2 s): a log of about 1,000,000 rows (10,000 runs of a
 * generated 100-module flow with about 100 executions per run) calibrated through the CLI's code
 * path: bytes read in 1 MB chunks, decoded, parsed row by row, calibrated, fitted and backtested.
 */
import { compileFlow } from '../src/model/compiled';
import { generateFlow } from '../src/model/generate';
import { countExecutions } from '../src/cost/price';
import { generateLog, rowsToCsv } from '../src/cost/calibrate/logGenerator';
import { calibrateForCli } from '../src/cli/calibration';
import type { CliFiles } from '../src/cli/files';
import { measure, type Benchmark } from './registry';

const CHUNK = 1024 * 1024;

/** The seed (of the first 300) whose 100-module flow runs closest to 100 executions per run. */
function flowOfAbout100Executions() {
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

export const benchmark: Benchmark = {
  name: 'calibration',
  run() {
    const flow = flowOfAbout100Executions();
    const rows = generateLog(flow, { runs: 10_000, seed: 1 });
    const bytes = new TextEncoder().encode(rowsToCsv(rows));
    const files: CliFiles = {
      read: () => ({ size: 0 }),
      readChunks: (_path, onChunk) => {
        for (let i = 0; i < bytes.length; i += CHUNK) onChunk(bytes.subarray(i, i + CHUNK));
      },
    };
    let runs = 0;
    const timing = measure(
      () => {
        const out = calibrateForCli({ cwd: '/', files }, flow, 'runs.csv', {});
        if (!out.ok) throw new Error(out.message);
        runs = out.report.runs;
        return out;
      },
      { warmup: 1, runs: 3 },
    );
    const cpuStart = process.cpuUsage();
    calibrateForCli({ cwd: '/', files }, flow, 'runs.csv', {});
    const cpu = process.cpuUsage(cpuStart);
    return { cpuMs: Math.round((cpu.user + cpu.system) / 1000), description: 'cost --calibrate: read, calibrate, fit and backtest, ms', rows: rows.length, logRuns: runs, megabytes: Math.round(bytes.length / 1e5) / 10, target: 2000, ...timing };
  },
};
