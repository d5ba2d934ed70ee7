/**
 * Every number the cost command prints, before and after an engine change: the three sample
 * flows and a set of generated flows (ranges, loops, routers, filters), priced with `--json`,
 * simulated with `--json --samples 2000 --seed 1`, and with each saved scenario (also
 * simulated). The numbers are compared exactly (the same double, bit for bit) against
 * `golden/cli-numbers.json`, which was written at commit 255af77, before the engine was split.
 *
 * Messages are not compared (their wording may change); every number is, by its place in the
 * output (`nodes[id].credits`, `simulation.perMonth.p90`, …).
 *
 * To write the file again (only when a change of numbers is intended and explained):
 *   UPDATE_GOLDEN=1 npx vitest run src/cli/golden.test.ts
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runCost, type CliEngine } from './run';
import { REAL_FILES, tempDir, writeTemp } from './testing';
import { applyScenario } from '../model/scenario';
import { simulateForCli } from './simulation';
import { generateFlow, type GenerateOptions } from '../model/generate';
import type { Flow, Scenario } from '../model/types';

const FIXTURE = fileURLToPath(new URL('./golden/cli-numbers.json', import.meta.url));
const SAMPLES = ['lead-enrichment', 'nightly-sync', 'support-ticket-triage'];
const GENERATED: (GenerateOptions & { scenario?: boolean })[] = [
  { modules: 12, seed: 1 },
  { modules: 40, seed: 2, scenario: true },
  { modules: 90, seed: 3, rangeShare: 0.5, scenario: true },
  { modules: 150, seed: 7, rangeShare: 0 },
  { modules: 300, seed: 11, rangeShare: 0.3, scenario: true },
];
const SIMULATE = ['--samples', '2000', '--seed', '1'];
const engine: CliEngine = { applyScenario, simulate: simulateForCli };

/** A scenario that touches every kind of override: runs per month, a module's assumptions, an edge's pass rate, the rate card. */
function scenarioFor(flow: Flow): Scenario {
  const step = flow.modules.find((m) => m.type === 'action' || m.type === 'ai_agent' || m.type === 'search');
  const iterator = flow.modules.find((m) => m.type === 'iterator');
  const gated = flow.edges.find((e) => e.filter || (e.route && !e.route.fallback));
  const modules: Record<string, NonNullable<Scenario['overrides']['modules']>[string]> = {};
  if (step) modules[step.id] = { durationSec: { min: 1, likely: 4, max: 20 }, retries: 1 };
  if (iterator) modules[iterator.id] = { iterations: { min: 5, likely: 25, max: 80 } };
  return {
    id: 'golden',
    name: 'Golden what-if',
    overrides: {
      runsPerMonth: { min: 1000, likely: 5000, max: 20000 },
      modules,
      ...(gated ? { edges: { [gated.id]: { passRate: 0.35 } } } : {}),
      rateCard: { time: { creditsPerDoubling: 1.5 }, baseCredits: { ai_agent: 3 } },
    },
  };
}

/** Each number of a JSON value with its place; arrays of objects with an `id` are keyed by it. */
function numbersOf(value: unknown, at = '', out: Record<string, number | null> = {}): Record<string, number | null> {
  if (typeof value === 'number' || value === null) out[at] = value;
  else if (Array.isArray(value))
    value.forEach((v, i) => {
      const key = typeof v === 'object' && v !== null && typeof (v as { id?: unknown }).id === 'string' ? (v as { id: string }).id : String(i);
      numbersOf(v, `${at}[${key}]`, out);
    });
  else if (typeof value === 'object' && value !== null)
    for (const [k, v] of Object.entries(value)) if (k !== 'warnings') numbersOf(v, at ? `${at}.${k}` : k, out);
  return out;
}

type Golden = Record<string, Record<string, number | null>>;

function runAll(): Golden {
  const dir = tempDir();
  const cases: [string, string, string[]][] = [];
  for (const name of SAMPLES) {
    const text = readFileSync(fileURLToPath(new URL(`../io/samples/${name}.json`, import.meta.url)), 'utf8');
    writeTemp(dir, `${name}.json`, text);
    const scenarios = (JSON.parse(text) as Flow).scenarios ?? [];
    cases.push([name, `${name}.json`, []]);
    for (const s of scenarios) cases.push([`${name} / ${s.name}`, `${name}.json`, ['--scenario', s.name]]);
  }
  for (const g of GENERATED) {
    const flow = generateFlow(g);
    if (g.scenario) flow.scenarios = [scenarioFor(flow)];
    const name = `generated ${g.modules} seed ${g.seed}`;
    writeTemp(dir, `gen-${g.modules}-${g.seed}.json`, JSON.stringify(flow));
    cases.push([name, `gen-${g.modules}-${g.seed}.json`, []]);
    if (g.scenario) cases.push([`${name} / Golden what-if`, `gen-${g.modules}-${g.seed}.json`, ['--scenario', 'Golden what-if']]);
  }
  const golden: Golden = {};
  for (const [name, file, extra] of cases)
    for (const [label, more] of [['priced', []], ['simulated', SIMULATE]] as const) {
      const out = runCost({ argv: [file, '--json', ...extra, ...more], cwd: dir, files: REAL_FILES, engine });
      if (out.exitCode !== 0) throw new Error(`${name} (${label}) exited ${out.exitCode}: ${out.stderr}`);
      golden[`${name} (${label})`] = numbersOf(JSON.parse(out.stdout));
    }
  return golden;
}

describe('every number the cost command prints (before/after golden)', () => {
  it('is the very number recorded in golden/cli-numbers.json, bit for bit', () => {
    const now = runAll();
    if (process.env.UPDATE_GOLDEN) writeFileSync(FIXTURE, `${JSON.stringify(now, null, 1)}\n`);
    expect(existsSync(FIXTURE), 'golden/cli-numbers.json is missing: see the comment at the top of this test').toBe(true);
    const recorded = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Golden;
    expect(Object.keys(now).sort()).toEqual(Object.keys(recorded).sort());
    const differences: string[] = [];
    for (const [name, numbers] of Object.entries(recorded)) {
      const got = now[name]!;
      for (const key of new Set([...Object.keys(numbers), ...Object.keys(got)]))
        if (!Object.is(got[key], numbers[key])) differences.push(`${name} ${key}: recorded ${numbers[key]}, now ${got[key]}`);
    }
    expect(differences.slice(0, 20), `${differences.length} numbers differ`).toEqual([]);
  }, 60_000);

  it('covers ranges, loops, routers (both modes), filters (both modes) and scenarios', () => {
    const flows = GENERATED.map((g) => generateFlow(g));
    const modules = flows.flatMap((f) => f.modules);
    const edges = flows.flatMap((f) => f.edges);
    expect(modules.some((m) => m.type === 'iterator')).toBe(true);
    expect(modules.some((m) => m.type === 'aggregator')).toBe(true);
    expect(modules.some((m) => m.type === 'router' && m.config.mode === 'exclusive')).toBe(true);
    expect(modules.some((m) => m.type === 'router' && m.config.mode === 'standard')).toBe(true);
    expect(edges.some((e) => e.filter?.mode === 'break')).toBe(true);
    expect(edges.some((e) => e.filter?.mode === 'skip')).toBe(true);
    expect(modules.some((m) => Object.values(m.assumptions ?? {}).some((v) => typeof v === 'object'))).toBe(true);
    expect(GENERATED.filter((g) => g.scenario).length).toBeGreaterThan(0);
  });
});
