import { MODULE_TYPES, type Module, type ModuleType, type AssumptionKey, type Estimate } from '../types';
import type { ModuleKind, ModuleCategory } from './kind';
import { trigger } from './trigger';
import { action } from './action';
import { invoke } from './invoke';
import { aiAgent } from './aiAgent';
import { code } from './code';
import { search } from './search';
import { router } from './router';
import { iterator } from './iterator';
import { aggregator } from './aggregator';
import { response } from './response';
import { variables } from './variables';
import { octopus } from './octopus';
import { altaner } from './altaner';

export type { ModuleKind, ModuleCategory, IconName } from './kind';

/** Every module kind, keyed by type. */
export const MODULE_KINDS: { readonly [T in ModuleType]: ModuleKind<T> } = {
  trigger,
  action,
  invoke,
  ai_agent: aiAgent,
  code,
  search,
  router,
  iterator,
  aggregator,
  response,
  variables,
  octopus,
  altaner,
};

export const CATEGORY_LABELS: Record<ModuleCategory, string> = {
  trigger: 'Triggers',
  paid: 'Paid',
  flow: 'Flow control',
  free: 'Free',
};

export function isModuleType(value: unknown): value is ModuleType {
  return typeof value === 'string' && (MODULE_TYPES as readonly string[]).includes(value);
}

/**
 * The assumption a module runs with: its own value, else its kind's default (0 for a kind this
 * version does not know, so the engine never throws on one).
 */
export function assumptionOf(module: Module, key: AssumptionKey): Estimate {
  return module.assumptions?.[key] ?? MODULE_KINDS[module.type]?.defaults[key] ?? 0;
}
