/**
 * Whether a flow varies from one execution to the next by the user's own ranges (cost-model §6):
 * a range on a module's assumption or on a filter's or route's pass rate. A range on runs per
 * month changes the month's figures, not what one run costs, so it does not count here.
 */
import type { Assumptions, Flow } from './types';
import { isRange } from './types';

function assumptionsHaveRange(assumptions: Assumptions | undefined): boolean {
  if (!assumptions) return false;
  for (const key in assumptions) if (isRange(assumptions[key as keyof Assumptions])) return true;
  return false;
}

const cache = new WeakMap<Flow, boolean>();

/** True when any module assumption or any filter / route pass rate of `flow` is a range. Memoised per flow object. */
export function hasRunRanges(flow: Flow): boolean {
  let known = cache.get(flow);
  if (known === undefined) {
    known = flow.modules.some((m) => assumptionsHaveRange(m.assumptions)) || flow.edges.some((e) => isRange(e.filter?.passRate) || isRange(e.route?.passRate));
    cache.set(flow, known);
  }
  return known;
}

