/**
 * Conditions of the three formats in Creditflow's condition logic (flow-format.md). Altan's is
 * our own format (its `{{[<position>].path}}` mappings are pointed at module ids); n8n and Make
 * rules are translated where the operator has an equivalent. What cannot be translated is kept
 * as text (`sourceCondition`), so the user still reads what the source said.
 */
import { MAX_CONDITION_DEPTH, toConditionTree } from '../../model/conditions';
import type { Conditions } from '../../model/types';

import { isObject, type Loose } from './values';

/** The translated conditions, and the source's text when the translation is not complete. */
export interface Translated {
  conditions?: Conditions;
  sourceCondition?: string;
}

const MAX_TEXT = 500;
const shorten = (s: string): string => (s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT - 1)}…` : s);

/** Conditions that Creditflow's condition reader accepts, else undefined. */
export function acceptedConditions(c: unknown): Conditions | undefined {
  if (!isObject(c) || Object.keys(c).length === 0) return undefined;
  return toConditionTree(c).ok ? c : undefined;
}

const textOf = (v: unknown): string => {
  if (typeof v === 'string') return v.startsWith('=') ? v.slice(1).trim() : v;
  if (v === undefined) return '';
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
};

/** A value fit for a rule: scalars stay, n8n's leading `=` of an expression is dropped. */
function scalar(v: unknown): string | number | boolean | null | undefined {
  if (typeof v === 'string') return v.startsWith('=') ? v.slice(1).trim() : v;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'boolean' || v === null) return v;
  return undefined;
}

type Rule = { conditions: Conditions } | undefined;
const rule = (mapping: string, op: string, value: unknown): Rule =>
  mapping.trim() === '' || mapping.startsWith('_') || mapping.startsWith('@') || value === undefined
    ? undefined
    : { conditions: { [mapping]: { [op]: value } } };
const not = (r: Rule): Rule => (r ? { conditions: { '@not': [r.conditions] } } : undefined);

/** Groups translated rules; undefined when any one could not be translated. */
function group(op: '@and' | '@or', rules: Rule[]): Conditions | undefined {
  if (rules.length === 0 || rules.some((r) => r === undefined)) return undefined;
  return { [op]: rules.map((r) => r!.conditions) };
}

function finish(conditions: Conditions | undefined, text: string): Translated {
  const accepted = acceptedConditions(conditions);
  return accepted ? { conditions: accepted } : text.trim() === '' ? {} : { sourceCondition: shorten(text) };
}

// ---------------------------------------------------------------------------------------------
// n8n

const N8N_OPS: Record<string, string> = {
  equals: '_eq',
  equal: '_eq',
  notEquals: '_neq',
  notEqual: '_neq',
  gt: '_gt',
  larger: '_gt',
  after: '_gt',
  lt: '_lt',
  smaller: '_lt',
  before: '_lt',
  gte: '_gte',
  largerEqual: '_gte',
  afterOrEquals: '_gte',
  lte: '_lte',
  smallerEqual: '_lte',
  beforeOrEquals: '_lte',
  contains: '_contains',
  startsWith: '_startswith',
  endsWith: '_endswith',
};
const N8N_NEGATED: Record<string, string> = {
  notContains: '_contains',
  notStartsWith: '_startswith',
  notEndsWith: '_endswith',
};

function n8nRule(left: unknown, operation: string, right: unknown, type?: string): Rule {
  const mapping = textOf(left);
  const op = operation.replace(/^=/, '');
  if (op === 'true' || op === 'false') return rule(mapping, '_eq', op === 'true');
  if ((op === 'empty' || op === 'isEmpty') && (type === undefined || type === 'string')) return rule(mapping, '_eq', '');
  if ((op === 'notEmpty' || op === 'isNotEmpty') && (type === undefined || type === 'string')) return rule(mapping, '_neq', '');
  const value = scalar(right);
  if (N8N_OPS[op]) {
    // "is before/after" compare ordered values; a boolean cannot be ordered.
    if (['_gt', '_lt', '_gte', '_lte'].includes(N8N_OPS[op]) && typeof value !== 'number' && typeof value !== 'string') return undefined;
    if (['_startswith', '_endswith'].includes(N8N_OPS[op]) && typeof value !== 'string') return undefined;
    return rule(mapping, N8N_OPS[op], value);
  }
  if (N8N_NEGATED[op]) return typeof value === 'string' || N8N_NEGATED[op] === '_contains' ? not(rule(mapping, N8N_NEGATED[op], value)) : undefined;
  return undefined;
}

/** An IF / Filter / Switch-rule `conditions` parameter (version 2: a list with a combinator; version 1: lists by data type). */
export function n8nConditions(conditions: unknown, combine?: unknown): Translated {
  if (!isObject(conditions)) return {};
  if (Array.isArray(conditions.conditions)) {
    const op = conditions.combinator === 'or' ? '@or' : '@and';
    const rules: Rule[] = [];
    const words: string[] = [];
    for (const c of conditions.conditions) {
      if (!isObject(c)) continue;
      const operator = isObject(c.operator) ? c.operator : {};
      const operation = typeof operator.operation === 'string' ? operator.operation : '';
      const type = typeof operator.type === 'string' ? operator.type : undefined;
      rules.push(n8nRule(c.leftValue, operation, c.rightValue, type));
      words.push(`${textOf(c.leftValue)} ${type ? `${type} ` : ''}${operation}${c.rightValue === '' || c.rightValue === undefined ? '' : ` ${textOf(c.rightValue)}`}`);
    }
    return finish(group(op, rules), words.join(op === '@or' ? ' OR ' : ' AND '));
  }
  // Version 1: { string: [{value1, operation, value2}], number: [...], boolean: [...], dateTime: [...] }
  const op = combine === 'any' ? '@or' : '@and';
  const rules: Rule[] = [];
  const words: string[] = [];
  for (const [type, list] of Object.entries(conditions)) {
    if (!Array.isArray(list)) continue;
    for (const c of list) {
      if (!isObject(c)) continue;
      const operation = typeof c.operation === 'string' ? c.operation : type === 'string' || type === 'boolean' ? 'equal' : 'smaller';
      rules.push(n8nRule(c.value1, operation, c.value2, type));
      words.push(`${textOf(c.value1)} ${type} ${operation} ${textOf(c.value2)}`.trim());
    }
  }
  return finish(group(op, rules), words.join(op === '@or' ? ' OR ' : ' AND '));
}

/** One rule of a Switch version 1–2 (`value1` compared with each rule's `value2`). */
export function n8nSwitchRule(value1: unknown, r: Loose, dataType: unknown): Translated {
  const type = typeof dataType === 'string' ? dataType : 'string';
  const operation = typeof r.operation === 'string' ? r.operation : type === 'string' || type === 'boolean' ? 'equal' : 'equal';
  const translated = n8nRule(value1, operation, r.value2, type);
  return finish(translated?.conditions, `${textOf(value1)} ${type} ${operation} ${textOf(r.value2)}`);
}

// ---------------------------------------------------------------------------------------------
// Make

const MAKE_OPS: Record<string, string> = {
  equal: '_eq',
  notequal: '_neq',
  greater: '_gt',
  less: '_lt',
  greaterorequal: '_gte',
  lessorequal: '_lte',
  contain: '_contains',
  startwith: '_startswith',
  endwith: '_endswith',
};
const MAKE_NEGATED: Record<string, string> = { notcontain: '_contains', notstartwith: '_startswith', notendwith: '_endswith' };

/** Make's `{{3.amount}}` mappings point at module id "3": `{{[3].amount}}`. */
export function makeMapping(text: string): string {
  return text.replace(/\{\{\s*(\d+)\.([^{}]*)\}\}/g, (_, id: string, path: string) => `{{[${id}].${path}}}`);
}

function makeValue(v: unknown, kind: string): unknown {
  if (kind === 'number' && typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  if (kind === 'boolean' && (v === 'true' || v === 'false')) return v === 'true';
  const s = scalar(v);
  return typeof s === 'string' ? makeMapping(s) : s;
}

function makeRule(c: Loose): Rule {
  const a = typeof c.a === 'string' ? makeMapping(c.a) : '';
  const o = typeof c.o === 'string' ? c.o : '';
  const [kind = '', raw = ''] = o.includes(':') ? o.split(':') : ['', o];
  const name = raw.toLowerCase();
  if (o.endsWith(':ci')) return undefined; // case-insensitive: no equivalent
  const value = makeValue(c.b, kind);
  if (MAKE_OPS[name]) return rule(a, MAKE_OPS[name], value);
  if (MAKE_NEGATED[name]) return not(rule(a, MAKE_NEGATED[name], value));
  return undefined;
}

/** A Make filter's `conditions`: the outer list ORs AND-groups. */
export function makeConditions(conditions: unknown): Translated {
  if (!Array.isArray(conditions)) return {};
  const groups: (Conditions | undefined)[] = [];
  const words: string[] = [];
  for (const g of conditions) {
    const list = Array.isArray(g) ? g.filter(isObject) : [];
    groups.push(group('@and', list.map(makeRule)));
    words.push(list.map((c) => `${textOf(c.a)} ${textOf(c.o)}${c.b === undefined ? '' : ` ${textOf(c.b)}`}`).join(' AND '));
  }
  const complete = groups.length > 0 && groups.every((g) => g !== undefined);
  const conditions_ = !complete ? undefined : groups.length === 1 ? groups[0] : { '@or': groups as Conditions[] };
  return finish(conditions_, words.map((w) => (words.length > 1 ? `(${w})` : w)).join(' OR '));
}

// ---------------------------------------------------------------------------------------------
// Altan

/**
 * Altan's condition logic with its position mappings (`{{[3].x}}`) pointed at module ids, and
 * `@and`/`@or` given as an object split into one-key entries. Refused logic is kept as text.
 */
export function altanConditions(spec: unknown, idAt: (position: string) => string | undefined): Translated {
  if (!isObject(spec) || Object.keys(spec).length === 0) return {};
  const rewrite = (text: string): string =>
    // Also the short form `{{%[0].x}}` that Altan's flow-building agent writes (gabrielaltan/sys-prompts, flow prompt).
    text.replace(/\{\{\s*(%?)\[(\d+)\]/g, (whole, percent: string, position: string) => {
      const id = idAt(position);
      return id === undefined ? whole : `{{${percent}[${id}]`;
    });
  const walk = (v: unknown, depth: number): unknown => {
    if (depth > MAX_CONDITION_DEPTH + 2) return v;
    if (typeof v === 'string') return rewrite(v);
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    if (!isObject(v)) return v;
    const out: Loose = {};
    for (const [k, x] of Object.entries(v)) {
      if ((k === '@and' || k === '@or') && isObject(x)) {
        out[k] = Object.entries(x).map(([kk, xx]) => walk({ [kk]: xx }, depth + 1));
      } else {
        out[k.startsWith('@') ? k : rewrite(k)] = walk(x, depth + 1);
      }
    }
    return out;
  };
  let text: string;
  try {
    text = JSON.stringify(spec);
  } catch {
    text = 'a condition';
  }
  return finish(walk(spec, 0) as Conditions, text);
}
