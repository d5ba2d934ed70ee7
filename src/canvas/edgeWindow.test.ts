import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Edge, Position } from '../model/types';
import { EDGES_MAX, FAR_ENDS_MAX, windowContents } from './nodeWindow';
import { CARD_MARGIN, edgeWindowKey, edgeWindowOf, edgesNear, type EdgeWindow } from './edgeWindow';

const CARD = { width: 240, height: 80 };

/** A place in the flow, a view's transform [x, y, zoom] and a pane's size, as the properties draw them. */
const point = fc.record({ x: fc.integer({ min: -20_000, max: 20_000 }), y: fc.integer({ min: -20_000, max: 20_000 }) });
const transforms = fc.tuple(fc.integer({ min: -30_000, max: 30_000 }), fc.integer({ min: -30_000, max: 30_000 }), fc.double({ min: 0.4, max: 2, noNaN: true }));
const panes = fc.tuple(fc.integer({ min: 200, max: 2000 }), fc.integer({ min: 200, max: 1200 }));

/** The part of the flow a view shows, in flow coordinates. */
function viewOf([tx, ty, zoom]: [number, number, number], width: number, height: number) {
  return { x0: -tx / zoom, y0: -ty / zoom, x1: (width - tx) / zoom, y1: (height - ty) / zoom };
}

describe('edge window', () => {
  it('keeps every edge that can show in the view: both ends, one end, or crossing it between two modules out of it', () => {
    fc.assert(
      fc.property(
        fc.array(point, { minLength: 2, maxLength: 60 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 80 }),
        transforms,
        panes,
        (points, pairs, transform, [width, height]) => {
          const positions = new Map<string, Position>(points.map((p, i) => [`m${i}`, p]));
          const edges: Edge[] = pairs.map(([a, b], i) => ({ id: `e${i}`, source: `m${a % points.length}`, target: `m${b % points.length}` }));
          const kept = new Set(edgesNear(edges, positions, edgeWindowOf(edgeWindowKey(transform, width, height))).map((e) => e.id));
          const view = viewOf(transform, width, height);
          for (const edge of edges) {
            const a = positions.get(edge.source)!;
            const b = positions.get(edge.target)!;
            // What an edge can cover: the box around both cards.
            const box = { x0: Math.min(a.x, b.x), y0: Math.min(a.y, b.y), x1: Math.max(a.x, b.x) + CARD.width, y1: Math.max(a.y, b.y) + CARD.height };
            const shows = box.x0 <= view.x1 && box.x1 >= view.x0 && box.y0 <= view.y1 && box.y1 >= view.y0;
            if (shows) expect(kept.has(edge.id)).toBe(true);
          }
        },
      ),
    );
  });

  it('leaves out the edges far from the view', () => {
    const positions = new Map<string, Position>([
      ['near1', { x: 100, y: 100 }],
      ['near2', { x: 100, y: 300 }],
      ['far1', { x: 90_000, y: 90_000 }],
      ['far2', { x: 90_000, y: 90_300 }],
    ]);
    const edges: Edge[] = [
      { id: 'near', source: 'near1', target: 'near2' },
      { id: 'far', source: 'far1', target: 'far2' },
      { id: 'across', source: 'near1', target: 'far2' },
      { id: 'dangling', source: 'far1', target: 'gone' },
    ];
    const kept = edgesNear(edges, positions, edgeWindowOf(edgeWindowKey([0, 0, 1], 1440, 900)));
    expect(kept.map((e) => e.id)).toEqual(['near', 'across', 'dangling']);
  });

  it('is worked out again only when the view crosses into another cell, and keeps every edge before the pane has a size', () => {
    const key = edgeWindowKey([0, 0, 1], 1440, 900);
    expect(edgeWindowKey([-30, -20, 1], 1440, 900)).toBe(key);
    expect(edgeWindowKey([-3000, 0, 1], 1440, 900)).not.toBe(key);
    expect(edgeWindowKey([0, 0, 0.5], 1440, 900)).not.toBe(key);
    const edges: Edge[] = [{ id: 'e', source: 'a', target: 'b' }];
    const positions = new Map<string, Position>([['a', { x: 1e6, y: 1e6 }], ['b', { x: 1e6, y: 1e6 }]]);
    expect(edgesNear(edges, positions, edgeWindowOf(edgeWindowKey([0, 0, 1], 0, 0)))).toBe(edges);
  });
});

/** A module card's largest size on the canvas (the widest card, with its tallest figures). */
const LARGEST_CARD = { width: 240, height: 160 };

const meets = (a: { x0: number; y0: number; x1: number; y1: number }, b: typeof a) => a.x0 <= b.x1 && a.x1 >= b.x0 && a.y0 <= b.y1 && a.y1 >= b.y0;
/** The box a card at `p` can cover, as the node window reckons it. */
const cardBox = (p: Position) => ({ x0: p.x - CARD_MARGIN, y0: p.y - CARD_MARGIN, x1: p.x + CARD_MARGIN, y1: p.y + CARD_MARGIN });
const windowBox = (w: EdgeWindow | null) => w ?? { x0: 0, y0: 0, x1: -1, y1: -1 };

describe('node window', () => {
  const bounds = fc.record({ farEndsMax: fc.integer({ min: 0, max: 8 }), edgesMax: fc.integer({ min: 0, max: 30 }) });

  it('gives React Flow every module that can show in the view, at its place or where a drag draws it, and each edge near the view either with both its ends or to the edge layer, within the bounds', () => {
    fc.assert(
      fc.property(
        fc.array(point, { minLength: 2, maxLength: 60 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 60 }),
        fc.array(fc.tuple(fc.nat(), point), { maxLength: 5 }),
        transforms,
        panes,
        fc.option(bounds, { nil: undefined }),
        (points, pairs, dragged, transform, [width, height], bounded) => {
          const modules = points.map((position, i) => ({ id: `m${i}`, position }));
          const positions = new Map<string, Position>(modules.map((m) => [m.id, m.position]));
          const edges: Edge[] = pairs.map(([a, b], i) => ({ id: `e${i}`, source: `m${a % points.length}`, target: `m${b % points.length}` }));
          const shown = new Map(dragged.map(([i, p]) => [`m${i % points.length}`, p]));
          const window = edgeWindowOf(edgeWindowKey(transform, width, height));
          const nearEdges = edgesNear(edges, positions, window);
          const contents = windowContents({ modules, window, shown, edges: nearEdges, ...bounded });
          const kept = new Set(contents.modules.map((m) => m.id));
          const view = viewOf(transform, width, height);
          const inView = new Set<string>();
          for (const m of modules) {
            const { x, y } = shown.get(m.id) ?? m.position;
            if (meets({ x0: x, y0: y, x1: x + LARGEST_CARD.width, y1: y + LARGEST_CARD.height }, view)) {
              inView.add(m.id);
              expect(kept.has(m.id)).toBe(true);
            }
          }
          for (const edge of contents.edges) {
            expect(kept.has(edge.source)).toBe(true);
            expect(kept.has(edge.target)).toBe(true);
          }
          // Every edge near the view is drawn once: by React Flow or on the edge layer.
          expect([...contents.edges, ...contents.painted].map((e) => e.id).sort()).toEqual(nearEdges.map((e) => e.id).sort());
          if (bounded) {
            expect(contents.edges.length).toBeLessThanOrEqual(bounded.edgesMax);
            const farEnds = contents.modules.filter((m) => !meets(cardBox(shown.get(m.id) ?? m.position), windowBox(window)));
            expect(farEnds.length).toBeLessThanOrEqual(bounded.farEndsMax);
          } else if (nearEdges.length <= EDGES_MAX && modules.length <= FAR_ENDS_MAX) {
            // Within the bounds nothing is painted: React Flow draws every edge near the view, as before the bounds.
            expect(contents.painted).toEqual([]);
          }
        },
      ),
    );
  });

  it('gives React Flow a bounded share of a router with 5,000 routes, and paints the other routes near the view', () => {
    const modules = [{ id: 'router', position: { x: 0, y: 0 } }];
    const edges: Edge[] = [];
    for (let r = 0; r < 5_000; r++) {
      modules.push({ id: `m${r}`, position: { x: (r % 100) * 260, y: 200 + Math.floor(r / 100) * 160 } });
      edges.push({ id: `r${r}`, source: 'router', target: `m${r}` });
    }
    const positions = new Map<string, Position>(modules.map((m) => [m.id, m.position]));
    const window = edgeWindowOf(edgeWindowKey([0, 0, 1], 1440, 900));
    const nearEdges = edgesNear(edges, positions, window);
    expect(nearEdges).toHaveLength(5_000); // every route runs from the router in view
    const contents = windowContents({ modules, window, edges: nearEdges });
    const inWindow = modules.filter((m) => meets(cardBox(m.position), windowBox(window))).length;
    expect(contents.modules.length).toBeLessThanOrEqual(inWindow + FAR_ENDS_MAX);
    expect(contents.modules.length).toBeLessThan(1_000);
    expect(contents.edges.length + contents.painted.length).toBe(5_000);
    expect(contents.edges.length).toBeLessThanOrEqual(EDGES_MAX);
    expect(contents.painted.length).toBeGreaterThan(0);
  });

  it('past its bounds gives React Flow the edges in view first, and paints those at the window’s rim', () => {
    // A dense chain: 60 rows of 60 modules, each joined to the next.
    const modules = Array.from({ length: 3_600 }, (_, i) => ({ id: `m${i}`, position: { x: (i % 60) * 260, y: Math.floor(i / 60) * 160 } }));
    const edges: Edge[] = modules.slice(1).map((m, i) => ({ id: `e${i}`, source: `m${i}`, target: m.id }));
    const positions = new Map<string, Position>(modules.map((m) => [m.id, m.position]));
    const transform: [number, number, number] = [-6_000, -4_000, 1];
    const window = edgeWindowOf(edgeWindowKey(transform, 1440, 900));
    const nearEdges = edgesNear(edges, positions, window);
    const contents = windowContents({ modules, window, edges: nearEdges, edgesMax: 100, farEndsMax: 10 });
    expect(contents.edges).toHaveLength(100);
    const given = new Set(contents.edges.map((e) => e.id));
    const view = viewOf(transform, 1440, 900);
    const inView = (id: string) => meets(cardBox(positions.get(id)!), { x0: view.x0 + CARD_MARGIN, y0: view.y0 + CARD_MARGIN, x1: view.x1 - CARD_MARGIN, y1: view.y1 - CARD_MARGIN });
    const shown = nearEdges.filter((e) => inView(e.source) && inView(e.target));
    expect(shown.length).toBeGreaterThan(0);
    for (const edge of shown) expect(given.has(edge.id)).toBe(true);
  });

  it('leaves out the modules far from the view, keeps those asked for, and keeps none before the pane has a size', () => {
    const modules = [
      { id: 'near', position: { x: 100, y: 100 } },
      { id: 'far', position: { x: 90_000, y: 90_000 } },
      { id: 'dragged', position: { x: 80_000, y: 0 } },
      { id: 'held', position: { x: -70_000, y: 0 } },
    ];
    const window = edgeWindowOf(edgeWindowKey([0, 0, 1], 1440, 900));
    const shown = new Map([['dragged', { x: 200, y: 200 }]]);
    expect(windowContents({ modules, window, shown, keep: new Set(['held']) }).modules.map((m) => m.id)).toEqual(['near', 'dragged', 'held']);
    expect(windowContents({ modules, window: edgeWindowOf(edgeWindowKey([0, 0, 1], 0, 0)) }).modules).toEqual([]);
  });
});
