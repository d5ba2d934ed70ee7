import { defineKind } from './kind';

export const iterator = defineKind({
  type: 'iterator',
  label: 'Iterator',
  description: 'Starts a loop: emits one bundle per item of a list.',
  category: 'flow',
  icon: 'repeat',
  colour: '#ec4899',
  defaults: { durationSec: 0, payloadKB: 0, iterations: 10 },
  assumptions: ['iterations', 'payloadKB', 'retries', 'extraCredits'],
});
