/// <reference lib="webworker" />
/**
 * The simulation Web Worker: runs the engine's simulated runs (cost/simulate.ts, the same code
 * the CLI and the tests run) off the main thread. One run at a time; the page supersedes a stale
 * run by terminating this worker (see simulationClient.ts). Progress is posted at most every
 * PROGRESS_INTERVAL_MS.
 */
import { SampleBuffers, simulate } from '../cost/simulate';
import { PROGRESS_INTERVAL_MS, progressShare } from './protocol';
import type { WorkerReply, WorkerRequest } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;

function reply(message: WorkerReply, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

/** Answers the page's requests; the spare samples buffer is kept from one run to the next. */
function serve(buffers: SampleBuffers): void {
  scope.onmessage = (event: MessageEvent<WorkerRequest>) => {
    const request = event.data;
    if (!request || request.type !== 'run') return;
    const { id, flow, samples, seed } = request;
    let lastPost = 0;
    try {
      const result = simulate(flow, {
        samples,
        seed,
        buffers,
        onProgress: (done: number, total?: number) => {
          const now = Date.now();
          if (now - lastPost < PROGRESS_INTERVAL_MS) return;
          lastPost = now;
          reply({ type: 'progress', id, progress: progressShare(done, total) });
        },
      });
      const runs = result.runs;
      reply({ type: 'done', id, result }, runs instanceof Float64Array ? [runs.buffer] : []);
    } catch (error) {
      reply({ type: 'error', id, message: error instanceof Error ? error.message : 'The simulation failed.' });
    }
  };
}

serve(new SampleBuffers());
