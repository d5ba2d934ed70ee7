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
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { Flow } from '../model/types';
import { mergeChunks, percentilesAhead, sharesFor, simulateChunk, trySimulate, SimulationRefused, type SimulationOutcome, type RunRange } from '../cost/simulate';
import { threadScript } from './threadScript';
import { SLOT_DELIVERED, SLOT_TAKEN, SLOT_TAKEN_BACK, SLOT_WAITING, type ThreadReply, type ThreadTask } from './threadSlots';

/**
 * Module-runs per thread below which the CLI keeps the work in one thread: a thread loads the
 * engine afresh and its walk runs slow until V8 has compiled it, so it pays only for work of
 * about a third of a second or more.
 */
export const CLI_WORK_PER_SHARE = 5_000_000;

/** Threads the CLI shares simulated runs between: the machine's cores, at least 2, at most 8. */
export function threadCount(): number {
  return Math.max(2, Math.min(8, availableParallelism()));
}

/** Where the threads' bundled script is kept: this clone's module cache (see threadScript.ts). */
const CACHE_DIR = fileURLToPath(new URL('../../node_modules/.cache/creditflow-threads/', import.meta.url));

/** How a thread loads the engine: its bundled script (threadScript.ts), or else the TypeScript through tsx. */
export type ThreadLoad = 'bundle' | 'tsx';

/**
 * How this process's threads load simulationThread.ts: as the bundled script when it can be had
 * (made on the first call after a source changed), else through tsx, whose loader a worker thread
 * does not inherit (the thread registers it first: about 0.25 s of CPU more per thread).
 */
function threadBoot(): { load: ThreadLoad; script: string | URL } | null {
  const entry = new URL('./simulationThread.ts', import.meta.url);
  const bundled = threadScript(fileURLToPath(entry), CACHE_DIR);
  if (bundled) return { load: 'bundle', script: pathToFileURL(bundled.path) };
  try {
    const tsx = import.meta.resolve('tsx/esm/api');
    return { load: 'tsx', script: `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })` };
  } catch {
    return null;
  }
}

/** Starts the thread of one share. A thread that cannot start never takes its share (this thread walks it). */
function startThread(boot: { script: string | URL }, task: ThreadTask, port: MessagePort): Worker | null {
  try {
    const worker = new Worker(boot.script, { eval: typeof boot.script === 'string', workerData: task, transferList: [port] });
    worker.on('error', () => {});
    worker.unref();
    return worker;
  } catch {
    return null;
  }
}

/**
 * Simulated runs of `flow`, shared between up to `threads` threads when the work is large enough
 * (workers/shares.ts); the same outcome as `trySimulate`.
 */
export function simulateInThreads(
  flow: Flow,
  options: {
    samples: number;
    seed: number;
    threads?: number;
    workPerShare?: number;
    onShare?: (share: RunRange, walkedBy: 'this thread' | 'its thread') => void;
    /** Told how the threads load the engine (when threads are started). */
    onThreadLoad?: (load: ThreadLoad) => void;
  },
): SimulationOutcome {
  const { samples, seed } = options;
  const shares = sharesFor(samples, flow.modules.length, options.threads ?? threadCount(), options.workPerShare ?? CLI_WORK_PER_SHARE);
  if (shares.length === 1) return trySimulate(flow, { samples, seed });
  const slots = new Int32Array(new SharedArrayBuffer(4 * shares.length));
  const started: { worker: Worker | null; port: MessagePort }[] = [];
  try {
    const boot = threadBoot();
    if (boot) options.onThreadLoad?.(boot.load);
    for (let i = 1; i < shares.length; i++) {
      const { port1, port2 } = new MessageChannel();
      const task: ThreadTask = { flow, samples, seed, range: shares[i]!, slots, slot: i, port: port2 };
      const worker = boot ? startThread(boot, task, port2) : null;
      started.push({ worker, port: port1 });
    }
    const chunks = [simulateChunk(flow, { samples, seed, range: shares[0]! })];
    // The per-module percentiles of the kept runs (all in the first share) while the threads walk.
    percentilesAhead(flow, samples, chunks[0]!);
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
