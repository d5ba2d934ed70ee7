/**
 * Immutable edits of a condition tree by path (a list of child indices from the root), and
 * the conversion of typed text to condition values. Pure; the builder and its tests use it.
 */
import { readNumber } from '../../model/numberText';
import {
  CONDITION_OPERATORS,
  defaultValueFor,
  valueFault,
  type ConditionGroup,
  type ConditionNode,
  type ConditionRule,
  type Operator,
} from '../../model/conditions';

export type TreePath = readonly number[];

/** The builder always edits a group at the root; a single rule read from a file is wrapped in @and. */
export function asRootGroup(node: ConditionNode): ConditionGroup {
  return node.kind === 'group' ? node : { kind: 'group', op: '@and', children: [node] };
}

/** Replaces the node at `path` with what `change` returns (undefined removes it from its group). */
export function updateAt(
  root: ConditionGroup,
  path: TreePath,
  change: (node: ConditionNode) => ConditionNode | undefined,
): ConditionGroup {
  const go = (node: ConditionNode, depth: number): ConditionNode | undefined => {
    if (depth === path.length) return change(node);
    if (node.kind !== 'group') return node;
    const index = path[depth]!;
    const child = node.children[index];
    if (!child) return node;
    const next = go(child, depth + 1);
    const children = node.children.slice();
    if (next === undefined) children.splice(index, 1);
    else children[index] = next;
    return { ...node, children };
  };
  const next = go(root, 0);
  return next && next.kind === 'group' ? next : { kind: 'group', op: root.op, children: [] };
}

export function removeAt(root: ConditionGroup, path: TreePath): ConditionGroup {
  if (path.length === 0) return { kind: 'group', op: root.op, children: [] };
  return updateAt(root, path, () => undefined);
}

export function appendTo(root: ConditionGroup, groupPath: TreePath, child: ConditionNode): ConditionGroup {
  return updateAt(root, groupPath, (node) => (node.kind === 'group' ? { ...node, children: [...node.children, child] } : node));
}

export function newRule(mapping: string): ConditionRule {
  return { kind: 'rule', mapping, op: '_eq', value: '' };
}

/** Every rule names a mapping: only then is the tree written to the document. */
export function isComplete(node: ConditionNode): boolean {
  if (node.kind === 'rule') return node.mapping.trim() !== '';
  return node.children.every(isComplete);
}

export function countRules(node: ConditionNode): number {
  return node.kind === 'rule' ? 1 : node.children.reduce((n, c) => n + countRules(c), 0);
}

type Scalar = string | number | boolean | null;

function scalarsOf(value: unknown): Scalar[] {
  const list = Array.isArray(value) ? value : [value];
  return list.filter(
    (v): v is Scalar => typeof v === 'string' || typeof v === 'boolean' || v === null || (typeof v === 'number' && Number.isFinite(v)),
  );
}

/** The value a rule keeps when its operator changes: the same values, reshaped; else the operator's default. */
export function reshapeValue(value: unknown, op: Operator): unknown {
  const shape = CONDITION_OPERATORS[op].shape;
  const values = scalarsOf(value).filter((v) => v !== '');
  let next: unknown;
  if (shape === 'single') next = values[0] ?? '';
  else if (shape === 'pair') next = values.length >= 2 ? [values[0], values[1]] : values.length === 1 ? [values[0], values[0]] : defaultValueFor(op);
  else next = values;
  return valueFault(op, next) === undefined ? next : defaultValueFor(op);
}

/**
 * Reads one typed value: a plain number becomes a number, true / false / null become those,
 * anything else is text; quotes force text ("42" stays the text 42).
 * Text-only operators (pattern, starts with…) always take text.
 */
export function parseScalar(text: string, textOnly = false): Scalar {
  const t = text.trim();
  if (textOnly) return stripQuotes(text);
  if (/^"(.*)"$/s.test(t)) return t.slice(1, -1);
  if (t === 'true') return true;
  if (t === 'false') return false;
  if (t === 'null') return null;
  // A number as every field reads one (model/numberText.ts: "1,500" is 1500); what it refuses stays text.
  const read = readNumber(t);
  return read.ok ? read.value : text;
}

function stripQuotes(text: string): string {
  const t = text.trim();
  return /^"(.*)"$/s.test(t) ? t.slice(1, -1) : text;
}

/** How a value is shown in a field, so that parseScalar reads it back the same. */
export function formatScalar(value: unknown, textOnly = false): string {
  if (typeof value === 'string') {
    if (textOnly) return value;
    const ambiguous = parseScalar(value) !== value;
    return ambiguous ? `"${value}"` : value;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return '';
}

/** A comma list ("ES, PT, 42") as values; empty items are dropped. */
export function parseList(text: string, textOnly = false): Scalar[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => parseScalar(s, textOnly));
}

export function formatList(value: unknown, textOnly = false): string {
  return Array.isArray(value) ? value.map((v) => formatScalar(v, textOnly)).join(', ') : '';
}
