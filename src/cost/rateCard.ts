import type { ModuleType, PartialRateCard, RateCard } from '../model/types';

/**
 * The default rate card (cost-model.md §2). Every constant the engine uses lives here;
 * a flow's `settings.rateCard` or a scenario overrides it field by field.
 */
export const DEFAULT_RATE_CARD: RateCard = Object.freeze({
  baseCredits: Object.freeze({
    trigger: 0,
    action: 1,
    invoke: 1,
    ai_agent: 1,
    code: 1,
    search: 1,
    router: 0,
    iterator: 0,
    aggregator: 0,
    response: 0,
    variables: 0,
    octopus: 0,
    altaner: 0,
  }) as Record<ModuleType, number>,
  timeExempt: Object.freeze(['router', 'iterator', 'aggregator']) as ModuleType[],
  time: Object.freeze({ creditsPerDoubling: 1, referenceSec: 10 }),
  payload: Object.freeze({ creditsPerDoubling: 0.25, referenceKB: 100 }),
  searchIterationSurcharge: 0.5,
  dollarsPerCredit: 0.003,
}) as RateCard;

/** Keeps only the keys of `partial` whose value is given (undefined never replaces a default). */
function given<T extends object>(partial: Partial<T> | undefined): Partial<T> {
  const out: Partial<T> = {};
  if (partial === null || typeof partial !== 'object') return out;
  for (const key of Object.keys(partial) as (keyof T)[]) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    const value = partial[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/**
 * The rate card a flow prices with: each field given in `partial` replaces the default one;
 * objects (`baseCredits`, `time`, `payload`) merge one level deep, so `{ baseCredits: { code: 2 } }`
 * changes only `code`. Arrays (`timeExempt`) replace. Returns a fresh object; never mutates its inputs.
 */
export function mergeRateCard(partial?: PartialRateCard, base: RateCard = DEFAULT_RATE_CARD): RateCard {
  const p = given<PartialRateCard>(partial);
  return {
    baseCredits: { ...base.baseCredits, ...given(p.baseCredits) },
    timeExempt: Array.isArray(p.timeExempt) ? [...p.timeExempt] : [...base.timeExempt],
    time: { ...base.time, ...given(p.time) },
    payload: { ...base.payload, ...given(p.payload) },
    searchIterationSurcharge: p.searchIterationSurcharge ?? base.searchIterationSurcharge,
    dollarsPerCredit: p.dollarsPerCredit ?? base.dollarsPerCredit,
  };
}

/** The rate card's terms as pricing reads them (cost-model §2): the same names in pricing and simulated runs. */
export function pricingTerms(rateCard: RateCard) {
  return {
    /** Kinds whose duration costs nothing. */
    exempt: new Set<ModuleType>(Array.isArray(rateCard.timeExempt) ? rateCard.timeExempt : []),
    kT: rateCard.time.creditsPerDoubling,
    t0: rateCard.time.referenceSec,
    kP: rateCard.payload.creditsPerDoubling,
    s0: rateCard.payload.referenceKB,
    sigma: rateCard.searchIterationSurcharge,
  };
}
