import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { columnsOf, createRowSorter, rowAt, sortRows, type CostRow, type SortKey, type SortState } from './rows';

/** A sorter of rows (the sorter orders their columns). */
const rowSorter = () => {
  const sorter = createRowSorter();
  return (rows: CostRow[], sort: SortState) => sorter(columnsOf(rows), sort).map((i) => rows[i]!);
};

const row = (id: string, name: string, credits: number, executions = 1): CostRow => ({
  id,
  name,
  type: 'action',
  executions,
  credits,
  share: credits / 10,
});

describe('cost table order', () => {
  const rows = [row('a', 'Beta', 2), row('b', 'alpha', 5, 20), row('c', 'Gamma', 2)];
  it('sorts by credits, most first, keeping the flow order on ties', () => {
    expect(sortRows(rows, { key: 'credits', descending: true }).map((r) => r.id)).toEqual(['b', 'a', 'c']);
    expect(sortRows(rows, { key: 'credits', descending: false }).map((r) => r.id)).toEqual(['a', 'c', 'b']);
  });
  it('sorts by name without regard to case', () => {
    expect(sortRows(rows, { key: 'name', descending: false }).map((r) => r.name)).toEqual(['alpha', 'Beta', 'Gamma']);
  });
  it('sorts by executions', () => {
    expect(sortRows(rows, { key: 'executions', descending: true })[0]!.id).toBe('b');
  });
  it("orders any rows by name as localeCompare's base sensitivity does, ties in flow order, either way", () => {
    const nameOf = fc.array(fc.constantFrom('a', 'A', 'b', 'é', 'E', 'e', ' ', '2'), { maxLength: 4 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(fc.array(nameOf, { maxLength: 40 }), fc.boolean(), (names, descending) => {
        const list = names.map((name, i) => row(`m${i}`, name, i));
        const sign = descending ? -1 : 1;
        const expected = list
          .map((r, i) => ({ r, i }))
          .sort((a, b) => sign * a.r.name.localeCompare(b.r.name, undefined, { sensitivity: 'base' }) || a.i - b.i)
          .map(({ r }) => r.id);
        expect(sortRows(list, { key: 'name', descending }).map((r) => r.id)).toEqual(expected);
      }),
    );
  });
  it('orders any rows by any numeric column as a stable sort does, either way', () => {
    const rowsOf = fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 3 })), { maxLength: 40 }).map((list) =>
      list.map(([credits, executions], i) => row(`m${i}`, `M${i}`, credits / 2, executions)),
    );
    const key = fc.constantFrom('credits' as const, 'executions' as const, 'share' as const);
    fc.assert(
      fc.property(rowsOf, key, fc.boolean(), (list, k, descending) => {
        const sign = descending ? -1 : 1;
        const expected = list.map((r, i) => ({ r, i })).sort((a, b) => sign * (a.r[k] - b.r[k]) || a.i - b.i).map(({ r }) => r.id);
        expect(sortRows(list, { key: k, descending }).map((r) => r.id)).toEqual(expected);
      }),
    );
  });
});

describe('the columns of the rows', () => {
  it('give back each row as it was', () => {
    const rows = [row('a', 'Beta', 2), row('b', 'alpha', 5, 20)];
    const columns = columnsOf(rows);
    expect(rows.map((_, i) => rowAt(columns, i))).toEqual(rows);
  });
});

describe('createRowSorter (the order kept from one edit to the next)', () => {
  it('gives what sortRows gives after every change of numbers, modules or sort', () => {
    const change = fc.oneof(
      fc.record({ kind: fc.constant('numbers' as const), at: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 8 })), { maxLength: 6 }) }),
      fc.record({ kind: fc.constant('every' as const), factor: fc.integer({ min: 1, max: 3 }) }),
      fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
      // Every row out of place: more work than the kept order saves, so a sort.
      fc.record({ kind: fc.constant('reverse' as const) }),
      fc.record({ kind: fc.constant('sort' as const), key: fc.constantFrom<SortKey>('name', 'credits', 'executions', 'share'), descending: fc.boolean() }),
    );
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 1, maxLength: 60 }), fc.array(change, { maxLength: 10 }), (credits, changes) => {
        let rows = credits.map((c, i) => row(`m${i}`, `M${c}`, c, (c * 7) % 5));
        let sort: SortState = { key: 'credits', descending: true };
        const sorter = rowSorter();
        expect(sorter(rows, sort)).toEqual(sortRows(rows, sort));
        for (const c of changes) {
          if (c.kind === 'numbers') {
            rows = rows.slice();
            for (const [at, value] of c.at) rows[at % rows.length] = row(rows[at % rows.length]!.id, `M${value}`, value, value % 3);
          } else if (c.kind === 'every') rows = rows.map((r) => ({ ...r, credits: r.credits * c.factor, share: r.share * c.factor }));
          else if (c.kind === 'reverse') rows = rows.map((r) => ({ ...r, credits: 100 - r.credits, share: 1 - r.share, executions: 9 - r.executions }));
          else if (c.kind === 'remove' && rows.length > 1) rows = rows.filter((_, i) => i !== c.at % rows.length);
          else if (c.kind === 'sort') sort = { key: c.key, descending: c.descending };
          expect(sorter(rows, sort).map((r) => r.id)).toEqual(sortRows(rows, sort).map((r) => r.id));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('moves the one row an edit changed to its place among 10,000', () => {
    let rows = Array.from({ length: 10_000 }, (_, i) => row(`m${i}`, `M${i}`, (i * 7919) % 1000));
    const sort: SortState = { key: 'credits', descending: true };
    const sorter = rowSorter();
    sorter(rows, sort);
    rows = rows.slice();
    rows[1234] = row('m1234', 'M1234', 5000);
    expect(sorter(rows, sort)[0]!.id).toBe('m1234');
    rows = rows.slice();
    rows[1234] = row('m1234', 'M1234', -1);
    const sorted = sorter(rows, sort);
    expect(sorted.at(-1)!.id).toBe('m1234');
    expect(sorted.map((r) => r.id)).toEqual(sortRows(rows, sort).map((r) => r.id));
  });
});
