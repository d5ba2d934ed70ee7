import type { AssumptionKey } from './types';

/**
 * An assumption in words, as messages and labels name it: `extraCredits` → "extra credits". Only
 * the validation's messages and the sensitivity's labels (both loaded later) say them: apart from
 * describe.ts, which the first download has.
 */
export const ASSUMPTION_WORDS: Record<AssumptionKey, string> = {
  durationSec: 'duration',
  payloadKB: 'payload',
  retries: 'retries',
  extraCredits: 'extra credits',
  iterations: 'iterations',
  failureRate: 'failure rate',
  pages: 'pages',
};
