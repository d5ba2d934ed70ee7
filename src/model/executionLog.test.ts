import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ExecutionLogBuilder, splitRuns, type ExecutionLog } from './executionLog';

function addRows(builder: ExecutionLogBuilder, rows: [run: string, module: number, durationMs: number][]) {
  for (const [run, module, durationMs] of rows) builder.addValues(run, module, durationMs, 10, durationMs > 100, 1, NaN, NaN, durationMs / 100, durationMs);
}

const rowsOf = (log: ExecutionLog) => Array.from({ length: log.rows }, (_, i) => [log.runIds[log.run[i]!], log.module[i], log.durationMs[i], log.failed[i], log.credits[i]]);

describe('the columns of a log', () => {
  it('grow past their first size, and rows added after build never change the built log', () => {
    const builder = new ExecutionLogBuilder(3, 16);
    const rows = Array.from({ length: 40 }, (_, i): [string, number, number] => [`r${i % 7}`, i % 3, i * 10]);
    addRows(builder, rows.slice(0, 24));
    builder.reserve(30);
    addRows(builder, rows.slice(24, 30));
    const log = builder.build();
    addRows(builder, rows.slice(30));
    expect(log.rows).toBe(30);
    expect(rowsOf(log)).toEqual(rows.slice(0, 30).map(([run, module, d]) => [run, module, d, d > 100 ? 1 : 0, d / 100]));
    expect(builder.build().rows).toBe(40);
    expect(Array.from(builder.build().durationMs)).toEqual(rows.map((r) => r[2]));
  });

  it('split by run: every row goes to its run’s half, in order, with the runs renumbered', () => {
    const builder = new ExecutionLogBuilder(2);
    addRows(builder, [['a', 0, 1], ['b', 1, 2], ['a', 1, 300], ['c', 0, 4], ['b', 0, 5], ['c', 1, 6]]);
    const log = builder.build();
    const [first, second] = splitRuns(log, new Uint8Array([0, 1, 0])); // b first; a and c second
    expect(first.runIds).toEqual(['b']);
    expect(rowsOf(first)).toEqual([['b', 1, 2, 0, 0.02], ['b', 0, 5, 0, 0.05]]);
    expect(second.runIds).toEqual(['a', 'c']);
    expect(Array.from(second.run)).toEqual([0, 0, 1, 1]);
    expect(rowsOf(second)).toEqual([['a', 0, 1, 0, 0.01], ['a', 1, 300, 1, 3], ['c', 0, 4, 0, 0.04], ['c', 1, 6, 0, 0.06]]);
    expect(Array.from(second.startedAt)).toEqual([1, 300, 4, 6]);
  });

  it('property: a split is the rows of each half in order, whether the halves share the columns (rows in split order) or are copies', () => {
    const log = fc.array(fc.nat({ max: 5 }), { maxLength: 30 }).chain((runs) => fc.tuple(fc.constant(runs), fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }), fc.boolean()));
    fc.assert(
      fc.property(log, ([runOfRow, mask, sortRows]) => {
        // Rows in split order half of the time, so both ways of splitting are taken.
        const order = sortRows ? [...runOfRow].sort((x, y) => x - y) : runOfRow;
        const builder = new ExecutionLogBuilder(2);
        addRows(builder, order.map((r, i): [string, number, number] => [`r${r}`, i % 2, i]));
        const full = builder.build();
        const first = Uint8Array.from(full.runIds, (_, r) => (sortRows ? (r < full.runIds.length / 2 ? 1 : 0) : mask[r] ? 1 : 0));
        const halves = splitRuns(full, first);
        for (const side of [1, 0]) {
          const half = halves[side === 1 ? 0 : 1];
          const keep = (r: number) => first[r] === side;
          expect(half.runIds).toEqual(full.runIds.filter((_, r) => keep(r)));
          expect(rowsOf(half)).toEqual(rowsOf(full).filter((_, i) => keep(full.run[i]!)));
        }
      }),
      { numRuns: 300 },
    );
  });
});
