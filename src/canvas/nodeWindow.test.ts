import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Edge, Position } from '../model/types';
import { edgeWindowKey, edgeWindowOf, edgesNear } from './edgeWindow';
import { modulesNear } from './nodeWindow';

/** A card's size on the canvas (the widest a module card is drawn, with its tallest figures). */
const CARD = { width: 240, height: 160 };

/** The part of the flow a view shows, in flow coordinates. */
function viewOf([tx, ty, zoom]: [number, number, number], width: number, height: number) {
  return { x0: -tx / zoom, y0: -ty / zoom, x1: (width - tx) / zoom, y1: (height - ty) / zoom };
}

const meets = (a: { x0: number; y0: number; x1: number; y1: number }, b: typeof a) => a.x0 <= b.x1 && a.x1 >= b.x0 && a.y0 <= b.y1 && a.y1 >= b.y0;

describe('node window', () => {
  it('keeps every module that can show in the view, at its place or where a drag draws it, and both ends of every edge kept', () => {
    const point = fc.record({ x: fc.integer({ min: -20_000, max: 20_000 }), y: fc.integer({ min: -20_000, max: 20_000 }) });
    fc.assert(
      fc.property(
        fc.array(point, { minLength: 2, maxLength: 60 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 60 }),
        fc.array(fc.tuple(fc.nat(), point), { maxLength: 5 }),
        fc.tuple(fc.integer({ min: -30_000, max: 30_000 }), fc.integer({ min: -30_000, max: 30_000 }), fc.double({ min: 0.4, max: 2, noNaN: true })),
        fc.tuple(fc.integer({ min: 200, max: 2000 }), fc.integer({ min: 200, max: 1200 })),
        (points, pairs, dragged, transform, [width, height]) => {
          const modules = points.map((position, i) => ({ id: `m${i}`, position }));
          const positions = new Map<string, Position>(modules.map((m) => [m.id, m.position]));
          const edges: Edge[] = pairs.map(([a, b], i) => ({ id: `e${i}`, source: `m${a % points.length}`, target: `m${b % points.length}` }));
          const shown = new Map(dragged.map(([i, p]) => [`m${i % points.length}`, p]));
          const window = edgeWindowOf(edgeWindowKey(transform, width, height));
          const nearEdges = edgesNear(edges, positions, window);
          const kept = new Set(modulesNear({ modules, window, shown, edges: nearEdges }).map((m) => m.id));
          const view = viewOf(transform, width, height);
          for (const m of modules) {
            const { x, y } = shown.get(m.id) ?? m.position;
            if (meets({ x0: x, y0: y, x1: x + CARD.width, y1: y + CARD.height }, view)) expect(kept.has(m.id)).toBe(true);
          }
          for (const edge of nearEdges) {
            expect(kept.has(edge.source)).toBe(true);
            expect(kept.has(edge.target)).toBe(true);
          }
        },
      ),
    );
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
    expect(modulesNear({ modules, window, shown, keep: new Set(['held']) }).map((m) => m.id)).toEqual(['near', 'dragged', 'held']);
    expect(modulesNear({ modules, window: edgeWindowOf(edgeWindowKey([0, 0, 1], 0, 0)) })).toEqual([]);
  });
});
