import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { brokenFlowArbitrary, validFlowArbitrary } from '../model/testing/arbitraries';
import { generateFlow } from '../model/generate';
import { chain, flowOf } from '../model/testing/flowOf';
import { simulate, NODE_QUANTILE_CAP } from './simulate';
import { createRng } from '../model/rng';
import { pointOf, type Edge, type Estimate, type Flow, type Module } from '../model/types';

const SLOW = { timeout: 120_000 };

/**
 * A generated flow where most things draw nothing (ranges at their likely value, whole retries
 * and iterations, filters and routes that always or never pass), so that fixed parts of every
 * kind occur: loops, nested loops, searches in loops, routers, skip filters, merges.
 */
function mostlyFixed(flow: Flow, seed: number): Flow {
  const rng = createRng(seed);
  const fix = () => rng() < 0.75;
  const likely = (e: Estimate | undefined): Estimate | undefined => (e === undefined || typeof e === 'number' ? e : e.likely);
  const modules = flow.modules.map((m): Module => {
    if (!fix() || !m.assumptions) return m;
    const a = { ...m.assumptions } as Record<string, Estimate | undefined>;
    for (const key of ['durationSec', 'payloadKB', 'extraCredits']) if (a[key] !== undefined) a[key] = likely(a[key]);
    if (a.retries !== undefined) a.retries = Math.round(pointOf(a.retries) * 3);
    if (a.iterations !== undefined) a.iterations = Math.floor(pointOf(a.iterations));
    return { ...m, assumptions: a } as Module;
  });
  const edges = flow.edges.map((e): Edge => {
    if (!fix()) return e;
    if (e.filter) return { ...e, filter: { ...e.filter, passRate: rng() < 0.7 ? 1 : 0 } };
    if (e.route && !e.route.fallback) return { ...e, route: { ...e.route, passRate: rng() < 0.5 ? 1 : 0 } };
    return e;
  });
  return { ...flow, modules, edges };
}

/** Equal up to floating-point rounding (sums of the same terms in another order). */
function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

describe('simulated runs: fixed parts added in one step give the runs of the plain walk', SLOW, () => {
  it('same runs, per-module figures and executions as walking every execution (generated flows, any seed)', () => {
    fc.assert(
      fc.property(fc.oneof(validFlowArbitrary({ maxModules: 80 }), brokenFlowArbitrary({ maxModules: 40 })), fc.integer(), (flow, seed) => {
        const fast = simulate(flow, { samples: 40, seed });
        const slow = simulate(flow, { samples: 40, seed, walkEveryExecution: true });
        expect(fast.samples).toBe(slow.samples);
        for (let i = 0; i < fast.samples; i++) expect(close(fast.runs[i]!, slow.runs[i]!)).toBe(true);
        expect(close(fast.executionsPerRun, slow.executionsPerRun)).toBe(true);
        fast.nodes.forEach((node, v) => {
          expect(close(node.mean, slow.nodes[v]!.mean)).toBe(true);
          // Percentiles are kept as 32-bit floats.
          expect(Math.abs(node.p90 - slow.nodes[v]!.p90)).toBeLessThanOrEqual(1e-6 * Math.max(1, node.p90));
        });
      }),
      { numRuns: 150 },
    );
  });

  it('the same on flows made mostly of fixed parts', () => {
    fc.assert(
      fc.property(validFlowArbitrary({ maxModules: 80 }), fc.integer(), fc.integer(), (generated, fixSeed, seed) => {
        const flow = mostlyFixed(generated, fixSeed);
        const fast = simulate(flow, { samples: 20, seed });
        const slow = simulate(flow, { samples: 20, seed, walkEveryExecution: true });
        for (let i = 0; i < fast.samples; i++) expect(close(fast.runs[i]!, slow.runs[i]!)).toBe(true);
        expect(close(fast.executionsPerRun, slow.executionsPerRun)).toBe(true);
        fast.nodes.forEach((node, v) => expect(close(node.mean, slow.nodes[v]!.mean)).toBe(true));
      }),
      { numRuns: 200 },
    );
  });

  it('a loop whose items draw nothing costs items × one item, with the search surcharge from the second item', () => {
    const flow = flowOf(
      [
        ['t', 'trigger', { payloadKB: 0 }],
        ['i', 'iterator', { iterations: 1000 }],
        ['s', 'search', { durationSec: 0, payloadKB: 0 }],
        ['g', 'aggregator', undefined, { iteratorId: 'i' }],
        ['z', 'action', { durationSec: 0, payloadKB: 0, retries: 1 }],
      ],
      chain('t', 'i', 's', 'g', 'z'),
    );
    const sim = simulate(flow, { samples: 10, seed: 1 });
    expect(sim.mean).toBeCloseTo(1000 + 0.5 * 999 + 2, 9);
    expect(sim.executionsPerRun).toBe(1 + 1 + 1000 + 1 + 1);
    expect(sim.nodes.find((n) => n.id === 's')!.mean).toBeCloseTo(1499.5, 9);
    expect(sim.stdError).toBe(0);
  });

  it('a chain of modules that draw nothing before one that draws: the plain walk\'s runs, with the surcharge from the second item', () => {
    const FREE = { durationSec: 0, payloadKB: 0 };
    const flow = flowOf(
      [
        ['t', 'trigger', { payloadKB: 0 }],
        ['i', 'iterator', { iterations: 40 }],
        ['s', 'search', FREE],
        ['c', 'code', { ...FREE, retries: 2 }],
        ['a', 'action', FREE],
        ['d', 'action', FREE],
        ['g', 'aggregator', undefined, { iteratorId: 'i' }],
        ['z', 'action', FREE],
      ],
      [...chain('t', 'i', 's', 'c', 'a'), { source: 'a', target: 'd', filter: { mode: 'break', passRate: 0.5 } }, ...chain('d', 'g', 'z')],
    );
    const fast = simulate(flow, { samples: 300, seed: 5 });
    const slow = simulate(flow, { samples: 300, seed: 5, walkEveryExecution: true });
    for (let i = 0; i < fast.samples; i++) expect(close(fast.runs[i]!, slow.runs[i]!)).toBe(true);
    fast.nodes.forEach((node, v) => expect(close(node.mean, slow.nodes[v]!.mean)).toBe(true));
    // Before the filter every item runs the chain: the search pays 1 credit, plus σ = 0.5 from the second item.
    const node = (id: string) => fast.nodes.find((n) => n.id === id)!;
    expect(node('s').mean).toBeCloseTo(40 + 0.5 * 39, 9);
    expect(node('s').p10).toBe(node('s').p90);
    expect(node('c').mean).toBeCloseTo(3 * node('a').mean, 9);
    expect(node('d').p90).toBeGreaterThan(node('d').p10);
  });

  it('nested loops whose items go through several drawing modules: the plain walk\'s runs and module figures', () => {
    const FREE = { durationSec: 0, payloadKB: 0 };
    const flow = flowOf(
      [
        ['t', 'trigger', { payloadKB: 0 }],
        ['i', 'iterator', { iterations: 3 }],
        ['x', 'search', { ...FREE, retries: 0.3 }],
        ['j', 'iterator', { iterations: 2.5 }],
        ['y', 'search', FREE],
        ['z', 'code', { ...FREE, retries: 0.2 }],
        ['u', 'action', { ...FREE, retries: 1.5 }],
        ['gj', 'aggregator', { payloadKB: 100 }, { iteratorId: 'j' }],
        ['gi', 'aggregator', { payloadKB: 100 }, { iteratorId: 'i' }],
        ['end', 'action', FREE],
      ],
      [
        ...chain('t', 'i', 'x', 'j'),
        { source: 'j', target: 'y', filter: { mode: 'skip', passRate: 0.6 } },
        { source: 'y', target: 'z' },
        { source: 'z', target: 'u', filter: { mode: 'break', passRate: 0.7 } },
        ...chain('u', 'gj', 'gi', 'end'),
      ],
    );
    const fast = simulate(flow, { samples: 3000, seed: 4 });
    const slow = simulate(flow, { samples: 3000, seed: 4, walkEveryExecution: true });
    for (let i = 0; i < fast.samples; i++) expect(close(fast.runs[i]!, slow.runs[i]!)).toBe(true);
    expect(close(fast.executionsPerRun, slow.executionsPerRun)).toBe(true);
    fast.nodes.forEach((node, v) => {
      expect(close(node.mean, slow.nodes[v]!.mean)).toBe(true);
      expect(Math.abs(node.p90 - slow.nodes[v]!.p90)).toBeLessThanOrEqual(1e-6 * Math.max(1, node.p90));
      expect(Math.abs(node.p10 - slow.nodes[v]!.p10)).toBeLessThanOrEqual(1e-6 * Math.max(1, node.p10));
    });
    // The inner aggregator runs once per inner loop whose items reached it: 3 loops, each reached
    // unless all its 2 or 3 items failed the break filter (0.3 each); the outer one almost always.
    const node = (id: string) => fast.nodes.find((n) => n.id === id)!;
    const reached = 1 - (0.5 * 0.3 ** 2 + 0.5 * 0.3 ** 3);
    const expected = (3 * reached) / (1 - (1 - reached) ** 3);
    expect(Math.abs(node('gj').mean / node('gi').mean - expected) / expected).toBeLessThan(0.02);
  });

  for (const mode of ['skip', 'break'] as const) {
    it(`loop items that draw only at a ${mode} filter on their way in and the retries after it: the plain walk's runs and the expected means`, () => {
      const FREE = { durationSec: 0, payloadKB: 0 };
      const flow = flowOf(
        [
          ['t', 'trigger', { payloadKB: 0 }],
          ['i', 'iterator', { iterations: 6.5 }],
          ['s', 'search', { ...FREE, retries: 0.25 }],
          ['a', 'action', FREE],
          ['g', 'aggregator', undefined, { iteratorId: 'i' }],
          ['z', 'action', FREE],
        ],
        [{ source: 't', target: 'i' }, { source: 'i', target: 's', filter: { mode, passRate: 0.7 } }, ...chain('s', 'a', 'g', 'z')],
      );
      const fast = simulate(flow, { samples: 4000, seed: 9 });
      const slow = simulate(flow, { samples: 4000, seed: 9, walkEveryExecution: true });
      for (let i = 0; i < fast.samples; i++) expect(close(fast.runs[i]!, slow.runs[i]!)).toBe(true);
      expect(close(fast.executionsPerRun, slow.executionsPerRun)).toBe(true);
      fast.nodes.forEach((node, v) => {
        expect(close(node.mean, slow.nodes[v]!.mean)).toBe(true);
        expect(Math.abs(node.p90 - slow.nodes[v]!.p90)).toBeLessThanOrEqual(1e-6 * Math.max(1, node.p90));
      });
      // 6.5 items, each entering the search with probability 0.7: 1 credit (plus σ = 0.5 after the
      // first item) times 1.25 retries on average.
      const node = (id: string) => fast.nodes.find((n) => n.id === id)!;
      const expectedSearch = 0.7 * 1.25 * (6.5 + 0.5 * 5.5);
      expect(Math.abs(node('s').mean - expectedSearch) / expectedSearch).toBeLessThan(0.03);
      const expectedAction = mode === 'skip' ? 6.5 : 0.7 * 6.5;
      expect(Math.abs(node('a').mean - expectedAction) / expectedAction).toBeLessThan(0.03);
    });
  }
});

describe('simulated runs: exclusive routers whose route is the same for every draw', () => {
  it('take the first route with a share when it covers everything, skipping routes of share 0, without drawing', () => {
    const flow = flowOf(
      [
        ['t', 'trigger', { payloadKB: 0 }],
        ['r', 'router', undefined, { mode: 'exclusive' }],
        ['a', 'action', { durationSec: 0, payloadKB: 0 }],
        ['b', 'action', { durationSec: 0, payloadKB: 0 }],
        ['f', 'action', { durationSec: 0, payloadKB: 0 }],
      ],
      [
        { source: 't', target: 'r' },
        { source: 'r', target: 'a', route: { priority: 1, passRate: 0, fallback: false } },
        { source: 'r', target: 'b', route: { priority: 2, passRate: 1, fallback: false } },
        { source: 'r', target: 'f', route: { priority: 3, passRate: 0, fallback: true } },
      ],
    );
    const sim = simulate(flow, { samples: 200, seed: 1 });
    expect(sim.nodes.map((n) => n.mean)).toEqual([0, 0, 0, 1, 0]);
  });
});

describe('simulated runs: per-module means over every run', SLOW, () => {
  it('the modules add up to the run mean also when percentiles come from the first runs only', () => {
    const flow = generateFlow({ modules: 400, seed: 3, rangeShare: 0.15 });
    const samples = Math.floor(NODE_QUANTILE_CAP / 400) + 2000;
    const sim = simulate(flow, { samples, seed: 2 });
    expect(sim.nodeQuantileSamples).toBeLessThan(samples);
    const sum = sim.nodes.reduce((s, n) => s + n.mean, 0);
    expect(sum).toBeCloseTo(sim.mean, 6);
  });
});
