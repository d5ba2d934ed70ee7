/**
 * The rate card's scalar constants and the count of a stored partial card's changes, which the flow
 * settings show at the first frame ("Rate card (2 changed)"). Their labels and hints are
 * rateCardFields.ts's (SCALAR_FIELDS, one per path here, in this order), loaded with the editor.
 */
import { DEFAULT_RATE_CARD } from '../../cost/rateCard';
import { MODULE_TYPES, type ModuleType, type PartialRateCard, type RateCard } from '../../model/types';

export const SCALAR_PATHS = [
  'time.creditsPerDoubling',
  'time.referenceSec',
  'payload.creditsPerDoubling',
  'payload.referenceKB',
  'searchIterationSurcharge',
  'dollarsPerCredit',
] as const;

export type ScalarPath = (typeof SCALAR_PATHS)[number];

export function scalarOf(card: RateCard, path: ScalarPath): number {
  switch (path) {
    case 'time.creditsPerDoubling':
      return card.time.creditsPerDoubling;
    case 'time.referenceSec':
      return card.time.referenceSec;
    case 'payload.creditsPerDoubling':
      return card.payload.creditsPerDoubling;
    case 'payload.referenceKB':
      return card.payload.referenceKB;
    case 'searchIterationSurcharge':
      return card.searchIterationSurcharge;
    case 'dollarsPerCredit':
      return card.dollarsPerCredit;
  }
}

/** How many constants of a stored partial card differ from the default. */
export function countChanges(partial: PartialRateCard | undefined): number {
  if (!partial) return 0;
  let n = 0;
  for (const [type, value] of Object.entries(partial.baseCredits ?? {})) {
    if (value !== undefined && value !== DEFAULT_RATE_CARD.baseCredits[type as ModuleType]) n++;
  }
  if (partial.timeExempt !== undefined) {
    const defaults = new Set(DEFAULT_RATE_CARD.timeExempt);
    for (const t of MODULE_TYPES) if (partial.timeExempt.includes(t) !== defaults.has(t)) n++;
  }
  for (const path of SCALAR_PATHS) {
    const [group, key] = path.split('.') as [string, string | undefined];
    const stored = key === undefined ? (partial as Record<string, unknown>)[group] : (partial as Record<string, Record<string, unknown> | undefined>)[group]?.[key];
    if (typeof stored === 'number' && stored !== scalarOf(DEFAULT_RATE_CARD, path)) n++;
  }
  return n;
}
