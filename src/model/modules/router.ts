import { defineKind } from './kind';

export const router = defineKind({
  type: 'router',
  label: 'Router',
  description: 'Sends each bundle down the routes whose conditions match (standard) or the first that matches (exclusive).',
  category: 'flow',
  icon: 'split',
  colour: '#f97316',
  defaults: { durationSec: 0, payloadKB: 0 },
  assumptions: ['payloadKB', 'retries', 'extraCredits'],
  config: ['mode'],
  maxOutgoing: Infinity,
});
