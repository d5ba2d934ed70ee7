import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { IdIndex, IndexedMap } from './idIndex';

describe('IdIndex', () => {
  it('answers like a Map where the first occurrence of an id wins, whatever the ids and the size hint', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string(), fc.constantFrom('m1', 'm2', 'm10', 'e-1', ''), fc.uuid()), { maxLength: 300 }),
        fc.array(fc.string(), { maxLength: 30 }),
        fc.nat(400),
        (ids, others, expected) => {
          const index = new IdIndex(expected);
          const reference = new Map<string, number>();
          ids.forEach((id, i) => {
            const isNew = !reference.has(id);
            if (isNew) reference.set(id, i);
            expect(index.add(id, i)).toBe(isNew);
          });
          expect(index.size).toBe(reference.size);
          expect(index.ids).toEqual([...reference.keys()]);
          for (const id of [...ids, ...others]) {
            expect(index.get(id)).toBe(reference.get(id));
            expect(index.has(id)).toBe(reference.has(id));
          }
        },
      ),
    );
  });

  it('keeps every id of a large flow apart (ids that differ in one digit)', () => {
    const index = new IdIndex();
    for (let i = 0; i < 20_000; i++) expect(index.add(`m${i}`, i)).toBe(true);
    expect(index.size).toBe(20_000);
    for (let i = 0; i < 20_000; i += 997) expect(index.get(`m${i}`)).toBe(i);
    expect(index.get('m20000')).toBeUndefined();
  });

  it('refuses what is not a string instead of throwing (ids from a damaged file)', () => {
    const index = new IdIndex();
    expect(index.add(undefined as unknown as string, 0)).toBe(false);
    expect(index.get(42 as unknown as string)).toBeUndefined();
    expect(index.size).toBe(0);
  });
});

describe('IndexedMap', () => {
  it('iterates in index order, skipping later duplicates of an id', () => {
    const ids = ['a', 'b', 'a', 'c'];
    const index = new IdIndex();
    ids.forEach((id, i) => index.add(id, i));
    const map = new IndexedMap(index, ids, (i) => i * 10);
    expect([...map]).toEqual([
      ['a', 0],
      ['b', 10],
      ['c', 30],
    ]);
    expect(map.size).toBe(3);
    expect(map.get('c')).toBe(30);
    expect(map.get('z')).toBeUndefined();
  });
});
