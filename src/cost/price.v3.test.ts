/**
 * Version 3 of the model (cost-model.md §7): error branches, failure rates and paged searches,
 * with worked examples computed by hand in each test. Every module but the ones named pays only
 * its base credit (durations and payloads 0), so the figures are easy to follow.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Assumptions, Flow } from '../model/types';
import { priceFlow } from './price';
import { flowOf } from '../model/testing/flowOf';
import { generateFlow } from '../model/generate';
import { parseFlow } from '../io/parse';
import { toFileObject } from '../io/serialize';

/** No time, no payload: attempt = base (1 for action/search, 0 for response). */
const bare = (more: Assumptions = {}): Assumptions => ({ durationSec: 0, payloadKB: 0, ...more });

describe('priceFlow: error branches (cost-model §7)', () => {
  it('the error edge carries φ·m, the normal edge out − φ·m, and failed executions are billed', () => {
    // trigger → A (φ 0.2) → B; A ⇢ E (error). m(A) = 1; error edge 0.2·1; normal edge 1 − 0.2 = 0.8.
    // Credits: A 1 (failed executions billed) + B 0.8 + E 0.2 = 2.
    const flow = flowOf(
      [
        ['t', 'trigger', bare()],
        ['a', 'action', bare({ failureRate: 0.2 })],
        ['b', 'action', bare()],
        ['e', 'action', bare()],
      ],
      [
        { id: 'toA', source: 't', target: 'a' },
        { id: 'ok', source: 'a', target: 'b' },
        { id: 'err', source: 'a', target: 'e', error: true },
      ],
    );
    const cost = priceFlow(flow);
    expect(cost.byId.get('a')!.credits).toBeCloseTo(1, 12);
    expect(cost.byId.get('b')!.executions).toBeCloseTo(0.8, 12);
    expect(cost.byId.get('e')!.executions).toBeCloseTo(0.2, 12);
    expect(cost.edges.get('err')).toMatchObject({ count: expect.closeTo(0.2, 12), passed: expect.closeTo(0.2, 12) });
    expect(cost.edges.get('ok')!.count).toBeCloseTo(0.8, 12);
    expect(cost.total).toBeCloseTo(2, 12);
  });

  it('without an error edge a failed execution stops: the normal path still loses φ·m', () => {
    // trigger → A (φ 0.25, retries 1) → B. A: (1 + 1)·1 = 2; B: 0.75. Total 2.75.
    const flow = flowOf(
      [
        ['t', 'trigger', bare()],
        ['a', 'code', bare({ failureRate: 0.25, retries: 1 })],
        ['b', 'action', bare()],
      ],
      [
        { source: 't', target: 'a' },
        { source: 'a', target: 'b' },
      ],
    );
    const cost = priceFlow(flow);
    expect(cost.byId.get('a')!.credits).toBeCloseTo(2, 12);
    expect(cost.byId.get('b')!.executions).toBeCloseTo(0.75, 12);
    expect(cost.total).toBeCloseTo(2.75, 12);
  });

  it('bundles a skip filter lets past a module never fail there', () => {
    // t → A over a skip filter q 0.4, A φ 0.5 → B. m(A) = 0.4; out(A) = 0.4 + 0.6 skipped = 1;
    // failed 0.5·0.4 = 0.2, so B runs 1 − 0.2 = 0.8 times.
    const flow = flowOf(
      [
        ['t', 'trigger', bare()],
        ['a', 'action', bare({ failureRate: 0.5 })],
        ['b', 'action', bare()],
      ],
      [
        { source: 't', target: 'a', filter: { mode: 'skip', passRate: 0.4 } },
        { source: 'a', target: 'b' },
      ],
    );
    expect(priceFlow(flow).byId.get('b')!.executions).toBeCloseTo(0.8, 12);
  });

  it('a failure rate on a kind that cannot fail, or as a range, counts as the model says', () => {
    // An iterator cannot fail: its φ is ignored. A range counts as its likely value (0.1).
    const flow = flowOf(
      [
        ['t', 'trigger', bare()],
        ['i', 'iterator', bare({ iterations: 10, failureRate: 0.5 })],
        ['a', 'ai_agent', bare({ failureRate: { min: 0, likely: 0.1, max: 0.3 } })],
        ['g', 'aggregator', bare(), { iteratorId: 'i' }],
      ],
      [
        { source: 't', target: 'i' },
        { source: 'i', target: 'a' },
        { source: 'a', target: 'g' },
      ],
    );
    const cost = priceFlow(flow);
    expect(cost.byId.get('a')!.executions).toBeCloseTo(10, 12);
    expect(cost.edges.get('e3')!.count).toBeCloseTo(9, 12);
    expect(cost.byId.get('a')!.inputs.failureRate).toBe(0.1);
    expect(cost.byId.get('i')!.inputs.failureRate).toBe(0);
  });
});

describe('priceFlow: paged searches (cost-model §7)', () => {
  it('outside a loop each page beyond the first pays σ: S = σ·m·(p − 1)', () => {
    // t → S (p 3): attempt 1, S = 0.5·1·2 = 1, credits 2.
    const flow = flowOf(
      [
        ['t', 'trigger', bare()],
        ['s', 'search', bare({ pages: 3 })],
      ],
      [{ source: 't', target: 's' }],
    );
    const node = priceFlow(flow).byId.get('s')!;
    expect(node.surcharge).toBeCloseTo(1, 12);
    expect(node.credits).toBeCloseTo(2, 12);
  });

  it('inside a loop both terms add up, and retries multiply them, with an error branch in the same loop', () => {
    // t → I (N 10) → S (p 3, φ 0.1, retries 0.5) → G (aggregator of I); S ⇢ E (error), E inside the loop.
    // m(S) = 10; S(n) = 0.5·10·(1 − 1/10) + 0.5·10·(3 − 1) = 4.5 + 10 = 14.5;
    // credits(S) = 1.5·(10·1 + 14.5) = 36.75. E: 0.1·10 = 1 execution, 1 credit. G: min(9, 1) = 1, 0 credits.
    const flow = flowOf(
      [
        ['t', 'trigger', bare()],
        ['i', 'iterator', bare({ iterations: 10 })],
        ['s', 'search', bare({ pages: 3, failureRate: 0.1, retries: 0.5 })],
        ['g', 'aggregator', bare(), { iteratorId: 'i' }],
        ['e', 'action', bare()],
      ],
      [
        { source: 't', target: 'i' },
        { source: 'i', target: 's' },
        { id: 'ok', source: 's', target: 'g' },
        { id: 'err', source: 's', target: 'e', error: true },
      ],
    );
    const cost = priceFlow(flow);
    const s = cost.byId.get('s')!;
    expect(s.surcharge).toBeCloseTo(14.5, 12);
    expect(s.credits).toBeCloseTo(36.75, 12);
    expect(cost.byId.get('e')!.executions).toBeCloseTo(1, 12);
    expect(cost.byId.get('e')!.loopId).toBe('i');
    expect(cost.edges.get('ok')!.count).toBeCloseTo(9, 12);
    expect(cost.total).toBeCloseTo(37.75, 12);
  });

  it('pages on a module that is not a search, or below 1, change nothing', () => {
    const flow = flowOf(
      [
        ['t', 'trigger', bare()],
        ['a', 'action', bare({ pages: 4 })],
        ['s', 'search', bare({ pages: 0.5 })],
      ],
      [
        { source: 't', target: 'a' },
        { source: 'a', target: 's' },
      ],
    );
    const cost = priceFlow(flow);
    expect(cost.byId.get('a')!.surcharge).toBe(0);
    expect(cost.byId.get('s')!.surcharge).toBe(0);
    expect(cost.total).toBe(2);
  });
});

describe('version 2 flows migrated to version 3', () => {
  it('price identically, to the bit (property over generated flows)', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 120 }), fc.integer({ min: 1, max: 1_000_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (modules, seed, rangeShare) => {
        const flow = generateFlow({ modules, seed, rangeShare });
        const v2 = JSON.stringify({ ...toFileObject(flow), version: 2 });
        const read = parseFlow(v2);
        expect(read.ok).toBe(true);
        if (!read.ok) return;
        expect(read.migratedFrom).toBe(2);
        expect(read.value.version).toBe(3);
        const before = priceFlow(flow);
        const after = priceFlow(read.value as Flow);
        expect(after.total).toBe(before.total);
        expect(after.perMonth).toBe(before.perMonth);
        for (let v = 0; v < before.nodes.length; v++) expect(after.nodes[v]!.credits).toBe(before.nodes[v]!.credits);
      }),
      { numRuns: 60 },
    );
  });
});

describe('runs per month from the trigger schedule (cost-model §7)', () => {
  const scheduled = (settings: Flow['settings'], schedule = '*/30 8-17 * * *') =>
    flowOf([['t', 'trigger', bare(), { schedule }], ['a', 'action', bare()]], [{ source: 't', target: 'a' }], settings);

  it('fires in 2026 ÷ 12 when the flow does not say: every 30 minutes 08–17 is 2·10·365 / 12', () => {
    const cost = priceFlow(scheduled({}));
    expect(cost.runsPerMonth).toBe(7300 / 12);
    expect(cost.perMonth).toBe(cost.total * (7300 / 12));
  });

  it('an explicit runsPerMonth always wins; an unreadable schedule counts as none', () => {
    expect(priceFlow(scheduled({ runsPerMonth: 42 })).runsPerMonth).toBe(42);
    expect(priceFlow(scheduled({}, '0 25 * * *')).runsPerMonth).toBe(1000);
  });
});
