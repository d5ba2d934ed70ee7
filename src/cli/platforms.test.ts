import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runCost } from './run';
import { memoryFile } from './testing';
import { simulateForCli } from './simulation';
import { parseFlow } from '../io/parse';
import { comparePlatforms } from '../cost/platforms';
import { simulate } from '../cost/simulate';
import { PLATFORM_IDS } from '../cost/platformTable';
import { crossovers, curvesOf } from '../cost/crossover';
import { describeCheapest } from '../cost/platformText';
import { formatDollars, formatNumber } from '../cost/format';

const sample = readFileSync(fileURLToPath(new URL('../io/samples/lead-enrichment.json', import.meta.url)), 'utf8');
const parsed = parseFlow(sample);
if (!parsed.ok) throw new Error('the sample must parse');
const flow = parsed.value;

const run = (...argv: string[]) => runCost({ argv: ['lead.json', ...argv], cwd: '/', files: memoryFile(sample), engine: { simulate: simulateForCli } });

describe('cost --platforms', () => {
  it('--json --platforms adds the four platforms, each with its unit and the engine’s unrounded figures', () => {
    const out = run('--json', '--platforms');
    expect(out.exitCode).toBe(0);
    const { platforms } = JSON.parse(out.stdout);
    expect(Object.keys(platforms)).toEqual([...PLATFORM_IDS]);
    expect(platforms.altan.unit).toBe('credits');
    expect(platforms.make.unit).toBe('credits');
    expect(platforms.zapier.unit).toBe('tasks');
    expect(platforms.n8n.unit).toBe('executions');
    const engine = comparePlatforms(flow);
    for (const id of PLATFORM_IDS) {
      const p = engine.platforms[id];
      expect(platforms[id]).toMatchObject({ perRun: p.perRun, perMonth: p.perMonth, plan: p.planName, dollarsPerMonth: p.dollarsPerMonth });
      expect(platforms[id].perMonthP90).toBeUndefined();
      expect(platforms[id].beyondLargestPlan).toBe(p.beyondLargestPlan ? true : undefined);
    }
    expect(platforms.altan.plan).toBe('per credit');
  });

  it('with --samples each platform also gets perMonthP90, from the same simulated runs', () => {
    const { platforms, simulation } = JSON.parse(run('--json', '--platforms', '--samples', '500', '--seed', '2').stdout);
    const engine = comparePlatforms(flow, { simulation: simulate(flow, { samples: 500, seed: 2 }) });
    for (const id of PLATFORM_IDS) {
      expect(platforms[id].perMonthP90).toBe(engine.platforms[id].perMonthP90);
      expect(platforms[id].dollarsPerMonth).toBe(engine.platforms[id].dollarsPerMonth);
    }
    expect(platforms.altan.perMonthP90).toBe(simulation.perMonth.p90);
  });

  it('--json without --platforms keeps its shape', () => {
    expect(JSON.parse(run('--json').stdout).platforms).toBeUndefined();
  });

  it('the table always shows the four-row comparison and the sentence naming the cheapest', () => {
    const lines = run().stdout.split('\n');
    const at = lines.findIndex((l) => l.startsWith('On other platforms'));
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toMatch(/^ {2}Platform\s+Unit\s+Per run\s+Per month\s+Plan\s+Dollars a month$/);
    expect(lines.slice(at + 2, at + 6).map((l) => l.trim().split(/\s+/)[0])).toEqual(['Altan', 'Make', 'Zapier', 'n8n']);
    const make = comparePlatforms(flow).platforms.make;
    const cells = lines[at + 3]!.trim().split(/\s{2,}/);
    expect(cells).toEqual([
      'Make',
      'credits',
      formatNumber(make.perRun),
      formatNumber(make.perMonth),
      make.beyondLargestPlan ? `${make.planName} (pro rata: beyond its units)` : make.planName,
      formatDollars(make.dollarsPerMonth),
    ]);
    const engine = comparePlatforms(flow);
    expect(lines[at + 7]).toBe(describeCheapest(engine, crossovers(curvesOf(engine))));
    expect(run('--platforms').stdout).toBe(run().stdout);
  });

  it('with --samples the table shows P50 and P90 months and says plans are chosen on P90', () => {
    const lines = run('--samples', '300').stdout.split('\n');
    const at = lines.findIndex((l) => l.startsWith('On other platforms (plans chosen on the P90 month'));
    expect(lines[at + 1]).toMatch(/^ {2}Platform\s+Unit\s+Per run\s+Per month P50\s+P90\s+Plan\s+Dollars a month$/);
    expect(lines[at + 7]).toMatch(/is the cheapest in the P90 month of [\d,.]+ runs/);
  });

  it('a bad number in the flow’s platform table is refused (exit 2) with the field named, nothing on stdout', () => {
    const bad = JSON.stringify({ ...JSON.parse(sample), settings: { runsPerMonth: 10, platforms: { zapier: { plans: [{ name: 'Team', monthlyUnits: -5, monthlyPrice: 1 }] } } } });
    const out = runCost({ argv: ['lead.json', '--platforms'], cwd: '/', files: memoryFile(bad) });
    expect(out.exitCode).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(/^lead\.json:\d+:\d+: settings\.platforms\.zapier\.plans\[0\]\.monthlyUnits must be a number ≥ 0, got -5\n$/);
  });
});
