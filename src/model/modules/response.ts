import { defineKind } from './kind';

export const response = defineKind({
  type: 'response',
  label: 'Response',
  description: 'Answers the caller of the flow (for webhooks that wait).',
  category: 'free',
  icon: 'reply',
  colour: '#22c55e',
  defaults: { durationSec: 0.2, payloadKB: 1 },
});
