/**
 * How a simulation is shared between workers: how many there may be, and when sharing pays.
 */
import { splitRuns, type RunRange } from '../cost/simulate';

export type Share = RunRange;

/** Module-runs (runs × modules) below which one worker does it all: starting and feeding another costs more. */
export const WORK_PER_SHARE = 500_000;
/** Most workers one simulation is shared between. */
export const MAX_WORKERS = 8;

/** Workers a simulation may be shared between here: the cores `navigator.hardwareConcurrency` says, at least 2, at most MAX_WORKERS. */
export function workerCount(cores: number | undefined = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : undefined): number {
  const n = typeof cores === 'number' && Number.isFinite(cores) ? Math.floor(cores) : 2;
  return Math.max(2, Math.min(MAX_WORKERS, n));
}

/**
 * The shares of `samples` runs of a flow of `modules` modules for up to `workers` workers: one
 * share (all the runs) for small work (under `workPerShare` module-runs a share), else whole blocks of runs split as evenly as they allow.
 */
export function sharesFor(samples: number, modules: number, workers: number, workPerShare = WORK_PER_SHARE): Share[] {
  if (!(Number.isInteger(samples) && samples >= 1)) return [{ from: 0, to: Math.max(0, samples) }];
  const worth = Math.floor((samples * Math.max(1, modules)) / workPerShare);
  const parts = Math.max(1, Math.min(Math.floor(workers), worth));
  return splitRuns(samples, parts);
}
