/**
 * Every constant of the rate card (cost-model.md §2), with what it changes, and the partial
 * card a change stores: settings.rateCard only ever holds the fields that differ from the default.
 */
import { DEFAULT_RATE_CARD } from '../../cost/rateCard';
import { MODULE_TYPES, type ModuleType, type PartialRateCard, type RateCard } from '../../model/types';

export type ScalarPath =
  | 'time.creditsPerDoubling'
  | 'time.referenceSec'
  | 'payload.creditsPerDoubling'
  | 'payload.referenceKB'
  | 'searchIterationSurcharge'
  | 'dollarsPerCredit';

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
  for (const field of SCALAR_FIELDS) {
    const [group, key] = field.path.split('.') as [string, string | undefined];
    const stored = key === undefined ? (partial as Record<string, unknown>)[group] : (partial as Record<string, Record<string, unknown> | undefined>)[group]?.[key];
    if (typeof stored === 'number' && stored !== scalarOf(DEFAULT_RATE_CARD, field.path)) n++;
  }
  return n;
}
