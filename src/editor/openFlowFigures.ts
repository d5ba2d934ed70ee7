/**
 * The library list's credits of the open flow, from the price the editor keeps up to date as the
 * flow is edited (store/derived.ts: the incremental pricer, equal to `priceFlow` to the last bit):
 * a save of a large flow then does not price the whole flow again for the list (the first edit of
 * a 100,000-module flow re-priced it on the page). Only the open flow's base price is known this
 * way; with a scenario shown (the editor prices the scenario) the library prices the flow itself.
 */
import type { Flow } from '../model/types';
import { figuresOfCost, type FlowFigures } from '../cost/flowFigures';
import type { Editor } from './createEditor';

export function openFlowFigures({ store, derived }: Pick<Editor, 'store' | 'derived'>): (flow: Flow) => Pick<FlowFigures, 'total' | 'perMonth'> | null {
  return (flow) => {
    const state = store.getState();
    if (state.flow !== flow || state.ui.activeScenarioId !== null) return null;
    const { total, perMonth } = figuresOfCost(flow, derived.selectFlowCost(state));
    return { total, perMonth };
  };
}
