import { describe, expect, it } from 'vitest';
import { priceFlow } from './price';
import { sensitivity, sensitivityOf, withAssumption, withPassRate } from './sensitivity';
import { chain, flowOf } from '../model/testing/flowOf';

/**
 * Three AI agents whose extra credits are ranges of different widths; C runs in a loop of 10.
 * For extra credits the cost is linear, so each bar's swing is known in closed form:
 * (max − min) · executions · runs per month.
 */
function constructed() {
  return flowOf(
    [
      ['t', 'trigger'],
      ['A', 'ai_agent', { extraCredits: { min: 0, likely: 1, max: 10 } }],
      ['B', 'ai_agent', { extraCredits: { min: 0, likely: 1, max: 5 } }],
      ['loop', 'iterator', { iterations: 10 }],
      ['C', 'ai_agent', { extraCredits: { min: 0, likely: 1, max: 2 } }],
      ['agg', 'aggregator', {}, { iteratorId: 'loop' }],
    ],
    chain('t', 'A', 'B', 'loop', 'C', 'agg'),
    { runsPerMonth: 1000 },
  );
}

describe('sensitivity', () => {
  it('orders the bars by how far each input moves the monthly cost', () => {
    const bars = sensitivity(constructed(), { top: 6 });
    expect(bars.map((b) => b.label)).toEqual([
      // ±50 % of runs: swing = the whole month (≈ 32.5 credits a run × 1000).
      'Runs per month',
      // 5..15 items × ≈ 2.7 credits each.
      "Iterator 'loop' · iterations",
      // (2 − 0) × 10 executions.
      "AI agent 'C' · extra credits",
      // (10 − 0) × 1.
      "AI agent 'A' · extra credits",
      // 3..9 s on 10 executions: 10 · (log2 1.9 − log2 1.3) ≈ 5.48.
      "AI agent 'C' · duration",
      // (5 − 0) × 1.
      "AI agent 'B' · extra credits",
    ]);
    for (let i = 1; i < bars.length; i++) expect(bars[i - 1]!.swing).toBeGreaterThanOrEqual(bars[i]!.swing);
  });

  it('sweeps a range from min to max and gives the exact swing of a linear input', () => {
    const bars = sensitivity(constructed(), { top: 100 });
    const byLabel = new Map(bars.map((b) => [b.label, b]));
    const a = byLabel.get("AI agent 'A' · extra credits")!;
    expect(a).toMatchObject({ from: 0, to: 10, fromRange: true, target: { moduleId: 'A', field: 'assumptions.extraCredits' } });
    expect(a.swing).toBeCloseTo(10 * 1 * 1000, 6);
    expect(byLabel.get("AI agent 'C' · extra credits")!.swing).toBeCloseTo(2 * 10 * 1000, 6);
    expect(byLabel.get("AI agent 'B' · extra credits")!.swing).toBeCloseTo(5 * 1 * 1000, 6);
  });

  it('re-prices with the input at each end and every other input at its likely value', () => {
    const flow = constructed();
    const { base, bars } = sensitivityOf(flow, { top: 100 });
    expect(base).toBeCloseTo(priceFlow(flow).perMonth, 9);
    const duration = bars.find((b) => b.label === "AI agent 'C' · duration")!;
    // C's duration defaults to 6 s: ±50 % = 3..9 s.
    expect([duration.from, duration.to]).toEqual([3, 9]);
    expect(duration.atFrom).toBeCloseTo(priceFlow(withAssumption(flow, 'C', 'durationSec', 3)).perMonth, 9);
    expect(duration.atTo).toBeCloseTo(priceFlow(withAssumption(flow, 'C', 'durationSec', 9)).perMonth, 9);
    expect(duration.low).toBeLessThan(base);
    expect(duration.high).toBeGreaterThan(base);
  });

  it('clamps pass rates to 0..1 and names the edge', () => {
    const flow = flowOf(
      [
        ['t', 'trigger'],
        ['A', 'action'],
        ['B', 'code'],
      ],
      [
        { source: 't', target: 'A' },
        { id: 'f', source: 'A', target: 'B', filter: { mode: 'break', passRate: 0.8 } },
      ],
      { runsPerMonth: 100 },
    );
    const bar = sensitivity(flow, { top: 100 }).find((b) => b.target.edgeId === 'f')!;
    expect(bar.target).toEqual({ edgeId: 'f', field: 'filter.passRate' });
    expect(bar.from).toBeCloseTo(0.4, 12);
    expect(bar.to).toBe(1);
    expect(bar.label).toBe("Filter Action 'A' → Code 'B' · pass rate");
    expect(bar.high).toBeCloseTo(priceFlow(withPassRate(flow, 'f', 1)).perMonth, 9);
  });

  it('leaves out inputs that do not move the cost, and keeps only the top N', () => {
    const flow = constructed();
    // A range with min = max does not move anything; retries default to 0, so ±50 % is 0..0.
    flow.settings.runsPerMonth = { min: 1000, likely: 1000, max: 1000 };
    const all = sensitivity(flow, { top: 100 });
    expect(all.some((b) => b.target.field === 'settings.runsPerMonth')).toBe(false);
    expect(all.some((b) => b.target.field === 'assumptions.retries')).toBe(false);
    expect(all.every((b) => b.swing > 0)).toBe(true);
    expect(sensitivity(flow, { top: 3 })).toEqual(all.slice(0, 3));
  });

  it('a pass rate that routes more bundles away lowers the cost at its high end', () => {
    // Exclusive router: route r1 (to a free module) at 0.5; the fallback goes to a paid one.
    const flow = flowOf(
      [
        ['t', 'trigger'],
        ['r', 'router', {}, { mode: 'exclusive' }],
        ['free', 'variables'],
        ['paid', 'ai_agent'],
      ],
      [
        { source: 't', target: 'r' },
        { id: 'r1', source: 'r', target: 'free', route: { priority: 1, passRate: 0.5, fallback: false } },
        { id: 'r2', source: 'r', target: 'paid', route: { priority: 2, passRate: 0, fallback: true } },
      ],
    );
    const bar = sensitivity(flow, { top: 100 }).find((b) => b.target.edgeId === 'r1')!;
    expect(bar.target.field).toBe('route.passRate');
    expect(bar.atTo).toBeLessThan(bar.atFrom);
    expect(bar.low).toBe(bar.atTo);
    // The fallback has no pass rate of its own: no bar.
    expect(sensitivity(flow, { top: 100 }).some((b) => b.target.edgeId === 'r2')).toBe(false);
  });
});

describe('sensitivity of an exclusive router', () => {
  it('sweeps a route only up to what the other routes leave', () => {
    const flow = flowOf(
      [
        ['t', 'trigger'],
        ['r', 'router', {}, { mode: 'exclusive' }],
        ['a', 'ai_agent'],
        ['b', 'code'],
        ['c', 'action'],
      ],
      [
        { source: 't', target: 'r' },
        { id: 'ra', source: 'r', target: 'a', route: { priority: 1, passRate: 0.3, fallback: false } },
        { id: 'rb', source: 'r', target: 'b', route: { priority: 2, passRate: 0.6, fallback: false } },
        { id: 'rc', source: 'r', target: 'c', route: { priority: 3, passRate: 0, fallback: true } },
      ],
    );
    const bars = sensitivity(flow, { top: 100 });
    const rb = bars.find((b) => b.target.edgeId === 'rb')!;
    // ±50 % of 0.6 would reach 0.9; 0.3 is taken by route ra, so 0.7 at most.
    expect(rb.from).toBeCloseTo(0.3, 12);
    expect(rb.to).toBeCloseTo(0.7, 12);
    const ra = bars.find((b) => b.target.edgeId === 'ra')!;
    expect(ra.to).toBeCloseTo(0.4, 12);
  });

  it('a route whose month peaks inside its sweep: both ends below the base, and the bar still reaches the base', () => {
    // Three items; the route's items go through a cheap action to an aggregator that runs once when
    // at least one item came, then an AI agent; the others go to a 2 s code fallback. What the route
    // gains the fallback loses (cheaper each), while the aggregator and the agent run in more loops:
    // the month rises, then falls, as the route's share grows.
    const flow = flowOf(
      [
        ['t', 'trigger', { payloadKB: 1 }],
        ['each', 'iterator', { payloadKB: 1, iterations: 3 }],
        ['r', 'router', { payloadKB: 1 }, { mode: 'exclusive' }],
        ['cheap', 'action', { durationSec: 0.1, payloadKB: 1 }],
        ['slow', 'code', { durationSec: 2, payloadKB: 1 }],
        ['collect', 'aggregator', { payloadKB: 1 }, { iteratorId: 'each' }],
        ['agent', 'ai_agent', { durationSec: 60, payloadKB: 50, extraCredits: 20 }],
      ],
      [
        { source: 't', target: 'each' },
        { source: 'each', target: 'r' },
        { id: 'route', source: 'r', target: 'cheap', route: { priority: 1, passRate: 0.5, fallback: false } },
        { id: 'fallback', source: 'r', target: 'slow', route: { priority: 2, passRate: 0, fallback: true } },
        { source: 'cheap', target: 'collect' },
        { source: 'collect', target: 'agent' },
      ],
      { runsPerMonth: 1000 },
    );
    const { base, bars } = sensitivityOf(flow, { top: 100 });
    const bar = bars.find((b) => b.target.edgeId === 'route')!;
    expect(bar.atFrom).toBeLessThan(base);
    expect(bar.atTo).toBeLessThan(base);
    expect(bar.low).toBe(Math.min(bar.atFrom, bar.atTo));
    expect(bar.high).toBe(base);
    expect(bar.swing).toBe(base - bar.low);
  });
});
