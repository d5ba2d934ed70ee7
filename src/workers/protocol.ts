import type { Flow } from '../model/types';
import type { SimulationResult } from '../cost/simulate';

/** What the page asks the simulation worker to do. */
export interface RunMessage {
  type: 'run';
  /** Request id: replies carry it, so the page can drop replies of superseded runs. */
  id: number;
  flow: Flow;
  samples: number;
  seed: number;
}

export type WorkerRequest = RunMessage;

/** What the worker answers. */
export type WorkerReply =
  | { type: 'progress'; id: number; progress: number }
  | { type: 'done'; id: number; result: SimulationResult }
  | { type: 'error'; id: number; message: string };

/** Progress callbacks may say (done, total) or a share; this turns either into 0..1. */
export function progressShare(done: number, total?: number): number {
  const share = total === undefined ? done : total > 0 ? done / total : 1;
  if (!Number.isFinite(share)) return 0;
  return Math.min(1, Math.max(0, share));
}

/** How often (ms) the worker posts progress at most. */
export const PROGRESS_INTERVAL_MS = 50;
