/**
 * Every simulated number, before and after a change of the engine's speed: the sample flows and
 * generated flows (point values, ranges, failures and paged searches, runs past the per-module
 * percentile cap, several blocks of runs), simulated with a fixed seed. Each result is reduced to
 * its headline figures and a digest of every double it holds (each run, each module's mean, P10
 * and P90, the histogram, the month), compared with `golden/fingerprints.json`, written at commit
 * 40f527b before the walk was made faster. A change of any bit of any number fails.
 *
 * To write the file again (only when a change of numbers is intended and explained):
 *   UPDATE_GOLDEN=1 npx vitest run src/cost/simulation/fingerprint.test.ts
 */
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Flow } from '../../model/types';
import { canFail } from '../../model/types';
import { generateFlow } from '../../model/generate';
import { simulate } from '../simulate';
import type { SimulationResult } from './summary';

const FIXTURE = fileURLToPath(new URL('./golden/fingerprints.json', import.meta.url));
const SAMPLES = ['lead-enrichment', 'nightly-sync', 'support-ticket-triage'];

/** A generated flow with failures (some with error edges' kinds) and paged searches, as simulate.v3.test.ts makes them. */
function withFailures(flow: Flow): Flow {
  flow.modules.forEach((m, i) => {
    if (canFail(m.type) && i % 3 === 0) m.assumptions = { ...m.assumptions, failureRate: i % 2 === 0 ? 0.2 : { min: 0, likely: 0.1, max: 0.5 } };
    if (m.type === 'search' && i % 2 === 1) m.assumptions = { ...m.assumptions, pages: i % 4 === 1 ? 2.5 : { min: 1, likely: 2, max: 4 } };
  });
  return flow;
}

interface Case {
  name: string;
  flow: () => Flow;
  samples: number;
  seed: number;
  walkEveryExecution?: boolean;
}

const sample = (name: string) => () => JSON.parse(readFileSync(fileURLToPath(new URL(`../../io/samples/${name}.json`, import.meta.url)), 'utf8')) as Flow;

const CASES: Case[] = [
  ...SAMPLES.map((name) => ({ name, flow: sample(name), samples: 3000, seed: 1 })),
  { name: 'generated 1000 modules, point values, 5000 runs', flow: () => generateFlow({ modules: 1000, seed: 1, rangeShare: 0 }), samples: 5000, seed: 1 },
  { name: 'generated 1000 modules, ranges 0.15, 5000 runs', flow: () => generateFlow({ modules: 1000, seed: 1, rangeShare: 0.15 }), samples: 5000, seed: 7 },
  { name: 'generated 300 modules, ranges 0.5', flow: () => generateFlow({ modules: 300, seed: 11, rangeShare: 0.5 }), samples: 2000, seed: 3 },
  { name: 'generated 2500 modules, ranges 0.3, past the percentile cap', flow: () => generateFlow({ modules: 2500, seed: 5, rangeShare: 0.3 }), samples: 1800, seed: 2 },
  { name: 'generated 400 modules with failures and pages', flow: () => withFailures(generateFlow({ modules: 400, seed: 9 })), samples: 1500, seed: 4 },
  { name: 'generated 120 modules with failures, every execution walked', flow: () => withFailures(generateFlow({ modules: 120, seed: 12 })), samples: 600, seed: 5, walkEveryExecution: true },
];

/** The headline figures of a result and a digest of every double in it, bit for bit. */
function fingerprint(result: SimulationResult): Record<string, number | string> {
  const doubles: number[] = [
    result.samples, result.mean, result.p50, result.p90, result.p99, result.stdError, result.executionsPerRun,
    result.nodeQuantileSamples, result.perMonth.p50, result.perMonth.p90,
  ];
  for (const b of result.histogram) doubles.push(b.start, b.end, b.count);
  for (const n of result.nodes) doubles.push(n.mean, n.p10, n.p90);
  const hash = createHash('sha256');
  hash.update(Buffer.from(Float64Array.from(doubles).buffer));
  hash.update(Buffer.from(result.runs.buffer, result.runs.byteOffset, result.runs.byteLength));
  hash.update(result.nodes.map((n) => n.id).join('\n'));
  return { mean: result.mean, p50: result.p50, p99: result.p99, executionsPerRun: result.executionsPerRun, digest: hash.digest('hex') };
}

function runAll(): Record<string, Record<string, number | string>> {
  const out: Record<string, Record<string, number | string>> = {};
  for (const c of CASES) {
    const result = simulate(c.flow(), { samples: c.samples, seed: c.seed, ...(c.walkEveryExecution ? { walkEveryExecution: true } : {}) });
    out[c.name] = fingerprint(result);
  }
  return out;
}

describe('simulated numbers are those of 40f527b, bit for bit', () => {
  it('on the sample flows and generated flows, fixed seeds', { timeout: 120_000 }, () => {
    const now = runAll();
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(FIXTURE)) {
      writeFileSync(FIXTURE, `${JSON.stringify(now, null, 2)}\n`);
      return;
    }
    const golden = JSON.parse(readFileSync(FIXTURE, 'utf8')) as typeof now;
    expect(Object.keys(now)).toEqual(Object.keys(golden));
    for (const name of Object.keys(golden)) expect({ name, ...now[name] }).toEqual({ name, ...golden[name] });
  });
});
