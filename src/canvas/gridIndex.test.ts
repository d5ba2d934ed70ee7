import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createGridIndex, GRID_CELL, type Box } from './gridIndex';

const box = fc.record({
  x: fc.integer({ min: -5000, max: 5000 }),
  y: fc.integer({ min: -5000, max: 5000 }),
  width: fc.integer({ min: 1, max: 1500 }),
  height: fc.integer({ min: 1, max: 600 }),
});

const contains = (b: Box, x: number, y: number) => x >= b.x && x <= b.x + b.width && y >= b.y && y <= b.y + b.height;

describe('grid index', () => {
  it('finds the box drawn last among those under a point, as a look at every box does', () => {
    fc.assert(
      fc.property(fc.array(box, { maxLength: 60 }), fc.integer({ min: -6000, max: 6000 }), fc.integer({ min: -6000, max: 6000 }), (boxes, x, y) => {
        let expected = -1;
        boxes.forEach((b, i) => {
          if (contains(b, x, y)) expected = i;
        });
        expect(createGridIndex(boxes).at(x, y)).toBe(expected);
      }),
    );
  });

  it('lists the boxes overlapping an area, each once, in drawing order, as a look at every box does', () => {
    fc.assert(
      fc.property(fc.array(box, { maxLength: 60 }), box, (boxes, area) => {
        const expected = boxes.flatMap((b, i) =>
          b.x <= area.x + area.width && area.x <= b.x + b.width && b.y <= area.y + area.height && area.y <= b.y + b.height ? [i] : [],
        );
        expect(createGridIndex(boxes).within(area)).toEqual(expected);
      }),
    );
  });

  it('takes the nearest box within the slop when none is under the point (a tiny card at far zoom)', () => {
    const boxes = [
      { x: 0, y: 0, width: 100, height: 50 },
      { x: 130, y: 0, width: 100, height: 50 },
    ];
    const index = createGridIndex(boxes);
    expect(index.at(110, 25)).toBe(-1);
    expect(index.at(110, 25, 15)).toBe(0);
    expect(index.at(122, 25, 15)).toBe(1);
    expect(index.at(115, 200, 15)).toBe(-1);
  });

  it('finds boxes across cell borders and far from the origin', () => {
    const far = { x: 40 * GRID_CELL - 10, y: -30 * GRID_CELL - 10, width: 20, height: 20 };
    const index = createGridIndex([far]);
    expect(index.at(far.x + 15, far.y + 15)).toBe(0);
    expect(index.at(far.x + 5, far.y + 5)).toBe(0);
  });

  it('leaves out boxes with a non-finite corner and answers -1 for a non-finite point', () => {
    const index = createGridIndex([{ x: NaN, y: 0, width: 10, height: 10 }, { x: 0, y: 0, width: 10, height: 10 }]);
    expect(index.at(5, 5)).toBe(1);
    expect(index.at(NaN, 5)).toBe(-1);
    expect(index.within({ x: -100, y: -100, width: 200, height: 200 })).toEqual([1]);
  });
});
