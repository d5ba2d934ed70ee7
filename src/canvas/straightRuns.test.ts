import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { boxOf, linkPoints, type FarLinkGroup } from './farScene';
import { runToEnd } from '../scheduling/slices';
import { straightRunSteps } from './straightRuns';

/** Every point a group's links cover, on a half-unit grid (coordinates are whole numbers), as "x y" keys. */
function covered(group: FarLinkGroup): Set<string> {
  const points = new Set<string>();
  for (const { points: p } of group.links) {
    for (let i = 0; i + 3 < p.length; i += 2) {
      const [x0, y0, x1, y1] = [p[i]! * 2, p[i + 1]! * 2, p[i + 2]! * 2, p[i + 3]! * 2];
      // Links are horizontal and vertical: one coordinate stays, the other runs through whole numbers.
      for (let x = Math.min(x0, x1); x <= Math.max(x0, x1); x++) for (let y = Math.min(y0, y1); y <= Math.max(y0, y1); y++) points.add(`${x} ${y}`);
    }
  }
  return points;
}

const box = fc.record({ x: fc.integer({ min: 0, max: 40 }), y: fc.integer({ min: 0, max: 40 }), width: fc.constant(4), height: fc.constant(2) });

describe('straight runs', () => {
  it('cover exactly what the links cover, in each group, with no more segments than the links have', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.tuple(box, box, fc.boolean()), { maxLength: 30 }), { minLength: 1, maxLength: 3 }), (groupsOf) => {
        const groups: FarLinkGroup[] = groupsOf.map((pairs, g) => ({
          colour: `c${g}`,
          width: 1.5,
          dashed: false,
          links: pairs.map(([source, target, error], i) => {
            const points = linkPoints(source, target, error);
            return { id: `e${g}-${i}`, source: 's', target: 't', points, box: boxOf(points) };
          }),
        }));
        const runs = runToEnd(straightRunSteps(groups));
        expect(runs.map((g) => g.colour)).toEqual(groups.map((g) => g.colour));
        groups.forEach((group, g) => {
          expect(covered(runs[g]!)).toEqual(covered(group));
          const segments = group.links.reduce((sum, l) => sum + l.points.length / 2 - 1, 0);
          expect(runs[g]!.links.length).toBeLessThanOrEqual(segments);
        });
      }),
    );
  });

  it('paint a router’s 5,000 routes in a few hundred segments', () => {
    const router = { x: 0, y: 0, width: 232, height: 102 };
    const links = Array.from({ length: 5_000 }, (_, r) => {
      const points = linkPoints(router, { x: (r % 100) * 260, y: 300 + Math.floor(r / 100) * 160, width: 232, height: 102 }, false);
      return { id: `r${r}`, source: 'router', target: `m${r}`, points, box: boxOf(points) };
    });
    const [runs] = runToEnd(straightRunSteps([{ colour: 'grey', width: 1.5, dashed: false, links }]));
    expect(runs!.links.length).toBeLessThan(300);
  });
});
