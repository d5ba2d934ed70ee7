/**
 * What a simulation worker does with the page's messages (protocol.ts), apart from the thread it
 * runs on: the Web Worker (simulation.worker.ts) and the tests drive it alike.
 *
 * - `run`: every run here; answers `done` with the result (its per-module figures packed: nodeFigures.ts).
 * - `share-of-runs`: a share of whole blocks (cost/simulation/blocks.ts). The share from run 0 is
 *   the lead: it keeps its own share, takes the others' from `share` messages, and when it holds
 *   all of them answers `done` with the merged result (merged here, off the page's thread; the
 *   per-module percentiles are taken from its own share while the others walk theirs); any
 *   other share is answered with `chunk`, its buffers moved, not copied.
 * - `flow-part`: a slice of the modules or edges of a large flow, kept for the run that follows
 *   (`sliced`), which takes the flow put back together (flowParts.ts).
 * - `warm`: a few runs of the flow, as a share and merged (the code paths of a shared run), so that
 *   the walk is compiled before the runs are asked for; answered `warmed`, whatever came of it.
 * Refusals and failures are answered with `error` and the engine's message.
 */
import { mergeChunks, movableChunk, percentilesAhead, simulate, simulateChunk, type RunChunk, type SampleBuffers, type SimulationResult } from '../cost/simulate';
import type { Flow } from '../model/types';
import { chunkTransfer, progressShare, type WorkerReply, type WorkerRequest } from './protocol';
import { FlowParts } from './flowParts';
import { packNodes } from './nodeFigures';

export interface SimulationServerOptions {
  reply(message: WorkerReply, transfer?: Transferable[]): void;
  /** The spare per-module samples buffer, kept from one simulation to the next. */
  buffers?: SampleBuffers;
  /** Progress is posted at most this often (ms). */
  progressIntervalMs: number;
  now?: () => number;
}

interface Lead {
  id: number;
  flow: Flow;
  samples: number;
  seed: number;
  shares: number;
}

export function createSimulationServer(options: SimulationServerOptions): (request: WorkerRequest) => void {
  const { reply, buffers } = options;
  const now = options.now ?? Date.now;
  let lead: Lead | null = null;
  /** Shares held by the lead, or that arrived for a run this worker has not led yet (by id). */
  let held: { id: number; chunks: RunChunk[] } = { id: 0, chunks: [] };
  const parts = new FlowParts();

  const progressOf = (id: number) => {
    let lastPost = 0;
    return (done: number, total?: number) => {
      const t = now();
      if (t - lastPost < options.progressIntervalMs) return;
      lastPost = t;
      reply({ type: 'progress', id, progress: progressShare(done, total) });
    };
  };

  /** Answers a finished simulation: its runs and its per-module figures moved, not copied. */
  const done = (id: number, whole: SimulationResult): void => {
    const { result, figures } = packNodes(whole);
    reply({ type: 'done', id, result, nodeFigures: figures }, [result.runs.buffer, figures.buffer]);
  };

  const hold = (id: number, chunk: RunChunk): void => {
    if (held.id !== id) held = { id, chunks: [] };
    held.chunks.push(chunk);
  };

  const finishIfComplete = (): void => {
    if (!lead || held.id !== lead.id || held.chunks.length < lead.shares) return;
    const { id, flow, samples, seed } = lead;
    const chunks = held.chunks;
    lead = null;
    held = { id: 0, chunks: [] };
    done(id, mergeChunks(flow, { samples, seed }, chunks));
  };

  const warm = (flow: Flow, runs: number): void => {
    try {
      const chunk = simulateChunk(flow, { samples: runs, seed: 0, range: { from: 0, to: runs }, ...(buffers ? { buffers } : {}) });
      mergeChunks(flow, { samples: runs, seed: 0 }, [chunk]);
    } catch {
      // A flow the engine refuses: its runs will be refused with the reason.
    }
    reply({ type: 'warmed', id: 0 });
  };

  return (request) => {
    if (!request) return;
    if (request.type === 'warm') {
      warm(request.flow, request.runs);
      return;
    }
    if (request.type === 'flow-part') {
      parts.add(request);
      return;
    }
    const id = request.id;
    try {
      if (request.type === 'run') {
        const { samples, seed } = request;
        const flow = parts.flowOf(request);
        done(id, simulate(flow, { samples, seed, ...(buffers ? { buffers } : {}), onProgress: progressOf(id) }));
      } else if (request.type === 'share-of-runs') {
        const { samples, seed, from, to, shares } = request;
        const flow = parts.flowOf(request);
        const chunk = simulateChunk(flow, { samples, seed, range: { from, to }, ...(buffers ? { buffers } : {}), onProgress: progressOf(id) });
        if (from !== 0) {
          const moved = movableChunk(chunk);
          reply({ type: 'chunk', id, chunk: moved }, chunkTransfer(moved));
          return;
        }
        lead = { id, flow, samples, seed, shares };
        // The per-module percentiles now, while the other shares are still walked: the merge
        // after the last share then only joins the runs and sums (the same numbers).
        if (shares > 1) percentilesAhead(flow, samples, chunk);
        hold(id, chunk);
        finishIfComplete();
      } else if (request.type === 'share') {
        hold(id, request.chunk);
        finishIfComplete();
      }
    } catch (error) {
      if (lead?.id === id) lead = null;
      reply({ type: 'error', id, message: error instanceof Error ? error.message : 'The simulation failed.' });
    }
  };
}
