import { describe, expect, it } from 'vitest';
import { HEAT_STOPS, heatColour } from './heat';

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
