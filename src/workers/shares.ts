/**
 * How many workers the page shares a simulation between (when sharing pays: cost/simulation/blocks.ts sharesFor).
 */
import type { RunRange } from '../cost/simulation/blocks';

export type Share = RunRange;
export { BLOCK_RUNS, sharesFor, WORK_PER_SHARE } from '../cost/simulation/blocks';

/** Most workers one simulation is shared between. */
export const MAX_WORKERS = 8;

/** Workers a simulation may be shared between here: the cores `navigator.hardwareConcurrency` says, at least 2, at most MAX_WORKERS. */
export function workerCount(cores: number | undefined = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : undefined): number {
  const n = typeof cores === 'number' && Number.isFinite(cores) ? Math.floor(cores) : 2;
  return Math.max(2, Math.min(MAX_WORKERS, n));
}
