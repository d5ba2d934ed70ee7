import { defineKind } from './kind';

export const invoke = defineKind({
  type: 'invoke',
  label: 'Invoke',
  description: 'Invokes another flow or an HTTP endpoint and waits for its answer.',
  category: 'paid',
  icon: 'send',
  colour: '#6366f1',
  defaults: { durationSec: 2, payloadKB: 10 },
});
