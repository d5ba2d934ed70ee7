/**
 * The summary of simulated runs: mean, nearest-rank percentiles, histogram, per-module figures
 * and the month (cost-model.md §6), from the credits the walk left per run and per module.
 */
import type { Flow } from '../../model/types';
import { createRng, triangular } from '../../model/rng';
import { runsPerMonthEstimate, runsPerMonthOf } from '../price';
import { percentilesInWalkMemory } from './walkWasm';

const HISTOGRAM_BINS = 30;

export interface SimulationNode {
  id: string;
  /** Mean credits of this module per run. */
  mean: number;
  p10: number;
  p90: number;
}

export interface SimulationResult {
  /** Runs simulated (fewer than asked when stopped). */
  samples: number;
  seed: number;
  /** Credits per run: mean, nearest-rank percentiles, and the standard error of the mean. */
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  stdError: number;
  histogram: { start: number; end: number; count: number }[];
  nodes: SimulationNode[];
  /** Credits per month: runs per month (drawn from its range) × the mean run cost. */
  perMonth: { p50: number; p90: number };
  /** Credits of every simulated run, in run order. */
  runs: Float64Array;
  /** Mean module executions per run (work done). */
  executionsPerRun: number;
  /** How many runs the per-module P10/P90 are taken from (see NODE_QUANTILE_CAP). */
  nodeQuantileSamples: number;
  /** True when `shouldStop` ended the simulation early. */
  stopped?: boolean;
}

function nearestRank(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const rank = Math.min(n, Math.max(1, Math.ceil(q * n)));
  return sorted[rank - 1]!;
}

/**
 * The k-th smallest value of a[lo..hi] (Hoare's quickselect, median-of-three pivot); reorders
 * that part of `a` so that a[k] holds it, smaller values before and larger after.
 */
export function select(a: Float64Array, k: number, lo: number, hi: number): number {
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // Median of three as pivot (swapped through a local: a destructuring swap allocates an array
    // until the optimiser has seen it, and the merge's first columns run before that).
    let x = a[lo]!;
    let y = a[mid]!;
    const z = a[hi]!;
    if (x > y) {
      const t = x;
      x = y;
      y = t;
    }
    if (y > z) y = z;
    if (x > y) y = x;
    const pivot = y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}

/** Modules whose columns modulePercentiles copies out of the sample-major buffer at once. */
const PERCENTILE_BLOCK = 16;

/**
 * Nearest-rank P10 and P90 of each module's credits over the first `runs` runs (sample-major:
 * run s of module v at s * n + v). Samples kept in a walk's WebAssembly memory (simulate.ts,
 * walkWasm.ts runsFor) are taken there by the module's `percentileBlock` (assembly/walk.ts), the same
 * steps as `percentilesJs`: the same numbers, without the JIT warm-up of cold JS in a fresh worker.
 */
export function modulePercentiles(samples: Float32Array, n: number, runs: number, p10: Float64Array, p90: Float64Array): void {
  if (percentilesInWalkMemory(samples, n, runs, p10, p90)) return;
  percentilesJs(samples, n, runs, p10, p90);
}

/**
 * modulePercentiles in JS (for samples outside a walk's memory, or no WebAssembly). Columns are copied a block of modules at a time, so that each
 * run's row is read once per block rather than once per module; a column whose runs all cost the
 * same (a module that runs the same way every time, or never) has that value as both.
 */
export function percentilesJs(samples: Float32Array, n: number, runs: number, p10: Float64Array, p90: Float64Array): void {
  const rank90 = Math.min(runs, Math.max(1, Math.ceil(0.9 * runs))) - 1;
  const rank10 = Math.min(runs, Math.max(1, Math.ceil(0.1 * runs))) - 1;
  const block = new Float64Array(PERCENTILE_BLOCK * runs);
  for (let v0 = 0; v0 < n; v0 += PERCENTILE_BLOCK) {
    const width = Math.min(PERCENTILE_BLOCK, n - v0);
    for (let s = 0; s < runs; s++) {
      const row = s * n + v0;
      for (let j = 0; j < width; j++) block[j * runs + s] = samples[row + j]!;
    }
    for (let j = 0; j < width; j++) {
      const at = j * runs;
      const first = block[at]!;
      let same = true;
      for (let s = 1; s < runs; s++) {
        if (block[at + s] !== first) {
          same = false;
          break;
        }
      }
      if (same) {
        p10[v0 + j] = first;
        p90[v0 + j] = first;
        continue;
      }
      // Nearest rank by selection (linear time) rather than a full sort of every column.
      p90[v0 + j] = select(block, at + rank90, at, at + runs - 1);
      p10[v0 + j] = select(block, at + rank10, at, at + rank90);
    }
  }
}

export function summarise(
  flow: Flow,
  input: {
    runs: Float64Array;
    seed: number;
    nodeSum: Float64Array;
    nodeSamples: Float32Array;
    quantileRuns: number;
    totalExecutions: number;
    stopped: boolean;
    /** The per-module P10 and P90 already taken from `nodeSamples` (modulePercentiles over `quantileRuns` runs), or taken here. */
    percentiles?: { p10: Float64Array; p90: Float64Array };
  },
): SimulationResult {
  const { runs, nodeSum, nodeSamples, quantileRuns } = input;
  const count = runs.length;
  let sum = 0;
  for (let i = 0; i < count; i++) sum += runs[i]!;
  const mean = count > 0 ? sum / count : 0;
  let squares = 0;
  for (let i = 0; i < count; i++) squares += (runs[i]! - mean) ** 2;
  const sd = count > 1 ? Math.sqrt(squares / (count - 1)) : 0;
  const sorted = runs.slice().sort();

  // Histogram: equal-width bins from the smallest to the largest run.
  const histogram: SimulationResult['histogram'] = [];
  if (count > 0) {
    const lo = sorted[0]!;
    const hi = sorted[count - 1]!;
    // Runs that left the numbers (∞, NaN: refused after the summary, see overflow.ts) go in one bin.
    const spread = hi > lo && Number.isFinite(hi - lo);
    const bins = spread ? Math.min(HISTOGRAM_BINS, Math.max(1, Math.ceil(Math.sqrt(count)))) : 1;
    const width = spread ? (hi - lo) / bins : 0;
    for (let b = 0; b < bins; b++) histogram.push({ start: lo + b * width, end: b === bins - 1 ? hi : lo + (b + 1) * width, count: 0 });
    for (let i = 0; i < count; i++) {
      const b = width > 0 ? Math.min(bins - 1, Math.floor((sorted[i]! - lo) / width)) : 0;
      histogram[b]!.count++;
    }
  }

  const modules = flow.modules;
  const nodes: SimulationNode[] = [];
  const ahead = input.percentiles;
  const p10s = ahead ? ahead.p10 : new Float64Array(modules.length);
  const p90s = ahead ? ahead.p90 : new Float64Array(modules.length);
  if (!ahead && quantileRuns > 0) modulePercentiles(nodeSamples, modules.length, quantileRuns, p10s, p90s);
  for (let v = 0; v < modules.length; v++) {
    nodes.push({ id: modules[v]!.id, mean: count > 0 ? nodeSum[v]! / count : 0, p10: p10s[v]!, p90: p90s[v]! });
  }

  // Per month: runs per month drawn from its range (a stream of its own) × the mean run cost.
  const runsPerMonth = runsPerMonthEstimate(flow);
  let perMonth: SimulationResult['perMonth'];
  if (typeof runsPerMonth === 'object') {
    const monthRng = createRng(input.seed + 0x9e3779b9);
    const draws = new Float64Array(Math.max(count, 1000));
    for (let i = 0; i < draws.length; i++) draws[i] = triangular(monthRng, runsPerMonth.min, runsPerMonth.likely, runsPerMonth.max) * mean;
    draws.sort();
    perMonth = { p50: nearestRank(draws, 0.5), p90: nearestRank(draws, 0.9) };
  } else {
    const r = runsPerMonthOf(flow);
    perMonth = { p50: r * mean, p90: r * mean };
  }

  return {
    samples: count,
    seed: input.seed,
    mean,
    p50: nearestRank(sorted, 0.5),
    p90: nearestRank(sorted, 0.9),
    p99: nearestRank(sorted, 0.99),
    stdError: count > 0 ? sd / Math.sqrt(count) : 0,
    histogram,
    nodes,
    perMonth,
    runs,
    executionsPerRun: count > 0 ? input.totalExecutions / count : 0,
    nodeQuantileSamples: quantileRuns,
    ...(input.stopped ? { stopped: true } : {}),
  };
}
