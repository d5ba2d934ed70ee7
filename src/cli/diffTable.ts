/**
 * The diff command's readable outputs: a table for the terminal and Markdown for a pull-request
 * comment. Pure: the report in, text out. Numbers are rounded here, for people; `--json` keeps
 * them whole. Only the modules that changed (or were renamed, or had an assumption edited without
 * a cost effect) get a row; the unchanged ones are counted.
 */
import { formatCredits, formatDollars, formatNumber } from '../cost/format';
import { sameNumber, type ModuleDiff, type ModuleSide } from '../cost/diff';
import { describeCostChange, formatCreditsChange, formatPercentChange } from '../cost/diffSummary';
import type { DiffReport, DiffSideReport } from './diffReport';
import { columns, cut, displayWidth, shownFlowName } from './table';

/** Markdown rows past this many are counted, not listed (a pull-request comment holds 65,536 characters). */
export const MARKDOWN_MAX_ROWS = 50;

const NAME_WIDTH = 36;
const DASH = '—';

/** What the document changed on a module, beyond its numbers: "renamed from 'Old'; durationSec, retries changed". */
export function moduleNote(m: ModuleDiff): string {
  const notes: string[] = [];
  if (m.previousName !== undefined) notes.push(`renamed from '${cut(m.previousName, 30)}'`);
  if (m.edits.includes('type')) notes.push('type changed');
  if (m.edits.includes('config')) notes.push('settings changed');
  const assumptions = m.edits.filter((e) => e.startsWith('assumptions.')).map((e) => e.slice('assumptions.'.length));
  if (assumptions.length > 0) notes.push(`${assumptions.join(', ')} changed`);
  return notes.join('; ');
}

/** The modules worth a row: every one but those unchanged with nothing to note. */
export function listedModules(report: DiffReport): ModuleDiff[] {
  return report.modules.filter((m) => m.status !== 'unchanged' || moduleNote(m) !== '');
}

function runs(m: ModuleDiff): string {
  const x = (side: ModuleSide | null) => (side ? `×${formatNumber(side.executions)}` : DASH);
  if (m.before && m.after && sameNumber(m.before.executions, m.after.executions)) return x(m.after);
  return `${x(m.before)} → ${x(m.after)}`;
}

const credits = (side: ModuleSide | null) => (side ? formatCredits(side.credits) : DASH);
const change = (before: number, after: number, delta: number) => (sameNumber(before, after) ? '0' : formatCreditsChange(delta));
const moduleChange = (m: ModuleDiff) => change(m.before?.credits ?? 0, m.after?.credits ?? 0, m.delta.credits);

function dollarsChange(before: number, after: number): string {
  if (sameNumber(before, after)) return '$0';
  const delta = after - before;
  return delta > 0 ? `+${formatDollars(delta)}` : formatDollars(delta);
}

function monthChange(report: DiffReport): string {
  const { before, after, delta } = report;
  if (sameNumber(before.perMonth, after.perMonth)) return '0';
  return `${formatCreditsChange(delta.perMonth)} (${formatPercentChange(delta.percent)})`;
}

/** The rows of the totals: label, before, after, change. */
function totalRows(report: DiffReport): string[][] {
  const { before: b, after: a } = report;
  return [
    ['Credits per run', formatCredits(b.total), formatCredits(a.total), change(b.total, a.total, a.total - b.total)],
    ['Credits per month', formatCredits(b.perMonth), formatCredits(a.perMonth), monthChange(report)],
    ['Runs per month', formatNumber(b.runsPerMonth), formatNumber(a.runsPerMonth), change(b.runsPerMonth, a.runsPerMonth, a.runsPerMonth - b.runsPerMonth)],
    ['Dollars per month', formatDollars(b.dollarsPerMonth), formatDollars(a.dollarsPerMonth), dollarsChange(b.dollarsPerMonth, a.dollarsPerMonth)],
  ];
}

function sideTitle(side: DiffSideReport): string {
  return `${cut(shownFlowName(side.name), 50)} (${side.file}${side.scenario !== undefined ? `, scenario '${cut(side.scenario, 40)}'` : ''})`;
}

function unchangedLine(report: DiffReport, listed: number): string {
  const unlisted = report.modules.length - listed;
  if (unlisted === 0) return '';
  return `${unlisted.toLocaleString('en-US')} ${listed === 0 ? '' : 'other '}module${unlisted === 1 ? '' : 's'} unchanged.`;
}

export function formatDiffTable(report: DiffReport): string {
  const lines = [`Cost diff: ${sideTitle(report.before)} → ${sideTitle(report.after)}`, ''];
  const listed = listedModules(report);
  if (listed.length > 0) {
    const notes = listed.map(moduleNote);
    const withNotes = notes.some((n) => n !== '');
    const header = ['Module', 'Status', 'Runs', 'Before', 'After', 'Change', ...(withNotes ? ['Note'] : [])];
    const rows = listed.map((m, i) => [
      cut(`${m.name || m.id} (${m.id})`, NAME_WIDTH),
      m.status,
      runs(m),
      credits(m.before),
      credits(m.after),
      moduleChange(m),
      ...(withNotes ? [notes[i]!] : []),
    ]);
    const table = columns([header, ...rows], [false, false, true, true, true, true, false]);
    const rule = '─'.repeat(Math.max(...table.map(displayWidth)));
    lines.push(table[0]!, rule, ...table.slice(1), '');
  }
  const unchanged = unchangedLine(report, listed.length);
  if (unchanged) lines.push(unchanged, '');
  const totals = columns([['', 'Before', 'After', 'Change'], ...totalRows(report)], [false, true, true, true]);
  lines.push(...totals, '', report.summary);
  return `${lines.join('\n')}\n`;
}

/** Text safe in a Markdown table cell: no line breaks, and the characters that would start markup escaped. */
export function markdownCell(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`)
    .trim();
}

function markdownTable(header: readonly string[], right: readonly boolean[], rows: readonly (readonly string[])[]): string[] {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(right.map((r) => (r ? '---:' : '---'))), ...rows.map(line)];
}

/** A hidden marker at the top of the comment, so a CI job can find its earlier comment and update it. */
export const MARKDOWN_MARKER = '<!-- creditflow-diff -->';

export function formatDiffMarkdown(report: DiffReport): string {
  const lines = [
    MARKDOWN_MARKER,
    `### Credits: ${markdownCell(describeCostChange(report))}`,
    '',
    `${markdownCell(shownFlowName(report.before.name))} \`${report.before.file.replace(/`/g, "'")}\` → ${markdownCell(shownFlowName(report.after.name))} \`${report.after.file.replace(/`/g, "'")}\``,
    '',
    `**${markdownCell(report.summary)}**`,
    '',
    ...markdownTable(['', 'Before', 'After', 'Change'], [false, true, true, true], totalRows(report).map((row) => row.map(markdownCell))),
  ];
  const listed = listedModules(report);
  if (listed.length > 0) {
    const shown = listed.slice(0, MARKDOWN_MAX_ROWS);
    const rows = shown.map((m) =>
      [`${m.name || m.id} (${m.id})`, m.status, runs(m), credits(m.before), credits(m.after), moduleChange(m), moduleNote(m)].map(markdownCell),
    );
    lines.push('', ...markdownTable(['Module', 'Status', 'Runs', 'Before', 'After', 'Change', 'Note'], [false, false, true, true, true, true, false], rows));
    if (listed.length > shown.length)
      lines.push('', `…and ${(listed.length - shown.length).toLocaleString('en-US')} more changed modules: run the diff locally to see them all.`);
  }
  const unchanged = unchangedLine(report, listed.length);
  if (unchanged) lines.push('', unchanged);
  lines.push('', 'Credits per run unless said otherwise; Before and After are the old and the new version.');
  return `${lines.join('\n')}\n`;
}
