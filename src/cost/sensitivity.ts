import { MODULE_KINDS, assumptionOf } from '../model/modules/registry';
import { describeModule } from '../model/describe';
import { ASSUMPTION_WORDS } from '../model/assumptionWords';
import { isRange, pointOf } from '../model/types';
import type { AssumptionKey, Edge, Estimate, Flow, Module, PartialRateCard } from '../model/types';
import { runsPerMonthEstimate } from './price';
import { ASSUMPTION_RULES, FIELD_RULES, type NumberRule } from '../model/fieldRules';
import { createPricer, type Pricer } from './pricer';

/**
 * Sensitivity (the tornado chart of cost-model.md §6 / issue 5): which single input moves the
 * MONTHLY cost most. Each input is swept from the low to the high end of its range, every other
 * input staying at its likely value, and the flow is re-priced at both ends (with the engine's incremental pricer, identical to `priceFlow`).
 *
 * Inputs swept:
 * - every assumption that means something for a module's kind (`kindOf(type).assumptions`);
 * - the pass rate of every edge filter and every non-fallback route;
 * - `settings.runsPerMonth`.
 *
 * The ends of the sweep: the range's `min` and `max` when the input is a range; otherwise the
 * point value ±`spread` (default 50 %). Pass rates are clamped to 0..1 (a route of an exclusive
 * router to what the other routes leave, so the shares still sum to ≤ 1), every other input
 * (iterations included) to ≥ 0.
 */

/** An assumption's words in a bar's label: the words the validator's messages use (model/describe.ts). */
export const SENSITIVITY_FIELD_LABELS: Record<AssumptionKey, string> = ASSUMPTION_WORDS;

/** What a bar is about: a module's assumption, an edge's pass rate or the flow's runs per month. */
export type SensitivityTarget =
  | { moduleId: string; edgeId?: undefined; field: `assumptions.${AssumptionKey}` }
  | { moduleId?: undefined; edgeId: string; field: 'filter.passRate' | 'route.passRate' }
  | { moduleId?: undefined; edgeId?: undefined; field: 'settings.runsPerMonth' };

export interface SensitivityBar {
  target: SensitivityTarget;
  /** For people: `AI agent 'Classify' · duration`. */
  label: string;
  /** The input values at the two ends of the sweep. */
  from: number;
  to: number;
  /** Monthly credits with the input at `from` and at `to`. */
  atFrom: number;
  atTo: number;
  /**
   * The lowest and the highest monthly cost the sweep meets at its ends and at the likely value it
   * passes through (where the month is the base). The month is monotone in most inputs, so these are
   * the two ends; not in a route's pass rate on an exclusive router (what the route gains, the routes
   * after it and the fallback lose, and an aggregator behind it runs when at least one item came), where
   * both ends can lie on one side of the base.
   */
  low: number;
  high: number;
  /** high − low: how far this one input moves the monthly cost. */
  swing: number;
  /** Whether the ends come from a range the user entered (else ±spread around the point value). */
  fromRange: boolean;
}

export interface SensitivityResult {
  /** Monthly credits of the point estimate (every input at its likely value). */
  base: number;
  /** The bars, largest swing first, at most `top` of them. */
  bars: SensitivityBar[];
}

export interface SensitivityOptions {
  rateCard?: PartialRateCard;
  /** How many bars to keep (default 10). */
  top?: number;
  /** Relative sweep around a plain number (default 0.5 = ±50 %). */
  spread?: number;
  /** Keep bars whose swing is 0 (default false: they say nothing). */
  keepFlat?: boolean;
}

export const DEFAULT_SENSITIVITY_TOP = 10;
export const DEFAULT_SENSITIVITY_SPREAD = 0.5;

// ---------------------------------------------------------------------------------------------
// Small immutable edits of a flow, shared with the cost lint.

/** A copy of `flow` where module `moduleId` has assumption `key` set to `value`. */
export function withAssumption(flow: Flow, moduleId: string, key: AssumptionKey, value: Estimate): Flow {
  return {
    ...flow,
    modules: flow.modules.map((m) =>
      m.id === moduleId ? ({ ...m, assumptions: { ...m.assumptions, [key]: value } } as Module) : m,
    ),
  };
}

/** A copy of `flow` where edge `edgeId`'s filter or route has pass rate `value`. */
export function withPassRate(flow: Flow, edgeId: string, value: Estimate): Flow {
  return {
    ...flow,
    edges: flow.edges.map((e): Edge => {
      if (e.id !== edgeId) return e;
      if (e.route) return { ...e, route: { ...e.route, passRate: value } };
      if (e.filter) return { ...e, filter: { ...e.filter, passRate: value } };
      return e;
    }),
  };
}

/** A copy of `flow` with `settings.runsPerMonth` set to `value`. */
export function withRunsPerMonth(flow: Flow, value: Estimate): Flow {
  return { ...flow, settings: { ...flow.settings, runsPerMonth: value } };
}

// ---------------------------------------------------------------------------------------------

function clamp(value: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, value));
}

/** The two ends of the sweep for an estimate. */
export function sweepEnds(
  value: Estimate,
  spread: number,
  limits: { lo: number; hi: number },
): { from: number; to: number; fromRange: boolean } {
  if (isRange(value)) {
    return { from: clamp(value.min, limits.lo, limits.hi), to: clamp(value.max, limits.lo, limits.hi), fromRange: true };
  }
  return {
    from: clamp(value * (1 - spread), limits.lo, limits.hi),
    to: clamp(value * (1 + spread), limits.lo, limits.hi),
    fromRange: false,
  };
}

/** A sweep stays within what the field may hold (the table of field rules). */
const boundsOf = (rule: NumberRule): { lo: number; hi: number } => ({ lo: rule.min, hi: rule.max });
const SHARE = boundsOf(FIELD_RULES.passRate);

/**
 * The monthly credits of a flow's point estimate. The pricer keeps the compiled structure between
 * calls (a sweep changes values only), and gives exactly what `priceFlow` gives.
 */
function monthly(pricer: Pricer, flow: Flow, rateCard: PartialRateCard | undefined): number {
  return pricer.price(flow, rateCard ? { rateCard } : {}).perMonth;
}

/** `Filter on the edge into AI agent 'Classify'`, `Route to Iterator 'Each contact'`. */
function edgeLabel(edge: Edge, modules: ReadonlyMap<string, Module>): string {
  const target = describeModule(modules.get(edge.target));
  const source = describeModule(modules.get(edge.source));
  return edge.route ? `Route ${source} → ${target}` : `Filter ${source} → ${target}`;
}

const share = (q: number) => Math.min(1, Math.max(0, q));

/**
 * How far a route's pass rate may go: 0..1, and for an exclusive router at most what the other
 * routes leave (their shares must sum to ≤ 1, cost-model §4), never below the route's own value.
 */
function routeLimits(flow: Flow, edge: Edge, modules: ReadonlyMap<string, Module>): { lo: number; hi: number } {
  const router = modules.get(edge.source);
  if (router?.type !== 'router' || router.config?.mode !== 'exclusive' || !edge.route) return SHARE;
  let others = 0;
  for (const e of flow.edges) {
    if (e.id === edge.id || e.source !== edge.source || !e.route || e.route.fallback) continue;
    others += share(pointOf(e.route.passRate));
  }
  return { lo: 0, hi: Math.max(share(pointOf(edge.route.passRate)), share(1 - others)) };
}

/** Every input of the flow with the value it has and how to set it, in flow order. */
function inputsOf(flow: Flow): {
  target: SensitivityTarget;
  label: string;
  value: Estimate;
  limits: { lo: number; hi: number };
  set: (f: Flow, v: number) => Flow;
}[] {
  const modules = new Map(flow.modules.map((m) => [m.id, m]));
  const out: ReturnType<typeof inputsOf> = [];
  for (const m of flow.modules) {
    const kind = MODULE_KINDS[m.type];
    if (!kind) continue;
    for (const key of kind.assumptions) {
      out.push({
        target: { moduleId: m.id, field: `assumptions.${key}` },
        label: `${describeModule(m)} · ${SENSITIVITY_FIELD_LABELS[key]}`,
        value: assumptionOf(m, key),
        limits: boundsOf(ASSUMPTION_RULES[key]),
        set: (f, v) => withAssumption(f, m.id, key, v),
      });
    }
  }
  for (const e of flow.edges) {
    const rate = e.route ? (e.route.fallback ? undefined : e.route.passRate) : e.filter?.passRate;
    if (rate === undefined) continue;
    out.push({
      target: { edgeId: e.id, field: e.route ? 'route.passRate' : 'filter.passRate' },
      label: `${edgeLabel(e, modules)} · pass rate`,
      value: rate,
      limits: e.route ? routeLimits(flow, e, modules) : SHARE,
      set: (f, v) => withPassRate(f, e.id, v),
    });
  }
  out.push({
    target: { field: 'settings.runsPerMonth' },
    label: 'Runs per month',
    value: runsPerMonthEstimate(flow),
    limits: boundsOf(FIELD_RULES.runsPerMonth),
    set: (f, v) => withRunsPerMonth(f, v),
  });
  return out;
}

/**
 * Tornado data for `flow`: one bar per input, sorted by swing (largest first), at most `top`.
 * Ties keep the flow's order (modules, then edges, then runs per month).
 */
export function sensitivity(flow: Flow, options: SensitivityOptions = {}): SensitivityBar[] {
  return sensitivityOf(flow, options).bars;
}

/** Like `sensitivity`, with the base monthly cost the bars swing around. */
export function sensitivityOf(flow: Flow, options: SensitivityOptions = {}): SensitivityResult {
  const spread = options.spread ?? DEFAULT_SENSITIVITY_SPREAD;
  const top = options.top ?? DEFAULT_SENSITIVITY_TOP;
  const pricer = createPricer();
  const base = monthly(pricer, flow, options.rateCard);
  const bars: SensitivityBar[] = [];
  for (const input of inputsOf(flow)) {
    const { from, to, fromRange } = sweepEnds(input.value, spread, input.limits);
    // Every other input stays at its likely value: priceFlow reads a range as its likely value.
    const atFrom = from === pointOf(input.value) ? base : monthly(pricer, input.set(flow, from), options.rateCard);
    const atTo = to === pointOf(input.value) ? base : monthly(pricer, input.set(flow, to), options.rateCard);
    const low = Math.min(atFrom, atTo, base);
    const high = Math.max(atFrom, atTo, base);
    const swing = high - low;
    if (!(swing > 0) && !options.keepFlat) continue;
    bars.push({ target: input.target, label: input.label, from, to, atFrom, atTo, low, high, swing, fromRange });
  }
  // Array.prototype.sort is stable, so ties keep the flow's order.
  bars.sort((a, b) => b.swing - a.swing);
  return { base, bars: bars.slice(0, Math.max(0, top)) };
}
