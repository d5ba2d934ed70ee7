import { defineKind } from './kind';

export const aiAgent = defineKind({
  type: 'ai_agent',
  label: 'AI agent',
  description: 'Asks an AI agent; LLM usage can be added as extra credits per attempt.',
  category: 'paid',
  icon: 'bot',
  colour: '#a855f7',
  defaults: { durationSec: 6, payloadKB: 8 },
});
