import { defineKind } from './kind';

export const search = defineKind({
  type: 'search',
  label: 'Search',
  description: 'Searches records; inside a loop each iteration beyond the first pays a surcharge.',
  category: 'paid',
  icon: 'search',
  colour: '#14b8a6',
  defaults: { durationSec: 1.5, payloadKB: 30 },
});
