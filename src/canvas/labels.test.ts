import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { edgeLabel, isNotOnce, passRateText, percent, sameShareLabel, shareLabel, timesText } from './labels';

describe('edge labels', () => {
  it('names a filter by its mode and pass rate', () => {
    expect(edgeLabel({ id: 'e', source: 'a', target: 'b', filter: { mode: 'break', passRate: 0.9 } })).toEqual({
      kind: 'filter',
      text: 'break · 90 %',
    });
  });
  it('names a route by its priority and pass rate, and a fallback as such', () => {
    const route = { priority: 1, passRate: 0.4, fallback: false };
    expect(edgeLabel({ id: 'e', source: 'a', target: 'b', route })?.text).toBe('#1 · 40 %');
    expect(edgeLabel({ id: 'e', source: 'a', target: 'b', route: { ...route, fallback: true } })).toEqual({
      kind: 'fallback',
      text: 'fallback',
    });
  });
  it('has no label for a plain edge', () => {
    expect(edgeLabel({ id: 'e', source: 'a', target: 'b' })).toBeNull();
  });
  it('writes ranges as min–max', () => {
    expect(passRateText({ min: 0.3, likely: 0.4, max: 0.5 })).toBe('30–50 %');
  });
});

describe('numbers', () => {
  it('writes shares and counts readably', () => {
    expect(percent(0.125)).toBe('12.5 %');
    expect(timesText(20)).toBe('×20');
    expect(timesText(0.45)).toBe('×0.45');
    expect(timesText(1 / 3)).toBe('×0.333');
    expect(timesText(12000)).toBe('×12,000');
  });
  it('tells once from not once, ignoring float noise', () => {
    expect(isNotOnce(1)).toBe(false);
    expect(isNotOnce(0.1 + 0.2 + 0.7)).toBe(false);
    expect(isNotOnce(0.5)).toBe(true);
    expect(isNotOnce(0)).toBe(true);
  });
});

describe('share labels', () => {
  it('says two shares are alike exactly when the badge writes them alike', () => {
    const share = fc.double({ min: 0, max: 1, noNaN: true });
    // Pairs close together (either side of a rounding boundary) as well as far apart.
    const near = fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.double({ min: -2e-4, max: 2e-4, noNaN: true }), fc.double({ min: -2e-4, max: 2e-4, noNaN: true }))
      .map(([tenths, d1, d2]) => [Math.max(0, (tenths + 0.5) / 1000 + d1 / 1000), Math.max(0, (tenths + 0.5) / 1000 + d2 / 1000)] as const);
    fc.assert(
      fc.property(fc.oneof(fc.tuple(share, share), near), ([a, b]) => {
        expect(sameShareLabel(a, b)).toBe(shareLabel(a) === shareLabel(b));
      }),
      { numRuns: 20_000 },
    );
    expect(sameShareLabel(0.12345, 0.12346)).toBe(true);
    expect(sameShareLabel(0.1234, 0.1236)).toBe(false);
    expect(sameShareLabel(0.0125, 0.0125)).toBe(true);
  });

  it('writes a module that costs something but less than 0.05 % of the run as "<0.1 %", as the command line does, never "0 %"', () => {
    // A response of 0.004 credits in a run of 13.29 (0.03 %): the badge said "0 %", the CLI's table "<0.1 %".
    expect(shareLabel(0.004 / 13.29)).toBe('<0.1 %');
    expect(shareLabel(0.0004999)).toBe('<0.1 %');
    expect(shareLabel(0.00051)).toBe('0.1 %');
    expect(shareLabel(0.125)).toBe('12.5 %');
    // A module that costs nothing shows no share at all.
    expect(shareLabel(0)).toBeUndefined();
    // The badge changes when a share falls to 0 or rises from it.
    expect(sameShareLabel(0.0001, 0)).toBe(false);
    expect(sameShareLabel(0.0001, 0.0002)).toBe(true);
  });
});

describe('edge labels of a scenario (issue 18 item 12)', () => {
  it('show the pass rate the scenario gives, in place of the edge’s own', () => {
    const route = { id: 'e2', source: 'm2', target: 'm3', route: { priority: 1, passRate: 0.4, fallback: false } };
    expect(edgeLabel(route)?.text).toBe('#1 · 40 %');
    expect(edgeLabel(route, 1)?.text).toBe('#1 · 100 %');
    const filter = { id: 'e3', source: 'm1', target: 'm2', filter: { mode: 'break' as const, passRate: 0.9, conditions: {} } };
    expect(edgeLabel(filter, { min: 0.1, likely: 0.2, max: 0.3 })?.text).toBe('break · 10–30 %');
  });
});
