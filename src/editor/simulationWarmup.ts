/**
 * The simulation's workers started and warmed while the page is idle after a flow opens (issue 19),
 * so that the what-if panel's first simulated runs pay only for their walk, split over the workers:
 * not for starting the workers, loading the engine in each, and V8 compiling the walk.
 *
 * Only for flows large enough that this matters (WARM_FROM_MODULES): a small flow's runs take
 * milliseconds, and no worker is started for it before a panel asks.
 */
import type { Flow } from '../model/types';
import { pageIdle, whenFlowOpens, type OpenedFlows, type WhenIdle } from '../store/openedFlowWork';

/** The warm-up waits at most this long (ms) for the page to be idle. */
export const WARM_WAIT_MS = 3000;

/** Modules from which a flow's workers are warmed on opening: 10,000 runs of it are then 0.1 s of walk or more. */
export const WARM_FROM_MODULES = 100;

/**
 * Calls `warm(flow)` when the page is idle after each flow of WARM_FROM_MODULES modules or more
 * opens, and for the flow open now. Returns a stop function (for the editor's dispose).
 */
export function warmOnOpen(store: OpenedFlows, warm: (flow: Flow) => void, idle: WhenIdle = pageIdle(WARM_WAIT_MS)): () => void {
  return whenFlowOpens(store, (flow) => flow.modules.length >= WARM_FROM_MODULES, warm, idle);
}
