/**
 * The cost command on version 3 files (cost-model.md §7), figures worked out by hand: an error
 * branch, a paged search in a loop, runs per month from the trigger's schedule, and a bad cron.
 */
import { describe, expect, it } from 'vitest';
import { runCost } from './run';
import { REAL_FILES, refusedIn, tempDir, writeTemp } from './testing';
import { applyScenario } from '../model/scenario';
import { simulateForCli } from './simulation';

const dir = tempDir();
const bare = { durationSec: 0, payloadKB: 0 };

function v3File(schedule: string, settings: Record<string, unknown> = {}): string {
  return JSON.stringify({
    format: 'creditflow',
    version: 3,
    name: 'Version 3',
    settings,
    modules: [
      { id: 't', type: 'trigger', name: 'Every half hour', config: { schedule }, assumptions: bare },
      { id: 'i', type: 'iterator', name: 'Each record', assumptions: { ...bare, iterations: 10 } },
      { id: 's', type: 'search', name: 'Find pages', assumptions: { ...bare, pages: 3, failureRate: 0.1, retries: 0.5 } },
      { id: 'g', type: 'aggregator', name: 'Collect', config: { iteratorId: 'i' }, assumptions: bare },
      { id: 'e', type: 'action', name: 'Report failure', assumptions: bare },
    ],
    edges: [
      { id: 'e1', source: 't', target: 'i' },
      { id: 'e2', source: 'i', target: 's' },
      { id: 'e3', source: 's', target: 'g' },
      { id: 'e4', source: 's', target: 'e', error: true },
    ],
  });
}

describe('cost CLI: version 3 files', () => {
  it('prices an error branch and a paged search in a loop, and takes runs per month from the schedule', () => {
    // S: m 10, S(n) = 0.5·10·0.9 + 0.5·10·2 = 14.5, credits 1.5·(10 + 14.5) = 36.75; E: 0.1·10 = 1 → 1 credit.
    // Total 37.75 a run; */30 8-17 every day fires 2·10·365 = 7,300 times in 2026 → 608.33 runs a month.
    writeTemp(dir, 'v3.json', v3File('*/30 8-17 * * *'));
    const out = runCost({ argv: ['v3.json', '--json'], cwd: dir, files: REAL_FILES });
    expect(out.stderr).toBe('');
    expect(out.exitCode).toBe(0);
    const json = JSON.parse(out.stdout) as { total: number; perMonth: number; nodes: { id: string; executions: number; credits: number }[] };
    expect(json.total).toBeCloseTo(37.75, 10);
    expect(json.perMonth).toBeCloseTo(37.75 * (7300 / 12), 6);
    const node = (id: string) => json.nodes.find((n) => n.id === id)!;
    expect(node('s').credits).toBeCloseTo(36.75, 10);
    expect(node('e').executions).toBeCloseTo(1, 10);
  });

  it('explicit runs per month win over the schedule', () => {
    writeTemp(dir, 'explicit.json', v3File('*/30 8-17 * * *', { runsPerMonth: 100 }));
    const out = runCost({ argv: ['explicit.json', '--json'], cwd: dir, files: REAL_FILES });
    expect((JSON.parse(out.stdout) as { perMonth: number }).perMonth).toBeCloseTo(3775, 8);
  });

  it('simulates a version 3 file: the mean is near the point estimate', () => {
    writeTemp(dir, 'sim.json', v3File('0 9 * * 1-5'));
    const out = runCost({ argv: ['sim.json', '--json', '--samples', '4000', '--seed', '1'], cwd: dir, files: REAL_FILES, engine: { applyScenario, simulate: simulateForCli } });
    expect(out.exitCode).toBe(0);
    const json = JSON.parse(out.stdout) as { simulation: { mean: number } };
    expect(Math.abs(json.simulation.mean - 37.75)).toBeLessThan(1);
  });

  it('refuses a bad cron, naming the trigger, the field and the cron field at fault', () => {
    const stderr = refusedIn(dir, v3File('*/30 8-25 * * *'), 'bad-cron.json');
    expect(stderr).toContain('config.schedule');
    expect(stderr).toContain('the hour field "8-25": 25 is out of range 0–23');
  });
});
