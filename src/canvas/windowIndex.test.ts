import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Edge, Position } from '../model/types';
import { runToEnd } from '../scheduling/slices';
import { windowContents } from './nodeWindow';
import { edgeWindowKey, edgeWindowOf, edgesNear } from './edgeWindow';
import { indexedEdgesNear, windowCandidates, windowIndexSteps, type WindowIndex } from './windowIndex';

type Placed = { id: string; position: Position };

const point = fc.record({ x: fc.integer({ min: -20_000, max: 20_000 }), y: fc.integer({ min: -20_000, max: 20_000 }) });
const transforms = fc.tuple(fc.integer({ min: -30_000, max: 30_000 }), fc.integer({ min: -30_000, max: 30_000 }), fc.double({ min: 0.4, max: 2, noNaN: true }));
const panes = fc.tuple(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 1200 }));
const bounds = fc.record({ farEndsMax: fc.integer({ min: 0, max: 8 }), edgesMax: fc.integer({ min: 0, max: 30 }) });

/** Modules m0… at `points`, and edges between them; a pair's end past the modules names no module (a dangling end). */
function flowOf(points: Position[], pairs: [number, number][]) {
  const modules: Placed[] = points.map((position, i) => ({ id: `m${i}`, position }));
  const end = (n: number) => (n % (points.length + 2) < points.length ? `m${n % (points.length + 2)}` : `gone${n}`);
  const edges: Edge[] = pairs.map(([a, b], i) => ({ id: `e${i}`, source: end(a), target: end(b) }));
  return { modules, edges };
}

const indexOf = (modules: readonly Placed[], edges: readonly Edge[], previous?: WindowIndex<Placed>) => runToEnd(windowIndexSteps(modules, edges, previous));

/** What an index holds, as plain values (the same for the same modules and edges however it was made). */
function contentsOf(index: WindowIndex<Placed>) {
  return {
    order: [...index.order].sort(),
    xs: [...index.xs],
    ys: [...index.ys],
    sources: [...index.sources],
    targets: [...index.targets],
    places: index.modules.map((m) => index.positions.get(m.id)),
  };
}

describe('window index', () => {
  it('finds the same edges near a window as edgesNear, in the same order', () => {
    fc.assert(
      fc.property(fc.array(point, { minLength: 1, maxLength: 50 }), fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 80 }), transforms, panes, (points, pairs, transform, [width, height]) => {
        const { modules, edges } = flowOf(points, pairs);
        const positions = new Map(modules.map((m) => [m.id, m.position]));
        const window = edgeWindowOf(edgeWindowKey(transform, width, height));
        expect(indexedEdgesNear(indexOf(modules, edges), window)).toEqual(edgesNear(edges, positions, window));
      }),
    );
  });

  it('gives windowContents the modules that make its answer the same as with every module: kept, shown elsewhere, far ends, within the bounds', () => {
    fc.assert(
      fc.property(
        fc.array(point, { minLength: 1, maxLength: 50 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 80 }),
        fc.array(fc.tuple(fc.nat(), point), { maxLength: 5 }),
        fc.array(fc.nat(), { maxLength: 3 }),
        transforms,
        panes,
        fc.option(bounds, { nil: undefined }),
        (points, pairs, dragged, held, transform, [width, height], bounded) => {
          const { modules, edges } = flowOf(points, pairs);
          const positions = new Map(modules.map((m) => [m.id, m.position]));
          const shown = new Map(dragged.map(([i, p]) => [`m${i % points.length}`, p]));
          const keep = new Set(held.map((i) => `m${i % points.length}`));
          const window = edgeWindowOf(edgeWindowKey(transform, width, height));
          const index = indexOf(modules, edges);
          const near = indexedEdgesNear(index, window);
          const whole = windowContents({ modules, window, shown, keep, edges: near, positions, ...bounded });
          const fromIndex = windowContents({ modules: windowCandidates(index, window, true, shown, keep), window, shown, keep, edges: near, positions: index.positions, ...bounded });
          expect(fromIndex).toEqual(whole);
        },
      ),
    );
  });

  it('made from the index before an edit, holds what an index made anew holds: moves, renames, modules and edges added or deleted', () => {
    const edit = fc.record({
      moved: fc.array(fc.tuple(fc.nat(), point), { maxLength: 5 }),
      deletedModule: fc.option(fc.nat(), { nil: undefined }),
      addedModule: fc.option(point, { nil: undefined }),
      deletedEdges: fc.array(fc.nat(), { maxLength: 4 }),
      addedEdges: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 3 }),
      relinked: fc.option(fc.tuple(fc.nat(), fc.nat()), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(point, { minLength: 1, maxLength: 40 }), fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 60 }), fc.array(edit, { minLength: 1, maxLength: 3 }), (points, pairs, edits) => {
        let { modules, edges } = flowOf(points, pairs);
        let index = indexOf(modules, edges);
        let serial = 0;
        for (const e of edits) {
          // As immer gives them: new arrays, the objects an edit did not touch kept.
          const next = modules.slice();
          for (const [i, position] of e.moved) next[i % next.length] = { ...next[i % next.length]!, position };
          if (e.deletedModule !== undefined && next.length > 1) next.splice(e.deletedModule % next.length, 1);
          if (e.addedModule) next.push({ id: `new${serial++}`, position: e.addedModule });
          let nextEdges = edges.filter((_, i) => !e.deletedEdges.some((d) => edges.length > 0 && d % edges.length === i));
          if (e.relinked && nextEdges.length > 0) {
            const at = e.relinked[0] % nextEdges.length;
            nextEdges[at] = { ...nextEdges[at]!, target: next[e.relinked[1] % next.length]!.id };
          }
          nextEdges = nextEdges.concat(e.addedEdges.map(([a, b]) => ({ id: `ne${serial++}`, source: next[a % next.length]!.id, target: next[b % next.length]!.id })));
          modules = next;
          edges = nextEdges;
          index = indexOf(modules, edges, index);
          expect(contentsOf(index)).toEqual(contentsOf(indexOf(modules, edges)));
        }
      }),
    );
  });

  it('keeps the previous index whole when nothing changed, and the edges ends when only modules moved', () => {
    const { modules, edges } = flowOf([{ x: 0, y: 0 }, { x: 500, y: 0 }], [[0, 1]]);
    const index = indexOf(modules, edges);
    const moved = [modules[0]!, { ...modules[1]!, position: { x: 900, y: 40 } }];
    const after = indexOf(moved, edges, index);
    expect(after.order).toBe(index.order);
    expect(after.sources).toBe(index.sources);
    expect([...after.xs]).toEqual([0, 900]);
    expect(after.positions.get('m1')).toEqual({ x: 900, y: 40 });
    expect(after.positions.get('nowhere')).toBeUndefined();
  });
});
