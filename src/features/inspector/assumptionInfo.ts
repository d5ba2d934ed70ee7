/** How the inspector names each assumption: label, unit and one line on what it changes. */
import type { AssumptionKey } from '../../model/types';
import { LIMITS } from '../../store/operations';

export interface AssumptionInfo {
  label: string;
  unit: string;
  hint: string;
  max: number;
}

export const ASSUMPTION_INFO: Readonly<Record<AssumptionKey, AssumptionInfo>> = {
  durationSec: {
    label: 'Duration',
    unit: 's',
    hint: 'Seconds one execution takes; time credits grow with each doubling.',
    max: LIMITS.durationSec,
  },
  payloadKB: {
    label: 'Payload',
    unit: 'KB',
    hint: 'Size of the data it handles; payload credits grow with each doubling.',
    max: LIMITS.payloadKB,
  },
  retries: {
    label: 'Retries',
    unit: '×',
    hint: 'Expected retries per execution: 0.1 = one in ten retries once.',
    max: LIMITS.retries,
  },
  extraCredits: {
    label: 'Extra credits',
    unit: 'credits',
    hint: 'LLM or API credits added to every attempt.',
    max: LIMITS.extraCredits,
  },
  iterations: {
    label: 'Items per execution',
    unit: 'items',
    hint: 'How many bundles the loop emits; everything inside runs that often.',
    max: LIMITS.iterations,
  },
};
