import { defineKind } from './kind';

export const aggregator = defineKind({
  type: 'aggregator',
  label: 'Aggregator',
  description: 'Closes a loop: collects the bundles of one iterator into one.',
  category: 'flow',
  icon: 'combine',
  colour: '#db2777',
  defaults: { durationSec: 0, payloadKB: 0 },
  assumptions: ['payloadKB', 'retries', 'extraCredits'],
  config: ['iteratorId'],
});
