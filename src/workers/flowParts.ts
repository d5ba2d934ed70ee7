/**
 * A large flow posted to a simulation worker in slices (issue 19): posting a flow clones it on the
 * page's thread in one task (at 100,000 modules 400–850 ms for the two workers of a shared run),
 * so a flow of more than FLOW_SLICE modules or edges goes as `flow-part` messages of FLOW_SLICE
 * items each, which the page posts a few per task (simulationClient.ts), and the run's message then
 * carries the flow without its lists (`sliced`). The worker collects the parts (`FlowParts`) and
 * puts the very same flow back together. Types only from the engine.
 */
import type { Flow } from '../model/types';
import { ListsFromParts, partsOf } from './listParts';

/** Modules or edges in one part: a few milliseconds to clone on the page. */
export const FLOW_SLICE = 1_000;

/** A slice of the modules or edges of the flow the next run is for, in order. */
export interface FlowPartMessage {
  type: 'flow-part';
  /** Which posting of a flow the slice belongs to (a new number for each flow posted). */
  flowId: number;
  list: 'modules' | 'edges';
  items: unknown[];
}

/** The flow as a run's message carries it: whole, or without its lists (they came in parts). */
export interface PostedFlow {
  flow: Flow;
  /** The modules and edges came in `flow-part` messages with this flowId. */
  sliced?: number;
}

/**
 * How `flow` is posted: whole (no parts) when it is small, else its modules and edges in `count`
 * parts of `size` items, each sliced only when `part(i)` asks for it (slicing them all at once
 * held the page 200 ms at 100,000 modules), and the flow without them.
 */
export function flowInParts(flowId: number, flow: Flow, size = FLOW_SLICE): { count: number; part(i: number): FlowPartMessage; posted: PostedFlow } {
  if (flow.modules.length <= size && flow.edges.length <= size) {
    return { count: 0, part: () => { throw new RangeError('A small flow is posted whole.'); }, posted: { flow } };
  }
  const parts = partsOf([['modules', flow.modules], ['edges', flow.edges]], size);
  const part = (i: number): FlowPartMessage => ({ type: 'flow-part', flowId, ...parts.part(i) });
  return { count: parts.count, part, posted: { flow: { ...flow, modules: [], edges: [] }, sliced: flowId } };
}

/** The worker's side: collects the parts of the latest flow posted and gives the flow a run is for. */
export class FlowParts {
  private flowId = 0;
  private lists = new ListsFromParts<FlowPartMessage['list']>();

  add(part: FlowPartMessage): void {
    if (part.flowId !== this.flowId) {
      this.flowId = part.flowId;
      this.lists = new ListsFromParts();
    }
    this.lists.add(part.list, part.items);
  }

  /** The flow of a run's message: as posted, or put back together from its parts (which are then let go). */
  flowOf(posted: PostedFlow): Flow {
    if (posted.sliced === undefined) return posted.flow;
    if (posted.sliced !== this.flowId) throw new Error('The flow of the simulated runs did not arrive whole.');
    const flow = { ...posted.flow, modules: this.lists.get('modules'), edges: this.lists.get('edges') } as Flow;
    this.flowId = 0;
    this.lists = new ListsFromParts();
    return flow;
  }
}
