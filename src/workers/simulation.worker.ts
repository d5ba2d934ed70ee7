/// <reference lib="webworker" />
/**
 * The simulation Web Worker: runs the engine's simulated runs (cost/simulate.ts, the same code
 * the CLI and the tests run) off the main thread, all of them (`run`) or a share of them
 * (`share-of-runs`, see protocol.ts). The page supersedes a stale run by terminating its workers
 * (see simulationClient.ts). Progress is posted at most every PROGRESS_INTERVAL_MS.
 */
import { SampleBuffers } from '../cost/simulate';
import { walkModule } from '../cost/simulation/walkWasm';
import { PROGRESS_INTERVAL_MS } from './protocol';
import type { WorkerReply, WorkerRequest } from './protocol';
import { createSimulationServer } from './simulationServer';

const scope = self as unknown as DedicatedWorkerGlobalScope;

const serve = createSimulationServer({
  reply: (message: WorkerReply, transfer: Transferable[] = []) => scope.postMessage(message, transfer),
  buffers: new SampleBuffers(),
  progressIntervalMs: PROGRESS_INTERVAL_MS,
});
scope.onmessage = (event: MessageEvent<WorkerRequest>) => serve(event.data);
// The walk's WebAssembly compiled as the worker starts (a prestarted worker is made before the
// first click), not in the first run it walks.
walkModule();
