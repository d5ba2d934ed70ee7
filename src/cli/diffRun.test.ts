import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runDiff } from './diffRun';
import { REAL_FILES, exampleFileWith, tempDir, writeTemp } from './testing';
import { MARKDOWN_MARKER, MARKDOWN_MAX_ROWS } from './diffTable';
import { parseFlow } from '../io/parse';
import { serializeFlow } from '../io/serialize';
import { diffFlows } from '../cost/diff';
import { applyScenario } from '../model/scenario';
import { generateFlow } from '../model/generate';
import type { Flow } from '../model/types';

const sample = readFileSync(fileURLToPath(new URL('../io/samples/lead-enrichment.json', import.meta.url)), 'utf8');
const dir = tempDir();
const engine = { applyScenario };

function run(...argv: string[]) {
  return runDiff({ argv, cwd: dir, files: REAL_FILES, engine });
}

function flowOfText(text: string): Flow {
  const parsed = parseFlow(text);
  if (!parsed.ok) throw new Error('does not parse');
  return parsed.value;
}

/** The sample with a change, written to `name`. */
function sampleWith(name: string, change: (flow: Flow) => void): string {
  const flow = flowOfText(sample);
  change(flow);
  writeTemp(dir, name, serializeFlow(flow));
  return name;
}

writeTemp(dir, 'old.json', sample);
const changed = sampleWith('new.json', (f) => {
  const search = f.modules.find((m) => m.id === 'm4')!;
  search.assumptions = { ...search.assumptions, durationSec: 3 };
  search.name = 'Find company (cached)';
  f.modules = f.modules.filter((m) => m.id !== 'm9');
  f.edges = f.edges.filter((e) => e.source !== 'm9' && e.target !== 'm9');
  f.modules.push({ id: 'x1', type: 'action', name: 'Log | audit *trail*', position: { x: 0, y: 2000 } });
  f.edges.push({ id: 'ex1', source: 'm8', target: 'x1' });
});

/** A flow of a trigger that costs nothing and, after it, `actions` actions; `runs` runs per month. */
function tiny(name: string, actions: number, runs = 1000): string {
  const modules: Flow['modules'] = [{ id: 't', type: 'trigger', name: 'Start', position: { x: 0, y: 0 }, assumptions: { durationSec: 0, payloadKB: 0 } }];
  const edges: Flow['edges'] = [];
  for (let i = 1; i <= actions; i++) {
    modules.push({ id: `a${i}`, type: 'action', name: `Step ${i}`, position: { x: 0, y: i * 100 }, assumptions: { durationSec: 0, payloadKB: 0 } });
    edges.push({ id: `e${i}`, source: i === 1 ? 't' : `a${i - 1}`, target: `a${i}` });
  }
  writeTemp(dir, name, serializeFlow({ format: 'creditflow', version: 2, name, settings: { runsPerMonth: runs }, modules, edges }));
  return name;
}

describe('runDiff: the outputs', () => {
  it('the table lists the changed, added and removed modules, the totals and the summary', () => {
    const out = run('old.json', changed);
    expect(out.stderr).toBe('');
    expect(out.exitCode).toBe(0);
    expect(out.stderr).toBe('');
    const lines = out.stdout.split('\n');
    expect(lines[0]).toBe('Cost diff: Lead enrichment (old.json) → Lead enrichment (new.json)');
    expect(out.stdout).toMatch(/Find company \(cached\) \(m4\)\s+changed .*renamed from 'Find company profile'; durationSec changed/);
    expect(out.stdout).toMatch(/Log \| audit \*trail\* \(x1\)\s+added\s+— → ×/);
    expect(out.stdout).toMatch(/\(m9\)\s+removed\s+×[\d.]+ → —/);
    expect(out.stdout).toMatch(/^\d+ other modules unchanged\.$/m);
    expect(out.stdout).toMatch(/^Credits per month\s+[\d,]+\s+[\d,]+\s+[+−][\d,]+ \([+−][\d.]+ %\)$/m);
    // m9 goes with its two edges; m10 behind it stops running.
    expect(lines.at(-2)).toMatch(/^\+1 module, −1 module, \+1 edge, −2 edges, 1 assumption changed, 1 module renamed: \+[\d,]+ credits\/month \(\+[\d.]+ %\)$/);
    expect(out.stdout).toMatch(/\(m10\)\s+changed\s+×[\d.]+ → ×0 /);
  });

  it('--json: before, after, delta and every module, numbers unrounded and equal to the engine\'s', () => {
    const out = run('old.json', changed, '--json');
    expect(out.exitCode).toBe(0);
    expect(out.stdout.trim().split('\n')).toHaveLength(1);
    const json = JSON.parse(out.stdout);
    const expected = diffFlows(flowOfText(sample), flowOfText(readFileSync(`${dir}/new.json`, 'utf8')));
    expect(Object.keys(json).slice(0, 5)).toEqual(['before', 'after', 'delta', 'summary', 'modules']);
    expect(json.before).toMatchObject({ total: expected.before.total, perMonth: expected.before.perMonth, file: 'old.json', name: 'Lead enrichment' });
    expect(json.after).toMatchObject({ total: expected.after.total, perMonth: expected.after.perMonth, file: 'new.json' });
    expect(json.delta).toEqual({ total: expected.delta.total, perMonth: expected.delta.perMonth, percent: expected.delta.percent });
    expect(json.modules).toEqual(JSON.parse(JSON.stringify(expected.modules)));
    for (const m of json.modules) {
      expect(['added', 'removed', 'changed', 'unchanged']).toContain(m.status);
      expect(Object.keys(m)).toEqual(expect.arrayContaining(['id', 'name', 'status', 'before', 'after', 'delta']));
    }
    const added = json.modules.find((m: { id: string }) => m.id === 'x1');
    expect(added).toMatchObject({ status: 'added', before: null, after: { executions: expect.any(Number), credits: expect.any(Number) } });
  });

  it('--markdown: a comment marker, a heading with the change, the totals and the modules, cells escaped', () => {
    const out = run('old.json', changed, '--markdown');
    expect(out.exitCode).toBe(0);
    const lines = out.stdout.split('\n');
    expect(lines[0]).toBe(MARKDOWN_MARKER);
    expect(lines[1]).toMatch(/^### Credits: [+−][\d,]+ credits\/month \([+−][\d.]+ %\)$/);
    expect(out.stdout).toContain('|  | Before | After | Change |\n| --- | ---: | ---: | ---: |\n| Credits per run |');
    expect(out.stdout).toContain('| Module | Status | Runs | Before | After | Change | Note |');
    expect(out.stdout).toContain('| Log \\| audit \\*trail\\* (x1) | added |');
    // Every table row has as many cells as its header (escaped pipes are not cell breaks).
    const cells = (line: string) => line.replace(/\\\|/g, '').split('|').length;
    const tableLines = lines.filter((l) => l.startsWith('|'));
    const moduleHeader = tableLines.findIndex((l) => l.startsWith('| Module'));
    for (const line of tableLines.slice(moduleHeader)) expect(cells(line)).toBe(cells(tableLines[moduleHeader]!));
  });

  it('--markdown lists at most MARKDOWN_MAX_ROWS modules and counts the rest', () => {
    const big = generateFlow({ modules: 300, seed: 3 });
    writeTemp(dir, 'big-old.json', serializeFlow(big));
    writeTemp(dir, 'big-new.json', serializeFlow({ ...big, settings: { ...big.settings, rateCard: { baseCredits: { action: 2, code: 2, search: 2, ai_agent: 2 } } } }));
    const out = run('big-old.json', 'big-new.json', '--markdown');
    const rows = out.stdout.split('\n').filter((l) => /^\| .* \| (changed|added|removed|unchanged) \|/.test(l));
    expect(rows).toHaveLength(MARKDOWN_MAX_ROWS);
    expect(out.stdout).toMatch(/…and \d+ more changed modules: run the diff locally to see them all\./);
    expect(out.stdout).toContain('rate card changed');
  });

  it('the same file on both sides: no changes, every module unchanged', () => {
    const out = run('old.json', 'old.json');
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toMatch(/^11 modules unchanged\.$/m);
    expect(out.stdout.trimEnd().split('\n').at(-1)).toBe('no changes');
    const json = JSON.parse(run('old.json', 'old.json', '--json').stdout);
    expect(json.delta).toEqual({ total: 0, perMonth: 0, percent: 0 });
    expect(json.modules.every((m: { status: string }) => m.status === 'unchanged')).toBe(true);
  });

  it('a scenario on one side, or on both', () => {
    const one = JSON.parse(run('old.json', 'old.json', '--new-scenario', 'Trade show week', '--json').stdout);
    const flow = flowOfText(sample);
    const expected = diffFlows(flow, applyScenario(flow, flow.scenarios![0]));
    expect(one.after.scenario).toBe('Trade show week');
    expect(one.before.scenario).toBeUndefined();
    expect(one.delta.perMonth).toBe(expected.delta.perMonth);
    const both = JSON.parse(run('old.json', 'old.json', '--scenario', 'Trade show week', '--json').stdout);
    expect(both.delta).toEqual({ total: 0, perMonth: 0, percent: 0 });
  });

  it('an older file on either side is read as cost reads it, with the note on stderr', () => {
    writeTemp(dir, 'v1.json', exampleFileWith(() => {}));
    const out = run('v1.json', 'v1.json');
    expect(out.exitCode).toBe(0);
    expect(out.stderr).toBe(
      `${['v1.json', 'v1.json'].map((f) => `${f}: version 1 file, read as version 3; the file itself is left as it was. (note)`).join('\n')}\n`,
    );
  });
});

describe('runDiff: --fail-over', () => {
  // Five actions at 1 credit each: 5 credits per run. 1,000 → 1,100 runs is +10 % exactly.
  tiny('runs-1000.json', 5, 1000);
  tiny('runs-1100.json', 5, 1100);
  tiny('runs-1101.json', 5, 1101);
  tiny('runs-900.json', 5, 900);

  it('growth equal to PCT passes; just over fails with exit 4, the output still printed', () => {
    expect(run('runs-1000.json', 'runs-1100.json', '--fail-over', '10')).toMatchObject({ exitCode: 0, stderr: '' });
    const over = run('runs-1000.json', 'runs-1101.json', '--fail-over', '10');
    expect(over.exitCode).toBe(4);
    expect(over.stdout).toContain('Credits per month');
    expect(over.stderr).toBe(
      'runs-1101.json: credits per month grew by 10.1 % (5,000 → 5,505), more than the 10 % allowed by --fail-over.\n',
    );
    expect(run('runs-1000.json', 'runs-1100.json', '--fail-over', '9.99').exitCode).toBe(4);
  });

  it('growth equal to PCT but for floating-point noise passes (0.7 → 0.77 runs computes as 10.000000000000002 %)', () => {
    tiny('runs-0.7.json', 5, 0.7);
    tiny('runs-0.77.json', 5, 0.77);
    const json = JSON.parse(run('runs-0.7.json', 'runs-0.77.json', '--json').stdout);
    expect(json.delta.percent).toBeGreaterThan(10);
    expect(run('runs-0.7.json', 'runs-0.77.json', '--fail-over', '10').exitCode).toBe(0);
  });

  it('a drop, or no change, passes even --fail-over 0; any growth fails it', () => {
    expect(run('runs-1000.json', 'runs-900.json', '--fail-over', '0').exitCode).toBe(0);
    expect(run('runs-1000.json', 'runs-1000.json', '--fail-over', '0').exitCode).toBe(0);
    expect(run('runs-1000.json', 'runs-1101.json', '--fail-over', '0').exitCode).toBe(4);
  });

  it('a growth above +999 % is written as its factor, as in the app (never a long bare percentage)', () => {
    tiny('runs-1.json', 5, 1);
    tiny('runs-1481209.json', 5, 1481209);
    const out = run('runs-1.json', 'runs-1481209.json', '--fail-over', '10');
    expect(out.exitCode).toBe(4);
    expect(out.stderr).toBe('runs-1481209.json: credits per month grew ×1,481,209 (5 → 7,406,045), more than the 10 % allowed by --fail-over.\n');
    expect(out.stdout).toMatch(/^Credits per month\s+5\s+7,406,045\s+\+7,406,040 \(×1,481,209\)$/m);
  });

  it('from a flow that costs nothing, any cost is a new cost: no percentage, and over any limit', () => {
    tiny('free.json', 0);
    const out = run('free.json', 'runs-1000.json', '--fail-over', '1000000');
    expect(out.exitCode).toBe(4);
    expect(out.stderr).toBe('runs-1000.json: credits per month grew from nothing (0 → 5,000), more than the 1000000 % allowed by --fail-over.\n');
    expect(out.stdout).toMatch(/^Credits per month\s+0\s+5,000\s+\+5,000 \(new cost\)$/m);
    expect(JSON.parse(run('free.json', 'runs-1000.json', '--json').stdout).delta.percent).toBeNull();
  });
});

describe('runDiff: bad input exits 2 with a located message and nothing on stdout', () => {
  const refused = (...argv: string[]) => {
    const out = run(...argv);
    expect(out.exitCode).toBe(2);
    expect(out.stdout).toBe('');
    return out.stderr;
  };

  it('a file that is not JSON, on either side', () => {
    writeTemp(dir, 'broken.json', '{\n  "format": "creditflow",\n');
    expect(refused('broken.json', 'old.json')).toMatch(/^broken\.json:3:1: /);
    expect(refused('old.json', 'broken.json')).toMatch(/^broken\.json:3:1: /);
  });

  it('both files bad: both are reported, the old one first', () => {
    writeTemp(dir, 'empty.json', '');
    const stderr = refused('empty.json', 'missing.json');
    expect(stderr).toBe('empty.json: The file is empty.\nmissing.json: cannot open the flow file: there is no such file.\n');
  });

  it('a structural error, located by line and column', () => {
    writeTemp(dir, 'cycle.json', exampleFileWith((f) => f.edges.push({ id: 'e9', source: 'm4', target: 'm3' })));
    expect(refused('old.json', 'cycle.json')).toMatch(/^cycle\.json:\d+:\d+: .*\[[a-z-]+\]$/m);
  });

  it('a scenario the flow does not have', () => {
    expect(refused('old.json', 'old.json', '--old-scenario', 'Nope')).toBe(
      "old.json: there is no scenario 'Nope' in this flow; its scenarios are 'Trade show week'.\n",
    );
  });

  it('bad arguments print the message and the usage', () => {
    const stderr = refused('old.json');
    expect(stderr).toMatch(/^diff: Give two flow files/);
    expect(stderr).toContain('Usage: npm run --silent diff -- <old.json> <new.json> [options]');
    expect(refused('old.json', 'new.json', '--fail-over', 'ten')).toMatch(/^diff: --fail-over must be a percentage/);
  });

  it('--help prints the usage on stdout and exits 0', () => {
    const out = run('--help');
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toContain('--fail-over PCT');
  });
});
