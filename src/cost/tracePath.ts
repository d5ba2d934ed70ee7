/**
 * The bundle's path through the flow at a step of a trace (issue 15 §5), as the canvas draws it:
 * the edges travelled so far, the edge just taken, the modules reached, and the modules the bundle
 * went past without running (a filter skipped or stopped it, or a router took another route).
 *
 * `tracePath` indexes a trace once (each edge's and module's first step of each kind); after that
 * the mark of one module or edge at any step is a few map look-ups, so stepping costs the canvas
 * nothing per module and only the modules and edges whose mark changes draw again.
 */
import type { Flow } from '../model/types';
import type { Trace } from './simulation/trace';
import type { TracePath } from './traceMarks';

export { NO_PATH, edgeMarkAt, moduleMarkAt, type TraceEdgeMark, type TraceModuleMark, type TracePath } from './traceMarks';

const setFirst = (map: Map<string, number>, id: string, step: number) => {
  if (!map.has(id)) map.set(id, step);
};

/** Indexes the trace of `flow` for the marks (traceMarks.ts; one pass over the steps). */
export function tracePath(trace: Trace, flow: Pick<Flow, 'edges'>): TracePath {
  const edgeFirst = new Map<string, number>();
  const ranFirst = new Map<string, number>();
  const passedByFirst = new Map<string, number>();
  let routesOf: Map<string, { id: string; target: string }[]> | null = null;
  trace.steps.forEach((step, i) => {
    if (step.via !== undefined) setFirst(edgeFirst, step.via, i);
    if (step.outcome === 'skipped' || step.outcome === 'stopped') setFirst(passedByFirst, step.moduleId, i);
    else setFirst(ranFirst, step.moduleId, i);
    if (step.outcome === 'route') {
      routesOf ??= routeEdges(flow);
      const taken = step.routes ?? [];
      for (const edge of routesOf.get(step.moduleId) ?? []) if (!taken.includes(edge.id)) setFirst(passedByFirst, edge.target, i);
    }
  });
  return { edgeFirst, ranFirst, passedByFirst };
}

/** Per module: its outgoing edges other than error branches (a router's routes). */
function routeEdges(flow: Pick<Flow, 'edges'>): Map<string, { id: string; target: string }[]> {
  const out = new Map<string, { id: string; target: string }[]>();
  for (const e of flow.edges) {
    if (e.error === true) continue;
    const list = out.get(e.source);
    if (list) list.push({ id: e.id, target: e.target });
    else out.set(e.source, [{ id: e.id, target: e.target }]);
  }
  return out;
}

/** The ids of the edges travelled up to step `index` (that step's included), in the order first taken. */
export function travelledEdges(path: TracePath, index: number): string[] {
  return [...path.edgeFirst].filter(([, first]) => first <= index).map(([id]) => id);
}
