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
import { CURRENT_VERSION } from './fileVersion';

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

/**
 * The pieces of a flow's file text, in order: joined, they are `serializeFlow(flow)`. Each module
 * and edge is one piece (its kept text, see itemTexts), so a caller can count the text's length,
 * or hand it on a slice at a time (the library's Blob), without ever putting the whole text
 * together: at 100,000 modules that text is 21–38 million characters, and joining it was most of
 * a 124 ms task after every edit.
 */
export function* textPieces(flow: Flow): Generator<string, void, undefined> {
  const known = isFrozenFlow(flow) ? knownTexts.get(flow) : undefined;
  if (known !== undefined) {
    yield known;
    return;
  }
  const file = ordered({ ...flow, version: CURRENT_VERSION }, fileOrder({ modules: null, edges: null })) as Json;
  let opened = false;
  for (const key of Object.keys(file)) {
    const value = file[key];
    const list =
      key === 'modules' && Array.isArray(value)
        ? ([value, moduleOf, itemTexts.modules] as const)
        : key === 'edges' && Array.isArray(value)
          ? ([value, edgeOf, itemTexts.edges] as const)
          : null;
    const text = list === null ? textAt(value, '  ') : null;
    if (text === undefined) continue;
    yield `${opened ? ',\n' : '{\n'}  ${JSON.stringify(key)}: `;
    opened = true;
    if (list === null) {
      yield text!;
      continue;
    }
    const [items, write, kept] = list;
    if (items.length === 0) {
      yield '[]';
      continue;
    }
    yield '[\n    ';
    for (let i = 0; i < items.length; i++) {
      if (i > 0) yield ITEM_SEPARATOR;
      yield itemText(items[i], write, kept);
    }
    yield '\n  ]';
  }
  yield opened ? '\n}\n' : '{}\n';
}

/** What stands between two items of the file's lists. */
const ITEM_SEPARATOR = ',\n    ';

/**
 * The text of a flow file: stable key order, 2-space indent, trailing newline. Exactly
 * `JSON.stringify(toFileObject(flow), null, 2)` and a newline, put together from the text of each
 * module and edge (kept for frozen ones, see itemTexts) and of the flow's other keys.
 */
export function serializeFlow(flow: Flow): string {
  const frozen = isFrozenFlow(flow);
  const known = frozen ? knownTexts.get(flow) : undefined;
  if (known !== undefined) return known;
  const text = [...textPieces(flow)].join('');
  if (frozen) knownTexts.set(flow, text);
  return text;
}

/**
 * The length of `serializeFlow(flow)` in characters, counted from its pieces without putting the
 * text together; once the count passes `stopAbove` it stops there and returns what it has
 * counted (more than `stopAbove`, not the whole length): enough to tell a text too long for
 * somewhere without writing out the rest.
 */
export function flowTextLength(flow: Flow, stopAbove = Infinity): number {
  let length = 0;
  for (const piece of textPieces(flow)) {
    length += piece.length;
    if (length > stopAbove) return length;
  }
  return length;
}

/**
 * How far writeItemsAhead has gone through a frozen flow's items (its modules, then its edges):
 * the items before are written (or cannot be kept), so a call goes on from there instead of
 * looking again at every item before it (at 100,000 modules, 133 calls each looking at up to
 * 200,000 items were a second of CPU after the first edit).
 */
const writtenUpTo = new WeakMap<Flow, number>();

/**
 * Writes ahead the text of at most `max` modules and edges of a frozen flow not written yet (kept
 * for serializeFlow), so a caller can spread a large flow's first write over several tasks. True
 * when none is left: serializeFlow(flow) then only puts the kept texts together. A flow that can
 * still change keeps nothing: true at once. A flow whose text was handed over (rememberFlowText)
 * has its text already; its items' texts are cut from it instead, a few times `max` items a call
 * (cutting an item is far cheaper than writing it), so that the flow an edit makes of it is put
 * together from them.
 */
export function writeItemsAhead(flow: Flow, max: number): boolean {
  if (!isFrozenFlow(flow)) return true;
  if (knownTexts.has(flow)) return cutAhead(flow, max * CUTS_PER_WRITE);
  let left = max;
  // Looking an item up is cheap, but not 200,000 of them in one task: at most so many a call.
  let looks = max * LOOKS_PER_WRITE;
  let index = writtenUpTo.get(flow) ?? 0;
  const modules = flow.modules as readonly unknown[];
  const edges = flow.edges as readonly unknown[];
  const count = (Array.isArray(modules) ? modules.length : 0) + (Array.isArray(edges) ? edges.length : 0);
  for (; index < count; index++) {
    const inModules = Array.isArray(modules) && index < modules.length;
    const item = inModules ? modules[index] : edges[index - (Array.isArray(modules) ? modules.length : 0)];
    const [write, known] = inModules ? [moduleOf, itemTexts.modules] : [edgeOf, itemTexts.edges];
    if (looks-- === 0) {
      writtenUpTo.set(flow, index);
      return false;
    }
    if (typeof item !== 'object' || item === null || known.has(item)) continue;
    if (left === 0) {
      writtenUpTo.set(flow, index);
      return false;
    }
    itemText(item, write, known);
    // An item not deeply frozen is not kept: serializeFlow writes it each time, nothing to do ahead.
    if (!known.has(item)) break;
    left--;
  }
  writtenUpTo.set(flow, count);
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
 * frozen (the editor freezes the flow it loads), instead of writing the flow again. writeItemsAhead
 * cuts it into the texts of the flow's modules and edges (the autosave and the library's save of
 * the flow ask for it): a flow an edit makes of this one shares them, and is put together from them
 * instead of writing every item out again.
 */
export function rememberFlowText(flow: Flow, text: string): void {
  knownTexts.set(flow, text);
  cuts.set(flow, { list: 0, index: 0, at: -1, from: 0 });
}

/** How many items writeItemsAhead looks at (written already or not) for each one it may write. */
const LOOKS_PER_WRITE = 16;

/** How many items writeItemsAhead cuts from a handed-over text for each one it may write. */
const CUTS_PER_WRITE = 2;

/**
 * How far each handed-over text is cut into its items' texts: which list (0 modules, 1 edges),
 * which item, and where that item begins in the text (-1: the list's start is still to be found,
 * from `from` on).
 */
const cuts = new WeakMap<Flow, { list: number; index: number; at: number; from: number }>();

const CUT_LISTS = [
  { key: 'modules', kept: itemTexts.modules },
  { key: 'edges', kept: itemTexts.edges },
] as const;

/**
 * Cuts up to `max` items' texts from the handed-over text (an item of a list stands 4 spaces in,
 * from its `{` to the first line that is 4 spaces then `}`: the lines inside it stand deeper and
 * no string in JSON holds a line break). True when nothing is left to cut. A text that does not
 * read as the flow's own at any point (another layout, another number of items, another id) is
 * cut no further: the items left are written as they come.
 */
function cutAhead(flow: Flow, max: number): boolean {
  const cut = cuts.get(flow);
  const text = knownTexts.get(flow);
  if (cut === undefined || text === undefined) return true;
  const stopCutting = (): true => {
    cuts.delete(flow);
    return true;
  };
  for (let left = max; cut.list < CUT_LISTS.length; ) {
    const { key, kept } = CUT_LISTS[cut.list]!;
    const items = flow[key] as readonly unknown[];
    if (cut.at < 0) {
      const head = `\n  ${JSON.stringify(key)}: [\n    `;
      const found = Array.isArray(items) && items.length > 0 ? text.indexOf(head, cut.from) : -1;
      if (found < 0) {
        if (Array.isArray(items) && items.length > 0) return stopCutting();
        cut.list++;
        continue;
      }
      cut.at = found + head.length;
      // The first search of a text handed over in parts (a rope of them) makes it one string, a copy
      // of the whole (about 30 ms at 37 million characters): a call of its own.
      if (cut.from === 0) return false;
    }
    if (left === 0) return false;
    const item = items[cut.index];
    const at = cut.at;
    if (typeof item !== 'object' || item === null || text.charCodeAt(at) !== 0x7b /* { */) return stopCutting();
    const id = (item as { id?: unknown }).id;
    if (typeof id === 'string' && !text.startsWith(`{\n      "id": ${JSON.stringify(id)}`, at)) return stopCutting();
    const close = text.startsWith('{}', at) ? at : text.indexOf('\n    }', at);
    if (close < 0) return stopCutting();
    const end = close === at ? at + 2 : close + 6;
    if (!kept.has(item) && deeplyFrozen(item)) kept.set(item, text.slice(at, end));
    left--;
    cut.index++;
    if (text.startsWith(ITEM_SEPARATOR, end) && cut.index < items.length) {
      cut.at = end + ITEM_SEPARATOR.length;
    } else if (text.startsWith('\n  ]', end) && cut.index === items.length) {
      cut.list++;
      cut.index = 0;
      cut.at = -1;
      cut.from = end;
    } else {
      return stopCutting();
    }
  }
  return stopCutting();
}
