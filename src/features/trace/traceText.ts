/** The words of the Trace tab: what a step did, where in the loops it is, which steps the list shows. */
import type { TraceStep } from '../../cost/trace';

export { itemText } from '../../ui/traceItem';

/** What happened at a step, in words. */
export function describeStep(step: TraceStep, nameOf: (id: string) => string, routeName: (edgeId: string) => string = (id) => id): string {
  switch (step.outcome) {
    case 'passed':
      return step.items !== undefined ? `ran, ${step.items} item${step.items === 1 ? '' : 's'}` : 'ran';
    case 'route': {
      const routes = step.routes ?? [];
      return routes.length === 0 ? 'ran, no route taken' : `ran, took ${routes.length === 1 ? 'the route' : 'the routes'} ${routes.map(routeName).join(', ')}`;
    }
    case 'failed':
      return step.errorBranch ? 'failed, took its error branch' : 'failed, the bundle stops';
    case 'skipped':
      return 'skipped by a filter';
    case 'stopped':
      return `stopped by the filter into ${nameOf(step.moduleId)}`;
  }
}

/** The steps [from, to) listed around step `index` of `count`: `around` on each side, fewer at the ends. */
export function stepWindow(count: number, index: number, around: number): { from: number; to: number } {
  const size = Math.min(count, 2 * around + 1);
  const from = Math.max(0, Math.min(count - size, index - around));
  return { from, to: from + size };
}
