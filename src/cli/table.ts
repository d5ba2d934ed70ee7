/**
 * The readable table of the cost command. Pure: data in, text out. Numbers are rounded here,
 * for people, with the engine's display helpers; the `--json` output keeps them whole.
 */
import { formatCredits, formatDollars, formatNumber, formatPercent, formatShare } from '../cost/format';
import type { CostReport } from './report';
import type { PlatformComparison } from '../cost/platforms';
import { PLATFORM_IDS } from '../cost/platformTable';
import { visibleText } from '../io/visible';

export interface TableInput {
  flowName: string;
  /** Module names by id. */
  names: ReadonlyMap<string, string>;
  report: CostReport;
  runsPerMonth: number;
  dollarsPerMonth: number;
  /** The flow on the four platforms, and the sentence naming the cheapest and the crossovers. */
  platforms?: { comparison: PlatformComparison; sentence: string };
  /** A line on the file's source when it was imported from Altan, n8n or Make. */
  source?: string;
}

const NAME_WIDTH = 36;

/**
 * One line of at most `width` columns as a terminal draws it (`displayWidth`: a CJK character or an
 * emoji takes two), every control and bidi character shown as its escape, cut between characters as
 * a person sees them (never inside an emoji or a surrogate pair), with `…` when cut.
 */
export function cut(text: string, width: number): string {
  const oneLine = visibleText(text.replace(/\s+/g, ' '));
  if (ONE_COLUMN_EACH.test(oneLine)) return oneLine.length <= width ? oneLine : `${oneLine.slice(0, width - 1)}…`;
  let used = 0;
  let fits = 0;
  // Lazily segmented: a very long name is read only up to its first `width` columns.
  for (const { index, segment } of graphemes.segment(oneLine)) {
    used += columnsOf(segment);
    if (used > width) return `${oneLine.slice(0, fits)}…`;
    if (used <= width - 1) fits = index + segment.length;
  }
  return oneLine;
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });
/** Characters a terminal draws two columns wide: East Asian wide and fullwidth, and emoji shown as emoji. */
const WIDE =
  /^(?:\p{Emoji_Presentation}|.\uFE0F|[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uA960-\uA97F\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{20000}-\u{3FFFD}])/u;

/** A text whose every character a terminal draws one column wide, one character each (Latin and the like). */
// eslint-disable-next-line no-control-regex
const ONE_COLUMN_EACH = /^[\u0000-\u02FF]*$/;
/** The columns of one character as a person sees it (a grapheme). */
const columnsOf = (segment: string): number => (WIDE.test(segment) ? 2 : 1);

/** How many columns a terminal gives `text` (one line, controls already made visible). */
export function displayWidth(text: string): number {
  if (ONE_COLUMN_EACH.test(text)) return text.length;
  let width = 0;
  for (const { segment } of graphemes.segment(text)) width += columnsOf(segment);
  return width;
}

/** Lays out rows in columns, by the width a terminal draws; `right` marks the columns aligned to the right. */
export function columns(rows: readonly (readonly string[])[], right: readonly boolean[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell))));
  return rows.map((row) =>
    row
      .map((cell, i) => {
        const pad = ' '.repeat(widths[i]! - displayWidth(cell));
        return right[i] ? pad + cell : i === row.length - 1 ? cell : cell + pad;
      })
      .join('  ')
      .trimEnd(),
  );
}

function share(credits: number, total: number): string {
  if (!(total > 0)) return '—';
  return formatShare(credits / total) ?? formatPercent(0);
}

/** A flow's name for a title: a file may hold an empty one (the editor asks for one), which the title says rather than leave a blank. */
export const shownFlowName = (name: string): string => (name.trim() === '' ? '(a flow without a name)' : name);

export function formatTable(input: TableInput): string {
  const { report } = input;
  const title = `${cut(shownFlowName(input.flowName), 60)}${report.scenario !== undefined ? ` (scenario: ${cut(report.scenario, 40)})` : ''}`;
  const header = ['Module', 'Type', 'Runs', 'Credits', 'Share'];
  const rows = report.nodes.map((n) => {
    const name = input.names.get(n.id) || n.id;
    return [
      cut(`${name} (${n.id})`, NAME_WIDTH),
      n.type,
      `×${formatNumber(n.executions)}`,
      formatCredits(n.credits),
      share(n.credits, report.total),
    ];
  });
  const total = ['Total per run', '', '', formatCredits(report.total), report.total > 0 ? '100 %' : '—'];
  const table = columns([header, ...rows, total], [false, false, true, true, true]);
  const rule = '─'.repeat(Math.max(...table.map(displayWidth)));
  const lines = [title, ...(input.source ? [input.source] : []), '', table[0]!, rule, ...table.slice(1, -1), rule, table[table.length - 1]!, ''];

  lines.push(
    `Per month: ${formatCredits(report.perMonth)} credits (${formatNumber(input.runsPerMonth)} runs)`,
    `Dollars:   ${formatDollars(report.dollarsPerRun)} per run, ${formatDollars(input.dollarsPerMonth)} per month`,
  );

  const sim = report.simulation;
  if (sim) {
    lines.push(
      '',
      `Simulated runs (${sim.samples.toLocaleString('en-US')} samples, seed ${sim.seed}):`,
      `  per run:   mean ${formatCredits(sim.mean)}, P50 ${formatCredits(sim.p50)}, P90 ${formatCredits(sim.p90)}, P99 ${formatCredits(sim.p99)}`,
      `  per month: P50 ${formatCredits(sim.perMonth.p50)}, P90 ${formatCredits(sim.perMonth.p90)}`,
    );
  }

  if (input.platforms) lines.push('', ...platformLines(input.platforms.comparison), '', input.platforms.sentence);

  if (report.warnings.length > 0) {
    lines.push('', `Warnings (${report.warnings.length}):`);
    for (const w of report.warnings) {
      const where = w.moduleId !== undefined ? `module ${w.moduleId}` : w.edgeId !== undefined ? `edge ${w.edgeId}` : '';
      lines.push(`  ! ${where ? `${where}: ` : ''}${w.message} [${w.code}]`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The four-row comparison: units per run and per month, the plan that covers the month, dollars. */
export function platformLines(comparison: PlatformComparison): string[] {
  const simulated = comparison.simulated;
  const header = ['Platform', 'Unit', 'Per run', simulated ? 'Per month P50' : 'Per month', ...(simulated ? ['P90'] : []), 'Plan', 'Dollars a month'];
  const rows = PLATFORM_IDS.map((id) => {
    const p = comparison.platforms[id];
    const plan = p.beyondLargestPlan ? `${cut(p.planName, 24)} (pro rata: beyond its units)` : cut(p.planName, 24);
    return [
      p.name,
      p.unit,
      formatNumber(p.perRun),
      formatNumber(p.perMonth),
      ...(simulated ? [formatNumber(p.perMonthP90 ?? p.perMonth)] : []),
      plan,
      formatDollars(p.dollarsPerMonth),
    ];
  });
  const right = [false, false, true, true, ...(simulated ? [true] : []), false, true];
  const title = `On other platforms (${simulated ? 'plans chosen on the P90 month; ' : ''}list prices, check current ones):`;
  return [title, ...columns([header, ...rows], right).map((l) => `  ${l}`)];
}
