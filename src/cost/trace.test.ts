/**
 * The trace (issue 15 §5): the first simulated run of a seed, step by step. Its total is that
 * run's cost, over generated flows of every construct.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { brokenFlowArbitrary, validFlowArbitrary } from '../model/testing/arbitraries';
import { chain, flowOf, type Spec } from '../model/testing/flowOf';
import { generateFlow } from '../model/generate';
import { canFail, type Assumptions, type Flow } from '../model/types';
import { simulate } from './simulate';
import { traceFlow, type Trace } from './trace';
import { traceRun } from './simulation/trace';
import { rateCardOf } from './price';

const SLOW = { timeout: 120_000 };
const bare = (more: Assumptions = {}): Assumptions => ({ durationSec: 0, payloadKB: 0, ...more });
const TRIGGER: Spec = ['t', 'trigger', bare()];

function traceOf(flow: Flow, seed: number): Trace {
  const result = traceFlow(flow, { seed });
  if (!result.ok) throw new Error(result.error.message);
  return result.trace;
}

/** Equal up to floating-point rounding (sums of the same terms in another order). */
function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** The run the simulation draws first for the seed, and its credits summed step by step as the trace lists them. */
function expectSameRun(flow: Flow, seed: number) {
  const trace = traceOf(flow, seed);
  const plain = simulate(flow, { samples: 3, seed, walkEveryExecution: true });
  const fast = simulate(flow, { samples: 3, seed });
  expect(trace.seed).toBe(seed);
  expect(trace.total).toBe(plain.runs[0]);
  expect(close(trace.total, fast.runs[0]!)).toBe(true);
  expect(trace.steps.reduce((sum, s) => sum + s.credits, 0)).toBe(trace.total);
  // Executions: every step that cost an execution (passed, failed, route).
  expect(trace.steps.filter((s) => s.outcome !== 'skipped' && s.outcome !== 'stopped').length).toBeLessThanOrEqual(plain.executionsPerRun * 3);
  expectArrivals(flow, trace);
}

/**
 * Every step but the trigger's says the edge it came along: an edge into its module from a module
 * that ran before it (an error edge only from one that failed).
 */
function expectArrivals(flow: Flow, trace: Trace) {
  const edges = new Map(flow.edges.map((e) => [e.id, e]));
  const ran = new Map<string, Set<string>>();
  for (const step of trace.steps) {
    if (step.via === undefined) expect(flow.modules.find((m) => m.id === step.moduleId)?.type).toBe('trigger');
    else {
      const edge = edges.get(step.via)!;
      expect(edge.target).toBe(step.moduleId);
      const outcomes = ran.get(edge.source);
      expect(outcomes?.has(edge.error === true ? 'failed' : 'ran')).toBe(true);
    }
    const outcomes = ran.get(step.moduleId) ?? new Set<string>();
    outcomes.add(step.outcome === 'failed' ? 'failed' : 'ran');
    ran.set(step.moduleId, outcomes);
  }
}

/** A generated flow with version 3 constructs: failure rates (some with an error branch) and paged searches. */
function withFailures(modules: number, seed: number): Flow {
  const flow = generateFlow({ modules, seed });
  const extra: Flow['edges'] = [];
  flow.modules.forEach((m, i) => {
    if (canFail(m.type) && i % 3 === 0) {
      m.assumptions = { ...m.assumptions, failureRate: i % 2 === 0 ? 0.3 : { min: 0, likely: 0.2, max: 0.6 } };
      if (i % 2 === 0) extra.push({ id: `err${i}`, source: m.id, target: `fix${i}`, error: true });
    }
    if (m.type === 'search' && i % 2 === 1) m.assumptions = { ...m.assumptions, pages: i % 4 === 1 ? 2.5 : { min: 1, likely: 2, max: 4 } };
  });
  const fixes = extra.map((e, i) => ({ id: e.target, type: 'action' as const, name: e.target, position: { x: 0, y: 9000 + i * 100 } }));
  return { ...flow, version: 3, modules: [...flow.modules, ...fixes], edges: [...flow.edges, ...extra] };
}

describe('the trace is the first simulated run of its seed', SLOW, () => {
  it('same total as the simulation of the same seed, on generated flows (valid and broken)', () => {
    fc.assert(
      fc.property(fc.oneof(validFlowArbitrary({ maxModules: 60 }), brokenFlowArbitrary({ maxModules: 30 })), fc.integer(), (flow, seed) => {
        expectSameRun(flow, seed);
      }),
      { numRuns: 150 },
    );
  });

  it('the same with failures, error branches and paged searches (flow file version 3)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 60 }), fc.integer({ min: 1, max: 100_000 }), fc.integer(), (modules, flowSeed, seed) => {
        expectSameRun(withFailures(modules, flowSeed), seed);
      }),
      { numRuns: 80 },
    );
  });

  it('the same seed gives the same trace; another seed another run', () => {
    const flow = generateFlow({ modules: 40, seed: 7, rangeShare: 0.5 });
    expect(traceOf(flow, 3)).toEqual(traceOf(flow, 3));
    const totals = new Set([1, 2, 3, 4, 5].map((s) => traceOf(flow, s).total));
    expect(totals.size).toBeGreaterThan(1);
  });
});

describe('the steps of a trace', () => {
  it('a loop: each item of the body with its index, the aggregator once after the last item, outside the loop', () => {
    const flow = flowOf(
      [TRIGGER, ['i', 'iterator', bare({ iterations: 3 })], ['s', 'search', bare()], ['g', 'aggregator', bare(), { iteratorId: 'i' }], ['z', 'action', bare()]],
      chain('t', 'i', 's', 'g', 'z'),
    );
    const trace = traceOf(flow, 1);
    expect(trace.steps.map((s) => [s.moduleId, s.item])).toEqual([
      ['t', []],
      ['i', []],
      ['s', [0]],
      ['s', [1]],
      ['s', [2]],
      ['g', []],
      ['z', []],
    ]);
    expect(trace.steps.map((s) => s.via)).toEqual([undefined, 'e1', 'e2', 'e2', 'e2', 'e3', 'e4']);
    expect(trace.steps[1]!.items).toBe(3);
    // A search pays the surcharge σ from the loop's second item on.
    const sigma = rateCardOf(flow).searchIterationSurcharge;
    const search = trace.steps.filter((s) => s.moduleId === 's').map((s) => s.credits);
    expect(search[1]! - search[0]!).toBeCloseTo(sigma, 12);
    expect(search[2]).toBe(search[1]);
  });

  it('nested loops: the item path lists the outer item, then the inner one', () => {
    const flow = flowOf(
      [TRIGGER, ['i', 'iterator', bare({ iterations: 2 })], ['j', 'iterator', bare({ iterations: 2 })], ['a', 'action', bare()]],
      chain('t', 'i', 'j', 'a'),
    );
    const paths = traceOf(flow, 1).steps.filter((s) => s.moduleId === 'a').map((s) => s.item);
    expect(paths).toEqual([[0, 0], [0, 1], [1, 0], [1, 1]]);
  });

  it('routers say which route they took; filters that skip or stop say so, at no cost', () => {
    const flow = flowOf(
      [TRIGGER, ['r', 'router', bare(), { mode: 'exclusive' }], ['a', 'action', bare()], ['b', 'action', bare()], ['c', 'action', bare()], ['d', 'action', bare()]],
      [
        { source: 't', target: 'r' },
        { id: 'toA', source: 'r', target: 'a', route: { priority: 1, passRate: 0, fallback: false } },
        { id: 'toB', source: 'r', target: 'b', route: { priority: 2, passRate: 1, fallback: false } },
        { source: 'b', target: 'c', filter: { mode: 'skip', passRate: 0 } },
        { source: 'c', target: 'd', filter: { mode: 'break', passRate: 0 } },
      ],
    );
    const steps = traceOf(flow, 1).steps;
    expect(steps.map((s) => [s.moduleId, s.outcome])).toEqual([
      ['t', 'passed'],
      ['r', 'route'],
      ['b', 'passed'],
      ['c', 'skipped'],
      ['d', 'stopped'],
    ]);
    expect(steps[1]!.routes).toEqual(['toB']);
    expect(steps.map((s) => s.via)).toEqual([undefined, 'e1', 'toB', 'e4', 'e5']);
    expect(steps[3]!.credits).toBe(0);
    expect(steps[4]!.credits).toBe(0);
  });

  it('a failed execution says whether it took its error branch', () => {
    const flow = flowOf(
      [TRIGGER, ['a', 'code', bare({ failureRate: 1 })], ['b', 'action', bare()], ['e', 'action', bare()], ['x', 'code', bare({ failureRate: 1 })]],
      [
        { source: 't', target: 'a' },
        { source: 'a', target: 'b' },
        { source: 'a', target: 'e', error: true },
        { source: 'e', target: 'x' },
      ],
      {},
    );
    const steps = traceOf({ ...flow, version: 3 }, 1).steps;
    expect(steps.map((s) => [s.moduleId, s.outcome, s.errorBranch])).toEqual([
      ['t', 'passed', undefined],
      ['a', 'failed', true],
      ['e', 'passed', undefined],
      ['x', 'failed', false],
    ]);
    expect(steps.map((s) => s.via)).toEqual([undefined, 'e1', 'e3', 'e4']);
  });

  it('refuses, as a value, a run of more steps than a trace keeps', () => {
    const flow = flowOf([TRIGGER, ['i', 'iterator', bare({ iterations: 50 })], ['a', 'action', bare()]], chain('t', 'i', 'a'));
    expect(traceRun(flow, rateCardOf(flow), 1, 52).steps).toHaveLength(52);
    expect(() => traceRun(flow, rateCardOf(flow), 1, 51)).toThrow(/more than 51 steps/);
    const huge = flowOf([TRIGGER, ['i', 'iterator', bare({ iterations: 1e9 })], ['a', 'action', bare()]], chain('t', 'i', 'a'));
    const result = traceFlow(huge, { seed: 1 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('run-too-long');
  });
});
