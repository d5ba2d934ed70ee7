/**
 * Freezes a flow about to be loaded a slice at a time, yielding to the page between slices, so
 * that loading it does not: immer deep-freezes every document the store holds, and a document
 * loaded unfrozen is walked and frozen in the frame that loads it (at 10,000 modules hundreds of
 * milliseconds of the hand-over frame on a loaded machine; docs/performance.md). Immer skips a
 * document that is already frozen. The flow is frozen in place: the same object comes back.
 */
import { freeze } from 'immer';
import type { Flow } from '../model/types';
import { awaitInSlices, type Pace } from '../scheduling/awaitInSlices';

export interface SliceOptions extends Pace {
  /** Milliseconds of work before yielding (default 8). */
  sliceMs?: number;
  /** Whether the flow is still wanted: once false, freezing stops between slices (the flow is left part frozen). */
  live?: () => boolean;
}

/** Deep-freezes `flow` in slices of about `sliceMs`; resolves with the very same flow, frozen. */
export async function freezeInSlices<F extends Flow>(flow: F, options: SliceOptions = {}): Promise<F> {
  if (Object.isFrozen(flow)) return flow;
  const frozen = await awaitInSlices(freezing(flow), { ...options, sliceMs: options.sliceMs ?? 8 });
  return frozen?.value ?? flow;
}

/** Freezes `flow`, yielding every 64 modules or edges. */
function* freezing<F extends Flow>(flow: F): Generator<void, F> {
  for (const list of [flow.modules, flow.edges] as readonly object[][]) {
    for (let i = 0; i < list.length; i++) {
      freeze(list[i], true);
      if ((i & 63) === 63) yield;
    }
    // The list itself, its items all frozen: the last step then passes it over instead of
    // looking at each of its items again (57 ms of one task at 100,000 modules).
    Object.freeze(list);
  }
  // The rest (settings, scenarios, the lists themselves): each already frozen item is passed over.
  return freeze(flow, true);
}
