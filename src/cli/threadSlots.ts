/**
 * What the CLI's main thread and a simulation thread share (simulationThreads.ts,
 * simulationThread.ts): the slot states in shared memory, the task and the reply. Kept apart
 * from simulationThreads.ts so that the thread's script holds the engine and nothing else.
 */
import type { MessagePort } from 'node:worker_threads';
import type { Flow } from '../model/types';
import type { RunChunk, RunRange, SimulationRefused } from '../cost/simulate';

export const SLOT_WAITING = 0;
export const SLOT_TAKEN = 1;
export const SLOT_DELIVERED = 2;
export const SLOT_TAKEN_BACK = 3;

/** What a share's thread sends back. */
export type ThreadReply = { ok: true; chunk: RunChunk } | { ok: false; refusal?: SimulationRefused['refusal']; message: string };

/** What a share's thread is given (workerData). */
export interface ThreadTask {
  flow: Flow;
  samples: number;
  seed: number;
  range: RunRange;
  slots: Int32Array;
  slot: number;
  port: MessagePort;
}
