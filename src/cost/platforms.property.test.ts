import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { brokenFlowArbitrary, validFlowArbitrary } from '../model/testing/arbitraries';
import type { Assumptions, Flow, ModuleType, PartialPlatformTable } from '../model/types';
import { comparePlatforms } from './platforms';
import { breakEven, cheapestAt, crossovers, criticalPoints, curvesOf, dollarsAt, RUNS_RANGE, type CostCurve, type Crossover, type Curves } from './crossover';
import { runsJustAbove, runsJustBelow } from './testing/crossoverProbes';

// Property tests run many flows; allow for a busy machine.
const SLOW = { timeout: 60_000 };

/** The flow with a failure rate and retries drawn for each module (as version 3 files may say). */
const withFailures = fc
  .tuple(validFlowArbitrary({ maxModules: 60 }), fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 3, noNaN: true })), { minLength: 1 }))
  .map(([flow, draws]): Flow => ({
    ...flow,
    modules: flow.modules.map((m, i) => {
      const [failureRate, retries] = draws[i % draws.length]!;
      return { ...m, assumptions: { ...m.assumptions, failureRate, retries } as Assumptions };
    }),
  }));

describe('platform pricing over generated flows', () => {
  it('n8n bills exactly one execution per run, whatever the flow holds', SLOW, () => {
    fc.assert(
      fc.property(fc.oneof(validFlowArbitrary({ maxModules: 80 }), brokenFlowArbitrary({ maxModules: 40 })), (flow) => {
        const c = comparePlatforms(flow);
        expect(c.platforms.n8n.perRun).toBe(1);
        expect(c.platforms.n8n.perMonth).toBe(c.runsPerMonth);
      }),
    );
  });

  it('routers are free on Make: they add no Make credit, however often they run', SLOW, () => {
    fc.assert(
      fc.property(validFlowArbitrary({ maxModules: 80 }), (flow) => {
        for (const m of comparePlatforms(flow).modules) if (m.type === 'router') expect(m.units.make).toBe(0);
      }),
    );
  });

  it('a flow made only of kinds free on Make costs 0 Make credits', SLOW, () => {
    fc.assert(
      fc.property(validFlowArbitrary({ maxModules: 60 }), (flow) => {
        // Every kind this flow holds is made free (as routers are by default); nothing else changes.
        const kinds = [...new Set(flow.modules.map((m) => m.type))];
        const platforms: PartialPlatformTable = { make: { unitsPerKind: Object.fromEntries(kinds.map((k) => [k, 0])) as Record<ModuleType, number> } };
        const c = comparePlatforms({ ...flow, settings: { ...flow.settings, platforms } });
        expect(c.platforms.make.perRun).toBe(0);
        expect(c.platforms.make.dollarsPerMonth).toBe(0);
      }),
    );
  });

  it('Zapier tasks never exceed Make credits under the default tables, with failures and retries', SLOW, () => {
    fc.assert(
      fc.property(withFailures, (flow) => {
        const c = comparePlatforms(flow);
        for (const m of c.modules) expect(m.units.zapier).toBeLessThanOrEqual(m.units.make);
        expect(c.platforms.zapier.perRun).toBeLessThanOrEqual(c.platforms.make.perRun * (1 + 1e-12));
      }),
    );
  });

  it('every figure is finite and ≥ 0', SLOW, () => {
    fc.assert(
      fc.property(fc.oneof(withFailures, brokenFlowArbitrary({ maxModules: 40 })), (flow) => {
        const c = comparePlatforms(flow);
        for (const p of Object.values(c.platforms))
          for (const v of [p.perRun, p.perMonth, p.dollarsPerMonth]) {
            expect(Number.isFinite(v)).toBe(true);
            expect(v).toBeGreaterThanOrEqual(0);
          }
      }),
    );
  });
});

const planArb = fc.record({
  name: fc.constantFrom('A', 'B', 'C'),
  monthlyUnits: fc.oneof(fc.integer({ min: 0, max: 2_000_000 }), fc.double({ min: 0, max: 2e6, noNaN: true })),
  monthlyPrice: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2000 }), fc.double({ min: 0, max: 2000, noNaN: true })),
});
const planCurve: fc.Arbitrary<CostCurve> = fc.record({
  kind: fc.constant('plans' as const),
  unitsPerRun: fc.oneof(fc.constant(0), fc.constant(1), fc.integer({ min: 1, max: 200 }), fc.double({ min: 0, max: 200, noNaN: true })),
  plans: fc.array(planArb, { maxLength: 4 }),
});
const curvesArb: fc.Arbitrary<Curves> = fc.record({
  altan: fc.record({ kind: fc.constant('line' as const), dollarsPerRun: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 2, noNaN: true })) }),
  make: planCurve,
  zapier: planCurve,
  n8n: planCurve,
});

/**
 * Just below a crossover the cheapest is its `from`, just above its `to` (probed strictly inside
 * the intervals to the neighbouring critical points; none when no run count lies in between).
 */
function expectSidesOf(c: Crossover, curves: Curves, points: readonly number[]): void {
  const below = runsJustBelow(c, points);
  const above = runsJustAbove(c, points);
  if (below !== undefined) expect(cheapestAt(curves, below)).toBe(c.from);
  if (above !== undefined) expect(cheapestAt(curves, above)).toBe(c.to);
}

describe('crossovers are where the cheapest platform changes', () => {
  it('just below each the cheapest is `from`, just above it is `to`', SLOW, () => {
    fc.assert(
      fc.property(curvesArb, (curves) => {
        const points = criticalPoints(curves);
        for (const c of crossovers(curves)) expectSidesOf(c, curves, points);
      }),
    );
  });

  it('anywhere between two crossovers the cheapest is the one the last crossover named', SLOW, () => {
    fc.assert(
      fc.property(curvesArb, fc.array(fc.double({ min: 1, max: 6, noNaN: true }), { minLength: 1, maxLength: 20 }), (curves, exponents) => {
        const changes = crossovers(curves);
        const first = changes.length > 0 ? changes[0]!.from : cheapestAt(curves, RUNS_RANGE.max);
        for (const e of exponents) {
          const runs = 10 ** e;
          if (changes.some((c) => c.runs === runs)) continue;
          const last = changes.filter((c) => c.runs < runs).at(-1);
          expect(cheapestAt(curves, runs)).toBe(last ? last.to : first);
        }
      }),
    );
  });

  it('on generated flows: the break-even crossovers are where the flow’s own cheapest platform changes, and the chart agrees with the plans', SLOW, () => {
    fc.assert(
      fc.property(withFailures, fc.integer({ min: 1, max: 6 }), (flow, decade) => {
        const comparison = comparePlatforms({ ...flow, settings: { ...flow.settings, runsPerMonth: 10 ** decade } });
        const curves = curvesOf(comparison);
        const chart = breakEven(comparison);
        expect(chart.cheapest).toBe(comparison.cheapest);
        const points = criticalPoints(curves);
        for (const c of chart.crossovers) expectSidesOf(c, curves, points);
        for (const id of ['make', 'zapier', 'n8n'] as const)
          expect(dollarsAt(curves[id], comparison.runsPerMonth)).toBe(comparison.platforms[id].dollarsPerMonth);
      }),
    );
  });
});
