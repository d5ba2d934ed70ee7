/**
 * The priced flow for the panels: the store's memoised cost (with the active scenario, the
 * same numbers the canvas badges show), and a plain memo for pricing another flow.
 */
import { priceFlow } from '../../cost/price';
import type { FlowCost } from '../../cost/types';
import type { Flow } from '../../model/types';
import { useFlowCost } from '../../editor/react';

const priced = new WeakMap<Flow, FlowCost>();

/** Prices a flow as it is (no scenario), once per document object. */
export function costOf(flow: Flow): FlowCost {
  let cost = priced.get(flow);
  if (!cost) {
    cost = priceFlow(flow);
    priced.set(flow, cost);
  }
  return cost;
}

export function usePricedFlow(): FlowCost {
  return useFlowCost();
}
