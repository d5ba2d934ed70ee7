/**
 * The rules of the rate card's and the platform tables' numbers by their path or field name
 * (fieldRules.ts's FIELD_RULES), for the file reader's schema and the panels that edit them, which
 * all load after the first paint.
 */
import { FIELD_RULES, type NumberRule } from './fieldRules';

/** The rule of a platform table number, by its field name ("unitsPerKind", "monthlyPrice"…). */
export function platformTableRule(field: 'unitsPerKind' | 'codeUnitsPerSecond' | 'unitsPerRun' | 'monthlyUnits' | 'monthlyPrice'): NumberRule {
  switch (field) {
    case 'unitsPerKind':
      return FIELD_RULES.platformUnits;
    case 'codeUnitsPerSecond':
      return FIELD_RULES.codeUnitsPerSecond;
    case 'unitsPerRun':
      return FIELD_RULES.unitsPerRun;
    case 'monthlyUnits':
      return FIELD_RULES.planUnits;
    default:
      return FIELD_RULES.planPrice;
  }
}

/** The rule of a rate card number, by its path in the rate card ("time.referenceSec"). */
export function rateCardRule(path: string): NumberRule {
  if (path.startsWith('baseCredits')) return FIELD_RULES.baseCredits;
  if (path.endsWith('creditsPerDoubling')) return FIELD_RULES.creditsPerDoubling;
  if (path === 'time.referenceSec') return FIELD_RULES.referenceSec;
  if (path === 'payload.referenceKB') return FIELD_RULES.referenceKB;
  if (path === 'searchIterationSurcharge') return FIELD_RULES.searchIterationSurcharge;
  return FIELD_RULES.dollarsPerCredit;
}
