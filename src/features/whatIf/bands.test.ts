import { describe, expect, it } from 'vitest';
import { nodeQuantileRuns, simulate } from '../../cost/simulate';
import { chain, flowOf, type Spec } from '../../model/testing/flowOf';
import { bandsOf } from './bands';

describe('bandsOf', () => {
  it("gives each module the P10 and P90 of its credits per run from the simulation, memoised per result", () => {
    const flow = flowOf(
      [
        ['t', 'trigger'],
        ['slow', 'ai_agent', { durationSec: { min: 1, likely: 5, max: 60 } }],
        ['fixed', 'action', { durationSec: 2 }],
      ],
      chain('t', 'slow', 'fixed'),
    );
    const result = simulate(flow, { samples: 2000, seed: 3 });
    const bands = bandsOf(result);
    expect(bandsOf(result)).toBe(bands);
    const slow = bands.get('slow')!;
    const fixed = bands.get('fixed')!;
    const node = (id: string) => result.nodes.find((n) => n.id === id)!;
    expect(slow).toEqual({ p10: node('slow').p10, p90: node('slow').p90 });
    // A ranged duration spreads the module's cost; a fixed one does not.
    expect(slow.p90).toBeGreaterThan(slow.p10);
    expect(fixed.p90).toBe(fixed.p10);
    expect(bands.has('nope')).toBe(false);
  });
});

describe('the bands of a smaller run', () => {
  it('are the very numbers of the full run: module percentiles come from its first runs only', () => {
    const ids = Array.from({ length: 1200 }, (_, i) => `a${i}`);
    const ranged: Spec[] = ids.map((id) => [id, 'action', { durationSec: { min: 1, likely: 3, max: 40 } }]);
    const flow = flowOf([['t', 'trigger'], ...ranged], chain('t', ...ids));
    const full = simulate(flow, { samples: 5000, seed: 9 });
    const runs = nodeQuantileRuns(5000, flow.modules.length);
    expect(runs).toBe(Math.floor(4_000_000 / 1201));
    expect(runs).toBeLessThan(5000);
    const small = simulate(flow, { samples: runs, seed: 9 });
    expect(small.nodeQuantileSamples).toBe(full.nodeQuantileSamples);
    expect(bandsOf(small)).toEqual(bandsOf(full));
  });
});
