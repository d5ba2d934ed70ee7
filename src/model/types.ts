/**
 * The flow document: the one source of truth. Everything else (React Flow nodes, costs,
 * problems) is derived from it. Pure data, no behaviour, no React.
 */

export const MODULE_TYPES = [
  'trigger',
  'action',
  'invoke',
  'ai_agent',
  'code',
  'search',
  'router',
  'iterator',
  'aggregator',
  'response',
  'variables',
  'octopus',
  'altaner',
] as const;
export type ModuleType = (typeof MODULE_TYPES)[number];

/**
 * The kinds whose executions can fail (flow file version 3, cost-model.md §7): they may carry a
 * `failureRate` and one outgoing error edge.
 */
export const FAILING_TYPES = ['action', 'search', 'code', 'ai_agent', 'invoke'] as const satisfies readonly ModuleType[];
export function canFail(type: unknown): boolean {
  return (FAILING_TYPES as readonly unknown[]).includes(type);
}

/** A value that varies between executions: triangular distribution (min, likely, max), min ≤ likely ≤ max. */
export interface Range {
  min: number;
  likely: number;
  max: number;
}
/** Either a plain number or a range (flow file version 2). The point estimate of a range is its `likely`. */
export type Estimate = number | Range;

export const ASSUMPTION_KEYS = [
  'durationSec',
  'payloadKB',
  'retries',
  'extraCredits',
  'iterations',
  'failureRate',
  'pages',
] as const;
export type AssumptionKey = (typeof ASSUMPTION_KEYS)[number];
/** What the user assumes about one module; a missing key takes the module kind's default. */
export type Assumptions = Partial<Record<AssumptionKey, Estimate>> & {
  /**
   * Flow file version 3 (cost-model.md §7): share of executions that still fail
   * after their retries (0..1, default 0), and expected result pages of a search (≥ 1, default 1).
   */
  failureRate?: Estimate;
  pages?: Estimate;
};

export interface Position {
  x: number;
  y: number;
}

interface ModuleBase<T extends ModuleType> {
  id: string;
  type: T;
  name: string;
  position: Position;
  assumptions?: Assumptions;
}

export type RouterMode = 'standard' | 'exclusive';
export interface RouterModule extends ModuleBase<'router'> {
  config: { mode: RouterMode };
}
export interface AggregatorModule extends ModuleBase<'aggregator'> {
  /** The iterator whose loop this aggregator closes. Empty while the user has not chosen one. */
  config: { iteratorId: string };
}
export type PlainModuleType = Exclude<ModuleType, 'router' | 'aggregator'>;
export type PlainModule = {
  [T in PlainModuleType]: ModuleBase<T> & { config?: Record<string, unknown> };
}[PlainModuleType];

/** A module of the flow: a discriminated union on `type`. */
export type Module = RouterModule | AggregatorModule | PlainModule;

export const FILTER_MODES = ['break', 'skip'] as const;
export type FilterMode = (typeof FILTER_MODES)[number];

/**
 * Filter conditions as the platform writes them: `@and` / `@or` / `@not` groups of
 * `{ "<mapping>": { "<op>": value } }`. See model/conditions.ts for the typed view.
 */
export type Conditions = Record<string, unknown>;

export interface Filter {
  mode: FilterMode;
  /** Share of bundles that pass, 0..1. */
  passRate: Estimate;
  conditions?: Conditions;
}

/**
 * A module's key for the filter of a connection into it that is not there yet: a Make module kept
 * unconnected after a router holds the filter of its incoming connection here (a `Filter`, as an
 * edge's would read; io/import/make.ts). The first connection drawn into the module takes it, as its
 * filter or, from a router, as its route's conditions (store/operations `connect`). The file reader
 * keeps it as any field it does not know (flow-format.md).
 */
export const INCOMING_FILTER = 'incomingFilter';

export interface Route {
  priority: number;
  /** Share of bundles that match this route, 0..1 (ignored for the fallback route). */
  passRate: Estimate;
  fallback: boolean;
  conditions?: Conditions;
}

export interface Edge {
  id: string;
  source: string;
  target: string;
  filter?: Filter;
  route?: Route;
  /** Flow file version 3 (cost-model.md §7): the source module's error branch (carries its failed executions). */
  error?: boolean;
}

/** A partial rate card as stored in a flow: each field given replaces the default (objects merge one level deep). */
export interface RateCard {
  baseCredits: Record<ModuleType, number>;
  timeExempt: ModuleType[];
  time: { creditsPerDoubling: number; referenceSec: number };
  payload: { creditsPerDoubling: number; referenceKB: number };
  searchIterationSurcharge: number;
  dollarsPerCredit: number;
}
export interface PartialRateCard {
  baseCredits?: Partial<Record<ModuleType, number>>;
  timeExempt?: ModuleType[];
  time?: Partial<RateCard['time']>;
  payload?: Partial<RateCard['payload']>;
  searchIterationSurcharge?: number;
  dollarsPerCredit?: number;
}

/** One plan of an automation platform: how many units a month it covers, for how many dollars (platforms.md §2). */
export interface PlatformPlan {
  name: string;
  monthlyUnits: number;
  monthlyPrice: number;
}
/** How one platform (Make, Zapier, n8n) counts units and what its plans cost, with where the figures come from. */
export interface PlatformRates {
  /** Units per execution of each module kind. */
  unitsPerKind: Record<ModuleType, number>;
  /** Code modules: at least `unitsPerKind.code`, or this many units per second of run time (0 = no time rule). */
  codeUnitsPerSecond: number;
  /** Units charged once per run, whatever the flow holds. */
  unitsPerRun: number;
  plans: PlatformPlan[];
  /** When the figures were checked ("2025-06") and where ("Make help: Credits"). */
  date: string;
  source: string;
}
/** The platform table: Altan prices with the rate card; the others with their units and plans. */
export interface PlatformTable {
  altan: { date: string; source: string };
  make: PlatformRates;
  zapier: PlatformRates;
  n8n: PlatformRates;
}
/** A partial platform table as stored in a flow (`settings.platforms`): what is given replaces the default. */
export interface PartialPlatformRates {
  unitsPerKind?: Partial<Record<ModuleType, number>>;
  codeUnitsPerSecond?: number;
  unitsPerRun?: number;
  plans?: PlatformPlan[];
  date?: string;
  source?: string;
}
export interface PartialPlatformTable {
  altan?: { date?: string; source?: string };
  make?: PartialPlatformRates;
  zapier?: PartialPlatformRates;
  n8n?: PartialPlatformRates;
}

/** A monthly budget, in credits or dollars. */
export interface Budget {
  amount: number;
  unit: 'credits' | 'dollars';
}

export interface FlowSettings {
  runsPerMonth?: Estimate;
  rateCard?: PartialRateCard;
  budget?: Budget;
  /** Overrides of the default platform table (cost/platformTable.ts); absent = the defaults. */
  platforms?: PartialPlatformTable;
  [extra: string]: unknown;
}

/** What a scenario changes on top of the base flow; anything not named keeps the base value. */
export interface ScenarioOverrides {
  runsPerMonth?: Estimate;
  /** Per module id: assumptions that replace the module's own. */
  modules?: Record<string, Assumptions>;
  /** Per edge id: the filter's or route's pass rate. */
  edges?: Record<string, { passRate: Estimate }>;
  rateCard?: PartialRateCard;
}

/** A named "what if" (e.g. "Black Friday": runs ×5, contact loop 200 items), saved in the flow file. */
export interface Scenario {
  id: string;
  name: string;
  overrides: ScenarioOverrides;
}

export const FLOW_FORMAT = 'creditflow';

export interface Flow {
  format: typeof FLOW_FORMAT;
  version: number;
  name: string;
  settings: FlowSettings;
  modules: Module[];
  edges: Edge[];
  /** Named what-if scenarios (flow file version 2). */
  scenarios?: Scenario[];
  [extra: string]: unknown;
}

/** The point estimate of an estimate: a range counts as its `likely` value. */
export function pointOf(value: Estimate): number {
  return typeof value === 'number' ? value : value.likely;
}

export function isRange(value: Estimate | undefined): value is Range {
  return typeof value === 'object' && value !== null;
}
