/**
 * What the import worker works out about a flow it read, besides the flow itself, so the page
 * does not work it out again in the frame that opens the flow (issue 18 item 9): the problems of
 * the flow (`checkFlow`, the very function the editor's problem list runs, with no scenario: an
 * opened flow shows its base) and the flow's file text (`serializeFlow`, what the autosave and
 * the library store). Plain data: it crosses to the page by structured clone with the flow.
 */
import type { Flow } from '../model/types';
import type { Problem } from '../model/problems';
import { checkFlow } from '../cost/check';
import { serializeFlow } from '../io/serialize';

export interface HandedOver {
  /** checkFlow(flow): the problems of the base flow. */
  problems: Problem[];
  /** serializeFlow(flow): the flow's file text. */
  flowText: string;
}

/** The problems and the file text of a flow just read, worked out where it was read. */
export function workOutForHandOver(flow: Flow): HandedOver {
  return { problems: checkFlow(flow), flowText: serializeFlow(flow) };
}
