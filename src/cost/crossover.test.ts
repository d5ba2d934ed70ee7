import { describe, expect, it } from 'vitest';
import { breakEven, breakEvenSeries, cheapestAt, criticalPoints, crossovers, curvesOf, dollarsAt, type Curves } from './crossover';
import { comparePlatforms } from './platforms';
import { describeCharges, describeCheapest } from './platformText';
import { chain, flowOf } from '../model/testing/flowOf';
import { PLATFORM_IDS } from './platformTable';
import { runsJustAbove, runsJustBelow } from './testing/crossoverProbes';

const plans = (...list: [string, number, number][]) => list.map(([name, monthlyUnits, monthlyPrice]) => ({ name, monthlyUnits, monthlyPrice }));

/** Hand-made curves whose crossovers can be worked out on paper. */
const curves: Curves = {
  altan: { kind: 'line', dollarsPerRun: 0.01 }, // $10 at 1,000 runs
  make: { kind: 'plans', unitsPerRun: 2, plans: plans(['Free', 1000, 0], ['Core', 10_000, 10]) },
  zapier: { kind: 'plans', unitsPerRun: 1, plans: plans(['Only', 100, 1000]) },
  n8n: { kind: 'plans', unitsPerRun: 1, plans: plans(['Flat', 1_000_000, 50]) },
};

describe('crossovers, solved', () => {
  it('finds each point where the cheapest changes, exactly', () => {
    // Make is free to 500 runs (1,000 credits), then $10 (Core) to 5,000 runs, then $0.002 a run
    // pro rata. Altan costs $0.01 a run: below $10 up to 1,000 runs. n8n is $50 flat.
    // ≤ 500: Make ($0). 500..1,000: Altan (< $10). 1,000: a tie with Make's $10, after which Make
    // is cheaper. Make pro rata reaches $50 at 25,000 runs, where n8n's flat $50 takes over.
    expect(crossovers(curves)).toEqual([
      { runs: 500, from: 'make', to: 'altan' },
      { runs: 1000, from: 'altan', to: 'make' },
      { runs: 25_000, from: 'make', to: 'n8n' },
    ]);
  });

  it('is right on both sides of every crossover', () => {
    for (const c of crossovers(curves)) {
      expect(cheapestAt(curves, c.runs * (1 - 1e-9))).toBe(c.from);
      expect(cheapestAt(curves, c.runs * (1 + 1e-9))).toBe(c.to);
    }
  });

  it('no crossover when one platform is cheapest everywhere', () => {
    const flat: Curves = { ...curves, n8n: { kind: 'plans', unitsPerRun: 1, plans: plans(['Free forever', 1e12, 0]) }, make: curves.zapier };
    expect(crossovers(flat)).toEqual([]);
  });

  it('the break-even series shows each step as two points and covers 10 to 1,000,000 runs', () => {
    const series = breakEvenSeries(curves);
    for (const id of PLATFORM_IDS) {
      expect(series[id][0]!.runs).toBe(10);
      expect(series[id].at(-1)!.runs).toBe(1_000_000);
      for (const p of series[id]) if (series[id].filter((q) => q.runs === p.runs).length === 1) expect(p.dollars).toBe(dollarsAt(curves[id], p.runs));
    }
    expect(series.make.filter((p) => p.runs === 500).map((p) => p.dollars)).toEqual([0, 10]);
    expect(series.make.filter((p) => p.runs === 5000).map((p) => p.dollars)).toEqual([10]); // pro rata continues the price
  });
});

describe('a retry of almost nothing (fast-check seed 2018255357)', () => {
  // 1 + 3.33e-16 rounds to 1 + 2^-52: Make's credits per run become 4.000000000000001, so its Free
  // plan (1,000 credits) ends two ulps below 250 runs, next to Zapier's Professional step (750 / 3).
  const retries = 3.3306690738754696e-16;
  const flowWith = (r: number) =>
    flowOf(
      [
        ['m1', 'trigger', { payloadKB: 1.4, failureRate: 0, retries: r }],
        ['m2', 'search', { durationSec: 0.97, payloadKB: 104.1, failureRate: 0, retries: 0 }],
        ['m3', 'action', { durationSec: 0.79, payloadKB: 12.1, failureRate: 0, retries: r }],
        ['m4', 'invoke', { durationSec: 0.65, payloadKB: 33.6, failureRate: 0, retries: 0 }],
      ],
      chain('m1', 'm2', 'm3', 'm4'),
      { runsPerMonth: 10 },
    );

  it('changes nothing the chart says: the same crossovers as without retries, to a billionth of a run', () => {
    const tiny = comparePlatforms(flowWith(retries));
    const none = comparePlatforms(flowWith(0));
    const chart = breakEven(tiny).crossovers;
    const plain = breakEven(none).crossovers;
    expect(chart.map((c) => [c.from, c.to])).toEqual(plain.map((c) => [c.from, c.to]));
    chart.forEach((c, i) => expect(c.runs).toBeCloseTo(plain[i]!.runs, 9));
    // The first is Make's Free step, a hair below Zapier's step; both are critical points.
    const points = criticalPoints(curvesOf(tiny));
    expect(chart[0]).toMatchObject({ from: 'make', to: 'altan', runs: tiny.table.make.plans[0]!.monthlyUnits / tiny.platforms.make.perRun });
    expect(points[points.indexOf(chart[0]!.runs) + 1]).toBe(tiny.table.zapier.plans[1]!.monthlyUnits / tiny.platforms.zapier.perRun);
  });

  it('just below each crossover the cheapest is `from`, just above it `to`, even two ulps from the next step', () => {
    const curves = curvesOf(comparePlatforms(flowWith(retries)));
    const points = criticalPoints(curves);
    for (const c of crossovers(curves)) {
      const below = runsJustBelow(c, points)!;
      const above = runsJustAbove(c, points)!;
      expect(below).toBeLessThan(c.runs);
      expect(above).toBeGreaterThan(c.runs);
      expect(cheapestAt(curves, below)).toBe(c.from);
      expect(cheapestAt(curves, above)).toBe(c.to);
    }
  });
});

describe('sentences', () => {
  const flow = flowOf(
    [['t', 'trigger'], ['i', 'iterator', { iterations: 20 }], ['a', 'ai_agent'], ['g', 'aggregator', undefined, { iteratorId: 'i' }]],
    chain('t', 'i', 'a', 'g'),
    { runsPerMonth: 3000 },
  );

  it('name the kinds one platform charges and another does not', () => {
    expect(describeCharges(comparePlatforms(flow).modules)).toBe(
      'Make charges the trigger, iterator and aggregator, Zapier does not; Altan charges nothing for the iterator and aggregator; n8n charges the run, not the modules.',
    );
  });

  it('name the cheapest platform and every crossover', () => {
    const c = comparePlatforms(flow);
    const changes = crossovers(curvesOf(c));
    const text = describeCheapest(c, changes);
    expect(text.startsWith(`${c.platforms[c.cheapest].name} is the cheapest at 3,000 runs a month`)).toBe(true);
    expect(text).toContain(`changes ${changes.length === 1 ? 'once' : `${changes.length} times`}`);
  });
});
