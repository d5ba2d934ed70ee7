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
 * Same seed, same numbers on every machine: all randomness comes from one sfc32 stream
 * (model/rng.ts: RandomStream) consumed in a fixed order, drawn ahead into a buffer (RandomStream.refill) that
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
import { compileWalk } from './simulation/plan';
import { keepRun, walkRun, NUM_EXECUTIONS } from './simulation/walk';
import { summarise, type SimulationResult } from './simulation/summary';
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
   * fallback, the benchmark). Without it each simulation allocates its own.
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
}

/**
 * Prepares simulated runs of the flow without running any: the same numbers as `simulate` (which
 * is `startSimulation` stepped to the end), whatever the steps. Throws `SimulationRefused` at once
 * when the work would be too large.
 */
export function startSimulation(flow: Flow, options: SimulateOptions): SimulationInProgress {
  const samples = options.samples;
  const refusal = checkSimulation(flow, samples);
  if (refusal) throw new SimulationRefused(refusal);
  const rateCard = options.rateCard ? mergeRateCard(options.rateCard, rateCardOf(flow)) : rateCardOf(flow);
  const w = compileWalk(flow, rateCard, options.seed, options.walkEveryExecution === true);
  const n = flow.modules.length;
  const nodeRun = w.nodeRun;
  const nodeSum = new Float64Array(n);
  const runs = new Float64Array(samples);
  const quantileRuns = nodeQuantileRuns(samples, n);
  // Sample-major: run s of module v at s * n + v.
  const buffers = options.buffers;
  const samplesBuffer = buffers ? buffers.take(n * quantileRuns) : new Float32Array(n * quantileRuns);
  const nodeSamples = samplesBuffer.length === n * quantileRuns ? samplesBuffer : samplesBuffer.subarray(0, n * quantileRuns);
  let final: SimulationResult | null = null;
  let totalExecutions = 0;
  let stopped = false;
  let done = 0;
  const progressEvery = Math.max(1, Math.floor(samples / 100));

  return {
    total: samples,
    get done() {
      return done;
    },
    step(count: number): boolean {
      const until = Math.min(samples, done + Math.max(0, Math.floor(count)));
      for (let s = done; s < until && !stopped; s++) {
        if (options.shouldStop?.()) {
          stopped = true;
          break;
        }
        if (s <= quantileRuns) nodeRun.fill(0);
        const runTotal = walkRun(w);
        const executions = w.num[NUM_EXECUTIONS]!;
        totalExecutions += executions;
        runs[s] = runTotal;
        if (s < quantileRuns) {
          // Kept per run for the module percentiles; later runs just accumulate (see below).
          keepRun(nodeRun, nodeSamples, s * n, nodeSum);
        }
        done = s + 1;
        if (options.onProgress && (done % progressEvery === 0 || done === samples)) options.onProgress(done, samples);
      }
      return stopped || done >= samples;
    },
    stop(): void {
      stopped = true;
    },
    result(): SimulationResult {
      if (final) return final;
      // Runs after the first `quantileRuns` accumulated into nodeRun without a reset.
      const sums = nodeSum.slice();
      if (done > quantileRuns) for (let v = 0; v < n; v++) sums[v] = sums[v]! + nodeRun[v]!;
      const result = summarise(flow, {
        runs: runs.subarray(0, done).slice(),
        seed: options.seed,
        nodeSum: sums,
        nodeSamples,
        quantileRuns: Math.min(quantileRuns, done),
        totalExecutions,
        stopped: stopped && done < samples,
      });
      const overflow = simulationOverflow(flow, result);
      if (overflow) throw new SimulationRefused({ code: 'overflow', message: overflow.message, problem: overflow });
      if (stopped || done >= samples) {
        // Finished: keep the answer and hand the samples buffer to the next simulation.
        final = result;
        buffers?.give(samplesBuffer);
      }
      return result;
    },
  };
}

/**
 * One spare buffer for the per-module samples: fresh memory costs the first touch of every page,
 * about 60 ms per simulation on a small VM. A simulation takes it (so two never share it) and
 * gives it back when it has its result; one that is abandoned half way simply never gives it back.
 */
export class SampleBuffers {
  private spare: Float32Array | null = null;

  /** A buffer of at least `size` numbers: the spare one when it fits (and is not far too large), else a new one. */
  take(size: number): Float32Array {
    const spare = this.spare;
    if (spare && spare.length >= size && spare.length <= 4 * size + 1024) {
      this.spare = null;
      return spare;
    }
    return new Float32Array(size);
  }

  give(buffer: Float32Array): void {
    if (buffer.length <= NODE_QUANTILE_CAP) this.spare = buffer;
  }
}
