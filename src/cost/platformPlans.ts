import type { PlatformPlan } from '../model/types';

/** The plan a month needs on one platform, and what the month costs on it. */
export interface PlanChoice {
  /** The plan chosen; null when the platform has no plans in its table. */
  plan: PlatformPlan | null;
  dollars: number;
  /** True when the month is beyond the largest plan: priced pro rata on it. */
  beyondLargest: boolean;
}

const NO_PLAN: PlanChoice = Object.freeze({ plan: null, dollars: 0, beyondLargest: false });

/** Plans that can be chosen: finite, non-negative units and price. */
function usable(plans: readonly PlatformPlan[]): PlatformPlan[] {
  return plans.filter((p) => Number.isFinite(p.monthlyUnits) && p.monthlyUnits >= 0 && Number.isFinite(p.monthlyPrice) && p.monthlyPrice >= 0);
}

/** The cheapest plan whose units satisfy `covers` (the first listed on a tie), or undefined. */
function cheapest(plans: readonly PlatformPlan[], covers: (p: PlatformPlan) => boolean): PlatformPlan | undefined {
  let best: PlatformPlan | undefined;
  for (const p of plans) if (covers(p) && (best === undefined || p.monthlyPrice < best.monthlyPrice)) best = p;
  return best;
}

/**
 * The plan the largest months are priced on, pro rata: among the plans with the most units, the
 * cheapest (Make's Core, Pro and Teams all cover 10,000 credits; beyond them one buys more of
 * the cheapest). Undefined without plans.
 */
export function largestPlan(plans: readonly PlatformPlan[]): PlatformPlan | undefined {
  const list = usable(plans);
  let most = -Infinity;
  for (const p of list) most = Math.max(most, p.monthlyUnits);
  return cheapest(list, (p) => p.monthlyUnits === most);
}

/** Dollars per unit beyond the largest plan (0 without plans, or when the largest covers nothing). */
export function proRataPrice(plans: readonly PlatformPlan[]): number {
  const largest = largestPlan(plans);
  return largest && largest.monthlyUnits > 0 ? largest.monthlyPrice / largest.monthlyUnits : 0;
}

function beyond(plans: readonly PlatformPlan[], units: number): PlanChoice {
  const largest = largestPlan(plans);
  if (!largest) return NO_PLAN;
  const dollars = largest.monthlyUnits > 0 ? units * (largest.monthlyPrice / largest.monthlyUnits) : largest.monthlyPrice;
  return { plan: largest, dollars, beyondLargest: true };
}

/**
 * The cheapest plan whose monthly units cover `units` (platforms.md §2); a month beyond the
 * largest plan is priced pro rata on it and flagged. Never throws: plans with broken numbers
 * are left out, and no plan at all costs 0 (with `plan: null`).
 */
export function choosePlan(plans: readonly PlatformPlan[], units: number): PlanChoice {
  const list = usable(plans);
  const month = Number.isFinite(units) && units > 0 ? units : 0;
  const plan = cheapest(list, (p) => p.monthlyUnits >= month);
  return plan ? { plan, dollars: plan.monthlyPrice, beyondLargest: false } : beyond(list, month);
}

/** What a month costs just above `units` (the limit from the right): the next plan up, or pro rata. */
export function dollarsJustAbove(plans: readonly PlatformPlan[], units: number): number {
  const list = usable(plans);
  const plan = cheapest(list, (p) => p.monthlyUnits > units);
  return plan ? plan.monthlyPrice : beyond(list, units).dollars;
}

/** The unit counts at which a platform's price can jump (each plan's monthly units), ascending, distinct. */
export function planSteps(plans: readonly PlatformPlan[]): number[] {
  return [...new Set(usable(plans).map((p) => p.monthlyUnits))].sort((a, b) => a - b);
}
