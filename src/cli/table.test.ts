import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { columns, cut, displayWidth, formatTable, type TableInput } from './table';
import { formatDiffMarkdown, formatDiffTable } from './diffTable';
import { buildDiffReport } from './diffReport';
import { diffFlows } from '../cost/diff';
import { parseFlow } from '../io/parse';

const sample = readFileSync(fileURLToPath(new URL('../io/samples/lead-enrichment.json', import.meta.url)), 'utf8');
const flowOfText = (text: string) => {
  const parsed = parseFlow(text);
  if (!parsed.ok) throw new Error('sample');
  return parsed.value;
};
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

  it('cuts by the columns a terminal draws, between characters as a person sees them, never inside an emoji', () => {
    const family = '👨‍👩‍👧‍👦';
    // A family emoji is one character two columns wide.
    expect(cut(family, 2)).toBe(family);
    expect(cut(family.repeat(3), 6)).toBe(family.repeat(3));
    expect(cut(family.repeat(3), 5)).toBe(`${family.repeat(2)}…`);
    expect(cut(family.repeat(4), 4)).toBe(`${family}…`);
    expect(cut(`${'😀'.repeat(40)}`, 36)).toBe(`${'😀'.repeat(17)}…`);
    expect(cut('検索'.repeat(30), 36)).toBe(`${'検索'.repeat(8)}検…`);
    expect(cut(`a${'検'.repeat(30)}`, 36)).toBe(`a${'検'.repeat(17)}…`);
    expect(cut('e\u0301'.repeat(40), 10)).toBe(`${'e\u0301'.repeat(9)}…`);
    expect(cut('x'.repeat(40), 36)).toBe(`${'x'.repeat(35)}…`);
    for (const text of ['検索'.repeat(30), family.repeat(30), `${'😀'.repeat(40)}`, `ab${'검'.repeat(50)}`, 'x'.repeat(50)])
      for (const width of [3, 10, 35, 36]) {
        const out = cut(text, width);
        expect(displayWidth(out)).toBeLessThanOrEqual(width);
        expect(displayWidth(out)).toBeGreaterThanOrEqual(width - 2);
        expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/); // no half of a surrogate pair
      }
  });

  it('a module named in CJK or emoji: the Module column stays 36 columns at most and the rules are as wide as the widest line', () => {
    const family = '👨‍👩‍👧‍👦';
    for (const name of ['検索'.repeat(40), family.repeat(40), `${'😀'.repeat(10)}${'가'.repeat(30)}`]) {
      const wide = input();
      (wide.names as Map<string, string>).set('m1', name);
      const lines = formatTable(wide).split('\n');
      const rule = lines[3]!;
      expect(rule).toMatch(/^─+$/);
      const table = lines.slice(2, lines.indexOf('', 4));
      expect(displayWidth(rule)).toBe(Math.max(...table.map(displayWidth)));
      const row = lines[4]!;
      expect(displayWidth(row.slice(0, row.indexOf('  ')))).toBeLessThanOrEqual(36);
    }
  });

  it('the diff table: rule as wide as its widest line, names cut by columns', () => {
    const before = flowOfText(sample);
    const after = structuredClone(before);
    for (const m of after.modules) m.name = `検索${'😀'.repeat(30)}`;
    const last = after.modules.at(-1)!;
    last.assumptions = { ...last.assumptions, durationSec: 99 };
    const lines = formatDiffTable(buildDiffReport(diffFlows(before, after), { file: 'a.json', name: before.name }, { file: 'b.json', name: after.name })).split('\n');
    const at = lines.findIndex((l) => /^─+$/.test(l));
    expect(at).toBeGreaterThan(0);
    const block = lines.slice(at - 1, lines.indexOf('', at));
    expect(displayWidth(lines[at]!)).toBe(Math.max(...block.map(displayWidth)));
    for (const row of block.slice(2)) expect(displayWidth(row.slice(0, row.indexOf('  ')))).toBeLessThanOrEqual(36);
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

describe('formatTable: a flow without a name', () => {
  it('says so in the title line instead of leaving it blank', () => {
    for (const flowName of ['', '   '])
      expect(formatTable({ ...input(), flowName }).split('\n')[0]).toBe('(a flow without a name)');
    expect(formatTable({ ...input(), flowName: '' }).split('\n')[0]).not.toBe('');
  });

  it('and so do the diff table and its Markdown', () => {
    const flow = { ...flowOfText(sample), name: '' };
    const report = buildDiffReport(diffFlows(flow, flow), { file: 'a.json', name: '' }, { file: 'b.json', name: '' });
    expect(formatDiffTable(report).split('\n')[0]).toBe('Cost diff: (a flow without a name) (a.json) → (a flow without a name) (b.json)');
    expect(formatDiffMarkdown(report)).toContain('(a flow without a name) `a.json` → (a flow without a name) `b.json`');
  });
});
