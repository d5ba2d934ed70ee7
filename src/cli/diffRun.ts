/**
 * The diff command as a function: arguments and a file system in, stdout, stderr and an exit
 * code out (diff.ts connects it to the process). Each file is read as `cost` reads it
 * (flowFile.ts), so any file `cost` prices may be given on either side.
 *
 * Exit codes: 0 compared; 1 an internal error; 2 bad arguments or a bad file (both files are
 * checked and every error is reported; nothing on stdout); 4 compared, but credits per month
 * grew by more than --fail-over percent (the output is printed as usual).
 */
import { diffFlows } from '../cost/diff';
import { formatCredits, formatPercent } from '../cost/format';
import { formatPercentChange, PERCENT_CHANGE_CAP } from '../cost/diffSummary';
import { DIFF_USAGE, EXIT_OVER_LIMIT, parseDiffArgs } from './diffArgs';
import { buildDiffReport, type DiffReport } from './diffReport';
import { formatDiffMarkdown, formatDiffTable } from './diffTable';
import { readFlowFile, refuse } from './flowFile';
import { shownFileName } from './files';
import type { CliContext, CliOutcome } from './run';

/** Growth within a billionth of a percent of the limit counts as equal (floating-point sums). */
const SLACK = 1e-9;

/** Why the change is over the limit, or undefined when it is not. */
export function overLimit(report: DiffReport, limit: number): string | undefined {
  const { before, after, delta } = report;
  const grew = delta.percent === null ? after.perMonth > 0 : delta.percent > limit + SLACK * Math.max(1, limit);
  if (!grew) return undefined;
  const by = delta.percent === null ? 'from nothing' : delta.percent > PERCENT_CHANGE_CAP ? formatPercentChange(delta.percent) : `by ${formatPercent(delta.percent / 100)}`;
  const from = `${formatCredits(before.perMonth)} → ${formatCredits(after.perMonth)}`;
  return `${after.file}: credits per month grew ${by} (${from}), more than the ${limit} % allowed by --fail-over.`;
}

export function runDiff(context: CliContext): CliOutcome {
  const parsedArgs = parseDiffArgs(context.argv);
  if (!parsedArgs.ok) return refuse(`diff: ${parsedArgs.message}`, '', DIFF_USAGE);
  if (parsedArgs.help) return { stdout: `${DIFF_USAGE}\n`, stderr: '', exitCode: 0 };
  const args = parsedArgs.args;

  const before = readFlowFile(context, args.before, { scenario: args.beforeScenario, command: 'diff' });
  const after = readFlowFile(context, args.after, { scenario: args.afterScenario, command: 'diff' });
  if (!before.ok || !after.ok) {
    const stderr = [before, after].map((side) => (side.ok ? '' : side.refused.stderr)).join('');
    return { ...refuse(), stderr };
  }

  const diff = diffFlows(before.flow, after.flow);
  const report = buildDiffReport(
    diff,
    { file: shownFileName(args.before), name: before.flow.name, scenario: before.scenarioName },
    { file: shownFileName(args.after), name: after.flow.name, scenario: after.scenarioName },
  );
  const stdout =
    args.format === 'json' ? `${JSON.stringify(report)}\n` : args.format === 'markdown' ? formatDiffMarkdown(report) : formatDiffTable(report);

  const stderr = [...before.notes, ...after.notes];
  const over = args.failOver === undefined ? undefined : overLimit(report, args.failOver);
  if (over) stderr.push(over);
  return { stdout, stderr: stderr.length > 0 ? `${stderr.join('\n')}\n` : '', exitCode: over ? EXIT_OVER_LIMIT : 0 };
}
