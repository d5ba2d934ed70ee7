/**
 * Apart from operations.ts (whose rule check it uses): only the recipes loaded later (a new module,
 * the inspector, scenarios, the clipboard) call it, so the page's first download leaves it out.
 */
import { ASSUMPTION_RULES } from '../model/fieldRules';
import type { AssumptionKey } from '../model/types';
import { checkEstimateRule } from './operations';

/** Checks a value for an assumption of a module kind. */
export function checkAssumption(key: AssumptionKey, value: unknown): string | null {
  return checkEstimateRule(value, ASSUMPTION_RULES[key]);
}
