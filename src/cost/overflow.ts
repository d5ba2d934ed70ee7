/**
 * Figures too large for a number. Every assumption may be large and still valid (an extra credit
 * of 1e308, a rate card reference time of 5e-324 s, sixty nested loops of a million items, a range
 * up to 1e200), and the arithmetic of cost-model.md then leaves the numbers: ∞ or NaN. Such a
 * result is never shown and never passes a budget: it is refused with a problem (code `overflow`)
 * that names the module and the assumption that made it overflow.
 */
import type { Estimate, Flow, Module, Range, RateCard } from '../model/types';
import { ASSUMPTION_KEYS, isRange } from '../model/types';
import type { Problem } from '../model/problems';
import { compileFlow } from '../model/compiled';
import { assumptionOf } from '../model/modules/registry';
import type { FlowCost, NodeCost } from './types';
import { moduleTitle, priceFlow } from './price';

export const OVERFLOW = 'overflow';

/** The figures of a simulation that must be finite (cost-model §6). */
export interface SimulatedFigures {
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  nodes: readonly { id: string; mean: number }[];
  perMonth: { p50: number; p90: number };
}

const finite = Number.isFinite;

/** What an assumption or setting is called in a message. */
const LABELS: Record<string, string> = {
  'assumptions.durationSec': 'duration',
  'assumptions.payloadKB': 'payload',
  'assumptions.extraCredits': 'extra credits',
  'assumptions.retries': 'retries',
  'assumptions.iterations': 'iterations',
  'settings.runsPerMonth': 'runs per month',
  'settings.rateCard.time.referenceSec': "rate card's reference time",
  'settings.rateCard.payload.referenceKB': "rate card's reference payload",
  'settings.rateCard.dollarsPerCredit': "rate card's dollars per credit",
};

/** Labels that name several things take "make", the others "makes". */
const PLURAL = new Set(['extra credits', 'retries', 'iterations', 'runs per month']);

const verbOf = (label: string): string => (PLURAL.has(label) || label.startsWith("rate card's base credits") ? 'make' : 'makes');

function labelOf(field: string): string {
  if (field.startsWith('settings.rateCard.baseCredits.')) return `rate card's base credits of ${field.slice(30)}`;
  return LABELS[field] ?? field;
}

function show(value: number): string {
  return finite(value) && Math.abs(value) < 1e21 && Math.abs(value) >= 1e-6 ? value.toLocaleString('en-US') : String(value);
}

/** The largest absolute figure of an estimate (a range's max or min, whichever is farther from 0). */
function sizeOf(e: Estimate | undefined): number {
  if (e === undefined || e === null) return 0;
  if (!isRange(e)) return Math.abs(e);
  return Math.max(Math.abs(e.min), Math.abs(e.likely), Math.abs(e.max));
}

interface Blame {
  module?: Module;
  field: string;
  value: number;
  /** What became too large: "its credits", "the total per month". */
  figure: string;
}

function problemOf(blame: Blame, scenarioNote = ''): Problem {
  const who = blame.module ? `${moduleTitle(blame.module)}: ` : '';
  const message =
    `${who}the ${labelOf(blame.field)} (${show(blame.value)}) ${verbOf(labelOf(blame.field))} ${blame.figure} too large to compute ` +
    `(beyond ${show(Number.MAX_VALUE)}); lower it${scenarioNote}.`;
  return {
    severity: 'error',
    code: OVERFLOW,
    ...(blame.module ? { moduleId: blame.module.id } : {}),
    field: blame.field,
    message,
  };
}

/** The field of one attempt's part that is largest for this module (base, time, payload or extra). */
function largestPart(flow: Flow, rateCard: RateCard, module: Module, node: NodeCost): Omit<Blame, 'figure'> {
  const time = timeField(flow);
  const payload = payloadField(flow);
  const parts: [number, string, number][] = [
    [node.base, `settings.rateCard.baseCredits.${module.type}`, node.base],
    [node.time, time, time === 'assumptions.durationSec' ? node.inputs.durationSec : rateCard.time.referenceSec],
    [node.payload, payload, payload === 'assumptions.payloadKB' ? node.inputs.payloadKB : rateCard.payload.referenceKB],
    [node.extra, 'assumptions.extraCredits', node.inputs.extraCredits],
  ];
  let best = parts[0]!;
  for (const p of parts) if (!(Math.abs(p[0]) <= Math.abs(best[0]))) best = p;
  return { module, field: best[1], value: best[2] };
}

/** A time part that overflows comes from a tiny reference time when the flow sets one, else from the duration. */
function timeField(flow: Flow): string {
  return flow.settings?.rateCard?.time?.referenceSec !== undefined ? 'settings.rateCard.time.referenceSec' : 'assumptions.durationSec';
}

function payloadField(flow: Flow): string {
  return flow.settings?.rateCard?.payload?.referenceKB !== undefined ? 'settings.rateCard.payload.referenceKB' : 'assumptions.payloadKB';
}

/** Of executions × attempt × (1 + retries), the factor that is largest: the loop around it, its retries or its attempt. */
function largestFactor(flow: Flow, rateCard: RateCard, module: Module, node: NodeCost, byId: ReadonlyMap<string, Module>): Omit<Blame, 'figure'> {
  const loop = node.loopId !== undefined ? byId.get(node.loopId) : undefined;
  const executions = Math.abs(node.executions);
  const attempt = Math.abs(node.attempt);
  if (loop && !(executions <= attempt) && !(executions <= node.retryFactor))
    return { module: loop, field: 'assumptions.iterations', value: sizeOf(assumptionOf(loop, 'iterations')) };
  if (!(node.retryFactor <= attempt)) return { module, field: 'assumptions.retries', value: node.inputs.retries };
  return largestPart(flow, rateCard, module, node);
}

/**
 * The overflow of a point estimate, if any: the first figure that is not finite, in the order
 * they are computed (a module's parts, its executions, its credits in run order; then the total
 * per run, per month and in dollars), and the assumption behind it.
 */
export function pricingOverflow(flow: Flow, cost: FlowCost): Problem | undefined {
  const nodesFinite = cost.nodes.every((n) => finite(n.credits) && finite(n.executions) && finite(n.attempt));
  if (nodesFinite && finite(cost.total) && finite(cost.perMonth) && finite(cost.dollarsPerRun) && finite(cost.dollarsPerMonth)) return undefined;
  return problemOf(blamePricing(flow, cost, nodesFinite));
}

function blamePricing(flow: Flow, cost: FlowCost, nodesFinite: boolean): Blame {
  const modules = flow.modules;
  const byId = new Map<string, Module>();
  for (const m of modules) if (!byId.has(m.id)) byId.set(m.id, m);
  if (!nodesFinite) {
    const { order } = compileFlow(flow);
    for (let h = 0; h < order.length; h++) {
      const v = order[h]!;
      const node = cost.nodes[v]!;
      const module = modules[v]!;
      if (!finite(node.time)) return { module, field: timeField(flow), value: timeField(flow) === 'assumptions.durationSec' ? node.inputs.durationSec : cost.rateCard.time.referenceSec, figure: 'its time part' };
      if (!finite(node.payload))
        return { module, field: payloadField(flow), value: payloadField(flow) === 'assumptions.payloadKB' ? node.inputs.payloadKB : cost.rateCard.payload.referenceKB, figure: 'its payload part' };
      if (!finite(node.executions)) {
        const loop = node.loopId !== undefined ? byId.get(node.loopId) : undefined;
        if (loop) return { module: loop, field: 'assumptions.iterations', value: sizeOf(assumptionOf(loop, 'iterations')), figure: 'the executions of the modules in its loop' };
        return { module, field: 'assumptions.iterations', value: Number.NaN, figure: 'its executions' };
      }
      if (!finite(node.attempt)) return { ...largestPart(flow, cost.rateCard, module, node), figure: 'the credits of one attempt' };
      if (!finite(node.credits)) {
        const blame = largestFactor(flow, cost.rateCard, module, node, byId);
        return { ...blame, figure: blame.module === module ? 'its credits' : `the credits of ${moduleTitle(module)}` };
      }
    }
  }
  // Every module's figures are finite; their sum is not, or the month's is.
  let top = -1;
  for (let v = 0; v < cost.nodes.length; v++) if (top === -1 || cost.nodes[v]!.credits > cost.nodes[top]!.credits) top = v;
  const topBlame = top === -1 ? undefined : largestFactor(flow, cost.rateCard, modules[top]!, cost.nodes[top]!, byId);
  if (!finite(cost.total) && topBlame) return { ...topBlame, figure: 'the total per run' };
  if (!finite(cost.perMonth)) {
    if (!(cost.runsPerMonth <= cost.total) || !topBlame) return { field: 'settings.runsPerMonth', value: cost.runsPerMonth, figure: 'the total per month' };
    return { ...topBlame, figure: 'the total per month' };
  }
  return { field: 'settings.rateCard.dollarsPerCredit', value: cost.rateCard.dollarsPerCredit, figure: 'the cost in dollars' };
}

/** Whether a triangular draw from the range leaves the numbers (its span times a side overflows). */
function drawOverflows(r: Range): boolean {
  const span = r.max - r.min;
  return !finite(span) || !finite(span * (r.max - r.likely)) || !finite(span * (r.likely - r.min));
}

/** The flow with every range at its largest value (the point estimate of the worst case). */
function atMaximum(flow: Flow): Flow {
  const top = (e: Estimate | undefined) => (isRange(e) ? e.max : e);
  return {
    ...flow,
    settings: { ...flow.settings, ...(flow.settings?.runsPerMonth !== undefined ? { runsPerMonth: top(flow.settings.runsPerMonth) } : {}) },
    modules: flow.modules.map((m): Module => {
      if (!m.assumptions) return m;
      const assumptions = Object.fromEntries(Object.entries(m.assumptions).map(([k, v]) => [k, top(v as Estimate)]));
      return { ...m, assumptions } as Module;
    }),
  };
}

/**
 * The overflow of simulated runs, if any: a range whose draw leaves the numbers (on the first
 * module, in module order, whose simulated mean is not finite), else what overflows in the
 * point estimate with every range at its maximum, else the runs per month.
 */
export function simulationOverflow(flow: Flow, figures: SimulatedFigures): Problem | undefined {
  const all = [figures.mean, figures.p50, figures.p90, figures.p99, figures.perMonth.p50, figures.perMonth.p90];
  if (all.every(finite) && figures.nodes.every((n) => finite(n.mean))) return undefined;
  const note = ' (simulated runs draw up to the maximum of each range)';
  for (let v = 0; v < flow.modules.length; v++) {
    if (finite(figures.nodes[v]?.mean ?? 0)) continue;
    const module = flow.modules[v]!;
    for (const key of ASSUMPTION_KEYS) {
      const value = module.assumptions?.[key];
      if (isRange(value) && drawOverflows(value))
        return problemOf({ module, field: `assumptions.${key}`, value: sizeOf(value), figure: 'its credits' }, note);
    }
  }
  const worst = pricingOverflow(atMaximum(flow), priceFlow(atMaximum(flow)));
  if (worst) return { ...worst, message: worst.message.replace(/\.$/, `${note}.`) };
  const runs = flow.settings?.runsPerMonth;
  return problemOf({ field: 'settings.runsPerMonth', value: sizeOf(runs), figure: 'the simulated month' }, note);
}
