/**
 * The simulation's workers started and warmed while the page is idle after a flow opens (issue 19),
 * so that the what-if panel's first simulated runs pay only for their walk, split over the workers:
 * not for starting the workers, loading the engine in each, and V8 compiling the walk. For a flow
 * whose default runs are small enough (AHEAD_MAX_WORK), the panel's runs themselves are simulated
 * then (`simulateOnOpen`): the client keeps the result for that flow, run count and seed, and the
 * panel opened later shows it at its first frame.
 *
 * Only for flows large enough that this matters (WARM_FROM_MODULES): a small flow's runs take
 * milliseconds, and no worker is started for it before a panel asks.
 */
import type { Flow } from '../model/types';
import type { SimulationRequest } from '../workers/simulationHandle';
import { pageIdle, whenFlowOpens, type OpenedFlows, type WhenIdle } from '../store/openedFlowWork';

/** The warm-up waits at most this long (ms) for the page to be idle. */
export const WARM_WAIT_MS = 3000;

/** Modules from which a flow's workers are warmed on opening: 10,000 runs of it are then 0.1 s of walk or more. */
export const WARM_FROM_MODULES = 100;

/**
 * Most module-runs (runs × modules) simulated ahead on opening: 10,000 runs of 2,000 modules,
 * about 1.3 s of CPU on one core of a small machine, shared by the workers. Above it the workers
 * are only warmed: a run ahead that long would hold the cores the next seconds of editing need.
 */
export const AHEAD_MAX_WORK = 20_000_000;

/** Whether `samples` runs of a flow of `modules` modules are simulated ahead on opening (AHEAD_MAX_WORK). */
export const simulatedAhead = (modules: number, samples: number): boolean => modules * samples <= AHEAD_MAX_WORK;

/**
 * Calls `warm(flow)` when the page is idle after each flow of WARM_FROM_MODULES modules or more
 * opens, and for the flow open now. Returns a stop function (for the editor's dispose).
 */
export function warmOnOpen(store: OpenedFlows, warm: (flow: Flow) => void, idle: WhenIdle = pageIdle(WARM_WAIT_MS)): () => void {
  return whenFlowOpens(store, (flow) => flow.modules.length >= WARM_FROM_MODULES, warm, idle);
}

/** The part of the simulation client (workers/simulationClient.ts) the work ahead uses. */
export interface AheadClient {
  run(request: SimulationRequest): void;
  warm(request: Pick<SimulationRequest, 'flow' | 'samples'>): void;
  cancelUnlessFor(request: SimulationRequest): void;
  /** Whether the run in flight is the one asked with `request` (the same object). */
  isRunning(request: SimulationRequest): boolean;
  /** Starts the workers without work (they load their code): see SimulationClient.prestart. */
  prestart?(request: Pick<SimulationRequest, 'flow' | 'samples'>): void;
}

/**
 * When the simulation's workers are started, without work, after a flow opens: at the first idle
 * moment (not after the input-quiet gate), unless a drag, pan or zoom goes on (it holds them back
 * until the page has been quiet for INPUT_QUIET_MS). A worker's start is its thread, the script
 * and the engine loaded, tens of ms of CPU; not the walk and its compile, which the warm-up at
 * the first idle moment did and which made a drag soon after opening slower (see simulateOnOpen).
 */
export const prestartIdle = (): WhenIdle => pageIdle(WARM_WAIT_MS, { waitFromStart: false, yieldToInput: true });

/**
 * After each opening of a flow of WARM_FROM_MODULES modules or more, when the page is idle (the
 * input-quiet gate: starting the workers sooner, at the first idle moment, made a drag soon after
 * opening slower at 1,000 modules, busy time a frame ×1.5 and a 133–200 ms frame): the
 * what-if panel's default simulation of it (`panelRequest()`, the request the panel would make
 * now; null when it cannot be known here, e.g. a scenario is shown) if it is AHEAD_MAX_WORK
 * module-runs or fewer, else the workers warmed. A run ahead that is still going when the flow
 * is edited (`store` changes and `panelRequest()` asks for another flow) is stopped, and the
 * workers are warmed for the edited flow. Returns a stop function.
 */
export function simulateOnOpen(
  store: OpenedFlows & { subscribe(listener: () => void): () => void },
  client: () => AheadClient,
  panelRequest: () => SimulationRequest | null,
  samples: () => number,
  idle: WhenIdle = pageIdle(WARM_WAIT_MS),
  startIdle: WhenIdle = prestartIdle(),
): () => void {
  let ahead: SimulationRequest | null = null;
  // The workers started early, so that a click on What-if before the work ahead does not wait for
  // their start and their code (a cold click: 0.1–0.45 s of 1.5–2.6 s, session 13).
  const stopStart = warmOnOpen(store, (flow) => client().prestart?.({ flow, samples: samples() }), startIdle);
  const stopOpen = warmOnOpen(
    store,
    (flow) => {
      const request = panelRequest();
      if (request && simulatedAhead(request.flow.modules.length, request.samples)) {
        ahead = request;
        client().run(request);
      } else {
        ahead = null;
        client().warm({ flow: request?.flow ?? flow, samples: samples() });
      }
    },
    idle,
  );
  const stopEdits = store.subscribe(() => {
    if (!ahead) return;
    const now = panelRequest();
    if (now && now.flow === ahead.flow && now.samples === ahead.samples && now.seed === ahead.seed) return;
    const running = client().isRunning(ahead);
    ahead = null;
    if (!running) return;
    // Stopped, and new workers warmed for the flow as it is now.
    client().cancelUnlessFor(now ?? { flow: store.getState().flow, samples: samples(), seed: 0 });
  });
  return () => {
    stopStart();
    stopOpen();
    stopEdits();
  };
}
