import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { rowWindow } from './rowWindow';

describe('row window', () => {
  it('renders the rows in view and a margin, standing in for the rest with blank space', () => {
    // 1,000 rows of 35 px, scrolled to row 100, a view of 10 rows, 5 rows of margin.
    const w = rowWindow(1000, 35, 3500, 350, 5);
    expect(w).toEqual({ start: 95, end: 116, padTop: 95 * 35, padBottom: (1000 - 116) * 35 });
  });

  it('renders every row of a short list', () => {
    expect(rowWindow(12, 35, 0, 480, 24)).toEqual({ start: 0, end: 12, padTop: 0, padBottom: 0 });
  });

  it('always covers the view and keeps the total height, wherever the list is scrolled', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 1, max: 80 }),
        fc.integer({ min: -100, max: 300_000 }),
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 0, max: 50 }),
        (count, rowHeight, scrollTop, viewHeight, overscan) => {
          const w = rowWindow(count, rowHeight, scrollTop, viewHeight, overscan);
          expect(0 <= w.start && w.start <= w.end && w.end <= count).toBe(true);
          expect(w.padTop + (w.end - w.start) * rowHeight + w.padBottom).toBe(count * rowHeight);
          // Every row that intersects the view is rendered.
          const firstInView = Math.floor(Math.max(0, scrollTop) / rowHeight);
          const lastInView = Math.min(count, Math.ceil((Math.max(0, scrollTop) + viewHeight) / rowHeight));
          for (let row = firstInView; row < lastInView; row++) expect(row >= w.start && row < w.end).toBe(true);
        },
      ),
    );
  });
});
