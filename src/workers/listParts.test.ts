import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ListsFromParts, partsOf } from './listParts';

describe('lists cut into parts and put back', () => {
  it('gives back every list, in order, from parts of at most `size` items, list after list', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { maxLength: 40 }), fc.array(fc.string(), { maxLength: 40 }), fc.integer({ min: 1, max: 12 }), (a, b, size) => {
        const parts = partsOf([['a', a], ['b', b]], size);
        expect(parts.count).toBe(Math.ceil(a.length / size) + Math.ceil(b.length / size));
        const back = new ListsFromParts<'a' | 'b'>();
        const order: string[] = [];
        for (let i = 0; i < parts.count; i++) {
          const part = parts.part(i);
          expect(part.items.length).toBeGreaterThan(0);
          expect(part.items.length).toBeLessThanOrEqual(size);
          order.push(part.list);
          back.add(part.list, part.items);
        }
        expect(back.get('a')).toEqual(a);
        expect(back.get('b')).toEqual(b);
        expect(order).toEqual([...order].sort());
      }),
    );
  });

  it('has no part past the last', () => {
    expect(() => partsOf([['a', [1, 2, 3]]], 2).part(2)).toThrow(RangeError);
  });
});
