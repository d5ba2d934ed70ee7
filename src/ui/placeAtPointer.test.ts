import { describe, expect, it } from 'vitest';
import { placeAtPointer } from './MenuList';

const view = { width: 1000, height: 800 };
const size = { width: 200, height: 300 };

describe('placeAtPointer', () => {
  it('opens right of and below the pointer when it fits', () => {
    expect(placeAtPointer({ x: 100, y: 120 }, size, view)).toEqual({ x: 100, y: 120 });
  });
  it('flips left and up at the right and bottom edges, so the corner stays at the pointer', () => {
    expect(placeAtPointer({ x: 950, y: 700 }, size, view)).toEqual({ x: 750, y: 400 });
  });
  it('stays inside the window when it fits neither way', () => {
    const at = placeAtPointer({ x: 150, y: 200 }, { width: 200, height: 790 }, { width: 320, height: 800 });
    expect(at.x).toBeGreaterThanOrEqual(8);
    expect(at.x + 200).toBeLessThanOrEqual(320 - 8);
    expect(at.y).toBe(8);
  });
});
