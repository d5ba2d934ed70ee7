/**
 * One share of simulated runs in a worker thread (simulationThreads.ts): takes its slot (unless
 * the main thread took the share back), walks the share, posts it and marks the slot delivered.
 */
import { workerData } from 'node:worker_threads';
import { movableChunk, simulateChunk, SimulationRefused } from '../cost/simulate';
import { SLOT_DELIVERED, SLOT_TAKEN, SLOT_WAITING, type ThreadReply, type ThreadTask } from './threadSlots';

const task = workerData as ThreadTask;
if (Atomics.compareExchange(task.slots, task.slot, SLOT_WAITING, SLOT_TAKEN) === SLOT_WAITING) {
  let reply: ThreadReply;
  const transfer: ArrayBuffer[] = [];
  try {
    const chunk = movableChunk(simulateChunk(task.flow, { samples: task.samples, seed: task.seed, range: task.range }));
    reply = { ok: true, chunk };
    transfer.push(chunk.runs.buffer as ArrayBuffer, chunk.blockSums.buffer as ArrayBuffer, chunk.nodeSamples.buffer as ArrayBuffer);
  } catch (error) {
    reply =
      error instanceof SimulationRefused
        ? { ok: false, refusal: error.refusal, message: error.message }
        : { ok: false, message: error instanceof Error ? error.message : 'The simulation failed.' };
  }
  task.port.postMessage(reply, transfer);
  Atomics.store(task.slots, task.slot, SLOT_DELIVERED);
  Atomics.notify(task.slots, task.slot);
}
task.port.close();
