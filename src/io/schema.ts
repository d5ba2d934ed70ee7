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
  FILTER_MODES,
  FLOW_FORMAT,
  MODULE_TYPES,
  type Assumptions,
  type Conditions,
  type Estimate,
  type ModuleType,
} from '../model/types';
import { MODULE_KINDS } from '../model/modules/registry';
import { ASSUMPTION_RULES, FIELD_RULES, TEXT_RULES, type TextRule } from '../model/fieldRules';
import { platformTableRule, rateCardRule } from '../model/tableRules';
import {
  conditionsProblem,
  describeValue,
  estimateProblem,
  isIteratorId,
  isPlainObject,
  missingOr,
  numberProblem,
  once,
  POSITION,
  schemaRule,
  SHARE,
  textProblem,
  type NumberRule,
} from './fieldChecks';
import { CURRENT_VERSION } from './migrations';

export { CURRENT_VERSION } from './migrations';
// The checks without zod live in fieldChecks.ts; said here too for the readers of the schema.
export {
  conditionsProblem,
  crossCheck,
  describeValue,
  estimateProblem,
  isIteratorId,
  nestingDepth,
  numberProblem,
  POSITION,
  schemaRule,
  SHARE,
  textProblem,
  type CrossProblem,
  type NumberRule,
} from './fieldChecks';

/**
 * The assumptions flow file version 3 adds (cost-model.md §7); a version 1 or 2 file has none of them.
 * Here, with its only reader, rather than in model/types.ts: the page's first download leaves it out.
 */
const V3_ASSUMPTION_KEYS = ['failureRate', 'pages'] as const;

// ---------------------------------------------------------------------------------------------
// Fields checked by plain functions (fieldChecks.ts)

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

// ---------------------------------------------------------------------------------------------
// Numbers and estimates

const numberField = (rule: NumberRule) =>
  field<number>((v) => {
    const message = numberProblem(v, rule);
    return message ? { message } : null;
  });
const estimateField = (rule: NumberRule, ranges: boolean) => field<Estimate>((v) => estimateProblem(v, rule, ranges));

// ---------------------------------------------------------------------------------------------
// Texts, choices, containers

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

