/**
 * The flow file as zod schemas (docs: flow-format.md, cost-model.md §6).
 *
 * - Version 1: every assumption, pass rate and runsPerMonth is a number.
 * - Version 2: each of those may also be a range { min, likely, max } with
 *   min ≤ likely ≤ max; a flow may carry `scenarios` and `settings.budget`.
 * - Version 3 (CURRENT_VERSION): the assumptions `failureRate` (0..1) and `pages` (≥ 1), an
 *   edge's `error` (true or false) and a trigger's `config.schedule` (a text; whether it is a
 *   cron is validateFlow's to say, with the field named, since a half-typed schedule must load).
 *   In older files these names are unknown fields, kept as they are and never priced.
 *
 * Unknown fields are kept at every level (loose objects). Only what the schema can see on its
 * own is checked here: types, ranges of numbers, the caps of limits.ts. Cross-references
 * (duplicate ids, edges to missing modules) are checked by `crossCheck`; structural rules
 * (cycles, triggers, routes…) are validateFlow's, since a half-built flow must still import.
 *
 * Every message is written to follow a field name: "must be a number ≥ 0, got -1".
 *
 * Built on `zod/mini` (functional API, tree-shaken): the app's first download carries only the
 * parts of zod this file uses.
 */
import * as z from 'zod/mini';
import {
  ASSUMPTION_KEYS,
  V3_ASSUMPTION_KEYS,
  FILTER_MODES,
  FLOW_FORMAT,
  MODULE_TYPES,
  type Assumptions,
  type Conditions,
  type Estimate,
  type ModuleType,
} from '../model/types';
import { MODULE_KINDS } from '../model/modules/registry';
import {
  ASSUMPTION_RULES,
  FIELD_RULES,
  isTooLong,
  platformTableRule,
  rateCardRule,
  TEXT_RULES,
  textOverLimit,
  type NumberRule as FieldRule,
  type TextRule,
} from '../model/fieldRules';
import { MAX_CONDITION_DEPTH, MAX_CONDITION_JSON_DEPTH } from './limits';
import { CURRENT_VERSION } from './migrations';

export { CURRENT_VERSION } from './migrations';

/**
 * A schema part built on first use, then kept: building the parts is a few hundred zod objects
 * and messages (thousands separators: the first `toLocaleString` starts ICU), about 30 ms that
 * the first paint of a page need not wait for when it reads no file (a generated flow) — only the
 * first read pays it (`schemaFor`).
 */
function once<T>(build: () => T): () => T {
  let built: { value: T } | null = null;
  return () => (built ??= { value: build() }).value;
}

// ---------------------------------------------------------------------------------------------
// Describing values in messages

// Digit groups up to 1e21, where JavaScript itself writes numbers with an exponent (1e+308, not 309 digits).
const thousands = (n: number): string => (Number.isInteger(n) && Math.abs(n) >= 10_000 && Math.abs(n) < 1e21 ? n.toLocaleString('en-US') : String(n));

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

type Check = (value: unknown) => { message: string; path?: (string | number)[] } | null;

/** A field checked by a plain function, so its message can say exactly what was wrong. */
function field<T>(check: Check): z.ZodMiniType<T, T> {
  return z.any().check(
    z.superRefine((value, ctx) => {
      const problem = check(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem.message, path: problem.path ?? [] });
    }),
  ) as unknown as z.ZodMiniType<T, T>;
}

const missingOr = (value: unknown, expected: string): string =>
  value === undefined ? `is missing (it must be ${expected})` : `must be ${expected}, got ${describeValue(value)}`;

// ---------------------------------------------------------------------------------------------
// Numbers and estimates

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
  };
}

export const SHARE: NumberRule = schemaRule(FIELD_RULES.passRate);

/** Why a number breaks a rule, or null. */
export function numberProblem(value: unknown, rule: NumberRule): string | null {
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

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
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
  return { message: missingOr(value, ranges ? `${rule.what} or a range { min, likely, max }` : rule.what) };
}

const numberField = (rule: NumberRule) =>
  field<number>((v) => {
    const message = numberProblem(v, rule);
    return message ? { message } : null;
  });
const estimateField = (rule: NumberRule, ranges: boolean) => field<Estimate>((v) => estimateProblem(v, rule, ranges));

// ---------------------------------------------------------------------------------------------
// Texts, choices, containers

/** Why a text breaks its rule, or null. Lengths in characters as a person counts them (an emoji is one), as the editor counts them. */
export function textProblem(v: unknown, what: string, rule: TextRule): string | null {
  if (typeof v !== 'string' || v.length < rule.min) return missingOr(v, what);
  const over = textOverLimit(v, rule.max);
  return over && `is ${over.length} long; the limit is ${over.limit}`;
}

const textField = (what: string, rule: TextRule) =>
  field<string>((v) => {
    const message = textProblem(v, what, rule);
    return message ? { message } : null;
  });

const idField = once(() => textField('a non-empty text', TEXT_RULES.id));
const flowNameField = once(() => textField('a text', TEXT_RULES.flowName));
const moduleNameField = once(() => textField('a text', TEXT_RULES.moduleName));
const scenarioNameField = once(() => textField('a text', TEXT_RULES.scenarioName));

function choiceField<T extends string>(choices: readonly T[]) {
  const listed = choices.map((c) => `"${c}"`).join(', ').replace(/, ([^,]*)$/, ' or $1');
  return field<T>((v) =>
    typeof v === 'string' && (choices as readonly string[]).includes(v) ? null : { message: missingOr(v, listed) },
  );
}

const booleanField = once(() => field<boolean>((v) => (typeof v === 'boolean' ? null : { message: missingOr(v, 'true or false') })));

/**
 * zod/mini's objects check their fields one by one; classic zod's compile a checker for each
 * object shape on first use, which parses a large file about twice as fast. This constructor
 * gives zod/mini objects that compiled path (zod's own `$ZodObjectJIT`, as classic zod uses).
 */
const compiledObjectBase: z.core.$constructor<z.core.$ZodObject> = z.core.$ZodObjectJIT;
const miniType: z.core.$constructor<z.ZodMiniType> = z.ZodMiniType;
const CompiledObject = z.core.$constructor('CreditflowObject', (inst: z.ZodMiniObject, def: z.core.$ZodObjectDef) => {
  compiledObjectBase.init(inst, def);
  miniType.init(inst, def);
});

function object<S extends z.core.$ZodLooseShape>(shape: S) {
  return new CompiledObject({
    type: 'object',
    shape,
    catchall: z.unknown(),
    error: (issue: z.core.$ZodRawIssue) =>
      issue.input === undefined ? 'is missing (it must be an object)' : `must be an object, got ${describeValue(issue.input)}`,
  }) as unknown as z.ZodMiniObject<S, z.core.$loose>;
}

function list<T extends z.ZodMiniType>(item: T) {
  return z.array(item, {
    error: (issue) => (issue.input === undefined ? 'is missing (it must be a list)' : `must be a list, got ${describeValue(issue.input)}`),
  });
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

const conditionsField = once(() =>
  field<Conditions>((v) => {
    const message = conditionsProblem(v);
    return message ? { message } : null;
  }),
);

// ---------------------------------------------------------------------------------------------
// The flow

/** What each file version can say (ranges from 2; error branches, pages and schedules from 3). */
interface VersionFeatures {
  ranges: boolean;
  v3: boolean;
}
const featuresOf = (version: number): VersionFeatures => ({ ranges: version >= 2, v3: version >= 3 });

function assumptionsSchema({ ranges, v3 }: VersionFeatures) {
  const shape: Record<string, z.ZodMiniType> = {};
  for (const key of ASSUMPTION_KEYS) {
    if (!v3 && (V3_ASSUMPTION_KEYS as readonly string[]).includes(key)) continue;
    shape[key] = z.optional(estimateField(schemaRule(ASSUMPTION_RULES[key]), ranges));
  }
  return object(shape) as unknown as z.ZodMiniType<Assumptions, Assumptions>;
}

export const POSITION = once(() => schemaRule(FIELD_RULES.position));
const positionSchema = once(() => object({ x: numberField(POSITION()), y: numberField(POSITION()) }));

const scheduleField = once(() => textField('a cron text such as "*/30 8-17 * * *"', TEXT_RULES.schedule));

function moduleSchema(type: ModuleType, features: VersionFeatures) {
  const common = {
    id: idField(),
    type: z.literal(type),
    name: z._default(moduleNameField(), MODULE_KINDS[type].label),
    position: z._default(positionSchema(), () => ({ x: 0, y: 0 })),
    assumptions: z.optional(assumptionsSchema(features)),
  };
  if (type === 'router')
    return object({
      ...common,
      config: z._default(object({ mode: z._default(choiceField(['standard', 'exclusive'] as const), 'standard') }), () => ({
        mode: 'standard' as const,
      })),
    });
  if (type === 'aggregator')
    return object({
      ...common,
      config: z._default(object({ iteratorId: z._default(iteratorIdField(), '') }), () => ({ iteratorId: '' })),
    });
  if (type === 'trigger' && features.v3) return object({ ...common, config: z.optional(object({ schedule: z.optional(scheduleField()) })) });
  return object({ ...common, config: z.optional(object({})) });
}

/** An aggregator's iterator id: any text up to an id's length (empty while none is chosen). */
export const isIteratorId = (v: unknown): boolean => typeof v === 'string' && !isTooLong(v, TEXT_RULES.id.max);

const iteratorIdField = once(() =>
  field<string>((v) => (isIteratorId(v) ? null : { message: missingOr(v, 'the id of an iterator (a text)') })),
);

const KNOWN_TYPES = MODULE_TYPES.join(', ');

function modulesSchema(features: VersionFeatures) {
  const options = MODULE_TYPES.map((t) => moduleSchema(t, features));
  const union = z.discriminatedUnion('type', options as unknown as [(typeof options)[0], ...(typeof options)[number][]], {
    error: (issue) => {
      if (!isPlainObject(issue.input)) return `must be an object, got ${describeValue(issue.input)}`;
      const type = issue.input.type;
      if (type === undefined) return `type is missing; the known types are ${KNOWN_TYPES}`;
      if (typeof type !== 'string') return `type must be a text, got ${describeValue(type)}; the known types are ${KNOWN_TYPES}`;
      return `type '${type.length > 40 ? `${type.slice(0, 40)}…` : type}' is not a module type; the known types are ${KNOWN_TYPES}`;
    },
  });
  return list(union);
}

function filterSchema(ranges: boolean) {
  return object({
    mode: choiceField(FILTER_MODES),
    passRate: estimateField(SHARE, ranges),
    conditions: z.optional(conditionsField()),
  });
}

function routeSchema(ranges: boolean) {
  const route = object({
    priority: numberField(schemaRule(FIELD_RULES.priority)),
    passRate: z.optional(estimateField(SHARE, ranges)),
    fallback: z._default(booleanField(), false),
    conditions: z.optional(conditionsField()),
  }).check(
    z.superRefine((route, ctx) => {
      if (route.passRate === undefined && !route.fallback)
        ctx.addIssue({ code: 'custom', path: ['passRate'], message: `is missing (it must be ${SHARE.what}; only a fallback route may leave it out)` });
    }),
  );
  return z.pipe(
    route,
    z.transform((r: z.output<typeof route>) => ({ ...r, passRate: r.passRate ?? 0 })),
  );
}

function edgeSchema({ ranges, v3 }: VersionFeatures) {
  return object({
    id: idField(),
    source: idField(),
    target: idField(),
    filter: z.optional(filterSchema(ranges)),
    route: z.optional(routeSchema(ranges)),
    ...(v3 ? { error: z.optional(booleanField()) } : {}),
  });
}

const moduleTypeField = once(() => choiceField(MODULE_TYPES));

const rateCardNumber = (path: string) => z.optional(numberField(schemaRule(rateCardRule(path))));

const rateCardSchema = once(() => object({
  baseCredits: z.optional(object(Object.fromEntries(MODULE_TYPES.map((t) => [t, rateCardNumber(`baseCredits.${t}`)])))),
  timeExempt: z.optional(list(moduleTypeField())),
  time: z.optional(object({ creditsPerDoubling: rateCardNumber('time.creditsPerDoubling'), referenceSec: rateCardNumber('time.referenceSec') })),
  payload: z.optional(
    object({ creditsPerDoubling: rateCardNumber('payload.creditsPerDoubling'), referenceKB: rateCardNumber('payload.referenceKB') }),
  ),
  searchIterationSurcharge: rateCardNumber('searchIterationSurcharge'),
  dollarsPerCredit: rateCardNumber('dollarsPerCredit'),
}));

const platformNumber = (field: Parameters<typeof platformTableRule>[0]) => numberField(schemaRule(platformTableRule(field)));
const platformNote = once(() => z.optional(textField('a text', TEXT_RULES.platformNote)));

/** One platform of the table (platforms.md): every field optional, as in a flow's partial table. */
const platformRatesSchema = once(() => object({
  unitsPerKind: z.optional(object(Object.fromEntries(MODULE_TYPES.map((t) => [t, z.optional(platformNumber('unitsPerKind'))])))),
  codeUnitsPerSecond: z.optional(platformNumber('codeUnitsPerSecond')),
  unitsPerRun: z.optional(platformNumber('unitsPerRun')),
  plans: z.optional(
    list(
      object({
        name: textField('a text', TEXT_RULES.planName),
        monthlyUnits: platformNumber('monthlyUnits'),
        monthlyPrice: platformNumber('monthlyPrice'),
      }),
    ),
  ),
  date: platformNote(),
  source: platformNote(),
}));

/** `settings.platforms`: a partial platform table (file version 2 and later). */
const platformTableSchema = once(() => object({
  altan: z.optional(object({ date: platformNote(), source: platformNote() })),
  make: z.optional(platformRatesSchema()),
  zapier: z.optional(platformRatesSchema()),
  n8n: z.optional(platformRatesSchema()),
}));

const budgetSchema = once(() => object({
  amount: numberField(schemaRule(FIELD_RULES.budget)),
  unit: choiceField(['credits', 'dollars'] as const),
}));

const RUNS_PER_MONTH = once(() => schemaRule(FIELD_RULES.runsPerMonth));

function settingsSchema(ranges: boolean) {
  return object({
    runsPerMonth: z.optional(estimateField(RUNS_PER_MONTH(), ranges)),
    rateCard: z.optional(rateCardSchema()),
    ...(ranges ? { budget: z.optional(budgetSchema()), platforms: z.optional(platformTableSchema()) } : {}),
  });
}

/** A scenario; its overrides may hold ranges (2) and the version 3 assumptions only where the file's version allows them. */
function scenarioSchemaOf(features: VersionFeatures) {
  const { ranges } = features;
  return object({
    id: idField(),
    name: scenarioNameField(),
    overrides: z._default(
      object({
        runsPerMonth: z.optional(estimateField(RUNS_PER_MONTH(), ranges)),
        modules: z.optional(z.record(z.string(), assumptionsSchema(features))),
        edges: z.optional(z.record(z.string(), object({ passRate: estimateField(SHARE, ranges) }))),
        rateCard: z.optional(rateCardSchema()),
      }),
      () => ({}),
    ),
  });
}

const scenarioSchema = once(() => scenarioSchemaOf(featuresOf(CURRENT_VERSION)));

/** The schema of one version of the file (1, 2 or 3). `format` and `version` are checked before it. */
export function flowSchema(version: number) {
  const features = featuresOf(version);
  const { ranges } = features;
  return object({
    format: z.literal(FLOW_FORMAT),
    version: z.number(),
    name: z._default(flowNameField(), 'Untitled flow'),
    settings: z._default(settingsSchema(ranges), () => ({})),
    modules: modulesSchema(features),
    edges: z._default(list(edgeSchema(features)), () => []),
    // Version 1 had no scenarios; a version 1 file that carries them is read (they were kept as an
    // unknown field and are scenarios once migrated), but with the rule of its version: no ranges.
    scenarios: z.optional(list(features.v3 ? scenarioSchema() : scenarioSchemaOf(features))),
  });
}

export type FlowSchemaOf = ReturnType<typeof flowSchema>;

/** The file versions that have a schema. */
export const SCHEMA_VERSIONS: readonly number[] = [1, 2, 3];
if (!SCHEMA_VERSIONS.includes(CURRENT_VERSION)) throw new Error(`No schema for flow file version ${CURRENT_VERSION}`);

const built = new Map<number, FlowSchemaOf>();

/**
 * The schema of file version `version` (undefined for a version without one), built on first use:
 * building one is a few hundred zod objects, which the first paint of a generated flow or an
 * app that never reads an old file need not wait for.
 */
export function schemaFor(version: number): FlowSchemaOf | undefined {
  if (!SCHEMA_VERSIONS.includes(version)) return undefined;
  let schema = built.get(version);
  if (!schema) built.set(version, (schema = flowSchema(version)));
  return schema;
}

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
