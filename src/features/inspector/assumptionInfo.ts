/** How the inspector names each assumption: label, unit and cap from the table of field rules, and one line on what it changes. */
import type { AssumptionKey } from '../../model/types';
import { ASSUMPTION_RULES, typedRule } from '../../model/fieldRules';

export interface AssumptionInfo {
  label: string;
  unit: string;
  hint: string;
  min: number;
  max: number;
  /** What the field shows per unit stored: 100 for a share shown in % (failure rate), else 1. */
  scale: number;
}

const HINTS: Readonly<Record<AssumptionKey, string>> = {
  durationSec: 'Seconds one execution takes; time credits grow with each doubling.',
  payloadKB: 'Size of the data it handles; payload credits grow with each doubling.',
  retries: 'Expected retries per execution: 0.1 = one in ten retries once.',
  extraCredits: 'LLM or API credits added to every attempt.',
  iterations: 'How many bundles the loop emits; everything inside runs that often.',
  failureRate: 'Share of executions that still fail after their retries: 0.05 = one in twenty; they go along the error edge, or stop.',
  pages: 'Result pages one search reads; each page beyond the first pays the search surcharge.',
};

export const ASSUMPTION_INFO: Readonly<Record<AssumptionKey, AssumptionInfo>> = Object.fromEntries(
  (Object.keys(HINTS) as AssumptionKey[]).map((key) => {
    const rule = ASSUMPTION_RULES[key];
    const { unit, min, max, scale } = typedRule(rule);
    return [key, { label: rule.label, unit, hint: HINTS[key], min, max, scale }];
  }),
) as Record<AssumptionKey, AssumptionInfo>;
