/**
 * Simulated runs in blocks, so that any number of workers gives the same numbers.
 *
 * Runs are grouped in blocks of BLOCK_RUNS consecutive runs; block b draws from stream b of the
 * seed (model/rng.ts randomState(seed, b)), from its start. So a run's numbers depend only on the
 * seed and on the runs before it in its own block, never on how runs are shared between workers;
 * block 0 is the seed's own stream (a simulation of at most BLOCK_RUNS runs draws the numbers it
 * drew before blocks existed). Per-module sums are added up per block, and the blocks' sums in
 * block order: the same additions in the same order however the blocks were split. A share of the
 * runs (`RunChunk`) is always whole blocks (the last one may be short), and the shares of a
 * simulation merge into exactly the result of one pass (simulate.ts mergeChunks).
 */

/** Runs per block (per random stream). */
export const BLOCK_RUNS = 256;

/** A share of a simulation's runs: runs [from, to), whole blocks. */
export interface RunRange {
  from: number;
  to: number;
}

/** What the walk of a share of the runs leaves, for the merge (simulate.ts mergeChunks). */
export interface RunChunk extends RunRange {
  /** Credits of each run of the share, in run order. */
  runs: Float64Array;
  /** Per-module credits summed per block: block k of the share at k × modules. */
  blockSums: Float64Array;
  /** Per-module credits of the share's runs below the percentile cap (sample-major, from `from`). */
  nodeSamples: Float32Array;
  /** Module executions of all the share's runs. */
  executions: number;
  /**
   * Each module's P10 and P90 over the simulation's first `runs` runs, taken ahead from this
   * share's samples when it holds all the kept runs (simulate.ts percentilesAhead): the lead worker
   * takes them while the other shares are still walked, and the merge then does not.
   */
  percentiles?: NodePercentiles;
}

/** Per-module nearest-rank P10 and P90 over the first `runs` runs (simulation/summary.ts modulePercentiles). */
export interface NodePercentiles {
  runs: number;
  p10: Float64Array;
  p90: Float64Array;
}

/** The block of run `s`. */
export function blockOf(s: number): number {
  return Math.floor(s / BLOCK_RUNS);
}

/** Blocks that runs [from, to) touch. */
export function blocksIn(range: RunRange): number {
  return range.to > range.from ? blockOf(range.to - 1) - blockOf(range.from) + 1 : 0;
}

/**
 * Splits `samples` runs into at most `parts` shares of whole blocks, as even as blocks allow, in
 * run order (fewer shares when there are fewer blocks).
 */
export function splitRuns(samples: number, parts: number): RunRange[] {
  const blocks = Math.ceil(samples / BLOCK_RUNS);
  const count = Math.max(1, Math.min(Math.floor(parts), blocks));
  const ranges: RunRange[] = [];
  let block = 0;
  for (let i = 0; i < count; i++) {
    const next = Math.round(((i + 1) * blocks) / count);
    ranges.push({ from: Math.min(samples, block * BLOCK_RUNS), to: Math.min(samples, next * BLOCK_RUNS) });
    block = next;
  }
  return ranges;
}

/** Module-runs (runs × modules) a share must hold at least by default: less is not worth a worker's start and feeding. */
export const WORK_PER_SHARE = 500_000;

/**
 * The shares of `samples` runs of a flow of `modules` modules for up to `workers` workers: one
 * share (all the runs) for small work (under `workPerShare` module-runs a share), else whole
 * blocks of runs split as evenly as they allow.
 */
export function sharesFor(samples: number, modules: number, workers: number, workPerShare = WORK_PER_SHARE): RunRange[] {
  if (!(Number.isInteger(samples) && samples >= 1)) return [{ from: 0, to: Math.max(0, samples) }];
  const worth = Math.floor((samples * Math.max(1, modules)) / workPerShare);
  const parts = Math.max(1, Math.min(Math.floor(workers), worth));
  return splitRuns(samples, parts);
}
