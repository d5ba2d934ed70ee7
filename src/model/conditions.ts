/**
 * The typed view of filter and route conditions (flow-format.md).
 *
 * In the file, conditions are the platform's JSON: `@and` / `@or` / `@not` groups, each a
 * list of entries, an entry being a group or one rule `{ "<mapping>": { "<op>": value } }`:
 *
 *   { "@and": [ { "{{[m1].email}}": { "_neq": "" } },
 *               { "@or": [ { "{{[m1].country}}": { "_in": ["ES", "PT"] } } ] } ] }
 *
 * Here they become a tree of `group` and `rule` nodes that the condition builder edits,
 * and go back to the same JSON: `fromConditionTree(toConditionTree(c))` gives `c` again for
 * every `c` that `toConditionTree` accepts. A group's children are always a list; `@not`
 * negates the `@and` of its children. One rule object holds exactly one mapping and one
 * operator (put several rules in a group). Nesting is capped at MAX_CONDITION_DEPTH, so a
 * hostile file gets a located error, never a stack overflow.
 */
import { buildGraph, upstreamOf } from './graph';
import { MODULE_KINDS, isModuleType } from './modules/registry';
import type { Conditions, Flow, ModuleType } from './types';
import { MAX_CONDITION_DEPTH } from './fieldRules';

export { conditionDepth } from './conditionDepth';

// ---------------------------------------------------------------------------------------
// Operators

/** What value an operator takes: one value, a pair [low, high], or a list. */
export type ValueShape = 'single' | 'pair' | 'list';
/** What kind of single values it compares: any scalar, text only, or number/text (ordered). */
export type ValueType = 'any' | 'text' | 'ordered';

export interface OperatorInfo {
  /** How the builder reads it: "equals", "is between". */
  label: string;
  shape: ValueShape;
  valueType: ValueType;
}

export const CONDITION_OPERATORS = {
  _eq: { label: 'equals', shape: 'single', valueType: 'any' },
  _neq: { label: 'does not equal', shape: 'single', valueType: 'any' },
  _gt: { label: 'is greater than', shape: 'single', valueType: 'ordered' },
  _lt: { label: 'is less than', shape: 'single', valueType: 'ordered' },
  _gte: { label: 'is at least', shape: 'single', valueType: 'ordered' },
  _lte: { label: 'is at most', shape: 'single', valueType: 'ordered' },
  _between: { label: 'is between', shape: 'pair', valueType: 'ordered' },
  _like: { label: 'matches pattern', shape: 'single', valueType: 'text' },
  _nlike: { label: 'does not match pattern', shape: 'single', valueType: 'text' },
  _startswith: { label: 'starts with', shape: 'single', valueType: 'text' },
  _endswith: { label: 'ends with', shape: 'single', valueType: 'text' },
  _contains: { label: 'contains', shape: 'single', valueType: 'any' },
  _in: { label: 'is one of', shape: 'list', valueType: 'any' },
  _notin: { label: 'is not one of', shape: 'list', valueType: 'any' },
  _all: { label: 'contains all of', shape: 'list', valueType: 'any' },
  _any: { label: 'contains any of', shape: 'list', valueType: 'any' },
} as const satisfies Record<string, OperatorInfo>;

export type Operator = keyof typeof CONDITION_OPERATORS;
export const OPERATORS = Object.keys(CONDITION_OPERATORS) as Operator[];

export function isOperator(value: unknown): value is Operator {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(CONDITION_OPERATORS, value);
}

export const GROUP_OPS = ['@and', '@or', '@not'] as const;
export type GroupOp = (typeof GROUP_OPS)[number];
export const GROUP_LABELS: Record<GroupOp, string> = {
  '@and': 'all of',
  '@or': 'any of',
  '@not': 'not all of',
};
const isGroupOp = (value: string): value is GroupOp => (GROUP_OPS as readonly string[]).includes(value);

/** The value a new rule with this operator starts with in the builder. */
export function defaultValueFor(op: Operator): unknown {
  const shape = CONDITION_OPERATORS[op].shape;
  return shape === 'pair' ? [0, 0] : shape === 'list' ? [] : '';
}

// ---------------------------------------------------------------------------------------
// Tree

export type ConditionNode =
  | { kind: 'group'; op: GroupOp; children: ConditionNode[] }
  | { kind: 'rule'; mapping: string; op: Operator; value: unknown };
export type ConditionGroup = Extract<ConditionNode, { kind: 'group' }>;
export type ConditionRule = Extract<ConditionNode, { kind: 'rule' }>;

export interface ConditionError {
  /** Dot path inside the conditions, e.g. `@and.0.{{[m1].email}}._between`; '' for the whole. */
  path: string;
  message: string;
}
export type ConditionTreeResult = { ok: true; tree: ConditionNode } | { ok: false; errors: ConditionError[] };

/**
 * Deepest nesting accepted, each group and each rule one level (the table of field rules);
 * deeper input is refused with a located error.
 */
export { MAX_CONDITION_DEPTH };
/** Most errors one call reports. */
const MAX_ERRORS = 50;

type Loose = Record<string, unknown>;
const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);
const isScalar = (v: unknown): boolean =>
  typeof v === 'string' || typeof v === 'boolean' || v === null || (typeof v === 'number' && Number.isFinite(v));
const join = (path: string, key: string | number): string => (path === '' ? String(key) : `${path}.${key}`);

export function emptyConditionTree(): ConditionGroup {
  return { kind: 'group', op: '@and', children: [] };
}

/** Reads conditions from the file into a tree; every fault comes back located, nothing throws. */
export function toConditionTree(conditions: Conditions | undefined): ConditionTreeResult {
  if (conditions === undefined) return { ok: true, tree: emptyConditionTree() };
  const errors: ConditionError[] = [];
  const tree = readEntry(conditions, '', 1, errors);
  if (errors.length > 0 || !tree) return { ok: false, errors: errors.slice(0, MAX_ERRORS) };
  return { ok: true, tree };
}

function readEntry(entry: unknown, path: string, depth: number, errors: ConditionError[]): ConditionNode | undefined {
  if (errors.length >= MAX_ERRORS) return undefined;
  if (depth > MAX_CONDITION_DEPTH) {
    errors.push({ path, message: `conditions are nested more than ${MAX_CONDITION_DEPTH} levels deep` });
    return undefined;
  }
  if (!isObject(entry)) {
    errors.push({ path, message: 'a condition must be a group (@and, @or, @not) or a rule { mapping: { operator: value } }' });
    return undefined;
  }
  const keys = Object.keys(entry);
  if (keys.length !== 1) {
    errors.push({
      path,
      message:
        keys.length === 0
          ? 'an empty condition: give it a rule or a group'
          : `one condition holds one group or one rule, not ${keys.length}; put several in an @and group`,
    });
    return undefined;
  }
  const key = keys[0]!;
  const body = entry[key];
  const here = join(path, key);
  if (key.startsWith('@')) {
    if (!isGroupOp(key)) {
      errors.push({ path: here, message: `unknown group ${key}; use @and, @or or @not` });
      return undefined;
    }
    if (!Array.isArray(body)) {
      errors.push({ path: here, message: `${key} takes a list of conditions` });
      return undefined;
    }
    const children: ConditionNode[] = [];
    for (let i = 0; i < body.length; i++) {
      const child = readEntry(body[i], join(here, i), depth + 1, errors);
      if (child) children.push(child);
      if (errors.length >= MAX_ERRORS) break;
    }
    return { kind: 'group', op: key, children };
  }
  if (key.startsWith('_') || key.trim() === '') {
    errors.push({ path: here, message: `${key === '' ? 'an empty mapping' : `${key} is an operator`} where a mapping such as {{[m1].email}} belongs` });
    return undefined;
  }
  return readRule(key, body, here, errors);
}

function readRule(mapping: string, body: unknown, path: string, errors: ConditionError[]): ConditionRule | undefined {
  if (!isObject(body)) {
    errors.push({ path, message: 'a rule takes one operator and its value, e.g. { "_eq": "ES" }' });
    return undefined;
  }
  const ops = Object.keys(body);
  if (ops.length !== 1) {
    errors.push({ path, message: ops.length === 0 ? 'choose an operator' : `one rule takes one operator, not ${ops.length}` });
    return undefined;
  }
  const op = ops[0]!;
  const here = join(path, op);
  if (!isOperator(op)) {
    errors.push({ path: here, message: `unknown operator ${op}; use one of ${OPERATORS.join(' ')}` });
    return undefined;
  }
  const value = body[op];
  const fault = valueFault(op, value);
  if (fault) {
    errors.push({ path: here, message: fault });
    return undefined;
  }
  return { kind: 'rule', mapping, op, value };
}

/** Why a value does not fit an operator, or undefined when it fits. */
export function valueFault(op: Operator, value: unknown): string | undefined {
  const info: OperatorInfo = CONDITION_OPERATORS[op];
  const one = (v: unknown): string | undefined => {
    if (!isScalar(v)) return 'a value must be text, a finite number, true/false or null';
    if (info.valueType === 'text' && typeof v !== 'string') return `"${info.label}" compares text`;
    if (info.valueType === 'ordered' && typeof v !== 'string' && typeof v !== 'number') return `"${info.label}" compares numbers or text`;
    return undefined;
  };
  if (info.shape === 'single') return one(value);
  if (!Array.isArray(value)) return info.shape === 'pair' ? `"${info.label}" takes two values, [low, high]` : `"${info.label}" takes a list of values`;
  if (info.shape === 'pair' && value.length !== 2) return `"${info.label}" takes two values, [low, high], not ${value.length}`;
  for (const v of value) {
    const fault = one(v);
    if (fault) return fault;
  }
  return undefined;
}

/** Writes a tree back as the platform's JSON. */
export function fromConditionTree(tree: ConditionNode): Conditions {
  // Iterative post-order walk, so a tree of any depth converts without recursion.
  const built = new Map<ConditionNode, Conditions>();
  const stack: { node: ConditionNode; expanded: boolean }[] = [{ node: tree, expanded: false }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    const node = top.node;
    if (node.kind === 'rule') {
      // Computed keys define own properties, even for "__proto__".
      built.set(node, { [node.mapping]: { [node.op]: node.value } });
    } else if (!top.expanded) {
      stack.push({ node, expanded: true });
      for (const child of node.children) stack.push({ node: child, expanded: false });
    } else {
      built.set(node, { [node.op]: node.children.map((c) => built.get(c)!) });
    }
  }
  return built.get(tree)!;
}

// ---------------------------------------------------------------------------------------
// Mappings

/** The text that reads a field of a module's output: mappingFor('m1', 'email') → "{{[m1].email}}". */
export function mappingFor(moduleId: string, path: string): string {
  return path === '' ? `{{[${moduleId}]}}` : `{{[${moduleId}].${path}}}`;
}

// No lazy or nested quantifiers: the path cannot hold spaces or braces, so a long hostile
// text cannot make the expression backtrack.
const MAPPING = /^\{\{\s*\[([^\]]+)\](?:\.([^{}\s]+))?\s*\}\}$/;

/** Reads "{{[m1].email}}" back into its module id and path; undefined for other text. */
export function parseMapping(text: string): { moduleId: string; path: string } | undefined {
  if (typeof text !== 'string' || text.length > 100_000) return undefined;
  const match = MAPPING.exec(text);
  if (!match) return undefined;
  return { moduleId: match[1]!, path: match[2] ?? '' };
}

/**
 * The fields the condition builder offers for each kind of module, as a picker's first
 * suggestions (any other path can still be typed):
 *
 * | kind       | fields                   | kind       | fields           |
 * |------------|--------------------------|------------|------------------|
 * | trigger    | body, headers, query     | router     | (passes through) |
 * | action     | response, status         | iterator   | item, index      |
 * | invoke     | result, status           | aggregator | array, count     |
 * | ai_agent   | output, usage            | response   | (ends the path)  |
 * | code       | result, logs             | variables  | variables        |
 * | search     | results, count           | octopus    | (passes through) |
 * | altaner    | output                   |            |                  |
 */
export const MAPPING_FIELDS: Readonly<Record<ModuleType, readonly string[]>> = {
  trigger: ['body', 'headers', 'query'],
  action: ['response', 'status'],
  invoke: ['result', 'status'],
  ai_agent: ['output', 'usage'],
  code: ['result', 'logs'],
  search: ['results', 'count'],
  router: [],
  iterator: ['item', 'index'],
  aggregator: ['array', 'count'],
  response: [],
  variables: ['variables'],
  octopus: [],
  altaner: ['output'],
};

export interface AvailableMapping {
  moduleId: string;
  moduleName: string;
  /** The module's type; `typeLabel` is how people read it. */
  type: ModuleType;
  typeLabel: string;
  field: string;
  /** What to put in the condition: "{{[m1].body}}". */
  mapping: string;
}

/**
 * The mappings a condition on the way into `moduleId` can read: the fields of every module
 * upstream of it, nearest first (for an edge, pass the edge's target).
 */
export function availableMappings(flow: Pick<Flow, 'modules' | 'edges'>, moduleId: string): AvailableMapping[] {
  const graph = buildGraph(flow);
  const out: AvailableMapping[] = [];
  for (const id of upstreamOf(graph, moduleId)) {
    const m = graph.modules.get(id);
    if (!m || !isModuleType(m.type)) continue;
    for (const field of MAPPING_FIELDS[m.type]) {
      out.push({
        moduleId: id,
        moduleName: m.name,
        type: m.type,
        typeLabel: MODULE_KINDS[m.type].label,
        field,
        mapping: mappingFor(id, field),
      });
    }
  }
  return out;
}
