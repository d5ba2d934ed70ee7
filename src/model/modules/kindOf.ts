/**
 * A module kind, typed by its type. Apart from registry.ts: only code loaded later calls it (the recipes
 * of a new module and of the inspector, the add command), so the page's first download leaves it out.
 */
import type { ModuleType } from '../types';
import type { ModuleKind } from './kind';
import { MODULE_KINDS } from './registry';

export function kindOf<T extends ModuleType>(type: T): ModuleKind<T> {
  return MODULE_KINDS[type] as ModuleKind<T>;
}
