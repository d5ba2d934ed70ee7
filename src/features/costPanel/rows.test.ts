import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sortRows, type CostRow } from './rows';

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
