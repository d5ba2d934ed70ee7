/**
 * Simulated runs (cost-model.md §6): Monte Carlo over whole runs, seeded, bundle by bundle.
 *
 * The flow is compiled once to a plan of typed arrays (module kinds, cost parameters, edges in
 * CSR form, routes sorted by priority); each sample then walks the flow from the first trigger
 * with an explicit stack (no recursion, no allocation per bundle), depth first: the items of an
 * iterator execution are walked one after the other, and the aggregators that the loop reached
 * run once when its last item is done. Parts of the flow that draw nothing at random (a loop
 * whose items draw nothing, the rest of a path after its last draw, a chain of plain modules that
 * draw nothing) are summed once before the runs (fixedParts.ts) and added in one step: exact, only
 * the order of additions differs. A loop whose items pass through a few plain modules before a
 * fixed part goes in one step too: its items' draws (filters, fractional retries) one item after
 * the other, as the walk would draw them, then the fixed part per item; when its items reach no
 * aggregator but the loop's own, it needs no loop frame (the aggregator runs right after).
 *
 * Same seed, same numbers on every machine and with any number of workers: the runs go in blocks
 * of BLOCK_RUNS, each drawing from an sfc32 stream of its own (simulation/blocks.ts; model/rng.ts:
 * RandomStream) consumed in a fixed order, drawn ahead into a buffer (RandomStream.refill) that
 * the walk reads. Fixed parts draw nothing, so they leave the stream as it was; the one change
 * from walking without them is that an exclusive router whose route is the same for every draw no
 * longer draws.
 *
 * The parts: simulation/limits.ts (work limits, refusals), simulation/plan.ts (the flow compiled
 * for the walk), simulation/walk.ts (one run), simulation/summary.ts (the figures of all runs).
 */
import type { Flow, PartialRateCard, RateCard } from '../model/types';
import { rateCardOf } from './price';
import { mergeRateCard } from './rateCard';
import { checkSimulation, nodeQuantileRuns, NODE_QUANTILE_CAP, SimulationRefused, type SimulationRefusal } from './simulation/limits';
import { compileWalk, startStream } from './simulation/plan';
import { BLOCK_RUNS, blockOf, blocksIn, type NodePercentiles, type RunChunk, type RunRange } from './simulation/blocks';
import { NUM_EXECUTIONS } from './simulation/walk';
import { inWalkMemory, runsFor } from './simulation/walkWasm';
import { modulePercentiles, summarise, type SimulationResult } from './simulation/summary';
import { simulationOverflow } from './overflow';

export {
  MAX_TOTAL_EXECUTIONS,
  MAX_EXECUTIONS_PER_RUN,
  NODE_QUANTILE_CAP,
  nodeQuantileRuns,
  expectedExecutionsPerRun,
  checkSimulation,
  SimulationRefused,
} from './simulation/limits';
export type { SimulationRefusal } from './simulation/limits';
export { BLOCK_RUNS, splitRuns, sharesFor, WORK_PER_SHARE } from './simulation/blocks';
export type { NodePercentiles, RunChunk, RunRange } from './simulation/blocks';
export type { SimulationNode, SimulationResult } from './simulation/summary';

export interface SimulateOptions {
  samples: number;
  seed: number;
  /** Fields given replace the flow's own rate card (as priceFlow's option). */
  rateCard?: RateCard | PartialRateCard;
  onProgress?: (done: number, total: number) => void;
  /** Checked between runs; when it says true, the result covers the runs done so far (`stopped`). */
  shouldStop?: () => boolean;
  /**
   * Walk every execution one by one instead of adding the flow's fixed parts (fixedParts.ts) in
   * one step. Same draws in the same order, so the same runs up to floating-point rounding; much
   * slower. For tests that check the fast path against the plain walk.
   */
  walkEveryExecution?: boolean;
  /**
   * Where the per-module samples buffer (up to NODE_QUANTILE_CAP numbers, 16 MB) is taken from and
   * given back to, for a caller that runs one simulation after another (the worker, the page's
   * fallback, the benchmark). Without it each simulation allocates its own. A share of the runs
   * (`simulateChunk`, `chunk()` once finished) keeps the buffer it took: its samples are that buffer.
   */
  buffers?: SampleBuffers;
}


export type SimulationOutcome = { ok: true; result: SimulationResult } | { ok: false; error: SimulationRefusal };

/** Simulated runs as a value: the result, or why they were refused. Never throws for a flow that fits the types. */
export function trySimulate(flow: Flow, options: SimulateOptions): SimulationOutcome {
  try {
    return { ok: true, result: simulate(flow, options) };
  } catch (error) {
    if (error instanceof SimulationRefused) return { ok: false, error: error.refusal };
    throw error;
  }
}

/**
 * Simulates `samples` whole runs of the flow (cost-model.md §6). Throws `SimulationRefused`
 * (with a message for a person) when the work would be too large, or when a figure is not a
 * finite number (code `overflow`, with the problem naming the module and assumption: overflow.ts);
 * `trySimulate` returns it as a value instead.
 */
export function simulate(flow: Flow, options: SimulateOptions): SimulationResult {
  const simulation = startSimulation(flow, options);
  simulation.step(options.samples);
  return simulation.result();
}

/** Simulated runs that go a few at a time (see `startSimulation`), e.g. between other work on the page's thread. */
export interface SimulationInProgress {
  /** Runs asked for. */
  readonly total: number;
  /** Runs done so far. */
  readonly done: number;
  /**
   * Simulates up to `count` more runs (checking `shouldStop` before each); true when every run is
   * done or the simulation was stopped. Throws `SimulationRefused` when a run is too long.
   */
  step(count: number): boolean;
  /** Stops: `result` then covers the runs done (`stopped`). */
  stop(): void;
  /** The result of the runs done so far, as `simulate` gives it; throws `SimulationRefused` (overflow) as it does. */
  result(): SimulationResult;
  /** The runs done so far as a share for `mergeChunks` (a simulation started with a `range`). */
  chunk(): RunChunk;
}

/**
 * Prepares simulated runs of the flow without running any: the same numbers as `simulate` (which
 * is `startSimulation` stepped to the end), whatever the steps. Throws `SimulationRefused` at once
 * when the work would be too large. With `range`, only those runs (whole blocks, see
 * simulation/blocks.ts) are walked, for `chunk()`; the checks still count every run.
 */
export function startSimulation(flow: Flow, options: SimulateOptions & { range?: RunRange }): SimulationInProgress {
  const samples = options.samples;
  const refusal = checkSimulation(flow, samples);
  if (refusal) throw new SimulationRefused(refusal);
  const from = options.range?.from ?? 0;
  const to = options.range?.to ?? samples;
  if (!(Number.isInteger(from) && Number.isInteger(to) && from >= 0 && to <= samples && from <= to && (from % BLOCK_RUNS === 0 || from === to))) {
    throw new SimulationRefused({ code: 'bad-options', message: `A share of simulated runs must be whole blocks of ${BLOCK_RUNS} runs within the ${samples} runs (got ${from}–${to}).` });
  }
  const rateCard = options.rateCard ? mergeRateCard(options.rateCard, rateCardOf(flow)) : rateCardOf(flow);
  const w = compileWalk(flow, rateCard, options.seed, options.walkEveryExecution === true);
  const n = flow.modules.length;
  const total = to - from;
  const runs = new Float64Array(total);
  const quantileRuns = nodeQuantileRuns(samples, n);
  // The runs of this share whose per-module credits are kept for the percentiles.
  const keptRuns = Math.max(0, Math.min(to, quantileRuns) - from);
  const buffers = options.buffers;
  // Moves w's arrays into the WebAssembly walk's memory (w holds views of them from here on), with
  // the kept samples and the block sums, so that the module keeps each run and takes the
  // percentiles (runsFor; in JS where WebAssembly is missing).
  const walker = runsFor(w, { samples: n * keptRuns, sums: blocksIn({ from, to }) * n, runs: keptRuns, spare: buffers?.spare(n * keptRuns) ?? null });
  const walk = walker.walk;
  const keep = walker.keep;
  const nodeRun = w.nodeRun;
  // Sample-major: run from + s of module v at s * n + v.
  const samplesBuffer = walker.samples;
  const nodeSamples = samplesBuffer.length === n * keptRuns ? samplesBuffer : samplesBuffer.subarray(0, n * keptRuns);
  // Per-module credits per block (see blocks.ts); `blockSum` is the current block's, from `blockAt`.
  const blockSums = walker.sums;
  let blockAt = 0;
  let blockSum = blockSums.subarray(0, n);
  /** Whether the current block has runs past the kept ones, accumulated in nodeRun. */
  let blockAccumulates = false;
  let final: SimulationResult | null = null;
  let totalExecutions = 0;
  let stopped = false;
  let done = 0;
  const progressEvery = Math.max(1, Math.floor(total / 100));

  /** Adds what the current block accumulated in nodeRun to its sums (when the next block starts). */
  const closeBlock = (): void => {
    if (!blockAccumulates) return;
    for (let v = 0; v < n; v++) blockSum[v] = blockSum[v]! + nodeRun[v]!;
    blockAccumulates = false;
  };

  /**
   * The runs done so far as a share; the sums of the block under way take what it accumulated
   * (the same addition closeBlock will make). `copy`: arrays of its own (for a worker's reply),
   * else views of this simulation's (read at once by the summary).
   */
  const chunk = (copy: boolean): RunChunk => {
    const blocks = blocksIn({ from, to: from + done });
    const sums = blockSums.slice(0, blocks * n);
    if (blockAccumulates) {
      const at = (blocks - 1) * n;
      for (let v = 0; v < n; v++) sums[at + v] = sums[at + v]! + nodeRun[v]!;
    }
    const samplesDone = nodeSamples.subarray(0, Math.min(done, keptRuns) * n);
    return {
      from,
      to: from + done,
      runs: copy ? runs.slice(0, done) : runs.subarray(0, done),
      blockSums: sums,
      nodeSamples: copy ? samplesDone.slice() : samplesDone,
      executions: totalExecutions,
    };
  };

  return {
    total,
    get done() {
      return done;
    },
    step(count: number): boolean {
      const until = Math.min(total, done + Math.max(0, Math.floor(count)));
      for (let i = done; i < until && !stopped; i++) {
        if (options.shouldStop?.()) {
          stopped = true;
          break;
        }
        const s = from + i;
        const blockStart = s % BLOCK_RUNS === 0;
        if (blockStart) {
          closeBlock();
          const k = blockOf(s) - blockOf(from);
          blockAt = k * n;
          blockSum = blockSums.subarray(blockAt, blockAt + n);
          startStream(w, options.seed, blockOf(s));
        }
        const kept = s < quantileRuns;
        if (kept || blockStart || s === quantileRuns) nodeRun.fill(0);
        const runTotal = walk();
        totalExecutions += w.num[NUM_EXECUTIONS]!;
        runs[i] = runTotal;
        // Kept per run for the module percentiles; later runs just accumulate (see closeBlock).
        if (kept) keep(i * n, blockAt);
        else blockAccumulates = true;
        done = i + 1;
        if (options.onProgress && (done % progressEvery === 0 || done === total)) options.onProgress(done, total);
      }
      return stopped || done >= total;
    },
    stop(): void {
      stopped = true;
    },
    chunk(): RunChunk {
      // Finished, the share takes this simulation's own arrays, its samples buffer included (not
      // handed to the next simulation then): a copy of up to 16 MB into fresh memory cost more
      // than the next simulation's fresh buffer. Part way, a copy: the runs go on.
      return chunk(!(stopped || done >= total));
    },
    result(): SimulationResult {
      if (final) return final;
      const share = chunk(false);
      const result = mergeChunks(flow, { samples, seed: options.seed, stopped: stopped && done < total }, [share]);
      if (stopped || done >= total) {
        // Finished: keep the answer and hand the samples buffer to the next simulation.
        final = result;
        buffers?.give(samplesBuffer);
      }
      return result;
    },
  };
}

/**
 * Walks runs [from, to) of a simulation (whole blocks: simulation/blocks.ts splitRuns), for a
 * worker; `mergeChunks` of all the shares gives exactly `simulate`'s result.
 */
export function simulateChunk(flow: Flow, options: SimulateOptions & { range: RunRange }): RunChunk {
  const simulation = startSimulation(flow, options);
  simulation.step(simulation.total);
  return simulation.chunk();
}

/**
 * The result of a simulation from its shares of runs (`simulateChunk`, in any order): the runs
 * in run order, per-module sums block by block, the kept per-module samples. The same numbers to
 * the last bit as one pass, however the runs were split. Throws `SimulationRefused` as `simulate`
 * does (overflow); a set of shares that leaves a gap or overlaps is refused as `bad-options`.
 */
export function mergeChunks(
  flow: Flow,
  options: { samples: number; seed: number; stopped?: boolean },
  chunks: readonly RunChunk[],
): SimulationResult {
  const n = flow.modules.length;
  const ordered = [...chunks].sort((a, b) => a.from - b.from);
  let count = 0;
  for (const c of ordered) {
    if (c.from !== count) {
      throw new SimulationRefused({ code: 'bad-options', message: `The shares of simulated runs do not join: one starts at run ${c.from}, after run ${count}.` });
    }
    count = c.to;
  }
  const runs = new Float64Array(count);
  const sums = new Float64Array(n);
  const quantileRuns = Math.min(nodeQuantileRuns(options.samples, n), count);
  // The kept per-module samples: the first share's when it holds them all (one share, or a lead
  // share at least as long as the kept runs: read, not copied), else put together.
  const first = ordered[0];
  const whole = first !== undefined && first.nodeSamples.length >= quantileRuns * n;
  const nodeSamples = whole ? first.nodeSamples.subarray(0, quantileRuns * n) : new Float32Array(quantileRuns * n);
  // Taken ahead from the same samples (percentilesAhead), over the same runs: the same numbers.
  const ahead = whole && first.percentiles && first.percentiles.runs === quantileRuns && first.percentiles.p10.length === n ? first.percentiles : undefined;
  let executions = 0;
  for (const c of ordered) {
    runs.set(c.runs, c.from);
    for (let at = 0; at < c.blockSums.length; at += n) for (let v = 0; v < n; v++) sums[v] = sums[v]! + c.blockSums[at + v]!;
    if (!whole && c.from < quantileRuns) nodeSamples.set(c.nodeSamples, c.from * n);
    executions += c.executions;
  }
  const result = summarise(flow, {
    runs,
    seed: options.seed,
    nodeSum: sums,
    nodeSamples,
    quantileRuns,
    totalExecutions: executions,
    stopped: options.stopped === true,
    ...(ahead ? { percentiles: ahead } : {}),
  });
  const overflow = simulationOverflow(flow, result);
  if (overflow) throw new SimulationRefused({ code: 'overflow', message: overflow.message, problem: overflow });
  return result;
}

/**
 * Takes, on the lead share of a simulation of `samples` runs of `flow` (the share from run 0), each
 * module's P10 and P90 over the kept runs (nodeQuantileRuns) when the share holds all of them, and
 * keeps them on the share (`percentiles`) for `mergeChunks`, which then takes them as they are: the
 * same function over the same samples, so the same numbers. For a worker that would otherwise wait
 * for the other shares and take them in the merge, after the last share came. False, and nothing
 * done, when the share does not hold every kept run.
 */
export function percentilesAhead(flow: Flow, samples: number, chunk: RunChunk): boolean {
  const n = flow.modules.length;
  const runs = Math.min(nodeQuantileRuns(samples, n), samples);
  if (chunk.from !== 0 || runs <= 0 || chunk.nodeSamples.length < runs * n) return false;
  const p10 = new Float64Array(n);
  const p90 = new Float64Array(n);
  modulePercentiles(chunk.nodeSamples.subarray(0, runs * n), n, runs, p10, p90);
  chunk.percentiles = { runs, p10, p90 } satisfies NodePercentiles;
  return true;
}

/** What a spare samples buffer's memory may hold besides twice the samples (the walk's plan, its sums). */
const SPARE_SLACK_BYTES = 1 << 20;

/**
 * One spare buffer for the per-module samples: fresh memory costs the first touch of every page,
 * about 60 ms per simulation on a small VM. A simulation takes it (so two never share it) and
 * gives it back when it has its result; one that is abandoned half way simply never gives it back.
 */
export class SampleBuffers {
  private kept: Float32Array | null = null;

  /**
   * The spare buffer when it fits (and is not far too large), taken; else null. A simulation hands
   * it to the walk (walkWasm.ts runsFor), which uses again the WebAssembly memory it lies in.
   */
  spare(size: number): Float32Array | null {
    const spare = this.kept;
    if (spare && spare.length >= size && spare.length <= 4 * size + 1024) {
      this.kept = null;
      return spare;
    }
    return null;
  }

  /**
   * Keeps `buffer` for the next simulation, unless it is larger than any simulation keeps, or it
   * lies in a WebAssembly memory that holds much more besides (the column block of a small flow's
   * many runs: 10 modules × 200,000 runs kept 34 MB for 8 MB of samples), which is let go instead.
   */
  give(buffer: Float32Array): void {
    if (buffer.length <= NODE_QUANTILE_CAP && buffer.buffer.byteLength <= 2 * buffer.byteLength + SPARE_SLACK_BYTES) this.kept = buffer;
  }
}

/**
 * The share with arrays it can move to another thread (postMessage's transfer list): samples kept
 * in the walk's WebAssembly memory (runsFor), whose buffer cannot be transferred, copied out.
 */
export function movableChunk(chunk: RunChunk): RunChunk {
  return inWalkMemory(chunk.nodeSamples) ? { ...chunk, nodeSamples: chunk.nodeSamples.slice() } : chunk;
}
