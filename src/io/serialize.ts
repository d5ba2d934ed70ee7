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

/** The flow as a plain object in file order (what `serializeFlow` stringifies). */
export function toFileObject(flow: Flow): Json {
  return ordered({ ...flow, version: CURRENT_VERSION }, [
    ['format', null],
    ['version', null],
    ['name', null],
    ['settings', settings],
    ['modules', listOf(moduleOf)],
    ['edges', listOf(edgeOf)],
    ['scenarios', listOf(scenarioOf)],
  ]) as Json;
}

/** The text of a flow file: stable key order, 2-space indent, trailing newline. */
export function serializeFlow(flow: Flow): string {
  const frozen = isFrozenFlow(flow);
  const known = frozen ? knownTexts.get(flow) : undefined;
  if (known !== undefined) return known;
  const text = `${JSON.stringify(toFileObject(flow), null, 2)}\n`;
  if (frozen) knownTexts.set(flow, text);
  return text;
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
