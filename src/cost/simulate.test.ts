import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Assumptions, Flow } from '../model/types';
import { brokenFlowArbitrary } from '../model/testing/arbitraries';
import { priceFlow } from './price';
import { SampleBuffers, SimulationRefused, simulate, simulateChunk, trySimulate } from './simulate';
import { generateFlow } from '../model/generate';
import { chain, flowOf, type Spec } from '../model/testing/flowOf';
import { traceRun } from './simulation/trace';
import { rateCardOf } from './price';

// Simulations of 20,000 runs take a while on a busy machine.
const SLOW = { timeout: 60_000 };

/** A module that costs exactly 1 credit per execution. */
const ONE: Assumptions = { durationSec: 0, payloadKB: 0 };
const FREE_TRIGGER: Spec = ['t', 'trigger', { payloadKB: 0 }];

/** Within k standard errors (plus float noise when the run cost does not vary). */
function expectNear(actual: number, expected: number, stdError: number, k = 4) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(k * stdError + 1e-9 * Math.max(1, Math.abs(expected)));
}

/** A flow where the point estimate is exact: no filters inside loops, routers outside loops. */
function exactFlow(): Flow {
  return flowOf(
    [
      ['t', 'trigger', { payloadKB: 2 }],
      ['r', 'router', undefined, { mode: 'exclusive' }],
      ['a', 'ai_agent', { durationSec: 4, payloadKB: 8, retries: 0.3, extraCredits: 2 }],
      ['b', 'search', { durationSec: 1, payloadKB: 30 }],
      ['fb', 'code', { durationSec: 0.5, retries: 1.5 }],
      ['o', 'octopus'],
      ['i', 'iterator', { iterations: 7.5 }],
      ['s', 'search', { durationSec: 1.5, payloadKB: 40, retries: 0.1 }],
      ['j', 'iterator', { iterations: 2.25 }],
      ['c', 'code', { durationSec: 0.3 }],
      ['gj', 'aggregator', undefined, { iteratorId: 'j' }],
      ['gi', 'aggregator', undefined, { iteratorId: 'i' }],
      ['sr', 'router', undefined, { mode: 'standard' }],
      ['x', 'action', { durationSec: 2 }],
      ['y', 'action', { durationSec: 1 }],
      ['z', 'response', { durationSec: 0.2 }],
      ['after', 'action', { durationSec: 1 }],
      ['last', 'response'],
    ],
    [
      { source: 't', target: 'r' },
      { source: 'r', target: 'a', route: { priority: 2, passRate: 0.3, fallback: false } },
      { source: 'r', target: 'b', route: { priority: 1, passRate: 0.45, fallback: false } },
      { source: 'r', target: 'fb', route: { priority: 3, passRate: 0, fallback: true } },
      { source: 'a', target: 'o' },
      { source: 'b', target: 'o' },
      { source: 'fb', target: 'o' },
      { source: 'o', target: 'i', filter: { mode: 'break', passRate: 0.8 } },
      ...chain('i', 's', 'j', 'c', 'gj', 'gi', 'sr'),
      { source: 'sr', target: 'x', route: { priority: 1, passRate: 0.6, fallback: false } },
      { source: 'sr', target: 'y', route: { priority: 2, passRate: 0.3, fallback: false } },
      { source: 'sr', target: 'z', route: { priority: 3, passRate: 0, fallback: true } },
      { source: 'x', target: 'after', filter: { mode: 'skip', passRate: 0.4 } },
      { source: 'after', target: 'last' },
    ],
    { runsPerMonth: 2000 },
  );
}

describe('simulate: converges to the point estimate where it is exact', SLOW, () => {
  it('matches priceFlow within 4 standard errors at 20,000 runs (seed 1), total and per node', () => {
    const flow = exactFlow();
    const point = priceFlow(flow);
    const sim = simulate(flow, { samples: 20_000, seed: 1 });
    expect(sim.samples).toBe(20_000);
    expect(sim.stdError).toBeGreaterThan(0);
    expectNear(sim.mean, point.total, sim.stdError);
    // Per node: compare with the node's own sampling error (from its P10–P90 spread as a bound).
    for (const node of sim.nodes) {
      const expected = point.byId.get(node.id)!.credits;
      expect(Math.abs(node.mean - expected)).toBeLessThanOrEqual(0.05 * Math.max(1, expected));
    }
    expect(sim.perMonth.p50).toBeCloseTo(2000 * sim.mean, 6);
    expect(sim.perMonth.p90).toBeCloseTo(2000 * sim.mean, 6);
  });

  it('the worked example of cost-model §5 (deterministic but for retries)', () => {
    const flow = flowOf(
      [
        ['trigger', 'trigger', { durationSec: 0, payloadKB: 2 }],
        ['search', 'search', { durationSec: 1.5, payloadKB: 40 }],
        ['iterator', 'iterator', { iterations: 20, payloadKB: 0 }],
        ['agent', 'ai_agent', { durationSec: 4, payloadKB: 8, retries: 0.1, extraCredits: 2 }],
        ['aggregator', 'aggregator', { payloadKB: 0 }, { iteratorId: 'iterator' }],
        ['response', 'response', { durationSec: 0.2, payloadKB: 1 }],
      ],
      chain('trigger', 'search', 'iterator', 'agent', 'aggregator', 'response'),
    );
    const sim = simulate(flow, { samples: 20_000, seed: 7 });
    expectNear(sim.mean, 78.652353, sim.stdError);
    expect(sim.nodes.find((n) => n.id === 'aggregator')!.mean).toBe(0);
    // The agent costs 20 attempts plus a retry per attempt one time in ten.
    const attempt = 1 + Math.log2(1.4) + 0.25 * Math.log2(1.08) + 2;
    expect(sim.p50).toBeGreaterThanOrEqual(0.007142 + 1.322991 + 20 * attempt + 0.032158 - 1e-6);
  });

  it('pays the search surcharge on every item but the first of its loop execution', () => {
    const flow = flowOf([FREE_TRIGGER, ['i', 'iterator', { iterations: 20 }], ['s', 'search', ONE]], chain('t', 'i', 's'));
    const sim = simulate(flow, { samples: 50, seed: 3 });
    expect(sim.stdError).toBe(0);
    expect(sim.mean).toBeCloseTo(20 + 0.5 * 19, 12);
    expect(sim.mean).toBeCloseTo(priceFlow(flow).total, 12);
  });
});

describe('simulate: reproducible', SLOW, () => {
  it('the same seed gives identical results, another seed different runs', () => {
    const flow = exactFlow();
    const a = simulate(flow, { samples: 2000, seed: 42 });
    const b = simulate(flow, { samples: 2000, seed: 42 });
    expect(b).toEqual(a);
    expect(Array.from(b.runs)).toEqual(Array.from(a.runs));
    const c = simulate(flow, { samples: 2000, seed: 43 });
    expect(Array.from(c.runs)).not.toEqual(Array.from(a.runs));
    expect(c.mean).not.toBe(a.mean);
  });
});

describe('simulate: routing and loops', SLOW, () => {
  const routed = (mode: 'standard' | 'exclusive') =>
    flowOf(
      [FREE_TRIGGER, ['r', 'router', undefined, { mode }], ['a', 'action', ONE], ['b', 'action', ONE], ['f', 'action', ONE]],
      [
        { source: 't', target: 'r' },
        { source: 'r', target: 'a', route: { priority: 1, passRate: 0.2, fallback: false } },
        { source: 'r', target: 'b', route: { priority: 2, passRate: 0.5, fallback: false } },
        { source: 'r', target: 'f', route: { priority: 3, passRate: 0, fallback: true } },
      ],
    );
  const freq = (sim: ReturnType<typeof simulate>, id: string) => sim.nodes.find((n) => n.id === id)!.mean;
  const tol = (p: number, n: number) => 4 * Math.sqrt((p * (1 - p)) / n);

  it('exclusive: one route per bundle, the fallback what is left', () => {
    const n = 20_000;
    const sim = simulate(routed('exclusive'), { samples: n, seed: 5 });
    expect(Math.abs(freq(sim, 'a') - 0.2)).toBeLessThan(tol(0.2, n));
    expect(Math.abs(freq(sim, 'b') - 0.5)).toBeLessThan(tol(0.5, n));
    expect(Math.abs(freq(sim, 'f') - 0.3)).toBeLessThan(tol(0.3, n));
    // Exactly one route each run.
    expect(Array.from(sim.runs).every((r) => r === 1)).toBe(true);
  });

  it('standard: routes pass independently, the fallback when none did', () => {
    const n = 20_000;
    const sim = simulate(routed('standard'), { samples: n, seed: 5 });
    expect(Math.abs(freq(sim, 'a') - 0.2)).toBeLessThan(tol(0.2, n));
    expect(Math.abs(freq(sim, 'b') - 0.5)).toBeLessThan(tol(0.5, n));
    expect(Math.abs(freq(sim, 'f') - 0.4)).toBeLessThan(tol(0.4, n));
    expect(sim.runs.some((r) => r === 2)).toBe(true); // both routes in one run
  });

  it('exclusive priority decides which route wins when shares overlap the draw', () => {
    // Shares 0.7 + 0.7 > 1 (invalid, but the walk still follows priority): the first takes 70 %.
    const flow = routed('exclusive');
    flow.edges[1]!.route!.passRate = 0.7;
    flow.edges[2]!.route!.passRate = 0.7;
    flow.edges[1]!.route!.priority = 2;
    flow.edges[2]!.route!.priority = 1;
    const sim = simulate(flow, { samples: 10_000, seed: 9 });
    expect(Math.abs(freq(sim, 'b') - 0.7)).toBeLessThan(tol(0.7, 10_000));
    expect(Math.abs(freq(sim, 'a') - 0.3)).toBeLessThan(tol(0.3, 10_000));
    expect(freq(sim, 'f')).toBe(0);
  });

  it('fractional iterations: ⌊N⌋ items plus one with probability N − ⌊N⌋; the aggregator runs when ≥ 1 item came', () => {
    const loop = (N: number) =>
      flowOf(
        [FREE_TRIGGER, ['i', 'iterator', { iterations: N }], ['a', 'action', ONE], ['g', 'aggregator', undefined, { iteratorId: 'i' }], ['z', 'action', ONE]],
        chain('t', 'i', 'a', 'g', 'z'),
      );
    const n = 20_000;
    const half = simulate(loop(0.5), { samples: n, seed: 2 });
    expect(Math.abs(freq(half, 'a') - 0.5)).toBeLessThan(tol(0.5, n));
    expect(freq(half, 'z')).toBe(freq(half, 'a')); // z runs exactly when the single item came
    const more = simulate(loop(2.25), { samples: n, seed: 2 });
    expect(Math.abs(freq(more, 'a') - 2.25)).toBeLessThan(4 * Math.sqrt(0.25 * 0.75 / n));
    expect(new Set(Array.from(more.runs))).toEqual(new Set([3, 4])); // 2 or 3 items, then z once
    expect(freq(simulate(loop(0), { samples: 100, seed: 2 }), 'z')).toBe(0);
  });

  it('with a filter inside a loop, the aggregator figure is exact (below the point upper bound)', () => {
    const flow = flowOf(
      [FREE_TRIGGER, ['i', 'iterator', { iterations: 2 }], ['a', 'action', ONE], ['g', 'aggregator', undefined, { iteratorId: 'i' }], ['z', 'action', ONE]],
      [{ source: 't', target: 'i' }, { source: 'i', target: 'a', filter: { mode: 'break', passRate: 0.5 } }, ...chain('a', 'g', 'z')],
    );
    const n = 20_000;
    const sim = simulate(flow, { samples: n, seed: 4 });
    // z runs when at least one of the two items passed: 1 − 0.5² = 0.75; the point estimate says 1.
    expect(Math.abs(freq(sim, 'z') - 0.75)).toBeLessThan(tol(0.75, n));
    expect(priceFlow(flow).byId.get('z')!.executions).toBe(1);
  });

  it('nested loops multiply, break and skip filters behave as in the point estimate', () => {
    const flow = flowOf(
      [
        FREE_TRIGGER,
        ['o', 'iterator', { iterations: 3 }],
        ['i', 'iterator', { iterations: 4 }],
        ['a', 'action', ONE],
        ['gi', 'aggregator', undefined, { iteratorId: 'i' }],
        ['go', 'aggregator', undefined, { iteratorId: 'o' }],
        ['k', 'action', ONE],
        ['m', 'action', ONE],
      ],
      [...chain('t', 'o', 'i', 'a', 'gi', 'go'), { source: 'go', target: 'k', filter: { mode: 'skip', passRate: 0.25 } }, { source: 'k', target: 'm' }],
    );
    const sim = simulate(flow, { samples: 20_000, seed: 8 });
    expect(freq(sim, 'a')).toBe(12);
    expect(Math.abs(freq(sim, 'k') - 0.25)).toBeLessThan(tol(0.25, 20_000));
    expect(freq(sim, 'm')).toBe(1);
  });
});

describe('simulate: ranges, months and reporting', SLOW, () => {
  it('draws a filter pass rate once per run from its range', () => {
    const flow = flowOf(
      [FREE_TRIGGER, ['i', 'iterator', { iterations: 100 }], ['a', 'action', ONE]],
      [{ source: 't', target: 'i' }, { source: 'i', target: 'a', filter: { mode: 'break', passRate: { min: 0, likely: 0.3, max: 0.9 } } }],
      { runsPerMonth: { min: 500, likely: 1000, max: 4000 } },
    );
    const sim = simulate(flow, { samples: 5000, seed: 11 });
    expectNear(sim.mean, 100 * (0 + 0.3 + 0.9) / 3, sim.stdError);
    // Per run the rate is shared by all 100 items, so runs spread far more than binomially.
    expect(sim.p90 - sim.p50).toBeGreaterThan(15);
    expect(sim.perMonth.p90).toBeGreaterThan(sim.perMonth.p50);
    expect(sim.perMonth.p50).toBeGreaterThan(500 * sim.mean);
  });

  it('reports nearest-rank percentiles, a histogram of every run, per-node bands and progress', () => {
    const progress: [number, number][] = [];
    const sim = simulate(exactFlow(), { samples: 1000, seed: 1, onProgress: (d, t) => progress.push([d, t]) });
    const sorted = Array.from(sim.runs).sort((a, b) => a - b);
    expect(sim.p50).toBe(sorted[499]);
    expect(sim.p90).toBe(sorted[899]);
    expect(sim.p99).toBe(sorted[989]);
    expect(sim.histogram.reduce((s, b) => s + b.count, 0)).toBe(1000);
    expect(sim.histogram[0]!.start).toBe(sorted[0]);
    expect(sim.histogram.at(-1)!.end).toBe(sorted[999]);
    for (const node of sim.nodes) expect(node.p10).toBeLessThanOrEqual(node.p90);
    expect(progress.at(-1)).toEqual([1000, 1000]);
  });

  it("per-module P10/P90 are nearest-rank over the module's cost per run", () => {
    const flow = flowOf(
      [FREE_TRIGGER, ['i', 'iterator', { iterations: { min: 0, likely: 5, max: 30 }, payloadKB: 0 }], ['a', 'action', ONE]],
      chain('t', 'i', 'a'),
    );
    const sim = simulate(flow, { samples: 3001, seed: 12 });
    // Only 'a' costs anything, so its per-run cost is the run total.
    const sorted = Array.from(sim.runs).sort((x, y) => x - y);
    const a = sim.nodes.find((n) => n.id === 'a')!;
    expect(sim.nodeQuantileSamples).toBe(3001);
    expect(a.p90).toBe(sorted[Math.ceil(0.9 * 3001) - 1]);
    expect(a.p10).toBe(sorted[Math.ceil(0.1 * 3001) - 1]);
    expect(a.mean).toBeCloseTo(sim.mean, 9);
  });

  it('stops between runs when asked, with what it has', () => {
    let calls = 0;
    const sim = simulate(exactFlow(), { samples: 1000, seed: 1, shouldStop: () => ++calls > 10 });
    expect(sim.stopped).toBe(true);
    expect(sim.samples).toBe(10);
    expect(sim.runs).toHaveLength(10);
  });

  it('refuses enormous work at once, with a message, instead of hanging', () => {
    const flow = flowOf([FREE_TRIGGER, ['i', 'iterator', { iterations: 1e12 }], ['a', 'action', ONE]], chain('t', 'i', 'a'));
    const started = Date.now();
    const outcome = trySimulate(flow, { samples: 100, seed: 1 });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.error.code).toBe('too-much-work');
      expect(outcome.error.message).toMatch(/loops smaller/);
    }
    expect(() => simulate(flow, { samples: 100, seed: 1 })).toThrow(SimulationRefused);
    expect(trySimulate(flow, { samples: 0, seed: 1 }).ok).toBe(false);
  });

  it('never throws on structurally broken flows', () => {
    fc.assert(
      fc.property(brokenFlowArbitrary({ maxModules: 30 }), fc.integer(), (flow, seed) => {
        const outcome = trySimulate(flow, { samples: 20, seed });
        if (outcome.ok) {
          expect(Number.isFinite(outcome.result.mean)).toBe(true);
          expect(outcome.result.mean).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('SampleBuffers', () => {
  it('hands one samples buffer from a finished simulation to the next, with the same numbers as without it', () => {
    const flow = generateFlow({ modules: 60, seed: 4, rangeShare: 0.4 });
    const buffers = new SampleBuffers();
    const plain = simulate(flow, { samples: 300, seed: 9 });
    const first = simulate(flow, { samples: 300, seed: 9, buffers });
    const spare = buffers.spare(60 * 300)!;
    buffers.give(spare);
    const second = simulate(flow, { samples: 300, seed: 9, buffers });
    expect(first.nodes).toEqual(plain.nodes);
    expect(second.nodes).toEqual(plain.nodes);
    expect(second.p90).toBe(plain.p90);
    // the buffer the first simulation gave back is the one taken again
    expect(buffers.spare(60 * 300)).toBe(spare);
  });

  it('a finished share keeps its samples while later simulations take buffers from the same spare', () => {
    const flow = generateFlow({ modules: 60, seed: 4, rangeShare: 0.4 });
    const buffers = new SampleBuffers();
    const share = simulateChunk(flow, { samples: 600, seed: 9, range: { from: 0, to: 512 }, buffers });
    const before = Float32Array.from(share.nodeSamples);
    simulateChunk(flow, { samples: 600, seed: 10, range: { from: 0, to: 512 }, buffers });
    simulate(flow, { samples: 512, seed: 11, buffers });
    simulate(flow, { samples: 600, seed: 12, buffers });
    expect(share.nodeSamples).toEqual(before);
  });

  it('never lends one buffer to two simulations at once', () => {
    const buffers = new SampleBuffers();
    const a = new Float32Array(1000);
    buffers.give(a);
    const b = buffers.spare(1000);
    const c = buffers.spare(1000);
    expect(b).toBe(a);
    expect(c).not.toBe(b);
  });
});

describe('simulate: pass rates given as ranges, more than the walk draws ahead', SLOW, () => {
  /**
   * A chain of `length` modules whose every edge has a skip filter with a ranged pass rate, and a
   * standard router at the end with three ranged routes: each run draws `length` + 2 pass rates
   * before its first step, more than the walk's buffer of numbers drawn ahead holds (512 here), so
   * the buffer is refilled among them.
   */
  function rangedChain(length: number): Flow {
    const specs: Spec[] = [FREE_TRIGGER];
    const edges: Parameters<typeof flowOf>[1] = [];
    for (let i = 1; i <= length; i++) {
      specs.push([`m${i}`, 'action', { durationSec: { min: 0, likely: 1, max: 3 }, payloadKB: 0 }]);
      edges.push({ source: i === 1 ? 't' : `m${i - 1}`, target: `m${i}`, filter: { mode: 'skip', passRate: { min: 0.2, likely: 0.6, max: 1 } } });
    }
    specs.push(['r', 'router', undefined, { mode: 'standard' }], ['x', 'action', ONE], ['y', 'action', ONE], ['z', 'action', ONE]);
    edges.push({ source: `m${length}`, target: 'r' });
    ['x', 'y', 'z'].forEach((target, i) =>
      edges.push({ source: 'r', target, route: { priority: i + 1, passRate: i === 2 ? 0 : { min: 0.1, likely: 0.5, max: 0.9 }, fallback: i === 2 } }),
    );
    return flowOf(specs, edges.map((e, i) => ({ id: `e${i}`, ...e })));
  }

  it('the first run of a seed is its trace (which draws one number at a time), for several seeds', () => {
    const flow = rangedChain(1300);
    for (const seed of [1, 2, 77]) {
      const trace = traceRun(flow, rateCardOf(flow), seed);
      expect(simulate(flow, { samples: 2, seed, walkEveryExecution: true }).runs[0]).toBe(trace.total);
      expect(simulate(flow, { samples: 2, seed }).runs[0]).toBeCloseTo(trace.total, 9);
    }
  });

  it('every run is the same whether its block is walked alone or after the runs before it', () => {
    // Runs 256.. start a block of their own (a fresh stream); walked after runs 0..255 or on
    // their own (a share of the runs), the prologue meets the buffer at different points.
    const flow = rangedChain(700);
    const whole = simulate(flow, { samples: 600, seed: 5 });
    const share = simulateChunk(flow, { samples: 600, seed: 5, range: { from: 256, to: 600 } });
    expect(Array.from(share.runs)).toEqual(Array.from(whole.runs.subarray(256)));
  });
});
