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
  return leadLighter(splitRuns(samples, parts), nodeQuantileRuns(samples, modules));
}

/**
 * Per-module P10/P90 come from the module's cost in at most this many (module × run) values:
 * the first ⌊cap / modules⌋ runs (all runs for small flows). Means use every run.
 */
export const NODE_QUANTILE_CAP = 4_000_000;

/** How many of `samples` runs the per-module P10/P90 of a flow of `modules` modules are taken from (the first ones). */
export function nodeQuantileRuns(samples: number, modules: number): number {
  return Math.min(samples, Math.max(1, Math.floor(NODE_QUANTILE_CAP / Math.max(1, modules))));
}

/**
 * The lead share (from run 0) one block shorter and the next one block longer, when the lead is at
 * least as long as every other share and keeps three blocks or more: besides its walk the lead
 * keeps the per-module samples of the first runs, takes their percentiles and merges, so with even
 * shares the others waited for it (2 workers, 10,000 runs × 1,000 modules: about 0.6 s of walk
 * each, and 50–60 ms more on the lead). Not when the lead would then no longer hold every kept
 * run (`kept`), which it needs to take the percentiles while the others walk. Same numbers either
 * way: shares are whole blocks.
 */
function leadLighter(shares: RunRange[], kept: number): RunRange[] {
  if (shares.length < 2) return shares;
  const lead = shares[0]!;
  const next = shares[1]!;
  const longest = Math.max(...shares.slice(1).map((s) => s.to - s.from));
  const to = lead.to - BLOCK_RUNS;
  if (lead.to - lead.from < longest || to < 3 * BLOCK_RUNS || (lead.to >= kept && to < kept)) return shares;
  return [{ from: lead.from, to }, { from: to, to: next.to }, ...shares.slice(2)];
}
