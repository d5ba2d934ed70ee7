/**
 * What the import worker works out about a flow it read, besides the flow itself, so the page
 * does not work it out again in the frame that opens the flow (issue 18 item 9): the problems of
 * the flow (`checkFlow`, the very function the editor's problem list runs, with no scenario: an
 * opened flow shows its base) and the flow's file text (`serializeFlow`, what the autosave and
 * the library store). Plain data: it crosses to the page by structured clone with the flow.
 * A large flow crosses in slices (handOverParts.ts).
 */
import type { Flow } from '../model/types';
import type { Problem } from '../model/problems';
import { createFlowChecker } from '../cost/check';
import { priceFlow } from '../cost/price';
import { serializeFlow } from '../io/serialize';
import { figuresOfCost, type FlowFigures } from '../cost/flowFigures';

export interface HandedOver {
  /** checkFlow(flow): the problems of the base flow. */
  problems: Problem[];
  /** serializeFlow(flow): the flow's file text. */
  flowText: string;
  /** The library list's figures of the flow (cost/flowFigures.ts: `figuresOf(flow)`'s numbers). */
  figures?: Pick<FlowFigures, 'total' | 'perMonth'>;
}

/** The problems, the file text and the list's figures of a flow just read, worked out where it was read (one pricing for all). */
export function workOutForHandOver(flow: Flow): HandedOver {
  let cost: ReturnType<typeof priceFlow> | undefined;
  try {
    cost = priceFlow(flow);
  } catch {
    cost = undefined; // the checker says why; the library prices it on the page
  }
  const problems = createFlowChecker().check(flow, undefined, cost);
  const figures = cost && figuresOfCost(flow, cost);
  return { problems, flowText: serializeFlow(flow), ...(figures ? { figures: { total: figures.total, perMonth: figures.perMonth } } : {}) };
}
