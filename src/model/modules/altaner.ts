import { defineKind } from './kind';

export const altaner = defineKind({
  type: 'altaner',
  label: 'Altaner',
  description: 'Talks to an Altaner (a project component of the platform).',
  category: 'free',
  icon: 'app-window',
  colour: '#10b981',
  defaults: { durationSec: 0.5, payloadKB: 2 },
});
