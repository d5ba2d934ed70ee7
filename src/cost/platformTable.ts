import type {
  Flow,
  ModuleType,
  PartialPlatformRates,
  PartialPlatformTable,
  PlatformPlan,
  PlatformRates,
  PlatformTable,
} from '../model/types';

/** The four platforms a flow is priced on, in the order they are shown (and win a tie). */
export const PLATFORM_IDS = ['altan', 'make', 'zapier', 'n8n'] as const;
export type PlatformId = (typeof PLATFORM_IDS)[number];
/** The platforms billed by plans (Altan is billed per credit with the rate card). */
export const PLAN_PLATFORMS = ['make', 'zapier', 'n8n'] as const;
export type PlanPlatformId = (typeof PLAN_PLATFORMS)[number];

export const PLATFORM_NAMES: Readonly<Record<PlatformId, string>> = { altan: 'Altan', make: 'Make', zapier: 'Zapier', n8n: 'n8n' };
/** What each platform bills in. */
export const PLATFORM_UNITS: Readonly<Record<PlatformId, 'credits' | 'tasks' | 'executions'>> = {
  altan: 'credits',
  make: 'credits',
  zapier: 'tasks',
  n8n: 'executions',
};
/**
 * Which executions a platform counts (platforms.md §1): Make every attempt, failed ones and
 * retries too (m · (1 + r)); Zapier only successful steps (m · (1 − φ)); n8n bills the run.
 * A rule, not a price, so it is not in the editable table.
 */
export const COUNTS: Readonly<Record<PlanPlatformId, 'attempts' | 'successes' | 'executions'>> = {
  make: 'attempts',
  zapier: 'successes',
  n8n: 'executions',
};

const kinds = (values: Partial<Record<ModuleType, number>>, otherwise: number): Record<ModuleType, number> => ({
  trigger: otherwise,
  action: otherwise,
  invoke: otherwise,
  ai_agent: otherwise,
  code: otherwise,
  search: otherwise,
  router: otherwise,
  iterator: otherwise,
  aggregator: otherwise,
  response: otherwise,
  variables: otherwise,
  octopus: otherwise,
  altaner: otherwise,
  ...values,
});

const plan = (name: string, monthlyUnits: number, monthlyPrice: number): PlatformPlan => ({ name, monthlyUnits, monthlyPrice });

/**
 * The default platform table (platforms.md §1–§2): public rules and list prices as of 2025. They
 * change; a flow's `settings.platforms` overrides them, and the UI says "check current prices".
 */
export const DEFAULT_PLATFORM_TABLE: PlatformTable = deepFreeze({
  altan: { date: '2025', source: "Altan task credits: the flow's rate card (cost-model.md)" },
  make: {
    unitsPerKind: kinds({ router: 0 }, 1),
    codeUnitsPerSecond: 2,
    unitsPerRun: 0,
    plans: [plan('Free', 1_000, 0), plan('Core', 10_000, 10.59), plan('Pro', 10_000, 18.82), plan('Teams', 10_000, 34.12)],
    date: '2025',
    source: 'Make help: "Credits" and "How features use credits"',
  },
  zapier: {
    unitsPerKind: kinds({ trigger: 0, router: 0, iterator: 0, aggregator: 0, octopus: 0 }, 1),
    codeUnitsPerSecond: 0,
    unitsPerRun: 0,
    plans: [plan('Free', 100, 0), plan('Professional', 750, 29.99), plan('Team', 2_000, 103.5)],
    date: '2025',
    source: 'Zapier help: "How is task usage measured"',
  },
  n8n: {
    unitsPerKind: kinds({}, 0),
    codeUnitsPerSecond: 0,
    unitsPerRun: 1,
    plans: [plan('Starter', 2_500, 26), plan('Pro', 10_000, 65), plan('Business', 40_000, 870)],
    date: '2025',
    source: 'n8n docs: "Understand executions" (cloud plans)',
  },
});

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The unit counts given, each a finite number (anything else keeps the default). */
function givenNumbers(partial: unknown): Partial<Record<ModuleType, number>> {
  const out: Partial<Record<ModuleType, number>> = {};
  if (!isObject(partial)) return out;
  for (const key of Object.keys(partial)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    if (isNumber(partial[key])) out[key as ModuleType] = partial[key];
  }
  return out;
}

function givenPlans(plans: unknown): PlatformPlan[] | undefined {
  if (!Array.isArray(plans)) return undefined;
  return plans
    .filter((p): p is PlatformPlan => isObject(p) && typeof p.name === 'string' && isNumber(p.monthlyUnits) && isNumber(p.monthlyPrice))
    .map((p) => ({ name: p.name, monthlyUnits: p.monthlyUnits, monthlyPrice: p.monthlyPrice }));
}

function mergeRates(partial: PartialPlatformRates | undefined, base: PlatformRates): PlatformRates {
  const p: Record<string, unknown> = isObject(partial) ? partial : {};
  return {
    unitsPerKind: { ...base.unitsPerKind, ...givenNumbers(p.unitsPerKind) },
    codeUnitsPerSecond: isNumber(p.codeUnitsPerSecond) ? p.codeUnitsPerSecond : base.codeUnitsPerSecond,
    unitsPerRun: isNumber(p.unitsPerRun) ? p.unitsPerRun : base.unitsPerRun,
    plans: givenPlans(p.plans) ?? base.plans.map((x) => ({ ...x })),
    date: typeof p.date === 'string' ? p.date : base.date,
    source: typeof p.source === 'string' ? p.source : base.source,
  };
}

/**
 * The platform table a flow prices with: each field given in `partial` replaces the default one,
 * platform by platform; `unitsPerKind` merges one level deeper (so `{ make: { unitsPerKind: {
 * code: 3 } } }` changes only Make's code), `plans` replace the whole list. Resetting to the
 * defaults is removing the override. Returns a fresh object; never mutates its inputs.
 */
export function mergePlatformTable(partial?: PartialPlatformTable, base: PlatformTable = DEFAULT_PLATFORM_TABLE): PlatformTable {
  const p: PartialPlatformTable = isObject(partial) ? partial : {};
  const altan: Record<string, unknown> = isObject(p.altan) ? p.altan : {};
  return {
    altan: {
      date: typeof altan.date === 'string' ? altan.date : base.altan.date,
      source: typeof altan.source === 'string' ? altan.source : base.altan.source,
    },
    make: mergeRates(p.make, base.make),
    zapier: mergeRates(p.zapier, base.zapier),
    n8n: mergeRates(p.n8n, base.n8n),
  };
}

/** The platform table of a flow: its own partial table merged on the defaults. */
export function platformTableOf(flow: Pick<Flow, 'settings'>): PlatformTable {
  return mergePlatformTable(flow.settings?.platforms);
}
