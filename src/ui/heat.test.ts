import { describe, expect, it } from 'vitest';
import { HEAT_STOPS, heatColour, heatShares } from './heat';

describe('heatColour', () => {
  it('walks the scale at each stop', () => {
    for (const stop of HEAT_STOPS) expect(heatColour(stop.from)).toBe(stop.colour);
    expect(heatColour(0.049)).toBe(HEAT_STOPS[0]!.colour);
    expect(heatColour(0.9)).toBe(HEAT_STOPS[HEAT_STOPS.length - 1]!.colour);
  });
  it('clamps shares outside 0..1 and ignores NaN', () => {
    expect(heatColour(-1)).toBe(HEAT_STOPS[0]!.colour);
    expect(heatColour(7)).toBe(HEAT_STOPS[HEAT_STOPS.length - 1]!.colour);
    expect(heatColour(Number.NaN)).toBe(HEAT_STOPS[0]!.colour);
  });
});

describe('heatShares', () => {
  it('divides each module by the run total', () => {
    const shares = heatShares([
      { id: 'a', credits: 3 },
      { id: 'b', credits: 1 },
    ]);
    expect(shares.get('a')).toBeCloseTo(0.75, 12);
    expect(shares.get('b')).toBeCloseTo(0.25, 12);
    expect(heatShares([{ id: 'a', credits: 0 }]).get('a')).toBe(0);
  });
});
