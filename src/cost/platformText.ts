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
