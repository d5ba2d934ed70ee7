import type { Flow } from '../model/types';
import type { RunChunk, SimulationResult } from '../cost/simulate';
import type { ImportProgress } from '../io/import/readFile';
import type { HandOverDone, HandOverPart } from './handOverParts';
import type { FlowPartMessage } from './flowParts';
import type { VersionSummary } from '../cost/versionSummary';

/** What the page asks the simulation worker to do: all the runs, in one worker. */
export interface RunMessage {
  type: 'run';
  /** Request id: replies carry it, so the page can drop replies of superseded runs. */
  id: number;
  flow: Flow;
  /** The flow's modules and edges came before in `flow-part` messages with this flowId (flowParts.ts). */
  sliced?: number;
  samples: number;
  seed: number;
}

/**
 * A share of the runs (whole blocks, cost/simulation/blocks.ts) when several workers share a
 * simulation. The lead (the share from run 0) keeps its share, receives the others' (`share`
 * messages, as they come) and answers `done` with the merged result; any other answers `chunk`.
 */
export interface ShareMessage {
  type: 'share-of-runs';
  id: number;
  flow: Flow;
  /** As RunMessage's. */
  sliced?: number;
  samples: number;
  seed: number;
  from: number;
  to: number;
  /** How many shares the simulation has (the lead waits for all of them). */
  shares: number;
}

/** Another worker's share, handed to the lead. */
export interface ChunkMessage {
  type: 'share';
  id: number;
  chunk: RunChunk;
}

/**
 * Warms a worker before the runs are asked for (simulationClient.ts warm): the engine is loaded
 * with the worker's script; a few runs of the open flow (its first modules, for a large one:
 * warmingFlow) have V8 compile the walk. Answered with `warmed` (id 0); nothing is kept.
 */
export interface WarmMessage {
  type: 'warm';
  flow: Flow;
  runs: number;
}

export type WorkerRequest = RunMessage | ShareMessage | ChunkMessage | WarmMessage | FlowPartMessage;

/** What the worker answers. */
export type WorkerReply =
  | { type: 'progress'; id: number; progress: number }
  /** The result; from the worker with its `nodes` empty and their figures in `nodeFigures` (nodeFigures.ts), moved with its runs. */
  | { type: 'done'; id: number; result: SimulationResult; nodeFigures?: Float64Array }
  | { type: 'chunk'; id: number; chunk: RunChunk }
  | { type: 'error'; id: number; message: string }
  /** A warm-up done (or failed: the runs will say why). Always id 0, no request's. */
  | { type: 'warmed'; id: 0 };

/** The buffers of a share, moved rather than copied between threads. */
export function chunkTransfer(chunk: RunChunk): Transferable[] {
  return [chunk.runs.buffer, chunk.blockSums.buffer, chunk.nodeSamples.buffer];
}

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
  /** 'creditflow': a text the app wrote (a library entry's), read by parseFlow alone (readFile.ts `as`). */
  as?: 'creditflow';
}

/**
 * Asks the import worker for the versions list's figures of a flow's versions (cost/versionSummary.ts),
 * given oldest first: each answered by a `version` reply as soon as it is worked out, then
 * `versions-done`. A version's text that cannot be read is answered with `unreadable` as its problem.
 */
export interface VersionsRequest {
  type: 'versions';
  id: number;
  /** `context`: a version whose summary is known, read only as the one the next is compared with (not answered). */
  versions: { source: Blob | string; what: string; total: number | null; perMonth: number | null; context?: true }[];
  /** The message of a text that cannot be read (the library's). */
  unreadable: string;
}

export type VersionsReply =
  | { type: 'version'; id: number; index: number; summary: VersionSummary }
  | { type: 'versions-done'; id: number }
  | { type: 'error'; id: number; message: string };

/**
 * What the import worker answers: progress by stage, then the import's result (errors are values in
 * it) and, for a flow, what it worked out about it (handOver.ts) so the page need not; a large
 * flow's lists come first in parts, a slice a message (handOver.ts: `handOverMessages`).
 */
export type ImportReply =
  | { type: 'progress'; id: number; progress: ImportProgress }
  | HandOverPart
  | HandOverDone
  | { type: 'error'; id: number; message: string };
