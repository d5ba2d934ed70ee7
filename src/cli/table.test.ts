import { describe, expect, it } from 'vitest';
import { columns, cut, formatTable, type TableInput } from './table';
import { buildReport, mergeWarnings } from './report';
import type { Problem } from '../model/problems';

const input = (overrides: Partial<TableInput['report']> = {}): TableInput => ({
  flowName: 'Lead enrichment',
  names: new Map([
    ['m1', 'New lead webhook'],
    ['m2', 'Find company'],
    ['m3', ''],
  ]),
  report: {
    total: 78.652353,
    perMonth: 235957.06,
    dollarsPerRun: 0.235957,
    nodes: [
      { id: 'm1', type: 'trigger', executions: 1, credits: 0.007142 },
      { id: 'm2', type: 'search', executions: 20, credits: 78.645211 },
      { id: 'm3', type: 'aggregator', executions: 0.5, credits: 0 },
    ],
    warnings: [],
    ...overrides,
  },
  runsPerMonth: 3000,
  dollarsPerMonth: 707.87,
});

describe('formatTable', () => {
  it('shows each module with its runs, credits and share, then the totals', () => {
    const lines = formatTable(input()).split('\n');
    expect(lines[0]).toBe('Lead enrichment');
    expect(lines[2]).toMatch(/^Module\s+Type\s+Runs\s+Credits\s+Share$/);
    expect(lines[4]).toMatch(/^New lead webhook \(m1\)\s+trigger\s+×1\s+0\.007\s+<0\.1 %$/);
    expect(lines[5]).toMatch(/^Find company \(m2\)\s+search\s+×20\s+78\.65\s+100 %$/);
    expect(lines[6]).toMatch(/^m3 \(m3\)\s+aggregator\s+×0\.5\s+0\s+0 %$/);
    expect(lines[8]).toMatch(/^Total per run\s+78\.65\s+100 %$/);
    expect(lines).toContain('Per month: 235,957 credits (3,000 runs)');
    expect(lines).toContain('Dollars:   $0.24 per run, $707.87 per month');
  });

  it('right-aligns the number columns', () => {
    const lines = formatTable(input()).split('\n').slice(4, 7);
    const ends = lines.map((l) => l.length);
    expect(new Set(ends).size).toBe(1);
  });

  it('lists warnings with the module and the code', () => {
    const text = formatTable(input({ warnings: [{ code: 'unreachable', moduleId: 'm9', message: "Code 'Old step' is not reached." }] }));
    expect(text).toContain("Warnings (1):\n  ! module m9: Code 'Old step' is not reached. [unreachable]");
  });

  it('shows the simulation and the scenario when there are', () => {
    const text = formatTable(
      input({
        scenario: 'Black Friday',
        simulation: { samples: 20000, seed: 1, mean: 80, p50: 75, p90: 120, p99: 200, nodes: [], perMonth: { p50: 240000, p90: 300000 } },
      }),
    );
    expect(text.split('\n')[0]).toBe('Lead enrichment (scenario: Black Friday)');
    expect(text).toContain('Simulated runs (20,000 samples, seed 1):');
    expect(text).toContain('per run:   mean 80, P50 75, P90 120, P99 200');
    expect(text).toContain('per month: P50 240,000, P90 300,000');
  });

  it('cuts long names and keeps them on one line', () => {
    const long = input();
    (long.names as Map<string, string>).set('m1', `A very\nlong name ${'x'.repeat(100)}`);
    const row = formatTable(long).split('\n')[4]!;
    expect(row.startsWith('A very long name xxx')).toBe(true);
    expect(row).toContain('…');
    expect(row.length).toBeLessThan(90);
  });

  it('cuts between characters as a person sees them, never inside an emoji', () => {
    const family = '👨‍👩‍👧‍👦';
    expect(cut(family.repeat(3), 3)).toBe(family.repeat(3));
    expect(cut(family.repeat(4), 3)).toBe(`${family.repeat(2)}…`);
    expect(cut(`${'😀'.repeat(40)}`, 36)).toBe(`${'😀'.repeat(35)}…`);
  });

  it('columns pads cells to the widest one', () => {
    expect(columns([['a', '1'], ['bbb', '22']], [false, true])).toEqual(['a     1', 'bbb  22']);
  });

  it('columns pads by the width a terminal draws: a CJK character or an emoji takes two columns, a joined emoji is one character', () => {
    // Padded by UTF-16 units, a Japanese name pushed its row's numbers one column right per character
    // and a family emoji (11 units) pulled them left.
    const family = '👨‍👩‍👧‍👦';
    expect(columns([['検索', '1'], ['abcd', '22'], [`${family}x`, '3'], ['e\u0301t\u00e9', '4']], [false, true])).toEqual([
      '検索   1',
      'abcd  22',
      `${family}x    3`,
      'e\u0301t\u00e9    4',
    ]);
  });
});

describe('report', () => {
  it('keeps numbers unrounded and only the four node fields', () => {
    const report = buildReport(
      { total: 1 / 3, perMonth: 1000 / 3, dollarsPerRun: 0.001, nodes: [{ id: 'm1', type: 'code', executions: 2 / 3, credits: 1 / 3 } as never] },
      [],
    );
    expect(report).toEqual({ total: 1 / 3, perMonth: 1000 / 3, dollarsPerRun: 0.001, nodes: [{ id: 'm1', type: 'code', executions: 2 / 3, credits: 1 / 3 }], warnings: [] });
  });

  it('merges warnings once each and leaves errors out', () => {
    const a: Problem[] = [
      { severity: 'warning', code: 'unreachable', moduleId: 'm9', message: 'first' },
      { severity: 'error', code: 'cycle', moduleId: 'm1', message: 'no' },
    ];
    const b: Problem[] = [
      { severity: 'warning', code: 'unreachable', moduleId: 'm9', message: 'second' },
      { severity: 'warning', code: 'route-priority-tie', edgeId: 'e2', message: 'tie' },
    ];
    expect(mergeWarnings(a, b)).toEqual([
      { code: 'unreachable', moduleId: 'm9', message: 'first' },
      { code: 'route-priority-tie', edgeId: 'e2', message: 'tie' },
    ]);
  });
});
