/**
 * Runs per month to probe just below and just above a crossover in tests: close to it (a
 * billionth of it away), and always strictly inside the interval to the neighbouring critical
 * point, where no ranking can change. When the neighbour is closer than that, the probe is the
 * middle of the interval, where `crossovers` itself reads the ranking. A probe computed as a
 * weighted mean of the two points (`(3·c + next) / 4`) can round back onto the crossover itself
 * when they are a few ulps apart (a plan step moved by a retry of 3.3e-16), and at a plan step the
 * price is still the one from below. Undefined when no number of runs lies strictly between.
 */
import type { Crossover } from '../crossover';

function strictlyInside(runs: number, lo: number, hi: number): number | undefined {
  return runs > lo && runs < hi ? runs : undefined;
}

/** Runs just below `crossover`, above the critical point before it (`points`: criticalPoints, ascending). */
export function runsJustBelow(crossover: Crossover, points: readonly number[]): number | undefined {
  const c = crossover.runs;
  const before = points[points.indexOf(c) - 1]!;
  return strictlyInside(c * (1 - 1e-9), before, c) ?? strictlyInside((before + c) / 2, before, c);
}

/** Runs just above `crossover`, below the critical point after it (`points`: criticalPoints, ascending). */
export function runsJustAbove(crossover: Crossover, points: readonly number[]): number | undefined {
  const c = crossover.runs;
  const after = points[points.indexOf(c) + 1]!;
  return strictlyInside(c * (1 + 1e-9), c, after) ?? strictlyInside((c + after) / 2, c, after);
}
