/**
 * The work done ahead for a flow about to be opened (a dropped file, a library entry reopened),
 * a task a step, so that the task that loads a large flow does not do it all (issue 18 item 9).
 */
import type { Flow } from '../model/types';
import type { Editor } from './createEditor';
import { slicesOf } from '../scheduling/slices';

/** How long one task of the opening's pricing runs at most (ms): its slices until then. */
export const OPENING_SLICE_MS = 10;

/**
 * What the canvas and the panels ask of a flow as soon as it is open (its structure compiled,
 * its price, its modules' and edges' look-ups, its module names), for a flow about to be opened,
 * as steps to run a task each: the editor's caches then hold them, and neither the task that opens
 * a large flow nor any one task works them all out. The price comes in slices of about
 * OPENING_SLICE_MS a task (at 100,000 modules compiling and pricing were 250–430 ms a task on a
 * loaded machine), the names in slices of modules (120 ms in one task).
 */
export function* workOutBeforeOpening(
  { store, derived }: Pick<Editor, 'store' | 'derived'>,
  flow: Flow,
  now: () => number = () => performance.now(),
): Generator<() => void, void, void> {
  // As the flow will be shown once loaded: its base (loading ends a scenario and a comparison).
  const state = { flow, ui: { ...store.getState().ui, activeScenarioId: null, compare: null } };
  const pricing = slicesOf(derived.costInSteps(state), OPENING_SLICE_MS, now);
  let priced = false;
  const priceForASlice = () => {
    priced = pricing.next() !== undefined;
  };
  do yield priceForASlice;
  while (!priced);
  yield () => {
    const cost = derived.selectFlowCost(state);
    const firstModule = flow.modules[0];
    const firstEdge = flow.edges[0];
    if (firstModule) cost.byId.get(firstModule.id);
    if (firstEdge) cost.edges.get(firstEdge.id);
  };
  yield* derived.moduleNamesInSteps(state);
  yield () => derived.selectDrawnModules(state);
}
