/** Sentences about a platform comparison, for the panel and the CLI table. */
import type { ModuleType } from '../model/types';
import { MODULE_KINDS } from '../model/modules/registry';
import { formatDollars, formatNumber } from './format';
import { PLATFORM_NAMES, type PlatformId } from './platformTable';
import type { ModuleUnits, PlatformComparison } from './platforms';
import { RUNS_RANGE, type Crossover } from './crossover';

/** "a", "a and b", "a, b and c". */
export function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

const kindWord = (type: ModuleType): string => {
  const label = MODULE_KINDS[type]?.label ?? type;
  return label === 'AI agent' ? label : label.toLowerCase();
};

/** The kinds (in order of first appearance) of the modules that run and that `charges` says one platform charges and the other not. */
function kindsWhere(modules: readonly ModuleUnits[], charges: (m: ModuleUnits) => boolean): string[] {
  const kinds: ModuleType[] = [];
  for (const m of modules) if (m.executions > 0 && charges(m) && !kinds.includes(m.type)) kinds.push(m.type);
  return kinds.map(kindWord);
}

/** "Make charges the iterator, Zapier does not", or null when `one` charges no kind that `other` leaves free. */
function differs(modules: readonly ModuleUnits[], one: PlatformId, other: PlatformId): string | null {
  const kinds = kindsWhere(modules, (m) => m.units[one] > 0 && m.units[other] === 0);
  if (kinds.length === 0) return null;
  return `${PLATFORM_NAMES[one]} charges the ${listWords(kinds)}, ${PLATFORM_NAMES[other]} does not`;
}

/**
 * Where the platforms charge differently in this flow, naming the kinds of module:
 * "Make charges the trigger, iterator and aggregator, Zapier does not; Altan charges nothing for
 * the iterator and aggregator; n8n charges the run, not the modules."
 */
export function describeCharges(modules: readonly ModuleUnits[]): string {
  const parts = [differs(modules, 'make', 'zapier'), differs(modules, 'zapier', 'make')].filter((p): p is string => p !== null);
  const freeOnAltan = kindsWhere(modules, (m) => m.units.altan === 0 && (m.units.make > 0 || m.units.zapier > 0));
  if (freeOnAltan.length > 0) parts.push(`Altan charges nothing for the ${listWords(freeOnAltan)}`);
  const n8nModules = modules.some((m) => m.units.n8n > 0);
  parts.push(n8nModules ? 'n8n charges the run and some modules' : 'n8n charges the run, not the modules');
  return `${parts.join('; ')}.`;
}

/**
 * The cheapest platform at the flow's runs per month and where the ranking changes:
 * "Make is the cheapest at 1,000 runs a month ($0 a month). The cheapest changes 2 times: above
 * 3,333 runs a month, Altan (instead of Make); above 40,000 runs a month, n8n (instead of Altan)."
 */
export function describeCheapest(
  comparison: Pick<PlatformComparison, 'cheapest' | 'platforms' | 'runsPerMonth' | 'runs' | 'simulated'>,
  changes: readonly Crossover[],
): string {
  const best = comparison.platforms[comparison.cheapest];
  const month = comparison.simulated
    ? `in the P90 month of ${formatNumber(comparison.runs.p90)} runs`
    : `at ${formatNumber(comparison.runsPerMonth)} runs a month`;
  const head = `${best.name} is the cheapest ${month} (${formatDollars(best.dollarsPerMonth)} a month).`;
  if (changes.length === 0) return `${head} No other platform is cheaper anywhere from ${formatNumber(RUNS_RANGE.min)} to ${formatNumber(RUNS_RANGE.max)} runs a month.`;
  const steps = changes.map((c) => `above ${formatNumber(c.runs)} runs a month, ${PLATFORM_NAMES[c.to]} (instead of ${PLATFORM_NAMES[c.from]})`);
  return `${head} The cheapest changes ${changes.length === 1 ? 'once' : `${changes.length} times`}: ${steps.join('; ')}.`;
}

/** A figure of the comparison that can be explained: one cell of the four columns. */
export type PlatformFigure = 'perRun' | 'perMonth' | 'perMonthP90' | 'plan' | 'dollarsPerMonth' | 'dollarsPer1000Runs';

const UNIT_WORD: Readonly<Record<PlatformId, string>> = { altan: 'credits', make: 'credits', zapier: 'tasks', n8n: 'executions' };

/** How a platform's units per run are counted, in words with the symbols of platforms.md. */
const PER_RUN_RULE: Readonly<Record<PlatformId, string>> = {
  altan: "Σ credits of every module (the flow's own cost, cost-model.md)",
  make: 'Σ credits(kind) × executions × (1 + retries), every attempt counts',
  zapier: 'Σ tasks(kind) × executions × (1 − failure rate), only successful steps count',
  n8n: '1 execution per run, whatever the flow holds',
};

function planText(units: number, price: number, unit: string): string {
  return `${formatNumber(units)} ${unit} for ${formatDollars(price)} a month`;
}

/**
 * The formula behind one figure of the comparison, with its numbers: what a person sees on
 * hovering or focusing it ("30.27 credits per run × 3,000 runs a month = 90,813 credits").
 */
export function explainFigure(comparison: Pick<PlatformComparison, 'platforms' | 'runsPerMonth' | 'runs' | 'simulated' | 'dollarsPerCredit' | 'table'>, id: PlatformId, figure: PlatformFigure): string {
  const p = comparison.platforms[id];
  const unit = UNIT_WORD[id];
  const extra = id !== 'altan' && id !== 'n8n' && comparison.table[id].unitsPerRun > 0 ? ` + ${formatNumber(comparison.table[id].unitsPerRun)} per run` : '';
  const basis = p.perMonthP90 ?? p.perMonth;
  const month = comparison.simulated ? 'the P90 month' : 'the month';
  switch (figure) {
    case 'perRun':
      return `${PLATFORM_NAMES[id]} per run: ${PER_RUN_RULE[id]}${extra}${comparison.simulated ? ', every range at its mean' : ''} = ${formatNumber(p.perRun)} ${unit}`;
    case 'perMonth':
      return comparison.simulated
        ? id === 'altan'
          ? `P50 of the simulated months = ${formatNumber(p.perMonth)} ${unit}`
          : `${formatNumber(p.perRun)} ${unit} per run × ${formatNumber(comparison.runs.p50)} runs (P50 of runs per month) = ${formatNumber(p.perMonth)} ${unit}`
        : `${formatNumber(p.perRun)} ${unit} per run × ${formatNumber(comparison.runsPerMonth)} runs a month = ${formatNumber(p.perMonth)} ${unit}`;
    case 'perMonthP90':
      return id === 'altan'
        ? `P90 of the simulated months = ${formatNumber(basis)} ${unit}`
        : `${formatNumber(p.perRun)} ${unit} per run × ${formatNumber(comparison.runs.p90)} runs (P90 of runs per month) = ${formatNumber(basis)} ${unit}`;
    case 'plan':
      if (id === 'altan') return `Altan bills per credit: ${formatDollars(comparison.dollarsPerCredit)} a credit (the rate card), no plan`;
      if (!p.plan) return `${PLATFORM_NAMES[id]} has no plans in the table: nothing to price with`;
      if (p.beyondLargestPlan)
        return `${formatNumber(basis)} ${unit} in ${month} is beyond every plan: priced pro rata on ${p.plan.name} (${planText(p.plan.monthlyUnits, p.plan.monthlyPrice, unit)})`;
      return `The cheapest plan that covers ${formatNumber(basis)} ${unit} in ${month}: ${p.plan.name} (${planText(p.plan.monthlyUnits, p.plan.monthlyPrice, unit)})`;
    case 'dollarsPerMonth':
      if (id === 'altan') return `${formatNumber(basis)} credits × ${formatDollars(comparison.dollarsPerCredit)} a credit = ${formatDollars(p.dollarsPerMonth)} a month`;
      if (!p.plan) return `No plan: ${formatDollars(0)}`;
      if (p.beyondLargestPlan)
        return `${formatNumber(basis)} ${unit} × ${formatDollars(p.plan.monthlyPrice)} ÷ ${formatNumber(p.plan.monthlyUnits)} (${p.plan.name}, pro rata) = ${formatDollars(p.dollarsPerMonth)} a month`;
      return `The ${p.plan.name} plan's price = ${formatDollars(p.dollarsPerMonth)} a month`;
    case 'dollarsPer1000Runs': {
      const runs = comparison.simulated ? comparison.runs.p90 : comparison.runsPerMonth;
      if (p.dollarsPer1000Runs === null) return 'No runs in the month: no price per 1,000 runs';
      return `${formatDollars(p.dollarsPerMonth)} a month ÷ ${formatNumber(runs)} runs × 1,000 = ${formatDollars(p.dollarsPer1000Runs)}`;
    }
  }
}

/** The parts of one module's pricing a per-module explanation needs (a NodeCost has them). */
export interface ModuleCounts {
  retryFactor: number;
  inputs: { durationSec: number; failureRate: number };
}

/**
 * How one module's units per run on one platform come about: "20 executions × 1 credit × 2
 * (1 + retries) = 40 credits". `perExecution` is the platform's units for one execution of it.
 */
export function explainModuleUnits(module: ModuleUnits, counts: ModuleCounts, id: PlatformId, perExecution: number): string {
  const units = module.units[id];
  const unit = UNIT_WORD[id];
  const runs = `${formatNumber(module.executions)} execution${module.executions === 1 ? '' : 's'} per run`;
  if (module.executions === 0) return 'Never runs: nothing to pay on any platform';
  if (id === 'altan') return `The module's credits per run (its formula on the canvas) = ${formatNumber(units)} credits`;
  if (id === 'n8n' && units === 0) return 'n8n bills the run (1 execution), not the modules';
  if (perExecution === 0) return `${PLATFORM_NAMES[id]} charges nothing for a ${kindWord(module.type)}`;
  const each = `${formatNumber(perExecution)} ${unit} each`;
  if (id === 'make') return `${runs} × ${each} × ${formatNumber(counts.retryFactor)} (1 + retries: every attempt) = ${formatNumber(units)} ${unit}`;
  if (id === 'zapier') return `${runs} × ${each} × ${formatNumber(1 - counts.inputs.failureRate)} (1 − failure rate: successes only) = ${formatNumber(units)} ${unit}`;
  return `${runs} × ${each} = ${formatNumber(units)} ${unit}`;
}

/**
 * After an import from another platform: "This workflow on n8n today: 3,000 executions a month,
 * Pro plan, $65.00 a month; on Altan: 214,095 credits a month, $642.28 a month."
 */
export function describeImported(comparison: Pick<PlatformComparison, 'platforms'>, source: PlatformId): string {
  const month = (id: PlatformId) => {
    const p = comparison.platforms[id];
    const plan = id === 'altan' ? '' : `, ${p.planName}${p.plan ? ' plan' : ''}${p.beyondLargestPlan ? ' (pro rata)' : ''}`;
    return `${formatNumber(p.perMonthP90 ?? p.perMonth)} ${UNIT_WORD[id]} a month${plan}, ${formatDollars(p.dollarsPerMonth)} a month`;
  };
  const here = `This workflow on ${PLATFORM_NAMES[source]} today: ${month(source)}`;
  return source === 'altan' ? `${here}.` : `${here}; on Altan: ${month('altan')}.`;
}
