import { describe, expect, it } from 'vitest';
import { FIELD_RULES, keepsRule } from '../model/fieldRules';
import { rateCardRule } from '../model/tableRules';
import { MODULE_TYPES } from '../model/types';
import { DEFAULT_RATE_CARD } from './rateCard';
import { DEFAULT_RUNS_PER_MONTH } from './price';

describe('the pricing defaults keep the table of field rules', () => {
  it('every default rate card number and runs per month could be typed in the editor and saved in a file', () => {
    for (const type of MODULE_TYPES) expect(keepsRule(DEFAULT_RATE_CARD.baseCredits[type], rateCardRule(`baseCredits.${type}`))).toBe(true);
    expect(keepsRule(DEFAULT_RATE_CARD.time.creditsPerDoubling, rateCardRule('time.creditsPerDoubling'))).toBe(true);
    expect(keepsRule(DEFAULT_RATE_CARD.time.referenceSec, rateCardRule('time.referenceSec'))).toBe(true);
    expect(keepsRule(DEFAULT_RATE_CARD.payload.creditsPerDoubling, rateCardRule('payload.creditsPerDoubling'))).toBe(true);
    expect(keepsRule(DEFAULT_RATE_CARD.payload.referenceKB, rateCardRule('payload.referenceKB'))).toBe(true);
    expect(keepsRule(DEFAULT_RATE_CARD.searchIterationSurcharge, rateCardRule('searchIterationSurcharge'))).toBe(true);
    expect(keepsRule(DEFAULT_RATE_CARD.dollarsPerCredit, rateCardRule('dollarsPerCredit'))).toBe(true);
    expect(keepsRule(DEFAULT_RUNS_PER_MONTH, FIELD_RULES.runsPerMonth)).toBe(true);
  });
});
