import { describe, expect, it } from 'vitest';
import { DEFAULT_RATE_CARD, mergeRateCard } from './rateCard';

describe('rate card', () => {
  it('defaults to cost-model §2', () => {
    expect(DEFAULT_RATE_CARD).toEqual({
      baseCredits: { trigger: 0, action: 1, invoke: 1, ai_agent: 1, code: 1, search: 1, router: 0, iterator: 0, aggregator: 0, response: 0, variables: 0, octopus: 0, altaner: 0 },
      timeExempt: ['router', 'iterator', 'aggregator'],
      time: { creditsPerDoubling: 1, referenceSec: 10 },
      payload: { creditsPerDoubling: 0.25, referenceKB: 100 },
      searchIterationSurcharge: 0.5,
      dollarsPerCredit: 0.003,
    });
  });

  it('merges objects one level deep and replaces the rest', () => {
    const card = mergeRateCard({ baseCredits: { code: 2 }, time: { referenceSec: 5 }, timeExempt: ['router'], dollarsPerCredit: 0.01 });
    expect(card.baseCredits).toEqual({ ...DEFAULT_RATE_CARD.baseCredits, code: 2 });
    expect(card.time).toEqual({ creditsPerDoubling: 1, referenceSec: 5 });
    expect(card.payload).toEqual(DEFAULT_RATE_CARD.payload);
    expect(card.timeExempt).toEqual(['router']);
    expect(card.dollarsPerCredit).toBe(0.01);
    expect(card.searchIterationSurcharge).toBe(0.5);
  });

  it('without a partial card gives a fresh copy of the default, and never mutates', () => {
    const card = mergeRateCard();
    expect(card).toEqual(DEFAULT_RATE_CARD);
    card.baseCredits.code = 9;
    expect(DEFAULT_RATE_CARD.baseCredits.code).toBe(1);
    const partial = { baseCredits: { search: 3 } };
    mergeRateCard(partial);
    expect(partial).toEqual({ baseCredits: { search: 3 } });
  });

  it('ignores undefined fields and prototype keys', () => {
    const partial = JSON.parse('{"baseCredits":{"__proto__":{"polluted":1},"code":4},"time":{"referenceSec":null}}');
    const card = mergeRateCard({ ...partial, searchIterationSurcharge: undefined });
    expect(card.baseCredits.code).toBe(4);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(card.searchIterationSurcharge).toBe(0.5);
  });
});
