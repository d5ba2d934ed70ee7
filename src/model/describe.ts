import { MODULE_KINDS, isModuleType } from './modules/registry';
import type { Module } from './types';

/** Longest module name quoted in a message; longer names are cut with an ellipsis. */
export const MAX_NAME_IN_MESSAGE = 60;

/** A module name fit for a sentence: trimmed, cut to a readable length. */
export function quoteName(name: unknown): string {
  const text = typeof name === 'string' ? name.trim() : '';
  const cut = text.length > MAX_NAME_IN_MESSAGE ? `${text.slice(0, MAX_NAME_IN_MESSAGE - 1)}…` : text;
  return `'${cut}'`;
}

/** The kind's label ("Router", "AI agent"), or "Module" for a type the program does not know. */
export function kindLabel(type: unknown): string {
  return isModuleType(type) ? MODULE_KINDS[type].label : 'Module';
}

/**
 * How messages name a module: its kind label and its name, `Router 'By country'`.
 * A module without a name is named by its id: `Action m4`.
 */
export function describeModule(module: Pick<Module, 'type' | 'name' | 'id'> | undefined): string {
  if (!module) return 'a missing module';
  return `${kindLabel(module.type)} ${nameOrId(module)}`;
}

/** A module's quoted name (`'By country'`), or its id when it has no name (`m4`). */
export function nameOrId(module: Pick<Module, 'name' | 'id'>): string {
  if (typeof module.name === 'string' && module.name.trim() !== '') return quoteName(module.name);
  if (typeof module.id !== 'string') return '(no id)';
  return module.id.length > MAX_NAME_IN_MESSAGE ? `${module.id.slice(0, MAX_NAME_IN_MESSAGE - 1)}…` : module.id;
}

const NOUNS: Record<string, string> = {
  trigger: 'a trigger',
  action: 'an action',
  invoke: 'an invoke module',
  ai_agent: 'an AI agent',
  code: 'a code module',
  search: 'a search module',
  router: 'a router',
  iterator: 'an iterator',
  aggregator: 'an aggregator',
  response: 'a response module',
  variables: 'a variables module',
  octopus: 'an octopus',
  altaner: 'an altaner',
};

/** The kind as a noun inside a sentence: "an action", "a search module". */
export function kindNoun(type: unknown): string {
  return isModuleType(type) ? NOUNS[type]! : 'a module';
}
