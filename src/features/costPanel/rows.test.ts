import { describe, expect, it } from 'vitest';
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
});
