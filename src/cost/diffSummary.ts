/**
 * A cost diff in a few words, for people: "+2 modules, −1 module, 5 assumptions changed:
 * +1,240 credits/month (+8.1 %)". Rounds for display only (format.ts); the diff itself never rounds.
 */
import type { FlowDiff } from './diff';
import { sameNumber } from './diff';
import { formatCredits, formatNumber, formatPercent } from './format';

const MINUS = '−';

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** A change of credits with its sign: "+1,240", "−3.5", "0". */
export function formatCreditsChange(delta: number): string {
  if (delta === 0 || Number.isNaN(delta)) return '0';
  return `${delta > 0 ? '+' : MINUS}${formatCredits(Math.abs(delta))}`;
}

/** Above this many percent, a growth is written as a factor (formatPercentChange). */
export const PERCENT_CHANGE_CAP = 999;

/**
 * A percent change with its sign: 8.123 → "+8.1 %", 1,234.5 → "×13.35"; null (the old side cost
 * nothing) → "new cost". A growth above +999 % is written as the factor it multiplies by, with the
 * numbers' thousands separators (148,120,832.6 % → "×1,481,209", never "+148120832.6 %"): the
 * versions list, the Compare tab and the CLI's `diff` write it alike.
 */
export function formatPercentChange(percent: number | null): string {
  if (percent === null) return 'new cost';
  if (percent === 0) return '0 %';
  if (percent > PERCENT_CHANGE_CAP) return `×${formatNumber(1 + percent / 100)}`;
  return `${percent > 0 ? '+' : MINUS}${formatPercent(Math.abs(percent) / 100)}`;
}

/** What changed in the documents, as short phrases in a fixed order (moves last); empty when nothing did. */
export function changeParts(diff: FlowDiff): string[] {
  const parts: string[] = [];
  const { moduleCounts: m, edgeCounts: e } = diff;
  if (m.added > 0) parts.push(`+${plural(m.added, 'module')}`);
  if (m.removed > 0) parts.push(`${MINUS}${plural(m.removed, 'module')}`);
  if (e.added > 0) parts.push(`+${plural(e.added, 'edge')}`);
  if (e.removed > 0) parts.push(`${MINUS}${plural(e.removed, 'edge')}`);
  const rewired = diff.edges.filter((x) => x.edits.includes('source') || x.edits.includes('target')).length;
  if (rewired > 0) parts.push(`${plural(rewired, 'edge')} rewired`);
  if (diff.assumptionsChanged > 0) parts.push(`${plural(diff.assumptionsChanged, 'assumption')} changed`);
  const renamed = diff.modules.filter((x) => x.edits.includes('name')).length;
  if (renamed > 0) parts.push(`${plural(renamed, 'module')} renamed`);
  const reconfigured = diff.modules.filter((x) => x.edits.includes('type') || x.edits.includes('config')).length;
  if (reconfigured > 0) parts.push(`${plural(reconfigured, 'module')} reconfigured`);
  const refiltered = diff.edges.filter((x) => x.edits.includes('filter') || x.edits.includes('route')).length;
  if (refiltered > 0) parts.push(`${plural(refiltered, 'filter or route', 'filters or routes')} edited`);
  if (diff.rateCardChanged) parts.push('rate card changed');
  const { flowEdits, scenarioCounts: s } = diff;
  if (flowEdits.includes('budget')) parts.push('budget changed');
  if (flowEdits.includes('settings')) parts.push('settings changed');
  if (s.added > 0) parts.push(`+${plural(s.added, 'scenario')}`);
  if (s.removed > 0) parts.push(`${MINUS}${plural(s.removed, 'scenario')}`);
  if (s.changed > 0) parts.push(`${plural(s.changed, 'scenario')} changed`);
  if (flowEdits.includes('name')) parts.push('flow renamed');
  const moved = diff.modules.filter((x) => x.edits.includes('position')).length;
  if (moved > 0) parts.push(`${plural(moved, 'module')} moved`);
  return parts;
}

/** The change of credits per month in words: "+1,240 credits/month (+8.1 %)", "no cost change". */
export function describeCostChange(diff: FlowDiff): string {
  if (sameNumber(diff.before.perMonth, diff.after.perMonth)) return 'no cost change';
  return `${formatCreditsChange(diff.delta.perMonth)} credits/month (${formatPercentChange(diff.delta.percent)})`;
}

/** The one-line summary of a diff: what changed, then what it does to credits per month. */
export function summarizeDiff(diff: FlowDiff): string {
  const parts = changeParts(diff);
  const cost = describeCostChange(diff);
  if (parts.length === 0) return cost === 'no cost change' ? 'no changes' : cost;
  return `${parts.join(', ')}: ${cost}`;
}
