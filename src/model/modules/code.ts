import { defineKind } from './kind';

export const code = defineKind({
  type: 'code',
  label: 'Code',
  description: 'Runs a code snippet on the bundle.',
  category: 'paid',
  icon: 'code',
  colour: '#0ea5e9',
  defaults: { durationSec: 0.5, payloadKB: 5 },
});
