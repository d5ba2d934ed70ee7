import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { flowOf, type Spec } from '../model/testing/flowOf';
import { generateFlow } from '../model/generate';
import type { Assumptions } from '../model/types';
import { traceFlow, type Trace } from './trace';
import { edgeMarkAt, moduleMarkAt, tracePath, travelledEdges } from './tracePath';

const bare = (more: Assumptions = {}): Assumptions => ({ durationSec: 0, payloadKB: 0, ...more });

/** A loop of three items, a router that always takes its first route, and a filter that skips the module after it. */
const flow = () =>
  flowOf(
    [
      ['t', 'trigger', bare()],
      ['i', 'iterator', bare({ iterations: 3 })],
      ['a', 'action', bare()],
      ['g', 'aggregator', bare(), { iteratorId: 'i' }],
      ['r', 'router', bare(), { mode: 'exclusive' }],
      ['x', 'action', bare()],
      ['y', 'action', bare()],
      ['s', 'action', bare()],
      ['z', 'action', bare()],
    ] satisfies Spec[],
    [
      { id: 'e1', source: 't', target: 'i' },
      { id: 'e2', source: 'i', target: 'a' },
      { id: 'e3', source: 'a', target: 'g' },
      { id: 'e4', source: 'g', target: 'r' },
      { id: 'toX', source: 'r', target: 'x', route: { priority: 1, passRate: 1, fallback: false } },
      { id: 'toY', source: 'r', target: 'y', route: { priority: 2, passRate: 0, fallback: false } },
      { id: 'e7', source: 'x', target: 's', filter: { mode: 'skip', passRate: 0 } },
      { id: 'e8', source: 's', target: 'z' },
    ],
  );

function traceOf(seed = 1): Trace {
  const result = traceFlow(flow(), { seed });
  if (!result.ok) throw new Error(result.error.message);
  return result.trace;
}

describe('the bundle path at a step of a trace', () => {
  const trace = traceOf();
  const path = tracePath(trace, flow());

  it('the trace walks the loop, the router and the filter (the steps the marks below refer to)', () => {
    expect(trace.steps.map((s) => `${s.moduleId}:${s.outcome}`)).toEqual([
      't:passed', 'i:passed', 'a:passed', 'a:passed', 'a:passed', 'g:passed', 'r:route', 'x:passed', 's:skipped', 'z:passed',
    ]);
  });

  it('the edges travelled up to step k, that step’s included, each once however many loop items took it', () => {
    expect(travelledEdges(path, 0)).toEqual([]);
    expect(travelledEdges(path, 2)).toEqual(['e1', 'e2']);
    expect(travelledEdges(path, 4)).toEqual(['e1', 'e2']);
    expect(travelledEdges(path, 6)).toEqual(['e1', 'e2', 'e3', 'e4']);
    expect(travelledEdges(path, 9)).toEqual(['e1', 'e2', 'e3', 'e4', 'toX', 'e7', 'e8']);
  });

  it('the edge just taken is the current step’s; the route not taken is never travelled', () => {
    expect(edgeMarkAt(path, trace, 3, 'e2')).toBe('taken');
    expect(edgeMarkAt(path, trace, 5, 'e2')).toBe('travelled');
    expect(edgeMarkAt(path, trace, 5, 'e3')).toBe('taken');
    expect(edgeMarkAt(path, trace, 5, 'e4')).toBe('idle');
    expect(edgeMarkAt(path, trace, 0, 'e1')).toBe('idle');
    for (let k = 0; k < trace.steps.length; k++) expect(edgeMarkAt(path, trace, k, 'toY')).toBe('idle');
  });

  it('modules: the current one, those reached before, and those passed by (a route not taken, a filter that skipped)', () => {
    const marks = (k: number) => Object.fromEntries(['t', 'i', 'a', 'g', 'r', 'x', 'y', 's', 'z'].map((id) => [id, moduleMarkAt(path, trace, k, id)]));
    expect(marks(3)).toEqual({ t: 'reached', i: 'reached', a: 'current', g: null, r: null, x: null, y: null, s: null, z: null });
    // The router took the route to x: y is passed by from that step on.
    expect(marks(6)).toMatchObject({ g: 'reached', r: 'current', x: null, y: 'skipped' });
    expect(marks(8)).toMatchObject({ x: 'reached', s: 'current', y: 'skipped' });
    expect(marks(9)).toMatchObject({ s: 'skipped', y: 'skipped', z: 'current' });
    // Stepping back undoes the marks.
    expect(marks(5)).toMatchObject({ y: null, g: 'current' });
  });

  it('on generated flows: an edge is travelled at step k exactly when a step up to k came along it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 5, max: 60 }), (seed, modules) => {
        const generated = generateFlow({ modules, seed });
        const result = traceFlow(generated, { seed });
        if (!result.ok) return;
        const { steps } = result.trace;
        const p = tracePath(result.trace, generated);
        const k = seed % steps.length;
        const expected = new Set(steps.slice(0, k + 1).flatMap((s) => (s.via ? [s.via] : [])));
        expect(new Set(travelledEdges(p, k))).toEqual(expected);
        for (const e of generated.edges) {
          const mark = edgeMarkAt(p, result.trace, k, e.id);
          expect(mark === 'idle').toBe(!expected.has(e.id));
        }
      }),
      { numRuns: 30 },
    );
  });
});
