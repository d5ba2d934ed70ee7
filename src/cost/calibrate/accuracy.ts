/**
 * How good a calibrated estimate is (execution-logs.md §4): predicted against observed credits per
 * run (mean and P90, per module and in total), and a backtest that calibrates on the first half of
 * the runs (by start time, else by order in the log) and predicts the second half.
 */
import type { ExecutionLog } from '../../model/executionLog';
import { splitRuns } from '../../model/executionLog';
import type { Flow } from '../../model/types';
import { applyScenario } from '../../model/scenario';
import { simulate } from '../simulate';
import { calibrate, runStarts, type Calibration } from './calibrate';
import { nearestRank } from './observe';
import { select } from '../simulation/summary';
import { rateCardCreditsOfRows } from './rowCredits';

export interface MeanP90 {
  mean: number;
  p90: number;
}

export interface ModuleAccuracy {
  id: string;
  observedExecutions: number;
  predictedExecutions: number;
  observed: MeanP90;
  predicted: MeanP90;
}

export interface Fit {
  observed: MeanP90;
  predicted: MeanP90;
  modules: ModuleAccuracy[];
}

export interface Backtest {
  /** Runs calibrated on and runs predicted. */
  trainRuns: number;
  testRuns: number;
  /** (predicted − observed) ÷ observed of the second half's run mean and P90 (0 when both are 0). */
  meanError: number;
  p90Error: number;
  modules: { id: string; meanError: number; p90Error: number }[];
}

export interface AccuracyOptions {
  /** Simulated runs behind the predicted figures (default 2,000) and their seed (default 1). */
  samples?: number;
  seed?: number;
}

export const ACCURACY_SAMPLES = 2000;

/**
 * Credits each logged execution cost: its `credits` when the log gives them, else the rate card
 * applied to it with the flow's extra credits: attempts × (base + T(duration per attempt) +
 * P(payload) + extra), plus the search surcharges (σ per page beyond the first; σ·(1 − 1/N) for a
 * search inside a loop of N iterations, as an average).
 */
export function creditsOfRows(flow: Flow, log: ExecutionLog): Float64Array {
  return rateCardCreditsOfRows(flow, log, { billedFirst: true });
}

function meanP90(values: Float64Array): MeanP90 {
  if (values.length === 0) return { mean: 0, p90: 0 };
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return { mean: sum / values.length, p90: nearestRank(values.slice(), 0.9) };
}

/** Observed credits per run, in total and per module (mean and nearest-rank P90 over every run, 0 where a module did not run). */
export function observedCredits(flow: Flow, log: ExecutionLog): { total: MeanP90; modules: MeanP90[] } {
  const credits = creditsOfRows(flow, log);
  const runs = log.runIds.length;
  const m = log.modules;
  const total = new Float64Array(runs);
  for (let i = 0; i < log.rows; i++) total[log.run[i]!]! += credits[i]!;
  // Per module: rows grouped by module, summed into a scratch per-run array, then its mean and P90.
  const start = new Int32Array(m + 1);
  for (let i = 0; i < log.rows; i++) start[log.module[i]! + 1]!++;
  for (let k = 0; k < m; k++) start[k + 1]! += start[k]!;
  const fill = start.slice(0, m);
  const rowsByModule = new Int32Array(log.rows);
  for (let i = 0; i < log.rows; i++) rowsByModule[fill[log.module[i]!]!++] = i;
  const scratch = new Float64Array(runs);
  const touched = new Int32Array(runs);
  // The module that last touched each run: a run is listed once per module, even when the
  // module's first rows in it cost 0 (a sum of 0 does not tell it was touched).
  const touchedBy = new Int32Array(runs).fill(-1);
  const modules: MeanP90[] = [];
  for (let k = 0; k < m; k++) {
    let count = 0;
    let sum = 0;
    for (let j = start[k]!; j < start[k + 1]!; j++) {
      const i = rowsByModule[j]!;
      const r = log.run[i]!;
      if (touchedBy[r] !== k) {
        touchedBy[r] = k;
        touched[count++] = r;
      }
      scratch[r]! += credits[i]!;
      sum += credits[i]!;
    }
    const values = new Float64Array(count);
    for (let c = 0; c < count; c++) {
      values[c] = scratch[touched[c]!]!;
      scratch[touched[c]!] = 0;
    }
    // Runs where the module did not run (or cost 0) count as 0 credits: they sort first.
    const zeros = runs - count;
    const rank = Math.max(1, Math.ceil(0.9 * runs));
    const p90 = runs === 0 || rank <= zeros ? 0 : select(values, rank - zeros - 1, 0, count - 1);
    modules.push({ mean: runs === 0 ? 0 : sum / runs, p90 });
  }
  return { total: meanP90(total), modules };
}

/** Predicted credits per run of a flow: simulated runs (mean, P90), total and per module. */
function predictedCredits(flow: Flow, options: AccuracyOptions): { total: MeanP90; modules: MeanP90[] } {
  const result = simulate(flow, { samples: options.samples ?? ACCURACY_SAMPLES, seed: options.seed ?? 1 });
  return { total: { mean: result.mean, p90: result.p90 }, modules: result.nodes.map((n) => ({ mean: n.mean, p90: n.p90 })) };
}

/** Predicted (calibrated scenario, simulated) against observed credits per run. */
export function fitOf(flow: Flow, log: ExecutionLog, calibration: Calibration, options: AccuracyOptions = {}): Fit {
  const calibrated = applyScenario(flow, calibration.scenario);
  const observed = observedCredits(calibrated, log);
  const predicted = predictedCredits(calibrated, options);
  return {
    observed: observed.total,
    predicted: predicted.total,
    modules: calibration.modules.map((m) => {
      const v = flow.modules.findIndex((x) => x.id === m.id);
      return {
        id: m.id,
        observedExecutions: m.observedExecutions,
        predictedExecutions: m.predictedExecutions,
        observed: observed.modules[v]!,
        predicted: predicted.modules[v]!,
      };
    }),
  };
}

const relativeError = (predicted: number, observed: number) => (observed === 0 ? (predicted === 0 ? 0 : Infinity) : (predicted - observed) / observed);

/** Calibrates on the first half of the runs (by start time, else log order), predicts the second half. */
export function backtest(flow: Flow, log: ExecutionLog, options: AccuracyOptions = {}): Backtest | undefined {
  const runs = log.runIds.length;
  if (runs < 2) return undefined;
  const starts = runStarts(log);
  const order = Array.from({ length: runs }, (_, r) => r);
  if (starts.every((s) => s === s)) order.sort((a, b) => starts[a]! - starts[b]! || a - b);
  const half = Math.floor(runs / 2);
  const train = new Uint8Array(runs);
  for (let i = 0; i < half; i++) train[order[i]!] = 1;
  const [trainLog, testLog] = splitRuns(log, train);
  const calibration = calibrate(flow, trainLog);
  const calibrated = applyScenario(flow, calibration.scenario);
  const predicted = predictedCredits(calibrated, options);
  const observed = observedCredits(calibrated, testLog);
  return {
    trainRuns: half,
    testRuns: runs - half,
    meanError: relativeError(predicted.total.mean, observed.total.mean),
    p90Error: relativeError(predicted.total.p90, observed.total.p90),
    modules: flow.modules.map((m, v) => ({
      id: m.id,
      meanError: relativeError(predicted.modules[v]!.mean, observed.modules[v]!.mean),
      p90Error: relativeError(predicted.modules[v]!.p90, observed.modules[v]!.p90),
    })),
  };
}
