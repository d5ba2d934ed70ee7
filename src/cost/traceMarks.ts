/**
 * A module's and an edge's mark at a step of a trace, from the trace's path (tracePath.ts indexes
 * it once): a few map look-ups, so the canvas draws the marks without the indexing code, which
 * loads with the tracer (store/tracePlayer.ts).
 */
import type { Trace } from './simulation/trace';

export interface TracePath {
  /** Per edge id: the first step whose bundle came along it. */
  readonly edgeFirst: ReadonlyMap<string, number>;
  /** Per module id: the first step it ran at (passed, a router's route, failed). */
  readonly ranFirst: ReadonlyMap<string, number>;
  /** Per module id: the first step the bundle went past it (skipped or stopped by a filter, or a route not taken). */
  readonly passedByFirst: ReadonlyMap<string, number>;
}

export const NO_PATH: TracePath = { edgeFirst: new Map(), ranFirst: new Map(), passedByFirst: new Map() };

/** Where a module stands at a step: the one the bundle is at, one it ran at before, one it went past, or none of these. */
export type TraceModuleMark = 'current' | 'reached' | 'skipped' | null;

/** Where an edge stands at a step: the edge just taken, one travelled before, or one not travelled (yet). */
export type TraceEdgeMark = 'taken' | 'travelled' | 'idle';

const atOrBefore = (first: number | undefined, index: number) => first !== undefined && first <= index;

/** Module `id`'s mark at step `index`. */
export function moduleMarkAt(path: TracePath, trace: Trace, index: number, id: string): TraceModuleMark {
  if (trace.steps[index]?.moduleId === id) return 'current';
  if (atOrBefore(path.ranFirst.get(id), index)) return 'reached';
  return atOrBefore(path.passedByFirst.get(id), index) ? 'skipped' : null;
}

/** Edge `id`'s mark at step `index`. */
export function edgeMarkAt(path: TracePath, trace: Trace, index: number, id: string): TraceEdgeMark {
  if (trace.steps[index]?.via === id) return 'taken';
  return atOrBefore(path.edgeFirst.get(id), index) ? 'travelled' : 'idle';
}

