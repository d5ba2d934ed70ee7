/**
 * The recipes of what loads after the first paint: adding a module (module.add, the files' layout of
 * an import, the tests), the clipboard's ids and checks, the scenarios' names, the inspectors'
 * pass-rate and priority checks. store/operations.ts keeps what the first screen and the drag edit
 * with, in the first download; these are imported only by code loaded later (src/firstBundle.test.ts).
 */
import { ASSUMPTION_KEYS, MODULE_TYPES, type Assumptions, type Flow, type ModuleType, type Module, type Position } from '../model/types';
import { kindOf } from '../model/modules/kindOf';
import { FIELD_RULES, TEXT_RULES } from '../model/fieldRules';
import { cutText } from '../model/cutText';
import { uniqueText } from '../model/uniqueText';
import { checkEstimateRule, checkPosition, checkRule, copyEstimate, nextId } from './operations';
import { checkAssumption } from './checkAssumption';

export function checkPassRate(value: unknown): string | null {
  return checkEstimateRule(value, FIELD_RULES.passRate);
}

/** Checks a route priority. */
export function checkPriority(value: unknown): string | null {
  return checkRule(value, FIELD_RULES.priority);
}

/** Makes `count` fresh ids of one prefix at once (for paste). */
export function nextIds(prefix: string, taken: Iterable<string>, count: number): string[] {
  const used = new Set(taken);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = nextId(prefix, used);
    used.add(id);
    out.push(id);
  }
  return out;
}

/** "Action", or "Action 2" when "Action" is taken, and so on; never longer than a name may be. */
export function uniqueName(base: string, taken: Iterable<string>, max: number = TEXT_RULES.moduleName.max): string {
  return uniqueText(base, taken, max);
}

// ---------------------------------------------------------------------------------------
// Modules

export interface AddModuleOptions {
  id?: string;
  name?: string;
  assumptions?: Assumptions;
  config?: Record<string, unknown>;
}

/** A new module of a kind with its default config (router: standard; aggregator: no iterator yet). */
export function makeModule(type: ModuleType, id: string, name: string, position: Position): Module {
  const at = { x: position.x, y: position.y };
  if (type === 'router') return { id, type, name, position: at, config: { mode: 'standard' } };
  if (type === 'aggregator') return { id, type, name, position: at, config: { iteratorId: '' } };
  return { id, type, name, position: at };
}

/** Adds a module of `type` at `position`; returns its id. */
export function addModule(draft: Flow, type: ModuleType, position: Position, opts: AddModuleOptions = {}): string {
  if (!(MODULE_TYPES as readonly string[]).includes(type)) throw new Error(`Unknown module type "${type}"`);
  const at = checkPosition(position) ? { x: 0, y: 0 } : position;
  const id = opts.id && !draft.modules.some((m) => m.id === opts.id) ? opts.id : nextId('m', draft.modules.map((m) => m.id));
  const name = opts.name?.trim() || uniqueName(kindOf(type).label, draft.modules.map((m) => m.name));
  const module = makeModule(type, id, cutText(name, TEXT_RULES.moduleName.max), at);
  if (opts.assumptions) {
    const assumptions: Assumptions = {};
    for (const key of ASSUMPTION_KEYS) {
      const value = opts.assumptions[key];
      if (value !== undefined && checkAssumption(key, value) === null) assumptions[key] = copyEstimate(value);
    }
    if (Object.keys(assumptions).length > 0) module.assumptions = assumptions;
  }
  if (opts.config) {
    if (module.type === 'router' && (opts.config.mode === 'standard' || opts.config.mode === 'exclusive')) {
      module.config.mode = opts.config.mode;
    } else if (module.type === 'aggregator' && typeof opts.config.iteratorId === 'string') {
      module.config.iteratorId = opts.config.iteratorId;
    }
  }
  draft.modules.push(module);
  return id;
}

