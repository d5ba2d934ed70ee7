import { defineKind } from './kind';

export const variables = defineKind({
  type: 'variables',
  label: 'Variables',
  description: 'Sets or reads flow variables.',
  category: 'free',
  icon: 'variable',
  colour: '#64748b',
  defaults: { durationSec: 0.1, payloadKB: 1 },
});
