/**
 * Where the cheapest platform changes as runs per month grow, found by solving, not sampling.
 *
 * On each platform, dollars per month is a piecewise function of runs r: Altan's is a line
 * (credits per run × r × dollars per credit); a plan platform's is a step function of its units
 * k·r (the cheapest plan that covers them) up to its largest plan, then a line (pro rata). Its
 * steps sit at r = U/k for each plan's monthly units U. Between two consecutive steps of all four,
 * every platform is constant or proportional to r, so two platforms meet at most once there, at
 * a point solved exactly. Between all those points no ranking can change, so the cheapest
 * platform is read once per interval, and each point where it differs on the two sides is a
 * crossover.
 */
import { PLAN_PLATFORMS, PLATFORM_IDS, type PlatformId } from './platformTable';
import { choosePlan, dollarsJustAbove, planSteps, proRataPrice } from './platformPlans';
import { cheapestOf, type PlatformComparison } from './platforms';
import type { PlatformPlan } from '../model/types';

/** The runs per month the comparison looks at (the break-even chart's log axis). */
export const RUNS_RANGE = Object.freeze({ min: 10, max: 1_000_000 });

/** One platform's dollars per month as a function of runs per month. */
export type CostCurve =
  | { kind: 'line'; dollarsPerRun: number }
  | { kind: 'plans'; unitsPerRun: number; plans: readonly PlatformPlan[] };

export type Curves = Record<PlatformId, CostCurve>;

export interface Crossover {
  /** Runs per month where the cheapest platform changes (below: `from`; above: `to`). */
  runs: number;
  from: PlatformId;
  to: PlatformId;
}

/** The four cost curves of a comparison (units per run from its figures: the simulated mean when simulated). */
export function curvesOf(comparison: Pick<PlatformComparison, 'platforms' | 'table' | 'dollarsPerCredit'>): Curves {
  const curves = {
    altan: { kind: 'line', dollarsPerRun: comparison.platforms.altan.perRun * comparison.dollarsPerCredit },
  } as Curves;
  for (const id of PLAN_PLATFORMS) curves[id] = { kind: 'plans', unitsPerRun: comparison.platforms[id].perRun, plans: comparison.table[id].plans };
  return curves;
}

/** Dollars per month at `runs` runs per month on one curve (plans chosen as comparePlatforms chooses them). */
export function dollarsAt(curve: CostCurve, runs: number): number {
  if (curve.kind === 'line') return curve.dollarsPerRun * runs;
  return choosePlan(curve.plans, curve.unitsPerRun * runs).dollars;
}

/** Dollars per month just above `runs` (the limit from the right: after a plan step). */
export function dollarsJustAfter(curve: CostCurve, runs: number): number {
  if (curve.kind === 'line') return curve.dollarsPerRun * runs;
  return dollarsJustAbove(curve.plans, curve.unitsPerRun * runs);
}

/** Runs per month at which a curve steps or starts its pro rata line, in (lo, hi). */
export function curveSteps(curve: CostCurve, lo: number, hi: number): number[] {
  if (curve.kind === 'line' || !(curve.unitsPerRun > 0)) return [];
  return planSteps(curve.plans)
    .map((units) => units / curve.unitsPerRun)
    .filter((r) => r > lo && r < hi);
}

/** A curve on an interval between two of its steps: dollars = constant + slope · runs. */
function lineOn(curve: CostCurve, lo: number, hi: number): { constant: number; slope: number } {
  if (curve.kind === 'line') return { constant: 0, slope: curve.dollarsPerRun };
  const largest = planSteps(curve.plans).at(-1);
  const beyond = curve.unitsPerRun > 0 && largest !== undefined && curve.unitsPerRun * ((lo + hi) / 2) > largest;
  if (beyond) return { constant: 0, slope: proRataPrice(curve.plans) * curve.unitsPerRun };
  return { constant: dollarsAt(curve, (lo + hi) / 2), slope: 0 };
}

/** Every step of the four curves in (lo, hi), with lo and hi, ascending and distinct. */
function stepsOf(curves: Curves, lo: number, hi: number): number[] {
  const points = [lo, hi];
  for (const id of PLATFORM_IDS) points.push(...curveSteps(curves[id], lo, hi));
  return [...new Set(points)].sort((a, b) => a - b);
}

/** Steps and every point where two curves meet, in [lo, hi], ascending and distinct. */
export function criticalPoints(curves: Curves, lo: number = RUNS_RANGE.min, hi: number = RUNS_RANGE.max): number[] {
  const steps = stepsOf(curves, lo, hi);
  const points = [...steps];
  for (let s = 0; s + 1 < steps.length; s++) {
    const a = steps[s]!;
    const b = steps[s + 1]!;
    const lines = PLATFORM_IDS.map((id) => lineOn(curves[id], a, b));
    for (let i = 0; i < lines.length; i++)
      for (let j = i + 1; j < lines.length; j++) {
        const dSlope = lines[i]!.slope - lines[j]!.slope;
        if (dSlope === 0) continue;
        const r = (lines[j]!.constant - lines[i]!.constant) / dSlope;
        if (r > a && r < b) points.push(r);
      }
  }
  return [...new Set(points)].sort((x, y) => x - y);
}

/** The cheapest platform at `runs` runs per month (the first in PLATFORM_IDS on a tie). */
export function cheapestAt(curves: Curves, runs: number): PlatformId {
  return cheapestOf((id) => dollarsAt(curves[id], runs));
}

/**
 * The runs per month in [lo, hi] at which the cheapest platform changes, ascending, each with the
 * platform cheapest just below and just above.
 */
export function crossovers(curves: Curves, lo: number = RUNS_RANGE.min, hi: number = RUNS_RANGE.max): Crossover[] {
  const points = criticalPoints(curves, lo, hi);
  const out: Crossover[] = [];
  // Inside each interval between critical points the ranking is fixed: read it at the middle.
  let previous: PlatformId | undefined;
  for (let k = 0; k + 1 < points.length; k++) {
    const here = cheapestAt(curves, (points[k]! + points[k + 1]!) / 2);
    if (previous !== undefined && here !== previous) out.push({ runs: points[k]!, from: previous, to: here });
    previous = here;
  }
  return out;
}

export interface BreakEvenPoint {
  runs: number;
  dollars: number;
}

/**
 * Points to draw dollars per month against runs per month (log scale, lo..hi) for each platform:
 * at every critical point of the four curves (a step shows as two points at the same runs: the
 * price up to it, then the price just after) and at 1, 2 and 5 of every decade, so that a line
 * bends as it should on a log axis.
 */
export function breakEvenSeries(
  curves: Curves,
  lo: number = RUNS_RANGE.min,
  hi: number = RUNS_RANGE.max,
): Record<PlatformId, BreakEvenPoint[]> {
  const grid: number[] = [];
  for (let decade = 10 ** Math.floor(Math.log10(lo)); decade <= hi; decade *= 10)
    for (const f of [1, 2, 5]) if (decade * f > lo && decade * f < hi) grid.push(decade * f);
  const points = [...new Set([...criticalPoints(curves, lo, hi), ...grid])].sort((a, b) => a - b);
  const series = {} as Record<PlatformId, BreakEvenPoint[]>;
  for (const id of PLATFORM_IDS) {
    const curve = curves[id];
    const steps = new Set(curveSteps(curve, lo, hi));
    const line: BreakEvenPoint[] = [];
    for (const runs of points) {
      line.push({ runs, dollars: dollarsAt(curve, runs) });
      if (steps.has(runs)) {
        const after = dollarsJustAfter(curve, runs);
        if (after !== line[line.length - 1]!.dollars) line.push({ runs, dollars: after });
      }
    }
    series[id] = line;
  }
  return series;
}

/** What the break-even chart and the sentence under it need, for one comparison. */
export interface BreakEven {
  /** The flow's own runs per month (its likely value), to mark on the chart. */
  runsPerMonth: number;
  /** The cheapest platform at those runs, on the curves (point units per run, or the simulated mean). */
  cheapest: PlatformId;
  crossovers: Crossover[];
  series: Record<PlatformId, BreakEvenPoint[]>;
}

export function breakEven(comparison: Pick<PlatformComparison, 'platforms' | 'table' | 'dollarsPerCredit' | 'runsPerMonth'>): BreakEven {
  const curves = curvesOf(comparison);
  return {
    runsPerMonth: comparison.runsPerMonth,
    cheapest: cheapestAt(curves, comparison.runsPerMonth),
    crossovers: crossovers(curves),
    series: breakEvenSeries(curves),
  };
}
