/**
 * Every constant of the rate card (cost-model.md §2), with what it changes, and the partial
 * card a change stores: settings.rateCard only ever holds the fields that differ from the default.
 */
import { DEFAULT_RATE_CARD } from '../../cost/rateCard';
import { MODULE_TYPES, type ModuleType, type PartialRateCard } from '../../model/types';
import { scalarOf, type ScalarPath } from './rateCardChanges';

// What FlowSettings reads at the first frame (the count of changes) is rateCardChanges.ts's: the
// fields' words below load with the rate card editor.
export { countChanges, scalarOf, SCALAR_PATHS, type ScalarPath } from './rateCardChanges';

export interface ScalarField {
  path: ScalarPath;
  label: string;
  unit: string;
  /** One line: what changing it changes. */
  hint: string;
  /** The value must be above zero (it divides). */
  positive?: boolean;
}

export const SCALAR_FIELDS: readonly ScalarField[] = [
  {
    path: 'time.creditsPerDoubling',
    label: 'Time credits per doubling',
    unit: 'cr',
    hint: 'Credits a module pays for running as long as the reference duration; each further doubling adds as much again.',
  },
  {
    path: 'time.referenceSec',
    label: 'Reference duration',
    unit: 's',
    hint: 'The duration that costs one step of time credits: T = k · log2(1 + t / this).',
    positive: true,
  },
  {
    path: 'payload.creditsPerDoubling',
    label: 'Payload credits per doubling',
    unit: 'cr',
    hint: 'Credits for handling the reference payload; each further doubling of the data adds as much again.',
  },
  {
    path: 'payload.referenceKB',
    label: 'Reference payload',
    unit: 'KB',
    hint: 'The payload size that costs one step of payload credits: P = k · log2(1 + s / this).',
    positive: true,
  },
  {
    path: 'searchIterationSurcharge',
    label: 'Search surcharge in loops',
    unit: 'cr',
    hint: 'Added for each execution of a search beyond the first iteration of its loop.',
  },
  {
    path: 'dollarsPerCredit',
    label: 'Dollars per credit',
    unit: '$',
    hint: 'Turns credits into dollars in totals and budgets; changes no credit figure.',
  },
];

/**
 * The change to pass to setRateCard for one constant: the value, or undefined (remove the key)
 * when it is empty or equal to the default, so the flow stores only what differs.
 */
export function scalarPatch(path: ScalarPath, value: number | undefined): PartialRateCard {
  const v = value === undefined || value === scalarOf(DEFAULT_RATE_CARD, path) ? undefined : value;
  switch (path) {
    case 'time.creditsPerDoubling':
      return { time: { creditsPerDoubling: v } };
    case 'time.referenceSec':
      return { time: { referenceSec: v } };
    case 'payload.creditsPerDoubling':
      return { payload: { creditsPerDoubling: v } };
    case 'payload.referenceKB':
      return { payload: { referenceKB: v } };
    case 'searchIterationSurcharge':
      return { searchIterationSurcharge: v };
    case 'dollarsPerCredit':
      return { dollarsPerCredit: v };
  }
}

export function baseCreditsPatch(type: ModuleType, value: number | undefined): PartialRateCard {
  const v = value === undefined || value === DEFAULT_RATE_CARD.baseCredits[type] ? undefined : value;
  return { baseCredits: { [type]: v } };
}

/** The time-exempt list after toggling one type, or undefined when that is the default list. */
export function timeExemptPatch(current: readonly ModuleType[], type: ModuleType, exempt: boolean): PartialRateCard {
  const set = new Set(current);
  if (exempt) set.add(type);
  else set.delete(type);
  const list = MODULE_TYPES.filter((t) => set.has(t));
  const defaults = new Set(DEFAULT_RATE_CARD.timeExempt);
  const isDefault = list.length === defaults.size && list.every((t) => defaults.has(t));
  return { timeExempt: isDefault ? undefined : list };
}
