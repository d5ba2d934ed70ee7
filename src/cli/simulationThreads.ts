/**
 * Simulated runs shared between worker threads for the CLI (issue 19 item 4), synchronously:
 * the command line stays one synchronous pass. The runs are split in shares of whole blocks
 * (cost/simulation/blocks.ts), so the merged result is the very result of one thread. This
 * thread walks the first share while the threads walk the others; then it takes each share a
 * thread finished, and walks itself any share whose thread has not even started (a slow or
 * failed start costs time, never the answer: a share is the same numbers wherever it is walked).
 *
 * Each share has a slot in shared memory: 0 waiting, 1 taken by its thread, 2 delivered, 3 taken
 * back by this thread (its thread, when it starts, then does nothing).
 */
import { availableParallelism } from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { Flow } from '../model/types';
import { mergeChunks, sharesFor, simulateChunk, trySimulate, SimulationRefused, type RunChunk, type SimulationOutcome, type RunRange } from '../cost/simulate';

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

/**
 * Module-runs per thread below which the CLI keeps the work in one thread: a thread starts the
 * TypeScript engine afresh (about 0.3 s on a quiet machine), so it pays only for seconds of work.
 */
export const CLI_WORK_PER_SHARE = 5_000_000;

/** Threads the CLI shares simulated runs between: the machine's cores, at least 2, at most 8. */
export function threadCount(): number {
  return Math.max(2, Math.min(8, availableParallelism()));
}

/**
 * Starts the thread of one share. The CLI runs from its TypeScript sources under tsx, whose
 * loader a worker thread does not inherit: the thread registers it first, then loads
 * simulationThread.ts. A thread that cannot start never takes its share (this thread walks it).
 */
function startThread(task: ThreadTask, port: MessagePort): Worker | null {
  const thread = new URL('./simulationThread.ts', import.meta.url).href;
  let boot: string;
  try {
    const tsx = import.meta.resolve('tsx/esm/api');
    boot = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(thread)}); })`;
  } catch {
    return null;
  }
  const worker = new Worker(boot, { eval: true, workerData: task, transferList: [port] });
  worker.on('error', () => {});
  worker.unref();
  return worker;
}

/**
 * Simulated runs of `flow`, shared between up to `threads` threads when the work is large enough
 * (workers/shares.ts); the same outcome as `trySimulate`.
 */
export function simulateInThreads(
  flow: Flow,
  options: { samples: number; seed: number; threads?: number; workPerShare?: number; onShare?: (share: RunRange, walkedBy: 'this thread' | 'its thread') => void },
): SimulationOutcome {
  const { samples, seed } = options;
  const shares = sharesFor(samples, flow.modules.length, options.threads ?? threadCount(), options.workPerShare ?? CLI_WORK_PER_SHARE);
  if (shares.length === 1) return trySimulate(flow, { samples, seed });
  const slots = new Int32Array(new SharedArrayBuffer(4 * shares.length));
  const started: { worker: Worker | null; port: MessagePort }[] = [];
  try {
    for (let i = 1; i < shares.length; i++) {
      const { port1, port2 } = new MessageChannel();
      const task: ThreadTask = { flow, samples, seed, range: shares[i]!, slots, slot: i, port: port2 };
      const worker = startThread(task, port2);
      started.push({ worker, port: port1 });
    }
    const chunks = [simulateChunk(flow, { samples, seed, range: shares[0]! })];
    for (let i = 1; i < shares.length; i++) {
      // A share its thread has not started: walk it here.
      if (Atomics.compareExchange(slots, i, SLOT_WAITING, SLOT_TAKEN_BACK) === SLOT_WAITING) {
        chunks.push(simulateChunk(flow, { samples, seed, range: shares[i]! }));
        options.onShare?.(shares[i]!, 'this thread');
        continue;
      }
      while (Atomics.load(slots, i) !== SLOT_DELIVERED) Atomics.wait(slots, i, SLOT_TAKEN, 1000);
      const reply = receiveMessageOnPort(started[i - 1]!.port)?.message as ThreadReply | undefined;
      if (!reply) throw new Error('A simulation thread delivered nothing.');
      if (!reply.ok) {
        if (reply.refusal) throw new SimulationRefused(reply.refusal);
        throw new Error(reply.message);
      }
      chunks.push(reply.chunk);
      options.onShare?.(shares[i]!, 'its thread');
    }
    return { ok: true, result: mergeChunks(flow, { samples, seed }, chunks) };
  } catch (error) {
    if (error instanceof SimulationRefused) return { ok: false, error: error.refusal };
    throw error;
  } finally {
    for (const { worker, port } of started) {
      port.close();
      void worker?.terminate();
    }
  }
}
