/**
 * What the library's list shows of a flow: its name, its modules and its credits (null when it
 * cannot be priced). Pricing a large flow again on the page for the list is a long task (part of
 * 140 ms at 100,000 modules), so the import worker, which prices the flow it read anyway, hands
 * its figures over (`figuresOfCost`, the same numbers) and the page remembers them for that flow
 * (`rememberFigures`): `figuresOf` answers with them while the flow is that very object.
 */
import type { Flow } from '../model/types';
import type { FlowCost } from './types';
import { priceFlow } from './price';

export interface FlowFigures {
  name: string;
  modules: number;
  total: number | null;
  perMonth: number | null;
}

const finiteOrNull = (n: number) => (Number.isFinite(n) ? n : null);

/** A flow's figures from its price (`priceFlow(flow)`, no scenario). */
export function figuresOfCost(flow: Flow, cost: Pick<FlowCost, 'total' | 'perMonth'>): FlowFigures {
  return { name: flow.name, modules: flow.modules.length, total: finiteOrNull(cost.total), perMonth: finiteOrNull(cost.perMonth) };
}

/** Figures worked out elsewhere (the import worker) for a frozen flow, by the flow. */
const remembered = new WeakMap<Flow, Pick<FlowFigures, 'total' | 'perMonth'>>();

/** Keeps `figures` (worked out with `figuresOfCost` for this flow) for `figuresOf(flow)`; a flow that can change is not kept. */
export function rememberFigures(flow: Flow, figures: Pick<FlowFigures, 'total' | 'perMonth'>): void {
  if (Object.isFrozen(flow)) remembered.set(flow, { total: figures.total, perMonth: figures.perMonth });
}

/** What the list shows of a flow: its name, modules and credits (null when it cannot be priced). */
export function figuresOf(flow: Flow): FlowFigures {
  const known = remembered.get(flow);
  if (known) return { name: flow.name, modules: flow.modules.length, ...known };
  try {
    return figuresOfCost(flow, priceFlow(flow));
  } catch {
    // A flow the engine cannot price is still kept; its list row says so.
    return { name: flow.name, modules: flow.modules.length, total: null, perMonth: null };
  }
}
