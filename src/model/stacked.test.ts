import { describe, expect, it } from 'vitest';
import { countStacked } from './stacked';

describe('countStacked', () => {
  it('counts every module that shares its spot (to the pixel) with another, and skips the unplaced', () => {
    expect(countStacked([])).toBe(0);
    expect(countStacked([{ x: 0, y: 0 }, { x: 0, y: 120 }])).toBe(0);
    expect(countStacked([{ x: 0, y: 0 }, { x: 0.2, y: -0.3 }])).toBe(2);
    expect(countStacked([{ x: 0, y: 0 }, { x: 0, y: 0 }, { x: 0, y: 0 }, { x: 5, y: 5 }, undefined])).toBe(3);
  });
});
