/**
 * The simulation client as the editor hands it out (issue 13: its code, workers/simulationClient.ts
 * with the flow's posting in parts and the answer's reading, is not in the page's first download).
 * A handle answers at once: before the client's code is here its state is idle, or running for a
 * run asked meanwhile; asking for runs (or for the workers to start or warm) fetches the code, and
 * the client made from it then does what was asked last. Should the code not download, a run asked
 * meanwhile ends in an error that says so, and the next ask tries again.
 */
import type { Flow } from '../model/types';
import type { SimulationResult } from '../cost/simulate';
import { createStateCell } from './stateCell';

export type SimulationStatus = 'idle' | 'running' | 'done' | 'error';

export interface SimulationState {
  status: SimulationStatus;
  /** Share of the current run done, 0..1. */
  progress: number;
  /** The latest finished result (kept while a newer run goes). */
  result: SimulationResult | null;
  error: string | null;
  /** Where the last run went. */
  ranOn: 'worker' | 'main-thread' | null;
  /** The request `result` answers (null without a result). */
  resultOf: SimulationRequest | null;
  /** The request `error` answers (null without an error): a refused run is not asked for again. */
  errorOf?: SimulationRequest | null;
}

export interface SimulationRequest {
  flow: Flow;
  samples: number;
  seed: number;
}

export const IDLE_STATE: SimulationState = { status: 'idle', progress: 0, result: null, error: null, ranOn: null, resultOf: null };

/** What the panels, the canvas bands and the work ahead ask of a simulation client (SimulationClient has it all). */
export interface SimulationHandle {
  getState(): SimulationState;
  /** The state, the same object as long as only the progress changed (see SimulationClient.getOutcome). */
  getOutcome(): SimulationState;
  subscribe(listener: () => void): () => void;
  run(request: SimulationRequest): void;
  warm(request: Pick<SimulationRequest, 'flow' | 'samples'>): void;
  prestart(request: Pick<SimulationRequest, 'flow' | 'samples'>): void;
  cancelUnlessFor(request: SimulationRequest): void;
  /** Whether the runs in flight are those `request` asks (sameRuns: a second ask of them is the first). */
  isRunning(request: SimulationRequest): boolean;
  cancel(): void;
  dispose(): void;
}

/** What a run asked for before the client's code came says when that code did not download. */
export const SIMULATION_NOT_DOWNLOADED =
  "The simulation's code could not be downloaded (offline?). Check the connection: the runs are asked for again at the next change, or reopen this tab.";

/** The same runs: the same flow object, samples and seed (a second ask of them is the first one). */
export const sameRuns = (a: SimulationRequest, b: SimulationRequest): boolean => a.flow === b.flow && a.samples === b.samples && a.seed === b.seed;

/**
 * A handle whose client is made by `make()` once `load()` has brought its code (a dynamic import).
 * Until then it keeps the last run asked (and the last warm-up or start of the workers) and replays
 * them on the client, in that order; the handle's listeners then follow the client's state.
 */
export function laterSimulation<C extends SimulationHandle>(load: () => Promise<() => C>): SimulationHandle {
  const own = createStateCell<SimulationState>(IDLE_STATE);
  let client: C | null = null;
  let loading = false;
  let disposed = false;
  /** Asked before the client was here: the last run, the last warm-up or start. */
  let pendingRun: SimulationRequest | null = null;
  let pendingWarm: { kind: 'warm' | 'prestart'; request: Pick<SimulationRequest, 'flow' | 'samples'> } | null = null;
  const listeners = new Set<() => void>();
  const tell = () => {
    for (const listener of [...listeners]) listener();
  };
  own.subscribe(tell);

  const fetchCode = () => {
    if (client || loading || disposed) return;
    loading = true;
    load().then(
      (make) => {
        loading = false;
        if (disposed) return;
        const made = make();
        client = made;
        made.subscribe(tell);
        const warm = pendingWarm;
        const run = pendingRun;
        pendingWarm = null;
        pendingRun = null;
        if (warm) made[warm.kind](warm.request);
        if (run) made.run(run);
        // Readers move from the handle's state to the client's.
        tell();
      },
      () => {
        loading = false;
        pendingWarm = null;
        const run = pendingRun;
        pendingRun = null;
        // Not the engine's answer: no errorOf, so the same request asked again tries again.
        if (run && !disposed) own.set({ status: 'error', progress: 0, error: SIMULATION_NOT_DOWNLOADED, result: null, resultOf: null, errorOf: null });
      },
    );
  };

  return {
    getState: () => client?.getState() ?? own.get(),
    getOutcome: () => client?.getOutcome() ?? own.get(),
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    run(request) {
      if (client) return client.run(request);
      if (pendingRun && sameRuns(pendingRun, request)) return;
      pendingRun = request;
      own.set({ status: 'running', progress: 0, error: null, errorOf: null });
      fetchCode();
    },
    warm(request) {
      if (client) return client.warm(request);
      pendingWarm = { kind: 'warm', request };
      fetchCode();
    },
    prestart(request) {
      if (client) return client.prestart(request);
      if (pendingWarm?.kind !== 'warm') pendingWarm = { kind: 'prestart', request };
      fetchCode();
    },
    cancelUnlessFor(request) {
      if (client) return client.cancelUnlessFor(request);
      if (!pendingRun || sameRuns(pendingRun, request)) return;
      pendingRun = null;
      own.set({ status: 'idle', progress: 0 });
      pendingWarm = { kind: 'warm', request };
    },
    isRunning: (request) => (client ? client.isRunning(request) : pendingRun !== null && sameRuns(pendingRun, request)),
    cancel() {
      if (client) return client.cancel();
      if (!pendingRun) return;
      pendingRun = null;
      own.set({ status: 'idle', progress: 0 });
    },
    dispose() {
      disposed = true;
      pendingRun = null;
      pendingWarm = null;
      client?.dispose();
    },
  };
}
