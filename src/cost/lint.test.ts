import { describe, expect, it } from 'vitest';
import { buildGraph } from '../model/graph';
import type { Flow } from '../model/types';
import { enclosingIterator, lintFlow, mappedModules } from './lint';
import type { LintRule } from './lint';
import { priceFlow } from './price';
import { chain, flowOf } from '../model/testing/flowOf';

const month = (flow: Flow) => priceFlow(flow).perMonth;
const findingsOf = (flow: Flow, rule: LintRule) => lintFlow(flow).filter((f) => f.rule === rule);

describe('search-in-loop', () => {
  const inLoop = () =>
    flowOf(
      [
        ['t', 'trigger'],
        ['loop', 'iterator', { iterations: 20 }],
        ['find', 'search', { durationSec: 1.5, payloadKB: 40 }],
        ['agg', 'aggregator', {}, { iteratorId: 'loop' }],
      ],
      chain('t', 'loop', 'find', 'agg'),
      { runsPerMonth: 100 },
    );

  it('flags a search inside a loop; the savings are the month of the flow with the search before the loop', () => {
    const [finding, ...rest] = findingsOf(inLoop(), 'search-in-loop');
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ moduleId: 'find' });
    // The fix, built by hand: the search before the iterator, nothing in the loop.
    const fixed = flowOf(
      [
        ['t', 'trigger'],
        ['find', 'search', { durationSec: 1.5, payloadKB: 40 }],
        ['loop', 'iterator', { iterations: 20 }],
        ['agg', 'aggregator', {}, { iteratorId: 'loop' }],
      ],
      chain('t', 'find', 'loop', 'agg'),
      { runsPerMonth: 100 },
    );
    expect(finding!.savings).toBeCloseTo(month(inLoop()) - month(fixed), 9);
    // 19 executions and the 0.5 · 20 · 19/20 surcharge gone, at 100 runs a month.
    const attempt = priceFlow(fixed).byId.get('find')!.attempt;
    expect(finding!.savings).toBeCloseTo((19 * attempt + 9.5) * 100, 9);
    expect(finding!.message).toMatch(/Search 'find'/);
  });

  it('does not flag a search outside any loop', () => {
    const flow = flowOf([['t', 'trigger'], ['find', 'search']], chain('t', 'find'));
    expect(findingsOf(flow, 'search-in-loop')).toEqual([]);
  });

  it('moves the search out of the innermost loop only', () => {
    const flow = flowOf(
      [
        ['t', 'trigger'],
        ['outer', 'iterator', { iterations: 3 }],
        ['inner', 'iterator', { iterations: 4 }],
        ['find', 'search'],
        ['aggIn', 'aggregator', {}, { iteratorId: 'inner' }],
        ['aggOut', 'aggregator', {}, { iteratorId: 'outer' }],
      ],
      chain('t', 'outer', 'inner', 'find', 'aggIn', 'aggOut'),
    );
    const fixed = flowOf(
      [
        ['t', 'trigger'],
        ['outer', 'iterator', { iterations: 3 }],
        ['find', 'search'],
        ['inner', 'iterator', { iterations: 4 }],
        ['aggIn', 'aggregator', {}, { iteratorId: 'inner' }],
        ['aggOut', 'aggregator', {}, { iteratorId: 'outer' }],
      ],
      chain('t', 'outer', 'find', 'inner', 'aggIn', 'aggOut'),
    );
    const [finding] = findingsOf(flow, 'search-in-loop');
    expect(finding!.savings).toBeCloseTo(month(flow) - month(fixed), 9);
  });
});

describe('paid-in-loop', () => {
  const loopOf = (items: number) =>
    flowOf(
      [
        ['t', 'trigger'],
        ['loop', 'iterator', { iterations: items }],
        ['send', 'action', { durationSec: 1, payloadKB: 10 }],
        ['agg', 'aggregator', {}, { iteratorId: 'loop' }],
      ],
      chain('t', 'loop', 'send', 'agg'),
    );

  it('flags a paid module in a loop of 20 or more items, priced as one execution per loop', () => {
    const [finding] = findingsOf(loopOf(25), 'paid-in-loop');
    expect(finding).toMatchObject({ moduleId: 'send' });
    const fixed = flowOf(
      [
        ['t', 'trigger'],
        ['send', 'action', { durationSec: 1, payloadKB: 10 }],
        ['loop', 'iterator', { iterations: 25 }],
        ['agg', 'aggregator', {}, { iteratorId: 'loop' }],
      ],
      chain('t', 'send', 'loop', 'agg'),
    );
    expect(finding!.savings).toBeCloseTo(month(loopOf(25)) - month(fixed), 9);
    expect(finding!.savings).toBeCloseTo(24 * priceFlow(fixed).byId.get('send')!.attempt * 1000, 6);
  });

  it('does not flag a loop of fewer items, nor a free module in a long loop', () => {
    expect(findingsOf(loopOf(19), 'paid-in-loop')).toEqual([]);
    const free = flowOf(
      [
        ['t', 'trigger'],
        ['loop', 'iterator', { iterations: 50 }],
        ['vars', 'variables'],
        ['agg', 'aggregator', {}, { iteratorId: 'loop' }],
      ],
      chain('t', 'loop', 'vars', 'agg'),
    );
    expect(findingsOf(free, 'paid-in-loop')).toEqual([]);
  });
});

describe('retries-on-slow-module', () => {
  const agent = (durationSec: number, retries: number) =>
    flowOf([['t', 'trigger'], ['ask', 'ai_agent', { durationSec, retries }]], chain('t', 'ask'), { runsPerMonth: 10 });

  it('flags retries on a module of 10 s or more; the fix is retries 0', () => {
    const [finding] = findingsOf(agent(12, 0.5), 'retries-on-slow-module');
    expect(finding).toMatchObject({ moduleId: 'ask' });
    expect(finding!.savings).toBeCloseTo(month(agent(12, 0.5)) - month(agent(12, 0)), 9);
    // (1 + 0.5) → 1: a third of the module's credits.
    expect(finding!.savings).toBeCloseTo((priceFlow(agent(12, 0.5)).byId.get('ask')!.credits / 3) * 10, 9);
  });

  it('does not flag a fast module with retries, nor a slow one without', () => {
    expect(findingsOf(agent(9.9, 0.5), 'retries-on-slow-module')).toEqual([]);
    expect(findingsOf(agent(30, 0), 'retries-on-slow-module')).toEqual([]);
  });
});

describe('filter-after-paid-module', () => {
  const withFilterReading = (mapped: string) =>
    flowOf(
      [
        ['t', 'trigger'],
        ['ask', 'ai_agent'],
        ['send', 'action'],
      ],
      [
        { source: 't', target: 'ask' },
        {
          id: 'f',
          source: 'ask',
          target: 'send',
          filter: { mode: 'break', passRate: 0.2, conditions: { '@and': [{ [`{{[${mapped}].email}}`]: { _neq: '' } }] } },
        },
      ],
    );

  it('flags a filter after a paid module that only reads modules before it; the fix moves the filter before it', () => {
    const [finding] = findingsOf(withFilterReading('t'), 'filter-after-paid-module');
    expect(finding).toMatchObject({ edgeId: 'f', moduleId: 'ask' });
    const fixed = flowOf(
      [
        ['t', 'trigger'],
        ['ask', 'ai_agent'],
        ['send', 'action'],
      ],
      [
        { source: 't', target: 'ask', filter: { mode: 'break', passRate: 0.2 } },
        { id: 'f', source: 'ask', target: 'send' },
      ],
    );
    expect(finding!.savings).toBeCloseTo(month(withFilterReading('t')) - month(fixed), 9);
    // The agent now runs 0.2 times a run instead of once.
    expect(finding!.savings).toBeCloseTo(0.8 * priceFlow(fixed).byId.get('ask')!.attempt * 1000, 6);
  });

  it('does not flag a filter that reads the paid module itself', () => {
    expect(findingsOf(withFilterReading('ask'), 'filter-after-paid-module')).toEqual([]);
  });

  it('combines with a break filter already before the paid module: pass rates multiply', () => {
    const flow = withFilterReading('t');
    flow.edges[0] = { ...flow.edges[0]!, filter: { mode: 'break', passRate: 0.5, conditions: { '@and': [] } } };
    const [finding] = findingsOf(flow, 'filter-after-paid-module');
    const fixed = structuredClone(flow);
    fixed.edges[0]!.filter!.passRate = 0.1;
    delete fixed.edges[1]!.filter;
    expect(finding!.savings).toBeCloseTo(month(flow) - month(fixed), 9);
  });
});

describe('large-payload', () => {
  const passing = (payloadKB: number) =>
    flowOf([['t', 'trigger'], ['call', 'invoke', { payloadKB }]], chain('t', 'call'));

  it('flags a payload of 1,000 KB or more; the fix prices it at 100 KB', () => {
    const [finding] = findingsOf(passing(4000), 'large-payload');
    expect(finding).toMatchObject({ moduleId: 'call' });
    expect(finding!.savings).toBeCloseTo(month(passing(4000)) - month(passing(100)), 9);
    // 0.25 · (log2(41) − log2(2)) credits a run, 1000 runs.
    expect(finding!.savings).toBeCloseTo(0.25 * (Math.log2(41) - 1) * 1000, 6);
  });

  it('does not flag a payload under 1,000 KB', () => {
    expect(findingsOf(passing(999), 'large-payload')).toEqual([]);
  });
});

describe('unreachable', () => {
  it('flags a module the trigger cannot reach, with no savings', () => {
    const flow = flowOf([['t', 'trigger'], ['a', 'action'], ['lost', 'code']], chain('t', 'a'));
    const findings = findingsOf(flow, 'unreachable');
    expect(findings).toEqual([expect.objectContaining({ moduleId: 'lost', savings: 0 })]);
    expect(findings[0]!.message).toMatch(/cannot be reached/);
  });

  it('does not flag a connected flow', () => {
    const flow = flowOf([['t', 'trigger'], ['a', 'action'], ['b', 'code']], chain('t', 'a', 'b'));
    expect(findingsOf(flow, 'unreachable')).toEqual([]);
  });
});

describe('lintFlow', () => {
  it('sorts findings by savings, largest first, and gives a clean flow none', () => {
    const flow = flowOf(
      [
        ['t', 'trigger'],
        ['call', 'invoke', { payloadKB: 2000 }],
        ['loop', 'iterator', { iterations: 30 }],
        ['send', 'action', { durationSec: 12, retries: 1 }],
        ['agg', 'aggregator', {}, { iteratorId: 'loop' }],
      ],
      chain('t', 'call', 'loop', 'send', 'agg'),
    );
    const findings = lintFlow(flow);
    expect(findings.map((f) => f.rule).sort()).toEqual(['large-payload', 'paid-in-loop', 'retries-on-slow-module']);
    for (let i = 1; i < findings.length; i++) expect(findings[i - 1]!.savings).toBeGreaterThanOrEqual(findings[i]!.savings);
    expect(lintFlow(flowOf([['t', 'trigger'], ['a', 'action']], chain('t', 'a')))).toEqual([]);
  });
});

describe('helpers', () => {
  it('mappedModules finds the module ids of every mapping, in keys and values', () => {
    expect([...mappedModules({ '@or': [{ '{{[m1].a}}': { _eq: '{{[m3].b}}' } }, { '{{ [m2].c }}': { _gt: 1 } }] })].sort()).toEqual([
      'm1',
      'm2',
      'm3',
    ]);
  });

  it('enclosingIterator skips loops closed by an aggregator on the way up', () => {
    const flow = flowOf(
      [
        ['t', 'trigger'],
        ['outer', 'iterator'],
        ['inner', 'iterator'],
        ['x', 'code'],
        ['aggIn', 'aggregator', {}, { iteratorId: 'inner' }],
        ['y', 'code'],
        ['aggOut', 'aggregator', {}, { iteratorId: 'outer' }],
        ['z', 'code'],
      ],
      chain('t', 'outer', 'inner', 'x', 'aggIn', 'y', 'aggOut', 'z'),
    );
    const graph = buildGraph(flow);
    expect(enclosingIterator(graph, 'x')).toBe('inner');
    expect(enclosingIterator(graph, 'y')).toBe('outer');
    expect(enclosingIterator(graph, 'z')).toBeUndefined();
  });
});
