/**
 * Simulated runs of version 3 flows (cost-model.md §6 + §7): each execution draws whether it fails
 * (a failed bundle takes the error edge, else stops) and, for a search with a range, its pages.
 */
import { describe, expect, it } from 'vitest';
import type { Assumptions, Flow } from '../model/types';
import { priceFlow } from './price';
import { simulate } from './simulate';
import { flowOf, type Spec } from '../model/testing/flowOf';
import { generateFlow } from '../model/generate';
import { canFail } from '../model/types';
import fc from 'fast-check';

const SLOW = { timeout: 60_000 };
const bare = (more: Assumptions = {}): Assumptions => ({ durationSec: 0, payloadKB: 0, ...more });
const TRIGGER: Spec = ['t', 'trigger', bare()];

function expectNear(actual: number, expected: number, stdError: number, k = 5) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(k * stdError + 1e-9 * Math.max(1, Math.abs(expected)));
}

/** t → I (N 10) → S (p 3, φ 0.1, retries 0.5) → G; S ⇢ E (error) → F; a failure without error edge at A. */
function failingLoop(): Flow {
  return flowOf(
    [
      TRIGGER,
      ['i', 'iterator', bare({ iterations: 10 })],
      ['s', 'search', bare({ pages: 3, failureRate: 0.1, retries: 0.5 })],
      ['g', 'aggregator', bare(), { iteratorId: 'i' }],
      ['a', 'action', bare({ failureRate: 0.3 })],
      ['b', 'action', bare()],
      ['e', 'ai_agent', bare({ extraCredits: 2 })],
    ],
    [
      { source: 't', target: 'i' },
      { source: 'i', target: 's' },
      { source: 's', target: 'g' },
      { source: 's', target: 'e', error: true },
      { source: 'g', target: 'a' },
      { source: 'a', target: 'b' },
    ],
  );
}

describe('simulated runs: failures and pages (cost-model §7)', SLOW, () => {
  it('the mean run converges to the point estimate, module by module, without ranges', () => {
    // Point estimate: S 1.5·(10 + 14.5) = 36.75; E 1 execution × 3 = 3; A 1; B 0.7. Total 41.45.
    const flow = failingLoop();
    const cost = priceFlow(flow);
    expect(cost.total).toBeCloseTo(41.45, 12);
    const sim = simulate(flow, { samples: 20_000, seed: 3 });
    expectNear(sim.mean, cost.total, sim.stdError);
    const e = sim.nodes.find((n) => n.id === 'e')!;
    const b = sim.nodes.find((n) => n.id === 'b')!;
    // E runs Binomial(10, 0.1) times a run at 3 credits: mean 3, sd 3·√0.9 ≈ 2.85; B runs with probability 0.7.
    expectNear(e.mean, 3, (3 * Math.sqrt(0.9)) / Math.sqrt(20_000));
    expectNear(b.mean, 0.7, Math.sqrt(0.21) / Math.sqrt(20_000));
  });

  it('a failure rate of 1 sends every bundle along the error edge, and 0 never', () => {
    const flow = (phi: number) =>
      flowOf(
        [TRIGGER, ['a', 'code', bare({ failureRate: phi })], ['b', 'action', bare()], ['e', 'action', bare({ extraCredits: 1 })]],
        [
          { source: 't', target: 'a' },
          { source: 'a', target: 'b' },
          { source: 'a', target: 'e', error: true },
        ],
      );
    // φ = 1: A 1 + E 2 = 3 on every run; φ = 0: A 1 + B 1 = 2.
    const all = simulate(flow(1), { samples: 200, seed: 1 });
    expect([all.mean, all.p50, all.p99]).toEqual([3, 3, 3]);
    const none = simulate(flow(0), { samples: 200, seed: 1 });
    expect([none.mean, none.p50, none.p99]).toEqual([2, 2, 2]);
  });

  it('pages drawn per execution from a range: the mean surcharge is σ·(mean pages − 1), never rounded', () => {
    // One search outside loops, pages triangular(1, 2, 6): mean (1 + 2 + 6) / 3 = 3 → σ·2 = 1 on top of 1.
    const flow = flowOf([TRIGGER, ['s', 'search', bare({ pages: { min: 1, likely: 2, max: 6 } })]], [{ source: 't', target: 's' }]);
    const sim = simulate(flow, { samples: 20_000, seed: 8 });
    expectNear(sim.mean, 2, sim.stdError);
    // Not rounded: the runs take many values, not only whole pages.
    expect(new Set(sim.runs.slice(0, 100)).size).toBeGreaterThan(50);
  });

  it('the same seed gives the same runs, and the fast walk gives the runs of walking every execution', () => {
    const flow = failingLoop();
    const one = simulate(flow, { samples: 500, seed: 42 });
    const two = simulate(flow, { samples: 500, seed: 42 });
    expect(Array.from(one.runs)).toEqual(Array.from(two.runs));
    const slow = simulate(flow, { samples: 500, seed: 42, walkEveryExecution: true });
    for (let i = 0; i < 500; i++) expect(Math.abs(one.runs[i]! - slow.runs[i]!)).toBeLessThanOrEqual(1e-9 * Math.max(1, slow.runs[i]!));
  });

  it('fast walk = walking every execution on generated flows with failures and paged searches (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 80 }), fc.integer({ min: 1, max: 100_000 }), fc.integer(), (modules, seed, runSeed) => {
        const flow = generateFlow({ modules, seed });
        flow.modules.forEach((m, i) => {
          if (canFail(m.type) && i % 3 === 0) m.assumptions = { ...m.assumptions, failureRate: i % 2 === 0 ? 0.2 : { min: 0, likely: 0.1, max: 0.5 } };
          if (m.type === 'search' && i % 2 === 1) m.assumptions = { ...m.assumptions, pages: i % 4 === 1 ? 2.5 : { min: 1, likely: 2, max: 4 } };
        });
        const fast = simulate(flow, { samples: 30, seed: runSeed });
        const slow = simulate(flow, { samples: 30, seed: runSeed, walkEveryExecution: true });
        for (let i = 0; i < 30; i++) expect(Math.abs(fast.runs[i]! - slow.runs[i]!)).toBeLessThanOrEqual(1e-9 * Math.max(1, slow.runs[i]!));
      }),
      { numRuns: 60 },
    );
  });
});
