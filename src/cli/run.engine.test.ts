import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runCost, type CliEngine } from './run';
import { REAL_FILES, tempDir, writeTemp } from './testing';
import { applyScenario } from '../model/scenario';
import { simulateForCli } from './simulation';
import { parseFlow } from '../io/parse';
import { priceFlow } from '../cost/price';

const sample = readFileSync(fileURLToPath(new URL('../io/samples/lead-enrichment.json', import.meta.url)), 'utf8');
const dir = tempDir();

function run(argv: string[], engine?: CliEngine) {
  return runCost({ argv, cwd: dir, files: REAL_FILES, ...(engine ? { engine } : {}) });
}

describe('runCost with the real engine', () => {
  const engine: CliEngine = { applyScenario, simulate: simulateForCli };

  it('--scenario prices the flow with the scenario applied', () => {
    writeTemp(dir, 'lead.json', sample);
    const out = run(['lead.json', '--json', '--scenario', 'Trade show week'], engine);
    expect(out.exitCode).toBe(0);
    const parsed = parseFlow(sample);
    if (!parsed.ok) throw new Error('sample');
    const expected = priceFlow(applyScenario(parsed.value, parsed.value.scenarios![0]));
    const json = JSON.parse(out.stdout);
    expect(json.total).toBe(expected.total);
    expect(json.perMonth).toBe(expected.perMonth);
    expect(json.total).not.toBe(priceFlow(parsed.value).total);
  });

  it('--samples adds the simulation of cost-model §6; the same seed gives the same numbers', () => {
    writeTemp(dir, 'lead.json', sample);
    const a = JSON.parse(run(['lead.json', '--json', '--samples', '500', '--seed', '3'], engine).stdout);
    const b = JSON.parse(run(['lead.json', '--json', '--samples', '500', '--seed', '3'], engine).stdout);
    const c = JSON.parse(run(['lead.json', '--json', '--samples', '500', '--seed', '4'], engine).stdout);
    expect(Object.keys(a.simulation)).toEqual(['samples', 'seed', 'mean', 'p50', 'p90', 'p99', 'nodes', 'perMonth']);
    expect(a.simulation).toMatchObject({ samples: 500, seed: 3 });
    expect(Object.keys(a.simulation.nodes[0])).toEqual(['id', 'mean', 'p90']);
    expect(a.simulation.nodes).toHaveLength(a.nodes.length);
    expect(Object.keys(a.simulation.perMonth)).toEqual(['p50', 'p90']);
    expect(a.simulation.p50).toBeLessThanOrEqual(a.simulation.p90);
    expect(a.simulation.p90).toBeLessThanOrEqual(a.simulation.p99);
    expect(b).toEqual(a);
    expect(c.simulation.mean).not.toBe(a.simulation.mean);
  });

  it('--scenario with a range override: the simulated P90 of that scenario rises above its P50', () => {
    // A flow whose every number is a point, and a scenario that makes one module's duration a range.
    const flow = {
      format: 'creditflow',
      version: 2,
      name: 'Range scenario',
      settings: { runsPerMonth: 1000 },
      modules: [
        { id: 'm1', type: 'trigger', name: 'Start', position: { x: 0, y: 0 } },
        { id: 'm2', type: 'ai_agent', name: 'Think', position: { x: 0, y: 160 }, assumptions: { durationSec: 10 } },
      ],
      edges: [{ id: 'e1', source: 'm1', target: 'm2' }],
      scenarios: [{ id: 's1', name: 'Slow model', overrides: { modules: { m2: { durationSec: { min: 5, likely: 20, max: 600 } } } } }],
    };
    writeTemp(dir, 'range-scenario.json', JSON.stringify(flow));
    const args = ['range-scenario.json', '--json', '--samples', '2000', '--seed', '1'];
    const base = JSON.parse(run(args, engine).stdout);
    const slow = JSON.parse(run([...args, '--scenario', 'Slow model'], engine).stdout);
    expect(base.simulation.p90).toBeCloseTo(base.simulation.p50, 9);
    expect(slow.simulation.p90).toBeGreaterThan(slow.simulation.p50);
  });

  it('--scenario NAME with two scenarios of that name: a warning says which one is used; an id picks either', () => {
    const parsed = parseFlow(sample);
    if (!parsed.ok) throw new Error('sample');
    const file = JSON.parse(sample) as { scenarios: { id: string; name: string; overrides: unknown }[] };
    const first = file.scenarios[0]!;
    file.scenarios.push({ id: 'twin', name: first.name, overrides: { runsPerMonth: 1 } });
    writeTemp(dir, 'twins.json', JSON.stringify(file));
    const byName = run(['twins.json', '--json', '--scenario', first.name], engine);
    expect(byName.exitCode).toBe(0);
    expect(byName.stderr).toContain(
      `twins.json: 2 scenarios are named '${first.name}' (ids '${first.id}', 'twin'); --scenario uses the first, '${first.id}'. Pass an id to choose another. (warning)`,
    );
    const json = JSON.parse(byName.stdout);
    expect(json.scenario).toBe(first.name);
    expect(json.total).toBe(priceFlow(applyScenario(parsed.value, parsed.value.scenarios![0]!)).total);
    expect(json.warnings).toContainEqual(expect.objectContaining({ code: 'duplicate-scenario-name' }));
    const byId = run(['twins.json', '--json', '--scenario', 'twin'], engine);
    expect(byId.stderr).not.toContain('--scenario uses the first');
    expect(JSON.parse(byId.stdout).perMonth).toBeCloseTo(JSON.parse(byId.stdout).total, 9);
  });

  it('--scenario X where X is one scenario’s id and another’s name: a warning says the id was taken (it was silent)', () => {
    const file = JSON.parse(sample) as { scenarios: { id: string; name: string; overrides: unknown }[] };
    file.scenarios = [
      { id: 's1', name: 'Peak', overrides: { runsPerMonth: 1 } },
      { id: 'Peak', name: 'Quiet', overrides: { runsPerMonth: 2 } },
    ];
    writeTemp(dir, 'crossed.json', JSON.stringify(file));
    const out = run(['crossed.json', '--json', '--scenario', 'Peak'], engine);
    expect(out.exitCode).toBe(0);
    expect(JSON.parse(out.stdout).scenario).toBe('Quiet');
    expect(out.stderr).toBe(
      "crossed.json: 'Peak' is the id of scenario 'Quiet' and the name of scenario 's1'; --scenario takes the id, 'Quiet'. Pass 's1' to choose the other. (warning)\n",
    );
    expect(run(['crossed.json', '--json', '--scenario', 's1'], engine).stderr).toBe('');
  });
});
