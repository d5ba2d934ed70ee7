/**
 * What each undo step did to the bill: the credits per month of the flow before and after every
 * step of the history (past and undone), so "which edit made it expensive?" has an answer.
 *
 * Computed incrementally: a step's numbers are cached on the step object (a step always goes
 * from the same document to the same document, whether it is in the past or undone), and a
 * step's "before" is its predecessor's "after". After an edit only the new document is priced;
 * an undo, a redo or a jump prices nothing. The documents of steps not yet priced are rebuilt by
 * applying the steps' patches outward from the current document, only as far as needed.
 */
import { applyPatches } from 'immer';
import type { Flow } from '../model/types';
import { priceFlow } from '../cost/price';
import type { EditorState, HistoryStep } from './editor';

export interface StepCost {
  step: HistoryStep;
  label: string;
  /** The history position this step leads to: goTo(position) shows the document right after it. */
  position: number;
  /** Credits per month of the flow before and after the step, and after − before. */
  before: number;
  after: number;
  delta: number;
  /** An undone step (redo brings it back). */
  undone: boolean;
}

export interface HistoryCosts {
  /** Credits per month before the oldest step kept (position 0). */
  start: number;
  /** Oldest first: the past, then the undone steps in the order redo brings them back. */
  steps: readonly StepCost[];
  /** Steps applied now (past.length). */
  current: number;
}

export type HistoryInputs = Pick<EditorState, 'flow' | 'past' | 'future'>;

/** Credits per month of a flow (the document's own, no scenario applied). */
export function creditsPerMonth(flow: Flow): number {
  return priceFlow(flow).perMonth;
}

/**
 * One editor's history cost selector. The result is memoised on the history (past and future):
 * the same object until a step is added, undone or redone. A drag in progress moves modules
 * without a step; positions do not price, so the numbers hold.
 */
export function createHistoryCosts(price: (flow: Flow) => number = creditsPerMonth) {
  const cache = new WeakMap<HistoryStep, { before: number; after: number }>();
  let last: { past: readonly HistoryStep[]; future: readonly HistoryStep[]; result: HistoryCosts } | null = null;

  return function selectHistoryCosts(state: HistoryInputs): HistoryCosts {
    const { past, future } = state;
    if (last && last.past === past && last.future === future) return last.result;
    const steps = past.concat(future.slice().reverse());
    const now = past.length;
    // costs[p]: credits per month after p steps (undefined until known).
    const costs: (number | undefined)[] = new Array(steps.length + 1);
    steps.forEach((step, k) => {
      const known = cache.get(step);
      if (!known) return;
      costs[k] = known.before;
      costs[k + 1] = known.after;
    });
    let lowest = -1;
    let highest = -1;
    for (let p = 0; p <= steps.length; p++) {
      if (costs[p] !== undefined) continue;
      if (p <= now && lowest === -1) lowest = p;
      if (p >= now) highest = p;
    }
    if (costs[now] === undefined) costs[now] = price(state.flow);
    // Older documents: undo step by step from now, down to the oldest not yet priced.
    let flow = state.flow;
    for (let p = now - 1; lowest !== -1 && p >= lowest; p--) {
      flow = applyPatches(flow, steps[p]!.inversePatches);
      costs[p] ??= price(flow);
    }
    flow = state.flow;
    for (let p = now + 1; p <= highest; p++) {
      flow = applyPatches(flow, steps[p - 1]!.patches);
      costs[p] ??= price(flow);
    }
    const result: HistoryCosts = {
      start: costs[0]!,
      current: now,
      steps: steps.map((step, k) => {
        const before = costs[k]!;
        const after = costs[k + 1]!;
        if (!cache.has(step)) cache.set(step, { before, after });
        return { step, label: step.label, position: k + 1, before, after, delta: after - before, undone: k >= now };
      }),
    };
    last = { past, future, result };
    return result;
  };
}
