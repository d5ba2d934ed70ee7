import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { orderByNumber } from './numberOrder';

/** What the cost table's comparator sort gives: by number, ties (0 and -0 too) in position order. */
const bySort = (values: number[], descending: boolean) => {
  const sign = descending ? -1 : 1;
  return values.map((_, i) => i).sort((i, j) => (values[i]! < values[j]! ? -sign : values[i]! > values[j]! ? sign : i - j));
};

describe('orderByNumber (the cost table by a numeric column)', () => {
  it('orders positions as the comparator sort does, ties in position order, either way', () => {
    const number = fc.oneof(
      fc.double({ noNaN: true }),
      fc.constantFrom(0, -0, 1, -1, 0.5, 1e-300, -1e-300, Number.MAX_VALUE, -Infinity, Infinity, 5e-324),
      fc.integer({ min: -3, max: 3 }),
    );
    fc.assert(
      fc.property(fc.array(number, { maxLength: 300 }), fc.boolean(), (values, descending) => {
        expect([...orderByNumber(values, descending)!]).toEqual(bySort(values, descending));
      }),
      { numRuns: 500 },
    );
  });

  it('orders 100,000 credits with many ties as the comparator sort does', () => {
    const values = Array.from({ length: 100_000 }, (_, i) => ((i * 7919) % 1013) / 4);
    expect([...orderByNumber(values, true)!]).toEqual(bySort(values, true));
    expect([...orderByNumber(values, false)!]).toEqual(bySort(values, false));
  });

  it('gives no order when a value is NaN', () => {
    expect(orderByNumber([1, NaN, 2], true)).toBeNull();
  });

  it('gives an empty order for no values', () => {
    expect([...orderByNumber([], false)!]).toEqual([]);
  });
});
