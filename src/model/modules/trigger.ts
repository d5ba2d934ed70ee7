import { defineKind } from './kind';

export const trigger = defineKind({
  type: 'trigger',
  label: 'Trigger',
  description: 'Starts the flow: a webhook, a schedule or an event. Exactly one per flow.',
  category: 'trigger',
  icon: 'zap',
  colour: '#f59e0b',
  defaults: { durationSec: 0, payloadKB: 2 },
  maxIncoming: 0,
});
