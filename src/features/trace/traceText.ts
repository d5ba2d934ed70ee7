/** The words of the Trace tab: what a step did, where in the loops it is, which steps the list shows. */
import type { TraceStep } from '../../cost/trace';
import type { Edge } from '../../model/types';

export { itemText } from '../../ui/traceItem';

/** What the words need of the traced flow: module names and its edges by id. */
export interface TraceWords {
  nameOf(moduleId: string): string;
  edges: ReadonlyMap<string, Edge>;
}

/** "to Email", "to Slack (fallback)": where a route goes. */
export function routeName(edgeId: string, words: TraceWords): string {
  const edge = words.edges.get(edgeId);
  return edge ? `to ${words.nameOf(edge.target)}${edge.route?.fallback ? ' (fallback)' : ''}` : edgeId;
}

/** What happened at a step, in words: the filter it passed on the way in, the routes taken, the error branch taken. */
export function describeStep(step: TraceStep, words: TraceWords): string {
  const filtered = step.via !== undefined && words.edges.get(step.via)?.filter !== undefined;
  const passed = filtered ? 'passed the filter, ' : '';
  switch (step.outcome) {
    case 'passed':
      return `${passed}${step.items !== undefined ? `ran, ${step.items} item${step.items === 1 ? '' : 's'}` : 'ran'}`;
    case 'route': {
      const routes = step.routes ?? [];
      const taken = routes.map((id) => routeName(id, words)).join(', ');
      return `${passed}${routes.length === 0 ? 'ran, no route taken' : `ran, took ${routes.length === 1 ? 'the route' : 'the routes'} ${taken}`}`;
    }
    case 'failed': {
      if (!step.errorBranch) return `${passed}failed, the bundle stops`;
      const branch = [...words.edges.values()].find((e) => e.source === step.moduleId && e.error === true);
      return `${passed}failed, took its error branch${branch ? ` to ${words.nameOf(branch.target)}` : ''}`;
    }
    case 'skipped':
      return 'skipped by the filter on the way in (the bundle goes on)';
    case 'stopped':
      return `stopped by the filter into ${words.nameOf(step.moduleId)}`;
  }
}

/** The steps [from, to) listed for step `index` of `count`: `before` steps before it (fewer at the start), up to `size` in all. */
export function stepWindow(count: number, index: number, before: number, size: number): { from: number; to: number } {
  const from = Math.max(0, index - before);
  return { from, to: Math.min(count, from + size) };
}
