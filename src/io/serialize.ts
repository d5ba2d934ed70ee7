/**
 * Writing a flow file: a stable key order, 2-space indent, a trailing newline, so files diff
 * well in git and export → import → export gives the same bytes.
 *
 * Order: the flow's known keys as flow-format.md lists them (format, version, name, settings,
 * modules, edges, scenarios), then unknown keys in their own order; the same inside every
 * module (id, type, name, position, config, assumptions), edge (id, source, target, error,
 * filter, route), filter, route, range, rate card, platform table and scenario. Conditions are written as they are.
 * The version written is always CURRENT_VERSION: a Flow in memory is of the current version.
 */
import { ASSUMPTION_KEYS, MODULE_TYPES, type Flow } from '../model/types';
import { CURRENT_VERSION } from './migrations';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Copies `value` with the keys of `order` first (in that order), then the others in their own
 * order. Each known key may come with a function that orders its value. Undefined values are
 * left out, as JSON.stringify would.
 */
function ordered(value: unknown, order: readonly (readonly [string, ((v: unknown) => unknown) | null])[]): unknown {
  if (!isObject(value)) return value;
  const out: Json = {};
  const known = new Set<string>();
  for (const [key, write] of order) {
    known.add(key);
    if (Object.hasOwn(value, key) && value[key] !== undefined) out[key] = write ? write(value[key]) : value[key];
  }
  for (const key of Object.keys(value)) if (!known.has(key) && value[key] !== undefined) out[key] = value[key];
  return out;
}

const keys = (...names: string[]) => names.map((n) => [n, null] as const);
const listOf = (write: (v: unknown) => unknown) => (value: unknown) => (Array.isArray(value) ? value.map(write) : value);
const recordOf = (write: (v: unknown) => unknown) => (value: unknown) => {
  if (!isObject(value)) return value;
  const out: Json = {};
  for (const key of Object.keys(value)) if (value[key] !== undefined) out[key] = write(value[key]);
  return out;
};

const estimate = (value: unknown) => ordered(value, keys('min', 'likely', 'max'));
const assumptions = (value: unknown) => ordered(value, ASSUMPTION_KEYS.map((k) => [k, estimate] as const));
const position = (value: unknown) => ordered(value, keys('x', 'y'));
const config = (value: unknown) => ordered(value, keys('mode', 'iteratorId', 'schedule'));

const rateCard = (value: unknown) =>
  ordered(value, [
    ['baseCredits', (v) => ordered(v, keys(...MODULE_TYPES))],
    ['timeExempt', null],
    ['time', (v) => ordered(v, keys('creditsPerDoubling', 'referenceSec'))],
    ['payload', (v) => ordered(v, keys('creditsPerDoubling', 'referenceKB'))],
    ['searchIterationSurcharge', null],
    ['dollarsPerCredit', null],
  ]);

const platformRates = (value: unknown) =>
  ordered(value, [
    ['unitsPerKind', (v) => ordered(v, keys(...MODULE_TYPES))],
    ['codeUnitsPerSecond', null],
    ['unitsPerRun', null],
    ['plans', listOf((v) => ordered(v, keys('name', 'monthlyUnits', 'monthlyPrice')))],
    ['date', null],
    ['source', null],
  ]);
const platforms = (value: unknown) =>
  ordered(value, [
    ['altan', (v) => ordered(v, keys('date', 'source'))],
    ['make', platformRates],
    ['zapier', platformRates],
    ['n8n', platformRates],
  ]);

const settings = (value: unknown) =>
  ordered(value, [
    ['runsPerMonth', estimate],
    ['rateCard', rateCard],
    ['budget', (v) => ordered(v, keys('amount', 'unit'))],
    ['platforms', platforms],
  ]);

const moduleOf = (value: unknown) =>
  ordered(value, [
    ['id', null],
    ['type', null],
    ['name', null],
    ['position', position],
    ['config', config],
    ['assumptions', assumptions],
  ]);

const filter = (value: unknown) => ordered(value, [['mode', null], ['passRate', estimate], ['conditions', null]]);
const route = (value: unknown) =>
  ordered(value, [['priority', null], ['passRate', estimate], ['fallback', null], ['conditions', null]]);

const edgeOf = (value: unknown) =>
  ordered(value, [['id', null], ['source', null], ['target', null], ['error', null], ['filter', filter], ['route', route]]);

const scenarioOf = (value: unknown) =>
  ordered(value, [
    ['id', null],
    ['name', null],
    [
      'overrides',
      (v) =>
        ordered(v, [
          ['runsPerMonth', estimate],
          ['modules', recordOf(assumptions)],
          ['edges', recordOf((e) => ordered(e, [['passRate', estimate]]))],
          ['rateCard', rateCard],
        ]),
    ],
  ]);

/** The flow's keys in file order; `modules` and `edges` ordered by `items` (null: left as they are). */
const fileOrder = (items: { modules: ((v: unknown) => unknown) | null; edges: ((v: unknown) => unknown) | null }) =>
  [
    ['format', null],
    ['version', null],
    ['name', null],
    ['settings', settings],
    ['modules', items.modules],
    ['edges', items.edges],
    ['scenarios', listOf(scenarioOf)],
  ] as const;

/** The flow as a plain object in file order (what `serializeFlow` writes). */
export function toFileObject(flow: Flow): Json {
  return ordered({ ...flow, version: CURRENT_VERSION }, fileOrder({ modules: listOf(moduleOf), edges: listOf(edgeOf) })) as Json;
}

/** `value`'s JSON text as it stands `indent` deep in the file (2-space indent), as JSON.stringify would nest it. */
function textAt(value: unknown, indent: string): string | undefined {
  return JSON.stringify(value, null, 2)?.replaceAll('\n', `\n${indent}`);
}

/**
 * The file text of each module and edge written so far (at its place in the file: 4 spaces in).
 * The editor's flows are frozen by immer and share the modules and edges an edit did not touch, so
 * writing an edited flow writes only the items the edit made: O(changed items), not O(flow). Only
 * deeply frozen items are kept (a frozen object never changes, so its text stays true).
 */
const itemTexts = { modules: new WeakMap<object, string>(), edges: new WeakMap<object, string>() };

function deeplyFrozen(value: object): boolean {
  if (!Object.isFrozen(value)) return false;
  for (const key in value) {
    const inner = (value as Json)[key];
    if (typeof inner === 'object' && inner !== null && !deeplyFrozen(inner)) return false;
  }
  return true;
}

/** The text of one module or edge in the file's list (JSON.stringify writes a missing item as null). */
function itemText(item: unknown, write: (v: unknown) => unknown, known: WeakMap<object, string>): string {
  const key = typeof item === 'object' && item !== null ? item : null;
  const cached = key === null ? undefined : known.get(key);
  if (cached !== undefined) return cached;
  // Nested two deep, JSON.stringify indents the item as it stands in the file's list: "[\n  [\n    " … "\n  ]\n]".
  const text = JSON.stringify([[write(item)]], null, 2).slice(10, -6);
  if (key !== null && deeplyFrozen(key)) known.set(key, text);
  return text;
}

function listText(items: readonly unknown[], write: (v: unknown) => unknown, known: WeakMap<object, string>): string {
  if (items.length === 0) return '[]';
  const texts: string[] = new Array<string>(items.length);
  for (let i = 0; i < items.length; i++) texts[i] = itemText(items[i], write, known);
  return `[\n    ${texts.join(',\n    ')}\n  ]`;
}

/**
 * The text of a flow file: stable key order, 2-space indent, trailing newline. Exactly
 * `JSON.stringify(toFileObject(flow), null, 2)` and a newline, put together from the text of each
 * module and edge (kept for frozen ones, see itemTexts) and of the flow's other keys.
 */
export function serializeFlow(flow: Flow): string {
  const frozen = isFrozenFlow(flow);
  const known = frozen ? knownTexts.get(flow) : undefined;
  if (known !== undefined) return known;
  const file = ordered({ ...flow, version: CURRENT_VERSION }, fileOrder({ modules: null, edges: null })) as Json;
  const lines: string[] = [];
  for (const key of Object.keys(file)) {
    const value = file[key];
    const text =
      key === 'modules' && Array.isArray(value)
        ? listText(value, moduleOf, itemTexts.modules)
        : key === 'edges' && Array.isArray(value)
          ? listText(value, edgeOf, itemTexts.edges)
          : textAt(value, '  ');
    if (text !== undefined) lines.push(`  ${JSON.stringify(key)}: ${text}`);
  }
  const text = lines.length === 0 ? '{}\n' : `{\n${lines.join(',\n')}\n}\n`;
  if (frozen) knownTexts.set(flow, text);
  return text;
}

/**
 * Writes ahead the text of at most `max` modules and edges of a frozen flow not written yet (kept
 * for serializeFlow), so a caller can spread a large flow's first write over several tasks. True
 * when none is left: serializeFlow(flow) then only puts the kept texts together. A flow that can
 * still change keeps nothing: true at once.
 */
export function writeItemsAhead(flow: Flow, max: number): boolean {
  if (!isFrozenFlow(flow) || knownTexts.has(flow)) return true;
  let left = max;
  for (const [items, write, known] of [
    [flow.modules, moduleOf, itemTexts.modules],
    [flow.edges, edgeOf, itemTexts.edges],
  ] as const) {
    if (!Array.isArray(items)) continue;
    for (const item of items as readonly unknown[]) {
      if (typeof item !== 'object' || item === null || known.has(item)) continue;
      if (left === 0) return false;
      itemText(item, write, known);
      // An item not deeply frozen is not kept: serializeFlow writes it each time, nothing to do ahead.
      if (!known.has(item)) return true;
      left--;
    }
  }
  return true;
}

/**
 * The text of each frozen flow written (or handed over) so far. The editor's flows are frozen by
 * immer and never change, so the autosave, the library and an export of the same flow write it
 * once; a flow that can still change is never looked up here.
 */
const knownTexts = new WeakMap<Flow, string>();

function isFrozenFlow(flow: Flow): boolean {
  return Object.isFrozen(flow) && Object.isFrozen(flow.modules) && Object.isFrozen(flow.edges) && Object.isFrozen(flow.settings);
}

/**
 * The text of `flow` as `serializeFlow` writes it, worked out elsewhere (the import worker, from
 * the same flow before it crossed to the page): `serializeFlow` answers with it once the flow is
 * frozen (the editor freezes the flow it loads), instead of writing the flow again.
 */
export function rememberFlowText(flow: Flow, text: string): void {
  knownTexts.set(flow, text);
}
