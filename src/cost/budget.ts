import { isRange } from '../model/types';
import type { Budget, Estimate } from '../model/types';

/**
 * The monthly budget (issue 5 §7): how much of it the flow uses at P50 and P90, the chance that a
 * month costs more than it, and on which day of the month it runs out.
 *
 * Where the month figures come from, best first:
 * 1. `simulation` given: its `perMonth.p50` / `p90` (cost-model.md §6: runs per month, drawn from
 *    its range, × the simulated mean run cost);
 * 2. `runsPerMonth` is a range: its triangular quantiles × the point estimate of one run;
 * 3. otherwise the point estimate: P50 = P90 = the month total.
 *
 * Probability of exceeding. A month is R runs; R is drawn from `runsPerMonth` (triangular, or a
 * fixed number), and R runs of mean μ and standard deviation σ (per run, from the simulated runs)
 * add up to about Normal(R·μ, σ·√R) by the central limit theorem. So
 *     P(month > budget) = E_R[ 1 − Φ((budget − R·μ) / (σ·√R)) ].
 * With σ = 0 (no simulation) the inner term is a step, and P is exactly the share of month draws
 * R·μ above the budget: 1 − F_R(budget / μ), computed in closed form. With σ > 0 the expectation
 * over R is taken over 2,000 evenly spaced quantiles of R (a stratified set of month draws), so the
 * answer is deterministic, needs no seed, and agrees with the simulation's own month figures.
 *
 * Run-out day: usage is assumed uniform over a 30-day month, so a month costing C uses C / 30 a
 * day and the budget B lasts B / (C / 30) days; when that is 30 or more it lasts the month
 * ("never").
 */

export const DAYS_PER_MONTH = 30;
/** Quantiles of runs per month the probability averages over when runs vary per run (σ > 0). */
export const EXCEED_QUANTILES = 2000;

/** What this module needs from a simulation result (src/cost/simulate.ts `SimulationResult`). */
export interface BudgetSimulation {
  mean: number;
  perMonth: { p50: number; p90: number };
  /** The simulated cost of every run; its spread is the per-run σ. */
  runs?: ArrayLike<number>;
}

export interface BudgetInputs {
  budget: Budget;
  /** Point estimate of one run, in credits (`FlowCost.total`). */
  runTotal: number;
  /** Runs per month as the flow (or scenario) states it; a plain number or a range. */
  runsPerMonth: Estimate;
  /** Dollars per credit of the rate card in use, to read a budget in dollars. */
  dollarsPerCredit: number;
  simulation?: BudgetSimulation;
}

/** When the budget runs out: the day of the month (1..30) and the exact point in days. */
export type RunOut = { day: number; at: number } | 'never';

export type BudgetLevel = 'ok' | 'at-risk' | 'over';

export interface BudgetStatus {
  ok: true;
  /** The budget in credits (a dollar budget divided by dollars per credit). */
  budgetCredits: number;
  /** Monthly credits at P50 and P90. */
  month: { p50: number; p90: number };
  source: 'simulation' | 'runs-range' | 'point';
  /** Share of the budget used: month / budget. */
  share: { p50: number; p90: number };
  /** Probability that a month costs more than the budget, 0..1. */
  exceedProbability: number;
  /** One sentence for people on how `exceedProbability` was found. */
  method: string;
  runOut: { p50: RunOut; p90: RunOut };
  /** `over`: even the P50 month exceeds the budget; `at-risk`: the P90 month does; else `ok`. */
  level: BudgetLevel;
}

export interface BudgetError {
  ok: false;
  field: 'amount' | 'unit' | 'dollarsPerCredit';
  message: string;
}

// ---------------------------------------------------------------------------------------------
// Triangular distribution and the standard normal.

/** P(X ≤ x) for X ~ triangular(a, b, c). */
export function triangularCdf(x: number, a: number, b: number, c: number): number {
  if (x <= a) return 0;
  if (x >= c) return 1;
  if (x <= b) return b === a ? 0 : ((x - a) * (x - a)) / ((c - a) * (b - a));
  return c === b ? 1 : 1 - ((c - x) * (c - x)) / ((c - a) * (c - b));
}

/** The p-quantile of triangular(a, b, c). */
export function triangularQuantile(p: number, a: number, b: number, c: number): number {
  if (c <= a) return a;
  const split = (b - a) / (c - a);
  if (p <= split) return a + Math.sqrt(p * (c - a) * (b - a));
  return c - Math.sqrt((1 - p) * (c - a) * (c - b));
}

/** Φ(z), the standard normal CDF (Abramowitz & Stegun 7.1.26, absolute error < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** Sample standard deviation of a list of run costs (0 for fewer than two). */
export function standardDeviation(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 2) return 0;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i]!;
  mean /= n;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i]! - mean;
    sq += d * d;
  }
  return Math.sqrt(sq / (n - 1));
}

// ---------------------------------------------------------------------------------------------

/** The day the budget runs out when a month costs `monthCost`, or 'never' when it lasts the month. */
export function runOutDay(budgetCredits: number, monthCost: number): RunOut {
  if (!(monthCost > 0)) return 'never';
  const at = budgetCredits / (monthCost / DAYS_PER_MONTH);
  if (at >= DAYS_PER_MONTH) return 'never';
  return { day: Math.max(1, Math.ceil(at)), at };
}

/**
 * P(month > budget) when a month is R runs of mean `mean` and per-run deviation `sigma`,
 * R ~ `runs` (a fixed number or a triangular range). See the module comment.
 */
export function exceedProbability(budgetCredits: number, mean: number, sigma: number, runs: Estimate): number {
  const tail = (r: number): number => {
    const monthMean = r * mean;
    const sd = sigma * Math.sqrt(r);
    if (!(sd > 0)) return monthMean > budgetCredits ? 1 : 0;
    return 1 - normalCdf((budgetCredits - monthMean) / sd);
  };
  if (!isRange(runs)) return tail(runs);
  const { min: a, likely: b, max: c } = runs;
  if (!(sigma > 0)) {
    if (!(mean > 0)) return 0 > budgetCredits ? 1 : 0;
    return 1 - triangularCdf(budgetCredits / mean, a, b, c);
  }
  let sum = 0;
  for (let i = 0; i < EXCEED_QUANTILES; i++) sum += tail(triangularQuantile((i + 0.5) / EXCEED_QUANTILES, a, b, c));
  return sum / EXCEED_QUANTILES;
}

/** The budget in credits, or an error naming the field at fault. */
export function budgetInCredits(budget: Budget, dollarsPerCredit: number): number | BudgetError {
  if (!Number.isFinite(budget.amount) || budget.amount <= 0) {
    return { ok: false, field: 'amount', message: 'The budget must be a number above 0.' };
  }
  if (budget.unit === 'credits') return budget.amount;
  if (budget.unit === 'dollars') {
    if (!(dollarsPerCredit > 0)) {
      return {
        ok: false,
        field: 'dollarsPerCredit',
        message: 'A budget in dollars needs a rate card whose dollars per credit is above 0.',
      };
    }
    return budget.amount / dollarsPerCredit;
  }
  return { ok: false, field: 'unit', message: 'The budget unit must be credits or dollars.' };
}

/** How a flow's month compares with its budget. Pure; never throws. */
export function budgetStatus(inputs: BudgetInputs): BudgetStatus | BudgetError {
  const credits = budgetInCredits(inputs.budget, inputs.dollarsPerCredit);
  if (typeof credits !== 'number') return credits;
  const runs = inputs.runsPerMonth;
  const sim = inputs.simulation;

  let month: { p50: number; p90: number };
  let source: BudgetStatus['source'];
  if (sim) {
    month = { p50: sim.perMonth.p50, p90: sim.perMonth.p90 };
    source = 'simulation';
  } else if (isRange(runs)) {
    month = {
      p50: triangularQuantile(0.5, runs.min, runs.likely, runs.max) * inputs.runTotal,
      p90: triangularQuantile(0.9, runs.min, runs.likely, runs.max) * inputs.runTotal,
    };
    source = 'runs-range';
  } else {
    month = { p50: runs * inputs.runTotal, p90: runs * inputs.runTotal };
    source = 'point';
  }

  const mean = sim ? sim.mean : inputs.runTotal;
  const sigma = sim?.runs ? standardDeviation(sim.runs) : 0;
  const probability = exceedProbability(credits, mean, sigma, runs);
  const method =
    sigma > 0
      ? `Runs per month ${isRange(runs) ? 'drawn from its range' : 'fixed'}, each month the sum of that many simulated runs (mean ${mean.toPrecision(4)}, σ ${sigma.toPrecision(4)} credits per run, normal by the central limit theorem).`
      : isRange(runs)
        ? 'Share of months above the budget when runs per month varies over its range and each run costs the point estimate.'
        : 'Runs per month and the cost of a run are fixed, so the month either fits the budget or not.';

  const share = { p50: month.p50 / credits, p90: month.p90 / credits };
  const level: BudgetLevel = share.p50 > 1 ? 'over' : share.p90 > 1 ? 'at-risk' : 'ok';
  return {
    ok: true,
    budgetCredits: credits,
    month,
    source,
    share,
    exceedProbability: probability,
    method,
    runOut: { p50: runOutDay(credits, month.p50), p90: runOutDay(credits, month.p90) },
    level,
  };
}
