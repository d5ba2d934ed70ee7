import { defineKind } from './kind';

export const action = defineKind({
  type: 'action',
  label: 'Action',
  description: 'Calls an app integration (create a record, send an email, post a message).',
  category: 'paid',
  icon: 'play',
  colour: '#3b82f6',
  defaults: { durationSec: 1, payloadKB: 10 },
});
