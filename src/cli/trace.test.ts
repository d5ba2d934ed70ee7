import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runCost, type CliEngine } from './run';
import { REAL_FILES, tempDir, writeTemp } from './testing';
import { simulateForCli } from './simulation';
import { parseFlow } from '../io/parse';
import { simulate } from '../cost/simulate';
import { chain, flowOf } from '../model/testing/flowOf';

const sample = readFileSync(fileURLToPath(new URL('../io/samples/lead-enrichment.json', import.meta.url)), 'utf8');
const dir = tempDir();
const engine: CliEngine = { simulate: simulateForCli };
const run = (argv: string[]) => runCost({ argv, cwd: dir, files: REAL_FILES, engine });

describe('cost --trace --seed S', () => {
  it('adds "trace": { seed, total, steps: [{ moduleId, item, credits, outcome }] }, the first simulated run of the seed', () => {
    writeTemp(dir, 'lead.json', sample);
    const out = run(['lead.json', '--json', '--trace', '--seed', '5', '--samples', '100']);
    expect(out.exitCode).toBe(0);
    const json = JSON.parse(out.stdout);
    expect(Object.keys(json.trace)).toEqual(['seed', 'total', 'steps']);
    expect(json.trace.seed).toBe(5);
    expect(json.trace.steps.length).toBeGreaterThan(0);
    for (const step of json.trace.steps) {
      expect(Object.keys(step).slice(0, 4)).toEqual(['moduleId', 'item', 'credits', 'outcome']);
      expect(Array.isArray(step.item)).toBe(true);
    }
    const parsed = parseFlow(sample);
    if (!parsed.ok) throw new Error('sample');
    const first = simulate(parsed.value, { samples: 1, seed: 5, walkEveryExecution: true }).runs[0]!;
    expect(json.trace.total).toBe(first);
    expect(json.simulation.seed).toBe(5);
  });

  it('refuses a run too long to trace with exit code 2', () => {
    const flow = flowOf([['t', 'trigger'], ['i', 'iterator', { iterations: 1e6 }], ['a', 'action']], chain('t', 'i', 'a'));
    writeTemp(dir, 'long.json', JSON.stringify({ ...flow, version: 3 }));
    const out = run(['long.json', '--json', '--trace']);
    expect(out.exitCode).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(/too many to trace/);
  });

  it('without --json, says the trace is in the JSON output', () => {
    writeTemp(dir, 'lead.json', sample);
    const out = run(['lead.json', '--trace']);
    expect(out.exitCode).toBe(0);
    expect(out.stderr).toMatch(/--trace: the trace \(\d+ steps\) is part of the JSON output/);
  });
});
