import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatPercent, grouped } from './format';
import { formatSignedPercent } from './formatSignedPercent';

// One formatter per count of decimals: building an Intl.NumberFormat costs about 0.2 ms, and
// building one per case made 20,000 cases take 14 s on a loaded machine (issue 18, item 28).
const formatters = Array.from({ length: 7 }, (_, decimals) => new Intl.NumberFormat('en-US', { minimumFractionDigits: 0, maximumFractionDigits: decimals }));
const intl = (n: number, decimals: number) => formatters[decimals]!.format(n);

describe('grouped', () => {
  it('writes what Intl.NumberFormat writes in English, for any number and 0 to 6 decimals', () => {
    const numbers = fc.oneof(
      fc.double({ noNaN: false }),
      fc.double({ min: -1e7, max: 1e7, noNaN: true }),
      // Halves at the last decimal kept, where rounding rules differ.
      fc.tuple(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 4 })).map(([k, d]) => (k + 0.5) / 10 ** d),
    );
    fc.assert(
      fc.property(numbers, fc.integer({ min: 0, max: 6 }), (n, decimals) => {
        expect(grouped(n, decimals)).toBe(intl(n, decimals));
      }),
      { numRuns: 20_000 },
    );
  });

  it('groups thousands and drops trailing zeros', () => {
    expect(grouped(1234567.891, 2)).toBe('1,234,567.89');
    expect(grouped(1000, 2)).toBe('1,000');
    expect(grouped(-0.004, 2)).toBe(intl(-0.004, 2));
    expect(grouped(999.995, 2)).toBe('1,000');
    expect(grouped(Infinity, 2)).toBe('∞');
  });
});

describe('formatSignedPercent', () => {
  it('gives a change its sign, and none to a change that shows as 0 (the calibration panel said "−0 %", the CLI "+0 %")', () => {
    expect(formatSignedPercent(0.051)).toBe('+5.1 %');
    expect(formatSignedPercent(-0.2)).toBe('−20 %');
    expect(formatSignedPercent(-1.5e-6)).toBe('0 %');
    expect(formatSignedPercent(0)).toBe('0 %');
    expect(formatSignedPercent(0.0004)).toBe('0 %');
    expect(formatSignedPercent(Infinity)).toBe('n/a');
  });
});

describe('formatPercent', () => {
  it('groups the thousands of a large percentage as every other number (a diff said "+140512987.8 %" beside "+9,031,409,511")', () => {
    expect(formatPercent(1405129.878)).toBe('140,512,987.8 %');
    expect(formatSignedPercent(12.345)).toBe('+1,234.5 %');
    expect(formatPercent(1e25)).toMatch(/^1,000,000,000,000,000,\d{3},\d{3},\d{3},\d{3} %$/);
    expect(formatPercent(0.25)).toBe('25 %');
    expect(formatPercent(9.999)).toBe('999.9 %');
  });

  it('rounds before it decides to group: 999.96 % shows as 10 → "1,000 %" does, never "1000 %"', () => {
    expect(formatPercent(9.9996)).toBe('1,000 %');
    expect(formatPercent(10)).toBe('1,000 %');
    expect(formatPercent(-9.9996)).toBe('-1,000 %');
    expect(formatSignedPercent(9.9996)).toBe('+1,000 %');
    expect(formatPercent(9.99949)).toBe('999.9 %');
    expect(formatPercent(1.23456, 2)).toBe('123.46 %');
    expect(formatPercent(12.345678, 2)).toBe('1,234.57 %');
  });
});
