import { describe, expect, it } from 'vitest';
import { NODE_QUANTILE_CAP, nodeQuantileRuns, simulate } from '../../cost/simulate';
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

// Two simulations past NODE_QUANTILE_CAP (4,000,000 module-runs: the cap is what is tested, so
// the work cannot be smaller): about 8.6 million draws, 1.5 s on a quiet 2-core machine and 6 s
// with five CPU hogs beside it (issue 18, item 28), so it is given 30 s rather than Vitest's 5.
describe('the bands of a smaller run', { timeout: 30_000 }, () => {
  it('are the very numbers of the full run: module percentiles come from its first runs only', () => {
    const ids = Array.from({ length: 1200 }, (_, i) => `a${i}`);
    const ranged: Spec[] = ids.map((id) => [id, 'action', { durationSec: { min: 1, likely: 3, max: 40 } }]);
    const flow = flowOf([['t', 'trigger'], ...ranged], chain('t', ...ids));
    const runs = nodeQuantileRuns(Number.MAX_SAFE_INTEGER, flow.modules.length);
    expect(runs).toBe(Math.floor(NODE_QUANTILE_CAP / 1201));
    // The full run has 500 runs more than its module percentiles are taken from, so percentiles
    // taken from all its runs would differ; no more, as each run costs 1,201 draws.
    const full = simulate(flow, { samples: runs + 500, seed: 9 });
    const small = simulate(flow, { samples: runs, seed: 9 });
    expect(full.nodeQuantileSamples).toBe(runs);
    expect(small.nodeQuantileSamples).toBe(runs);
    expect(bandsOf(small)).toEqual(bandsOf(full));
  });
});
