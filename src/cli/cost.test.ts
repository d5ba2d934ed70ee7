/**
 * End to end: the real command, spawned as a user would run it (`npx tsx src/cli/cost.ts`),
 * on temp files. Slower than run.test.ts, so one case per kind of outcome.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tempDir, writeTemp } from './testing';
import { parseFlow } from '../io/parse';
import { priceFlow } from '../cost/price';
import { exampleFile } from '../io/testing/exampleFlow';

const root = fileURLToPath(new URL('../..', import.meta.url));
const sample = readFileSync(fileURLToPath(new URL('../io/samples/support-ticket-triage.json', import.meta.url)), 'utf8');

function cost(args: string[], cwd = root) {
  const result = spawnSync('npx', ['tsx', `${root}/src/cli/cost.ts`, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, INIT_CWD: '' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

let dir = '';
beforeAll(() => {
  dir = tempDir();
});

describe('cost CLI (spawned)', { timeout: 60_000 }, () => {
  it('--json prints exactly the engine\'s numbers, unrounded, and nothing on stderr', () => {
    const file = writeTemp(dir, 'support.json', sample);
    const out = cost([file, '--json']);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const parsed = parseFlow(sample);
    if (!parsed.ok) throw new Error('sample does not parse');
    const expected = priceFlow(parsed.value);
    const json = JSON.parse(out.stdout);
    expect(Object.keys(json)).toEqual(['total', 'perMonth', 'dollarsPerRun', 'nodes', 'warnings']);
    expect(json.total).toBe(expected.total);
    expect(json.perMonth).toBe(expected.perMonth);
    expect(json.dollarsPerRun).toBe(expected.dollarsPerRun);
    expect(json.nodes).toEqual(expected.nodes.map((n) => ({ id: n.id, type: n.type, executions: n.executions, credits: n.credits })));
    expect(out.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('prints a table without --json', () => {
    const file = writeTemp(dir, 'support-table.json', sample);
    const out = cost([file]);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('Support ticket triage');
    expect(out.stdout).toMatch(/Classify ticket \(m2\)\s+ai_agent/);
    expect(out.stdout).toContain('Total per run');
  });

  it('reads a relative path from the directory npm was started in (INIT_CWD)', () => {
    writeTemp(dir, 'relative.json', sample);
    const result = spawnSync('npm', ['--prefix', root, 'run', '--silent', 'cost', '--', 'relative.json', '--json'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).nodes).toHaveLength(11);
  });

  it.each([
    ['a missing file', null, /missing\.json: cannot open the flow file: there is no such file\./],
    ['not JSON', '{\n  "format": "creditflow",\n  "version": 2,,\n}', /notjson\.json:3:16: Not valid JSON/],
    ['a schema error', 'schema', /schema\.json:\d+:\d+: modules\[3\] \(id 'm4'\): assumptions\.retries must be a number ≥ 0, got -1/],
    ['a structural error', 'structural', /structural\.json:\d+:\d+: module m6.*\[two-triggers\]/],
  ])('%s: exit 2, a located message on stderr, nothing on stdout, no stack trace', (_kind, content, message) => {
    const names: Record<string, string> = { 'a missing file': 'missing.json', 'not JSON': 'notjson.json', 'a schema error': 'schema.json', 'a structural error': 'structural.json' };
    const name = names[_kind]!;
    let text = content;
    if (content === 'schema') {
      const f = exampleFile();
      (f.modules[3]!.assumptions as Record<string, unknown>).retries = -1;
      text = JSON.stringify(f, null, 2);
    } else if (content === 'structural') {
      const f = exampleFile();
      f.modules.push({ id: 'm6', type: 'trigger', name: 'Second trigger', position: { x: 300, y: 0 } });
      text = JSON.stringify(f, null, 2);
    }
    const path = text === null ? `${dir}/${name}` : writeTemp(dir, name, text);
    const out = cost([path, '--json']);
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(message);
    expect(out.stderr).not.toMatch(/\n\s+at /);
  });

  it('--samples and --seed add the simulated runs', () => {
    const file = writeTemp(dir, 'simulate.json', sample);
    const out = cost([file, '--json', '--samples', '2000', '--seed', '1']);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const json = JSON.parse(out.stdout);
    expect(json.simulation).toMatchObject({ samples: 2000, seed: 1 });
    expect(json.simulation.perMonth.p90).toBeGreaterThan(0);
  });

  it('an unknown option: usage on stderr, exit 2', () => {
    const out = cost(['flow.json', '--verbose']);
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toContain('cost: Unknown option --verbose.');
    expect(out.stderr).toContain('Usage: npm run --silent cost -- <flow.json>');
  });

  it('over --budget: exit 3, the output still printed, the reason on stderr', () => {
    const file = writeTemp(dir, 'budget.json', sample);
    const out = cost([file, '--json', '--budget', '1000']);
    expect(out.code).toBe(3);
    expect(JSON.parse(out.stdout).perMonth).toBeGreaterThan(1000);
    expect(out.stderr).toMatch(/over budget: the month's estimate is [\d,]+ credits, above the budget of 1,000 credits/);
    expect(cost([file, '--json', '--budget', '1e9']).code).toBe(0);
  });
});
