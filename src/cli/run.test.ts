import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runCost, type CliEngine } from './run';
import { REAL_FILES, exampleFileWith, refusedIn, tempDir, writeTemp } from './testing';
import { flowTooLarge, MAX_FILE_BYTES, MAX_MODULES } from '../io/limits';
import { chainFlow } from '../../bench/largeFiles';
import { CAP_MB, GREW, mbOver, ONE_BYTE_OVER } from '../io/testing/limitWords';
import type { Flow } from '../model/types';

const sample = readFileSync(fileURLToPath(new URL('../io/samples/lead-enrichment.json', import.meta.url)), 'utf8');
const dir = tempDir();
function run(argv: string[], engine?: CliEngine, files = REAL_FILES) {
  return runCost({ argv, cwd: dir, files, ...(engine ? { engine } : {}) });
}

const refused = (content: string, name = 'flow.json') => refusedIn(dir, content, name);
const file = exampleFileWith;

describe('runCost: every bad file exits 2 with a located message and an empty stdout', () => {
  it('an empty file', () => {
    expect(refused('')).toBe('flow.json: The file is empty.\n');
  });
  it('a folder', () => {
    expect(run(['.']).stderr).toBe(
      '.: cannot open the flow file: it is a folder, not a regular file (Creditflow reads flow files saved on disk).\n',
    );
  });
  it('a file above the size cap, refused from its size with the exact bytes when the MB read the same', () => {
    const out = run(['huge.json'], undefined, { read: () => ({ size: MAX_FILE_BYTES + 1 }) });
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toBe(`huge.json: ${ONE_BYTE_OVER}\n`);
    const bigger = run(['huge.json'], undefined, { read: () => ({ size: mbOver(10).size }) });
    expect(bigger.stderr).toBe(`huge.json: ${mbOver(10).message}\n`);
  });
  it('a file that grows past the cap while it is read', () => {
    const out = run(['growing.json'], undefined, { read: (_, max) => ({ size: 10, bytes: new Uint8Array(max + 1) }) });
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toBe(`growing.json: ${GREW}\n`);
  });
  it('JSON that is not an object', () => {
    // Issue 14: JSON of none of the four formats says so, and what its top level holds.
    expect(refused('[]')).toBe('flow.json:1:1: This is not a Creditflow, Altan, n8n or Make file: the top level holds a list of 0 items.\n');
  });
  it('a wrong format and a newer version', () => {
    expect(refused('{"format":"zapier","version":1}')).toMatch(/^flow\.json:1:11: This is not a Creditflow flow file/);
    expect(refused(file((f) => (f.version = 7)))).toBe(
      'flow.json:3:14: This file is version 7; this Creditflow reads versions up to 3. Update Creditflow to open it.\n',
    );
  });
  it('an unknown module type, duplicate ids, an edge to a missing module', () => {
    expect(refused(file((f) => (f.modules[1]!.type = 'switch')))).toContain("modules[1] (id 'm2'): type 'switch' is not a module type; the known types are trigger");
    expect(refused(file((f) => (f.edges[1]!.id = 'e1')))).toContain("edges[1] (id 'e1'): id is already used by edges[0]");
    expect(refused(file((f) => (f.edges[3]!.target = 'nowhere')))).toContain("edges[3] (id 'e4'): target is 'nowhere', which is not a module of this flow");
  });
  it('a non-numeric assumption names the module and the field', () => {
    expect(refused(file((f) => ((f.modules[3]!.assumptions as Record<string, unknown>).durationSec = 'fast')))).toMatch(
      /^flow\.json:\d+:\d+: modules\[3\] \(id 'm4'\): assumptions\.durationSec must be a number ≥ 0, got the text "fast"\n$/,
    );
  });
  it('structural errors: a self-loop, a cycle, an exclusive router over 100 %, each at its module or edge and field', () => {
    const selfLoop = refused(file((f) => f.edges.push({ id: 'e5', source: 'm4', target: 'm4' })));
    expect(selfLoop).toMatch(/^flow\.json:\d+:\d+: edge e5.*\[self-loop\]$/m);
    const over = refused(
      file((f) => {
        f.modules.push({ id: 'm6', type: 'response', name: 'Other', position: { x: 0, y: 0 } });
        f.edges.push({ id: 'e5', source: 'm2', target: 'm6', route: { priority: 2, passRate: 0.9, fallback: false } });
      }),
    );
    expect(over).toMatch(/\[routes-exceed-100\]/);
    const cycle = refused(file((f) => f.edges.push({ id: 'e5', source: 'm5', target: 'm2' })));
    expect(cycle).toMatch(/\[(cycle|too-many-incoming)\]/);
  });
});

describe('runCost: a good file', () => {
  it('--json matches the table\'s numbers', () => {
    writeTemp(dir, 'lead.json', sample);
    const json = JSON.parse(run(['lead.json', '--json']).stdout);
    const table = run(['lead.json']).stdout;
    expect(table).toContain('Lead enrichment');
    expect(table).toContain(`Per month: ${Math.round(json.perMonth).toLocaleString('en-US')} credits`);
  });

  it('an unreachable module is priced at 0 and reported once as a warning', () => {
    writeTemp(
      dir,
      'unreachable.json',
      file((f) => f.modules.push({ id: 'm9', type: 'code', name: 'Old step', position: { x: 400, y: 0 } })),
    );
    const out = run(['unreachable.json', '--json']);
    expect(out.exitCode).toBe(0);
    const json = JSON.parse(out.stdout);
    expect(json.nodes.find((n: { id: string }) => n.id === 'm9')).toEqual({ id: 'm9', type: 'code', executions: 0, credits: 0 });
    const warnings = json.warnings.filter((w: { code: string }) => w.code === 'unreachable');
    expect(warnings).toEqual([expect.objectContaining({ code: 'unreachable', moduleId: 'm9' })]);
    expect(warnings[0].message.length).toBeGreaterThan(0);
  });

  it('an unknown scenario lists the scenarios there are', () => {
    writeTemp(dir, 'lead.json', sample);
    const out = run(['lead.json', '--scenario', 'Christmas']);
    expect(out.exitCode).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toBe("lead.json: there is no scenario 'Christmas' in this flow; its scenarios are 'Trade show week'.\n");
  });

  it('a scenario is priced through applyScenario', () => {
    writeTemp(dir, 'lead.json', sample);
    const seen: string[] = [];
    const engine: CliEngine = {
      applyScenario: (flow: Flow, scenario) => {
        seen.push(scenario.id);
        return { ...flow, settings: { ...flow.settings, runsPerMonth: 9000 } };
      },
    };
    const out = run(['lead.json', '--json', '--scenario', 'Trade show week'], engine);
    expect(out.exitCode).toBe(0);
    expect(seen).toEqual(['s1']);
    const json = JSON.parse(out.stdout);
    expect(json.scenario).toBe('Trade show week');
    expect(json.perMonth).toBeCloseTo(json.total * 9000, 6);
  });

  it('--budget uses the simulated P90 per month when --samples is given', () => {
    writeTemp(dir, 'lead.json', sample);
    const simulation = { samples: 10, seed: 4, mean: 1, p50: 1, p90: 2, p99: 3, nodes: [], perMonth: { p50: 100, p90: 500 } };
    const engine: CliEngine = { simulate: (_flow, options) => ({ ok: true, report: { ...simulation, ...options } }) };
    const under = run(['lead.json', '--json', '--samples', '10', '--seed', '4', '--budget', '600'], engine);
    expect(under.exitCode).toBe(0);
    expect(JSON.parse(under.stdout).simulation).toEqual(simulation);
    const over = run(['lead.json', '--json', '--samples', '10', '--seed', '4', '--budget', '400'], engine);
    expect(over.exitCode).toBe(3);
    expect(over.stderr).toContain("the month's P90 from 10 simulated runs is 500 credits, above the budget of 400 credits");
    // One credit is singular.
    expect(run(['lead.json', '--json', '--samples', '10', '--seed', '4', '--budget', '1'], engine).stderr).toContain('is 500 credits, above the budget of 1 credit.');
    expect(JSON.parse(over.stdout).total).toBeGreaterThan(0);
  });

  it('over --budget by less than the rounding: the message writes the two amounts so that they differ', () => {
    writeTemp(dir, 'lead.json', sample);
    const month = JSON.parse(run(['lead.json', '--json']).stdout).perMonth as number;
    // A budget just under the month, by 0.01 credits: both read "…" alike when rounded to whole credits.
    const budget = Math.floor(month * 100 - 1) / 100;
    const out = run(['lead.json', '--json', '--budget', String(budget)]);
    expect(out.exitCode).toBe(3);
    const [, shownMonth, shownBudget] = /is ([\d,.]+) credits, above the budget of ([\d,.]+) credits/.exec(out.stderr)!;
    expect(shownMonth).not.toBe(shownBudget);
    expect(Number(shownBudget!.replace(/,/g, ''))).toBe(budget);
    expect(Number(shownMonth!.replace(/,/g, ''))).toBeGreaterThan(budget);
  });

  it('a refused simulation (too much work) exits 2 with the reason', () => {
    writeTemp(dir, 'lead.json', sample);
    const out = run(['lead.json', '--samples', '5'], { simulate: () => ({ ok: false, message: 'Too much work to simulate.' }) });
    expect(out).toEqual({ stdout: '', stderr: 'lead.json: Too much work to simulate.\n', exitCode: 2 });
  });

  it('--help prints the usage on stdout', () => {
    const out = run(['--help']);
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toContain('Usage:');
    // The limits of a file, from the one table (FILE_LIMITS).
    expect(out.stdout).toContain(`at most ${MAX_MODULES.toLocaleString('en-US')} modules`);
    expect(out.stdout).toContain(`in ${CAP_MB} MB`);
  });
});

describe('runCost: the module limit of the one table of limits (FILE_LIMITS)', { timeout: 120_000 }, () => {
  it('prices a file of exactly the limit, and refuses one module more with the limit in its message', () => {
    writeTemp(dir, 'at-limit.json', JSON.stringify(chainFlow(MAX_MODULES)));
    const out = run(['at-limit.json', '--json']);
    expect(out.stderr).toBe('');
    expect(out.exitCode).toBe(0);
    expect((JSON.parse(out.stdout) as { nodes: unknown[] }).nodes).toHaveLength(MAX_MODULES);
    expect(refused(JSON.stringify(chainFlow(MAX_MODULES + 1)), 'over.json')).toMatch(
      new RegExp(`^over\\.json:\\d+:\\d+: ${escape(flowTooLarge(MAX_MODULES + 1, 0)!.message)} It was not opened\\.\\n$`),
    );
  });
});

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
