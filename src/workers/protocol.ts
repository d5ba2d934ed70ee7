import type { Flow } from '../model/types';
import type { SimulationResult } from '../cost/simulate';
import type { ImportResult } from '../io/import';
import type { ImportProgress } from '../io/import/readFile';

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

/** What the page asks the import worker to do: read a picked or dropped file (or a text) into a flow. */
export interface ImportRequest {
  type: 'import';
  /** Request id: replies carry it, so the page drops the replies of a cancelled import. */
  id: number;
  source: Blob | string;
  fileName?: string;
}

/** What the import worker answers: progress by stage, then the import's result (errors are values in it). */
export type ImportReply =
  | { type: 'progress'; id: number; progress: ImportProgress }
  | { type: 'done'; id: number; result: ImportResult }
  | { type: 'error'; id: number; message: string };
