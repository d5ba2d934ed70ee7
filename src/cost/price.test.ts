import { describe, expect, it } from 'vitest';
import type { Assumptions, Flow, ModuleType, PartialRateCard, Range } from '../model/types';
import { priceFlow } from './price';
import { DEFAULT_RATE_CARD } from './rateCard';
import { chain, flowOf } from '../model/testing/flowOf';

/** §5 worked example, every assumption spelled out. */
function workedExample(): Flow {
  return flowOf(
    [
      ['trigger', 'trigger', { durationSec: 0, payloadKB: 2, retries: 0, extraCredits: 0 }],
      ['search', 'search', { durationSec: 1.5, payloadKB: 40, retries: 0, extraCredits: 0 }],
      ['iterator', 'iterator', { iterations: 20, durationSec: 0, payloadKB: 0, retries: 0, extraCredits: 0 }],
      ['agent', 'ai_agent', { durationSec: 4, payloadKB: 8, retries: 0.1, extraCredits: 2 }],
      ['aggregator', 'aggregator', { durationSec: 0, payloadKB: 0, retries: 0, extraCredits: 0 }, { iteratorId: 'iterator' }],
      ['response', 'response', { durationSec: 0.2, payloadKB: 1, retries: 0, extraCredits: 0 }],
    ],
    chain('trigger', 'search', 'iterator', 'agent', 'aggregator', 'response'),
  );
}

const log2 = Math.log2;

describe('priceFlow: the worked example of cost-model §5', () => {
  it('prices every node and the total to 1e-6', () => {
    const cost = priceFlow(workedExample());
    const expected: Record<string, [m: number, attempt: number, credits: number]> = {
      trigger: [1, 0.007142, 0.007142],
      search: [1, 1.322991, 1.322991],
      iterator: [1, 0, 0],
      agent: [20, 3.513185, 77.290062],
      aggregator: [1, 0, 0],
      response: [1, 0.032158, 0.032158],
    };
    for (const [id, [m, attempt, credits]] of Object.entries(expected)) {
      const node = cost.byId.get(id)!;
      expect(node.executions, id).toBeCloseTo(m, 12);
      expect(Math.abs(node.attempt - attempt), id).toBeLessThan(1e-6);
      expect(Math.abs(node.credits - credits), id).toBeLessThan(1e-6);
    }
    expect(Math.abs(cost.total - 78.652353)).toBeLessThan(1e-6);
    expect(cost.total).toBe(cost.nodes.reduce((s, n) => s + n.credits, 0));
    expect(cost.warnings).toEqual([]);
  });

  it('keeps every part of the formula for explanation', () => {
    const agent = priceFlow(workedExample()).byId.get('agent')!;
    expect(agent.base).toBe(1);
    expect(agent.time).toBeCloseTo(log2(1.4), 12);
    expect(agent.payload).toBeCloseTo(0.25 * log2(1.08), 12);
    expect(agent.extra).toBe(2);
    expect(agent.retryFactor).toBeCloseTo(1.1, 12);
    expect(agent.loopIterations).toBe(20);
    expect(agent.loopId).toBe('iterator');
    expect(agent.inputs).toEqual({ durationSec: 4, payloadKB: 8, retries: 0.1, extraCredits: 2, failureRate: 0, pages: 1 });
  });

  it('charges the search surcharge when the search moves inside the loop', () => {
    const base = priceFlow(workedExample());
    const moved = workedExample();
    moved.edges = chain('trigger', 'iterator', 'search', 'agent', 'aggregator', 'response').map((e, i) => ({ id: `e${i}`, ...e }));
    const cost = priceFlow(moved);
    const search = cost.byId.get('search')!;
    expect(search.executions).toBe(20);
    expect(search.surcharge).toBeCloseTo(9.5, 12);
    expect(search.loopIterations).toBe(20);
    expect(Math.abs(search.attempt - 1.322991)).toBeLessThan(1e-6);
    expect(search.credits).toBeCloseTo(20 * search.attempt + 9.5, 9);
    expect(cost.total - base.total).toBeCloseTo(19 * search.attempt + 9.5, 9);
  });

  it('uses the likely value of ranges as the point estimate', () => {
    const flow = workedExample();
    const agent = flow.modules[3]!;
    const r = (likely: number): Range => ({ min: 0, likely, max: likely * 3 });
    agent.assumptions = { durationSec: r(4), payloadKB: r(8), retries: r(0.1), extraCredits: r(2) };
    flow.modules[2]!.assumptions = { ...flow.modules[2]!.assumptions, iterations: r(20) };
    expect(Math.abs(priceFlow(flow).total - 78.652353)).toBeLessThan(1e-6);
  });
});

describe('priceFlow: filters', () => {
  const flow = (mode: 'break' | 'skip', passRate: number) =>
    flowOf(
      [
        ['t', 'trigger', { payloadKB: 0 }],
        ['a', 'action', { durationSec: 0, payloadKB: 0 }],
        ['b', 'action', { durationSec: 0, payloadKB: 0 }],
        ['c', 'action', { durationSec: 0, payloadKB: 0 }],
      ],
      [{ source: 't', target: 'a' }, { source: 'a', target: 'b', filter: { mode, passRate } }, { source: 'b', target: 'c' }],
    );

  it('break stops the path: the modules after a failed filter do not run', () => {
    const cost = priceFlow(flow('break', 0.3));
    expect(cost.byId.get('b')!.executions).toBeCloseTo(0.3, 12);
    expect(cost.byId.get('c')!.executions).toBeCloseTo(0.3, 12);
    expect(cost.edges.get('e2')).toEqual({ id: 'e2', count: 1, passed: 0.3 });
    expect(cost.total).toBeCloseTo(1 + 0.3 + 0.3, 12);
  });

  it('skip skips only the filtered module; the path goes on', () => {
    const cost = priceFlow(flow('skip', 0.3));
    expect(cost.byId.get('b')!.executions).toBeCloseTo(0.3, 12);
    expect(cost.byId.get('c')!.executions).toBeCloseTo(1, 12);
    expect(cost.edges.get('e3')!.count).toBeCloseTo(1, 12);
    expect(cost.total).toBeCloseTo(1 + 0.3 + 1, 12);
  });

  it('a filter that always passes costs the same as no filter', () => {
    const plain = flow('break', 1);
    delete plain.edges[1]!.filter;
    expect(priceFlow(flow('break', 1)).total).toBe(priceFlow(plain).total);
    expect(priceFlow(flow('skip', 1)).total).toBe(priceFlow(plain).total);
  });
});

describe('priceFlow: routers', () => {
  const routed = (mode: 'standard' | 'exclusive', priorities: [number, number] = [1, 2]) =>
    flowOf(
      [
        ['t', 'trigger'],
        ['r', 'router', undefined, { mode }],
        ['a', 'action', { durationSec: 0, payloadKB: 0 }],
        ['b', 'action', { durationSec: 0, payloadKB: 0 }],
        ['f', 'action', { durationSec: 0, payloadKB: 0 }],
      ],
      [
        { source: 't', target: 'r' },
        { source: 'r', target: 'a', route: { priority: priorities[0], passRate: 0.2, fallback: false } },
        { source: 'r', target: 'b', route: { priority: priorities[1], passRate: 0.5, fallback: false } },
        { source: 'r', target: 'f', route: { priority: 3, passRate: 0.9, fallback: true } },
      ],
    );

  it('exclusive: each route carries its share, the fallback what is left', () => {
    const cost = priceFlow(routed('exclusive'));
    expect(cost.byId.get('a')!.executions).toBeCloseTo(0.2, 12);
    expect(cost.byId.get('b')!.executions).toBeCloseTo(0.5, 12);
    expect(cost.byId.get('f')!.executions).toBeCloseTo(0.3, 12);
    expect(cost.edges.get('e4')).toEqual({ id: 'e4', count: 1, passed: cost.byId.get('f')!.executions });
  });

  it('standard: every matching route runs, the fallback when none did', () => {
    const cost = priceFlow(routed('standard'));
    expect(cost.byId.get('a')!.executions).toBeCloseTo(0.2, 12);
    expect(cost.byId.get('b')!.executions).toBeCloseTo(0.5, 12);
    expect(cost.byId.get('f')!.executions).toBeCloseTo(0.8 * 0.5, 12);
  });

  it('priority does not change point estimates', () => {
    for (const mode of ['standard', 'exclusive'] as const) {
      const a = priceFlow(routed(mode, [1, 2]));
      const b = priceFlow(routed(mode, [2, 1]));
      expect(b.nodes.map((n) => n.executions)).toEqual(a.nodes.map((n) => n.executions));
    }
  });

  it('an octopus merges two router branches: it runs once per arriving bundle', () => {
    const flow = routed('standard');
    flow.modules.push({ id: 'o', type: 'octopus', name: 'merge', position: { x: 0, y: 0 }, assumptions: { durationSec: 1, payloadKB: 0 } });
    flow.modules.push({ id: 'z', type: 'code', name: 'after', position: { x: 0, y: 0 } });
    flow.edges.push({ id: 'ea', source: 'a', target: 'o' }, { id: 'eb', source: 'b', target: 'o' }, { id: 'eo', source: 'o', target: 'z' });
    const cost = priceFlow(flow);
    expect(cost.byId.get('o')!.executions).toBeCloseTo(0.7, 12);
    expect(cost.byId.get('z')!.executions).toBeCloseTo(0.7, 12);
    expect(cost.byId.get('o')!.credits).toBeCloseTo(0.7 * log2(1.1), 12);
  });
});

describe('priceFlow: loops', () => {
  it('nested loops multiply executions, and each aggregator closes its own loop', () => {
    const flow = flowOf(
      [
        ['t', 'trigger'],
        ['outer', 'iterator', { iterations: 4 }],
        ['a', 'action'],
        ['inner', 'iterator', { iterations: 5 }],
        ['s', 'search', { durationSec: 0, payloadKB: 0 }],
        ['aggInner', 'aggregator', undefined, { iteratorId: 'inner' }],
        ['b', 'action'],
        ['aggOuter', 'aggregator', undefined, { iteratorId: 'outer' }],
        ['c', 'action'],
      ],
      chain('t', 'outer', 'a', 'inner', 's', 'aggInner', 'b', 'aggOuter', 'c'),
    );
    const m = (id: string) => priceFlow(flow).byId.get(id)!;
    expect(m('a').executions).toBe(4);
    expect(m('inner').executions).toBe(4);
    expect(m('s').executions).toBe(20);
    expect(m('s').loopIterations).toBe(5);
    expect(m('s').surcharge).toBeCloseTo(0.5 * 20 * (1 - 1 / 5), 12);
    expect(m('aggInner').executions).toBe(4);
    expect(m('b').executions).toBe(4);
    expect(m('b').loopIterations).toBe(4);
    expect(m('aggOuter').executions).toBe(1);
    expect(m('c').executions).toBe(1);
    expect(m('c').loopIterations).toBeUndefined();
  });

  it('an aggregator of a loop with 0 iterations does not run', () => {
    const flow = flowOf(
      [['t', 'trigger'], ['i', 'iterator', { iterations: 0 }], ['a', 'action'], ['g', 'aggregator', undefined, { iteratorId: 'i' }], ['z', 'action']],
      chain('t', 'i', 'a', 'g', 'z'),
    );
    const cost = priceFlow(flow);
    expect(cost.byId.get('a')!.executions).toBe(0);
    expect(cost.byId.get('g')!.executions).toBe(0);
    expect(cost.byId.get('z')!.executions).toBe(0);
  });

  it('fractional iterations: the aggregator runs at most once per iterator execution', () => {
    const make = (N: number) =>
      priceFlow(
        flowOf(
          [['t', 'trigger'], ['i', 'iterator', { iterations: N }], ['s', 'search'], ['g', 'aggregator', undefined, { iteratorId: 'i' }]],
          chain('t', 'i', 's', 'g'),
        ),
      );
    expect(make(0.5).byId.get('g')!.executions).toBeCloseTo(0.5, 12);
    expect(make(0.5).byId.get('s')!.surcharge).toBe(0); // N < 1: no iteration beyond the first
    expect(make(2.5).byId.get('s')!.executions).toBeCloseTo(2.5, 12);
    expect(make(2.5).byId.get('g')!.executions).toBe(1);
    expect(make(2.5).byId.get('s')!.surcharge).toBeCloseTo(0.5 * 2.5 * (1 - 1 / 2.5), 12);
  });
});

describe('priceFlow: broken flows never throw', () => {
  it('warns about a module the trigger cannot reach, in words', () => {
    const flow = flowOf([['t', 'trigger'], ['a', 'action'], ['s', 'search']], [{ source: 't', target: 'a' }]);
    flow.modules[2]!.name = 'Find company';
    const cost = priceFlow(flow);
    expect(cost.byId.get('s')!.executions).toBe(0);
    expect(cost.byId.get('s')!.credits).toBe(0);
    expect(cost.warnings).toEqual([
      { severity: 'warning', code: 'unreachable', moduleId: 's', message: "Search 'Find company' is not connected to the trigger, so it never runs" },
    ]);
  });

  it('prices cycles, two triggers, dangling aggregators and edges to missing modules', () => {
    const flow = flowOf(
      [['t', 'trigger'], ['t2', 'trigger'], ['a', 'action'], ['b', 'action'], ['c', 'action'], ['g', 'aggregator', undefined, { iteratorId: 'nope' }], ['d', 'code']],
      [
        { source: 't', target: 'a' },
        { source: 'a', target: 'b' },
        { source: 'b', target: 'c' },
        { source: 'c', target: 'b' },
        { source: 't2', target: 'd' },
        { source: 'a', target: 'g' },
        { source: 'g', target: 'missing' },
        { source: 'ghost', target: 'a' },
      ],
    );
    const cost = priceFlow(flow);
    expect(cost.byId.get('a')!.executions).toBe(1);
    expect(cost.byId.get('b')!.executions).toBe(0);
    expect(cost.byId.get('c')!.executions).toBe(0);
    expect(cost.byId.get('d')!.executions).toBe(0);
    expect(cost.byId.get('g')!.executions).toBe(1);
    expect(Number.isFinite(cost.total)).toBe(true);
    const codes = Object.fromEntries(cost.warnings.map((w) => [w.moduleId, w.code]));
    expect(codes).toEqual({ t2: 'unreachable', b: 'unpriced-cycle', c: 'unpriced-cycle', d: 'unreachable' });
  });

  it('a flow without modules or without a trigger prices to 0', () => {
    expect(priceFlow(flowOf([], [])).total).toBe(0);
    const cost = priceFlow(flowOf([['a', 'action']], []));
    expect(cost.total).toBe(0);
    expect(cost.warnings[0]!.message).toMatch(/no trigger/);
  });
});

describe('priceFlow: rate card, retries, time, month and dollars', () => {
  const single = (type: ModuleType, assumptions: Assumptions, settings: Flow['settings'] = {}) =>
    priceFlow(flowOf([['t', 'trigger', { payloadKB: 0 }], ['m', type, assumptions]], [{ source: 't', target: 'm' }], settings));

  it('time-exempt types ignore their duration, others pay for it', () => {
    for (const type of ['router', 'iterator', 'aggregator'] as const) {
      expect(single(type, { durationSec: 100, payloadKB: 0 }).byId.get('m')!.time).toBe(0);
    }
    expect(single('response', { durationSec: 10, payloadKB: 0 }).byId.get('m')!.time).toBe(1);
    const rateCard: PartialRateCard = { timeExempt: ['response'] };
    expect(single('response', { durationSec: 10, payloadKB: 0 }, { rateCard }).byId.get('m')!.time).toBe(0);
    expect(single('router', { durationSec: 10, payloadKB: 0 }, { rateCard }).byId.get('m')!.time).toBe(1);
  });

  it('fractional retries multiply the module total', () => {
    const node = single('code', { durationSec: 0, payloadKB: 0, retries: 0.25, extraCredits: 3 }).byId.get('m')!;
    expect(node.credits).toBeCloseTo(1.25 * 4, 12);
    expect(single('code', { durationSec: 0, payloadKB: 0, retries: 1 }).byId.get('m')!.credits).toBe(2);
  });

  it('applies the flow rate card, and options.rateCard on top of it', () => {
    const settings = { rateCard: { baseCredits: { code: 2 } } };
    expect(single('code', { durationSec: 0, payloadKB: 0 }, settings).total).toBe(2);
    const other = priceFlow(
      flowOf([['t', 'trigger', { payloadKB: 0 }], ['m', 'code', { durationSec: 0, payloadKB: 0 }]], [{ source: 't', target: 'm' }], settings),
      { rateCard: DEFAULT_RATE_CARD },
    );
    expect(other.total).toBe(1);
  });

  it('per month uses runsPerMonth (default 1000, the likely value of a range) and dollars the rate card', () => {
    const a = single('code', { durationSec: 0, payloadKB: 0 });
    expect(a.runsPerMonth).toBe(1000);
    expect(a.perMonth).toBe(1000);
    expect(a.dollarsPerRun).toBeCloseTo(0.003, 15);
    expect(a.dollarsPerMonth).toBeCloseTo(3, 12);
    const b = single('code', { durationSec: 0, payloadKB: 0 }, { runsPerMonth: { min: 10, likely: 300, max: 900 }, rateCard: { dollarsPerCredit: 0.01 } });
    expect(b.perMonth).toBe(300);
    expect(b.dollarsPerMonth).toBeCloseTo(3, 12);
  });
});
