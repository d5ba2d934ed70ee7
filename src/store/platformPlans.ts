/**
 * The recipes of the platform plans (settings.platforms, docs/platforms.md): run by the
 * platforms.setPlan and platforms.resetPlans commands (through commands/loadedLater.ts), so that
 * they and the platforms' table (cost/platformTable.ts) are not in the page's first download.
 */
import type { Flow } from '../model/types';
import { FIELD_RULES } from '../model/fieldRules';
import { DEFAULT_PLATFORM_TABLE, PLATFORM_NAMES, platformTableOf, type PlanPlatformId } from '../cost/platformTable';
import { checkRule, type FieldError } from './operations';

/** What one plan edit changes: its monthly units, its price, or both. */
export interface PlanPatch {
  monthlyUnits?: number;
  monthlyPrice?: number;
}

const samePlans = (a: readonly { name: string; monthlyUnits: number; monthlyPrice: number }[], b: typeof a): boolean =>
  a.length === b.length && a.every((p, i) => p.name === b[i]!.name && p.monthlyUnits === b[i]!.monthlyUnits && p.monthlyPrice === b[i]!.monthlyPrice);

/** Removes `settings.platforms[platform].plans`, and what is left empty by it. */
function dropPlans(draft: Flow, platform: PlanPlatformId): void {
  const table = draft.settings.platforms;
  const rates = table?.[platform];
  if (!table || !rates) return;
  if (rates.plans !== undefined) delete rates.plans;
  if (Object.keys(rates).length === 0) delete table[platform];
  if (Object.keys(table).length === 0) delete draft.settings.platforms;
}

/**
 * Changes one plan of Make, Zapier or n8n (its units a month and/or its price). The flow stores
 * the platform's whole list of plans (a list replaces the default one, platforms.md); a list
 * that is back to the default is removed. A number outside the field rules changes nothing.
 */
export function setPlatformPlan(draft: Flow, platform: PlanPlatformId, index: number, patch: PlanPatch): FieldError | undefined {
  const field = `settings.platforms.${platform}.plans.${index}`;
  const plans = platformTableOf(draft)[platform].plans;
  const plan = plans[index];
  if (!plan) return { field, message: `${PLATFORM_NAMES[platform]} has no plan number ${index + 1}.` };
  if (patch.monthlyUnits !== undefined) {
    const problem = checkRule(patch.monthlyUnits, FIELD_RULES.planUnits, `Units a month of ${plan.name}`);
    if (problem) return { field: `${field}.monthlyUnits`, message: problem };
  }
  if (patch.monthlyPrice !== undefined) {
    const problem = checkRule(patch.monthlyPrice, FIELD_RULES.planPrice, `The price of ${plan.name}`);
    if (problem) return { field: `${field}.monthlyPrice`, message: problem };
  }
  const next = plans.map((p, i) => (i === index ? { ...p, ...patch } : p));
  if (samePlans(next, plans)) return undefined;
  if (samePlans(next, DEFAULT_PLATFORM_TABLE[platform].plans)) {
    dropPlans(draft, platform);
    return undefined;
  }
  const table = (draft.settings.platforms ??= {});
  (table[platform] ??= {}).plans = next;
  return undefined;
}

/** Back to the default plans of one platform (its other figures, if the flow gives any, stay). */
export function resetPlatformPlans(draft: Flow, platform: PlanPlatformId): void {
  dropPlans(draft, platform);
}
