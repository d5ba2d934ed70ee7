/**
 * The flow file's checks that need no schema library: how a number, an estimate, a text or a
 * condition tree breaks its rule (model/fieldRules.ts), the words for a value in a message, and
 * the cross-references between modules, edges and scenarios. The zod schemas (schema.ts) and the
 * schema's fast path (wellFormed.ts) both use them, so a plain file can be read without zod's code
 * (the page's first download, issue 13) and with the very same rules.
 *
 * Every message is written to follow a field name: "must be a number ≥ 0, got -1".
 */
import { FIELD_RULES, isTooLong, TEXT_RULES, textOverLimit, type NumberRule as FieldRule, type TextRule } from '../model/fieldRules';
import { MAX_CONDITION_DEPTH, MAX_CONDITION_JSON_DEPTH } from './limits';

/**
 * A schema part built on first use, then kept: building the parts is a few hundred zod objects
 * and messages (thousands separators: the first `toLocaleString` starts ICU), about 30 ms that
 * the first paint of a page need not wait for when it reads no file (a generated flow) — only the
 * first read pays it (`schemaFor`).
 */
export function once<T>(build: () => T): () => T {
  let built: { value: T } | null = null;
  return () => (built ??= { value: build() }).value;
}


// Digit groups up to 1e21, where JavaScript itself writes numbers with an exponent (1e+308, not 309 digits).
export const thousands = (n: number): string => (Number.isInteger(n) && Math.abs(n) >= 10_000 && Math.abs(n) < 1e21 ? n.toLocaleString('en-US') : String(n));

/** A short description of a value for "got …" in a message. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'number') return thousands(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return value === '' ? 'an empty text' : `the text ${JSON.stringify(shown)}`;
  }
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return typeof value;
}


export const missingOr = (value: unknown, expected: string): string =>
  value === undefined ? `is missing (it must be ${expected})` : `must be ${expected}, got ${describeValue(value)}`;


export interface NumberRule {
  /** "a number ≥ 0", for messages. */
  what: string;
  min?: number;
  /** When true, `min` itself is not allowed. */
  minExclusive?: boolean;
  max?: number;
  /** When set, a value above `max` is a cap being hit, and this says why the cap exists. */
  capReason?: string;
  integer?: boolean;
  /** A share (0..1, shown in %): a value written as a percentage (50, "50%") is told how to write it. */
  share?: boolean;
}

/** A rule of the table of field rules (model/fieldRules.ts) as the schema checks it. */
export function schemaRule(rule: FieldRule): NumberRule {
  const what =
    rule.min === 0 && rule.max === 1
      ? 'a number between 0 and 1'
      : rule.min === 0
        ? `a ${rule.integer ? 'whole ' : ''}number ≥ 0`
        : `a ${rule.integer ? 'whole ' : ''}number from ${thousands(rule.min)} to ${thousands(rule.max)}`;
  const unit = rule.unitName ? ` ${rule.unitName}` : '';
  return {
    what,
    min: rule.min,
    ...(rule.minExclusive ? { minExclusive: true } : {}),
    max: rule.max,
    ...(rule.max === 1 ? {} : { capReason: `${unit}; ${rule.why}` }),
    ...(rule.integer ? { integer: true } : {}),
    ...(rule.min === 0 && rule.max === 1 && rule.scale === 100 ? { share: true } : {}),
  };
}

/** " (a share is written as a fraction: 50 % is 0.5)" for a share written as a percentage, else ''. */
function percentHint(value: unknown): string {
  const percent =
    typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+(\.\d+)?\s*%\s*$/.test(value) ? Number.parseFloat(value) : NaN;
  // A number from 2 to 100 is surely a percentage; 1.1 is as likely a typo of 1.
  if (!(percent >= 2 && percent <= 100) && !(typeof value === 'string' && percent >= 0 && percent <= 100)) return '';
  return ` (a share is written as a fraction in the file: ${percent} % is ${Number((percent / 100).toPrecision(12))})`;
}

export const SHARE: NumberRule = schemaRule(FIELD_RULES.passRate);

/** Why a number breaks a rule, or null. */
export function numberProblem(value: unknown, rule: NumberRule): string | null {
  const problem = numberProblemOf(value, rule);
  return problem && rule.share ? `${problem}${percentHint(value)}` : problem;
}

function numberProblemOf(value: unknown, rule: NumberRule): string | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return missingOr(value, rule.what);
  if (rule.min !== undefined && (value < rule.min || (rule.minExclusive && value === rule.min)))
    return `must be ${rule.what}, got ${describeValue(value)}`;
  if (rule.integer && !Number.isInteger(value)) return `must be a whole number, got ${describeValue(value)}`;
  if (rule.max !== undefined && value > rule.max) {
    if (rule.capReason) return `is ${describeValue(value)}; the limit is ${thousands(rule.max)}${rule.capReason}`;
    return `must be ${rule.what}, got ${describeValue(value)}`;
  }
  return null;
}

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const RANGE_PARTS = ['min', 'likely', 'max'] as const;

/** A number, or (when ranges are allowed) a range whose three parts each follow the rule. */
export function estimateProblem(
  value: unknown,
  rule: NumberRule,
  ranges: boolean,
): { message: string; path?: (string | number)[] } | null {
  if (typeof value === 'number') {
    const message = numberProblem(value, rule);
    return message ? { message } : null;
  }
  if (isPlainObject(value)) {
    if (!ranges) return { message: `must be ${rule.what}, got a range (ranges need file version 2)` };
    for (let k = 0; k < RANGE_PARTS.length; k++) {
      const message = numberProblem(value[RANGE_PARTS[k]!], rule);
      if (message) return { message, path: [RANGE_PARTS[k]!] };
    }
    const { min, likely, max } = value as { min: number; likely: number; max: number };
    if (!(min <= likely && likely <= max))
      return { message: `must have min ≤ likely ≤ max, got min ${min}, likely ${likely}, max ${max}` };
    return null;
  }
  const message = missingOr(value, ranges ? `${rule.what} or a range { min, likely, max }` : rule.what);
  return { message: rule.share ? `${message}${percentHint(value)}` : message };
}


/** Why a text breaks its rule, or null. Lengths in characters as a person counts them (an emoji is one), as the editor counts them. */
export function textProblem(v: unknown, what: string, rule: TextRule): string | null {
  if (typeof v !== 'string' || v.length < rule.min) return missingOr(v, what);
  const over = textOverLimit(v, rule.max);
  return over && `is ${over.length} long; the limit is ${over.limit}`;
}


/** How deep a JSON value nests (iteratively; gives up counting past `limit`). */
export function nestingDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    deepest = Math.max(deepest, depth);
    if (deepest > limit) return deepest;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** Why a filter's or a route's conditions are refused, or null. */
export function conditionsProblem(v: unknown): string | null {
  if (!isPlainObject(v)) return missingOr(v, 'an object of condition groups (@and / @or / @not)');
  // Counted in JSON levels, derived from the condition depth: a group is two levels, a rule up to three.
  const depth = nestingDepth(v, MAX_CONDITION_JSON_DEPTH);
  if (depth > MAX_CONDITION_JSON_DEPTH) return `are nested more than ${MAX_CONDITION_DEPTH} levels deep; the limit is ${MAX_CONDITION_DEPTH}`;
  return null;
}


export const POSITION = once(() => schemaRule(FIELD_RULES.position));

/** An aggregator's iterator id: any text up to an id's length (empty while none is chosen). */
export const isIteratorId = (v: unknown): boolean => typeof v === 'string' && !isTooLong(v, TEXT_RULES.id.max);


// ---------------------------------------------------------------------------------------------
// Cross-references: what one field cannot know about the others

export interface CrossProblem {
  path: (string | number)[];
  message: string;
}

const notAModule = (index: number, end: 'source' | 'target', id: string): CrossProblem => ({
  path: ['edges', index, end],
  message: `is '${id}', which is not a module of this flow`,
});

/**
 * Duplicate module, edge and scenario ids and edges whose ends are not modules. Works on the
 * raw file (tolerant of wrong shapes, which the schema reports on its own).
 */
export function crossCheck(raw: Record<string, unknown>): CrossProblem[] {
  const problems: CrossProblem[] = [];
  const modules = Array.isArray(raw.modules) ? raw.modules : [];
  const edges = Array.isArray(raw.edges) ? raw.edges : [];
  const scenarios = Array.isArray(raw.scenarios) ? raw.scenarios : [];
  // Each section's ids (the module ids also answer the edges' ends). Index loops, no callback per
  // item: this runs cold, once per module and edge of a 10,000-module file. A set, one look-up an
  // id, while every id is new; at the first id seen before, where each id first is (the messages
  // name it) is worked out once, and a map of them goes on from there.
  const idOf = (item: unknown): string | undefined => {
    const id = isPlainObject(item) ? item.id : undefined;
    return typeof id === 'string' && id !== '' ? id : undefined;
  };
  const duplicates = (items: unknown[], what: string, section: string): { has(id: string): boolean } => {
    const seen = new Set<string>();
    let index = 0;
    for (; index < items.length; index++) {
      const item = items[index];
      const id = isPlainObject(item) ? item.id : undefined;
      if (typeof id !== 'string' || id === '') continue;
      const size = seen.size;
      if (seen.add(id).size === size) break;
    }
    if (index === items.length) return seen;
    const first = new Map<string, number>();
    for (let before = 0; before < index; before++) {
      const id = idOf(items[before]);
      if (id !== undefined) first.set(id, before); // all different, up to the repeat
    }
    for (; index < items.length; index++) {
      const id = idOf(items[index]);
      if (id === undefined) continue;
      const earlier = first.get(id);
      if (earlier === undefined) first.set(id, index);
      else problems.push({ path: [section, index, 'id'], message: `is already used by ${section}[${earlier}]; ${what} ids must be unique` });
    }
    return first;
  };
  const moduleIds = duplicates(modules, 'module', 'modules');
  duplicates(edges, 'edge', 'edges');
  duplicates(scenarios, 'scenario', 'scenarios');
  for (let index = 0; index < edges.length; index++) {
    const edge: unknown = edges[index];
    if (!isPlainObject(edge)) continue;
    const { source, target } = edge;
    if (typeof source === 'string' && source !== '' && !moduleIds.has(source)) problems.push(notAModule(index, 'source', source));
    if (typeof target === 'string' && target !== '' && !moduleIds.has(target)) problems.push(notAModule(index, 'target', target));
  }
  return problems;
}
