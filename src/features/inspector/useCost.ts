/** The priced flow for the panels, computed once per document (the canvas shares the same memo idea). */
import { priceFlow } from '../../cost/price';
import type { FlowCost } from '../../cost/types';
import type { Flow } from '../../model/types';
import { useEditor } from '../../store/editor';

const priced = new WeakMap<Flow, FlowCost>();

export function costOf(flow: Flow): FlowCost {
  let cost = priced.get(flow);
  if (!cost) {
    cost = priceFlow(flow);
    priced.set(flow, cost);
  }
  return cost;
}

export function usePricedFlow(): FlowCost {
  return costOf(useEditor((s) => s.flow));
}
