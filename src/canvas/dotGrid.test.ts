import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DOT_GAP, MIN_DOT_SPACING_PX, dotGrid } from './dotGrid';

describe('dot grid', () => {
  it('puts a dot on every snap-grid point of the flow, wherever the view is', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -5000, max: 5000, noNaN: true }),
        fc.double({ min: -5000, max: 5000, noNaN: true }),
        fc.double({ min: 0.4, max: 2, noNaN: true }),
        fc.integer({ min: -50, max: 50 }),
        fc.integer({ min: -50, max: 50 }),
        (tx, ty, zoom, i, j) => {
          const grid = dotGrid([tx, ty, zoom])!;
          // The flow point (16i, 16j) on screen, and the centre of the tile it falls in.
          const sx = tx + DOT_GAP * i * zoom;
          const sy = ty + DOT_GAP * j * zoom;
          const cx = grid.x + (Math.floor((sx - grid.x) / grid.spacing) + 0.5) * grid.spacing;
          const cy = grid.y + (Math.floor((sy - grid.y) / grid.spacing) + 0.5) * grid.spacing;
          expect(cx).toBeCloseTo(sx, 6);
          expect(cy).toBeCloseTo(sy, 6);
        },
      ),
    );
  });

  it('draws no dots when they would be closer than a few pixels, and grows them with the zoom', () => {
    expect(dotGrid([0, 0, (MIN_DOT_SPACING_PX - 0.1) / DOT_GAP])).toBeNull();
    expect(dotGrid([0, 0, 0.03])).toBeNull();
    expect(dotGrid([0, 0, 1])).toEqual({ spacing: 16, x: -8, y: -8, radius: 0.6 });
    expect(dotGrid([0, 0, 2])!.radius).toBeCloseTo(1.2);
  });
});
