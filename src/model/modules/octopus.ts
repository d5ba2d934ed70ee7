import { defineKind } from './kind';

export const octopus = defineKind({
  type: 'octopus',
  label: 'Octopus',
  description: 'Merges several paths into one; runs once per arriving bundle.',
  category: 'flow',
  icon: 'merge',
  colour: '#8b5cf6',
  defaults: { durationSec: 0, payloadKB: 0 },
  maxIncoming: Infinity,
});
