import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  budgetInCredits,
  budgetStatus,
  exceedProbability,
  normalCdf,
  runOutDay,
  standardDeviation,
  triangularCdf,
  triangularQuantile,
} from './budget';
import type { BudgetStatus } from './budget';

function ok(status: ReturnType<typeof budgetStatus>): BudgetStatus {
  if (!status.ok) throw new Error(`expected a status, got ${status.message}`);
  return status;
}

describe('triangular distribution', () => {
  it('quantile inverts the CDF', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1000, noNaN: true }),
        fc.double({ min: 0, max: 1000, noNaN: true }),
        fc.double({ min: 0.001, max: 1000, noNaN: true }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        (a, db, dc, p) => {
          const b = a + db;
          const c = b + dc;
          expect(triangularCdf(triangularQuantile(p, a, b, c), a, b, c)).toBeCloseTo(p, 9);
        },
      ),
    );
  });

  it('has the likely value as its mode split: F(b) = (b − a)/(c − a)', () => {
    expect(triangularCdf(4, 0, 4, 10)).toBeCloseTo(0.4, 12);
    expect(triangularQuantile(0.5, 0, 5, 10)).toBeCloseTo(5, 12);
  });
});

describe('normalCdf', () => {
  it('matches known values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.2815515655)).toBeCloseTo(0.9, 6);
    expect(normalCdf(-1.959963985)).toBeCloseTo(0.025, 6);
  });
});

describe('standardDeviation', () => {
  it('is the sample standard deviation', () => {
    expect(standardDeviation([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(standardDeviation([3])).toBe(0);
  });
});

describe('runOutDay', () => {
  it('divides the budget by a uniform daily usage over 30 days', () => {
    // 3,000 credits a month = 100 a day; 1,250 lasts 12.5 days: runs out during day 13.
    expect(runOutDay(1250, 3000)).toEqual({ day: 13, at: 12.5 });
    expect(runOutDay(1200, 3000)).toEqual({ day: 12, at: 12 });
  });
  it('never runs out when the budget covers the month', () => {
    expect(runOutDay(3000, 3000)).toBe('never');
    expect(runOutDay(5000, 3000)).toBe('never');
    expect(runOutDay(5000, 0)).toBe('never');
  });
  it('runs out on day 1 at the earliest', () => {
    expect(runOutDay(0.001, 3000)).toEqual({ day: 1, at: 0.00001 });
  });
});

describe('exceedProbability', () => {
  it('is a step when the month is fixed', () => {
    expect(exceedProbability(1000, 2, 0, 400)).toBe(0);
    expect(exceedProbability(1000, 2, 0, 600)).toBe(1);
  });
  it('is the triangular tail when only runs per month vary', () => {
    // runs ~ tri(0, 500, 1000), 2 credits a run: P(2R > 1000) = P(R > 500) = 0.5.
    expect(exceedProbability(1000, 2, 0, { min: 0, likely: 500, max: 1000 })).toBeCloseTo(0.5, 12);
    expect(exceedProbability(1600, 2, 0, { min: 0, likely: 500, max: 1000 })).toBeCloseTo(1 - triangularCdf(800, 0, 500, 1000), 12);
  });
  it('is one half when the budget equals the expected month and runs vary per run', () => {
    expect(exceedProbability(2000, 2, 1, 1000)).toBeCloseTo(0.5, 6);
  });
  it('with per-run spread agrees with the σ = 0 tail when σ is tiny', () => {
    const range = { min: 100, likely: 300, max: 900 };
    const sharp = exceedProbability(800, 2, 1e-9, range);
    expect(sharp).toBeCloseTo(exceedProbability(800, 2, 0, range), 3);
  });
  it('grows as the budget shrinks', () => {
    const range = { min: 100, likely: 300, max: 900 };
    fc.assert(
      fc.property(fc.double({ min: 1, max: 2000, noNaN: true }), fc.double({ min: 1, max: 2000, noNaN: true }), (x, y) => {
        const [lo, hi] = x < y ? [x, y] : [y, x];
        expect(exceedProbability(lo, 2, 3, range)).toBeGreaterThanOrEqual(exceedProbability(hi, 2, 3, range) - 1e-12);
      }),
      { numRuns: 30 },
    );
  });
});

describe('budgetInCredits', () => {
  it('reads dollars through dollars per credit', () => {
    expect(budgetInCredits({ amount: 30, unit: 'dollars' }, 0.003)).toBeCloseTo(10_000, 9);
    expect(budgetInCredits({ amount: 500, unit: 'credits' }, 0.003)).toBe(500);
  });
  it('returns an error value for a budget that is not above 0', () => {
    expect(budgetInCredits({ amount: 0, unit: 'credits' }, 0.003)).toMatchObject({ ok: false, field: 'amount' });
    expect(budgetInCredits({ amount: 10, unit: 'dollars' }, 0)).toMatchObject({ ok: false, field: 'dollarsPerCredit' });
  });
});

describe('budgetStatus', () => {
  it('point estimate: share used, fits, never runs out', () => {
    const s = ok(budgetStatus({ budget: { amount: 10_000, unit: 'credits' }, runTotal: 2, runsPerMonth: 3000, dollarsPerCredit: 0.003 }));
    expect(s.source).toBe('point');
    expect(s.month).toEqual({ p50: 6000, p90: 6000 });
    expect(s.share.p50).toBeCloseTo(0.6, 12);
    expect(s.exceedProbability).toBe(0);
    expect(s.runOut).toEqual({ p50: 'never', p90: 'never' });
    expect(s.level).toBe('ok');
  });

  it('over budget at the point estimate: warns, and names the run-out day', () => {
    const s = ok(budgetStatus({ budget: { amount: 3000, unit: 'credits' }, runTotal: 2, runsPerMonth: 3000, dollarsPerCredit: 0.003 }));
    expect(s.level).toBe('over');
    expect(s.exceedProbability).toBe(1);
    expect(s.runOut.p50).toEqual({ day: 15, at: 15 });
  });

  it('a range of runs per month gives P90 above P50 and an at-risk level between them', () => {
    const runsPerMonth = { min: 1000, likely: 2000, max: 6000 };
    const p50 = triangularQuantile(0.5, 1000, 2000, 6000) * 2;
    const p90 = triangularQuantile(0.9, 1000, 2000, 6000) * 2;
    const budget = (p50 + p90) / 2;
    const s = ok(budgetStatus({ budget: { amount: budget, unit: 'credits' }, runTotal: 2, runsPerMonth, dollarsPerCredit: 0.003 }));
    expect(s.source).toBe('runs-range');
    expect(s.month.p90).toBeGreaterThan(s.month.p50);
    expect(s.level).toBe('at-risk');
    expect(s.exceedProbability).toBeGreaterThan(0.1);
    expect(s.exceedProbability).toBeLessThan(0.5);
    expect(s.runOut.p50).toBe('never');
    expect(s.runOut.p90).not.toBe('never');
  });

  it('uses the simulation when given: its month figures, its mean and spread', () => {
    const runs = Float64Array.from([1, 3, 1, 3, 1, 3, 1, 3]);
    const s = ok(
      budgetStatus({
        budget: { amount: 6, unit: 'dollars' },
        runTotal: 2,
        runsPerMonth: 1000,
        dollarsPerCredit: 0.003,
        simulation: { mean: 2, perMonth: { p50: 2000, p90: 2000 }, runs },
      }),
    );
    expect(s.source).toBe('simulation');
    expect(s.budgetCredits).toBeCloseTo(2000, 9);
    // Budget = expected month, spread per run > 0: a coin flip.
    expect(s.exceedProbability).toBeCloseTo(0.5, 6);
    expect(s.method).toMatch(/central limit/);
  });

  it('returns the error of an invalid budget instead of throwing', () => {
    const s = budgetStatus({ budget: { amount: -1, unit: 'credits' }, runTotal: 2, runsPerMonth: 10, dollarsPerCredit: 0.003 });
    expect(s.ok).toBe(false);
  });
});
