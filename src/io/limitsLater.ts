/**
 * More guardrails of the flow file under the names the io code uses (as limits.ts, decided in
 * model/fieldRules.ts): the ones only code loaded later reads (reading a file, the importers, the
 * share link), so the page's first download leaves them out.
 */
import { ASSUMPTION_RULES, FILE_LIMITS, TEXT_RULES } from '../model/fieldRules';

export const MAX_ITERATIONS = ASSUMPTION_RULES.iterations.max;
export const MAX_NAME_LENGTH = TEXT_RULES.moduleName.max;
export const MAX_ID_LENGTH = TEXT_RULES.id.max;
export const MAX_ERRORS = FILE_LIMITS.errors;
export const MAX_LINK_CHARS = FILE_LIMITS.linkChars;
