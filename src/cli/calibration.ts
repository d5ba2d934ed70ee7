/**
 * `--calibrate LOG` for the cost command (execution-logs.md §5, docs/calibration.md): reads the
 * log in chunks, calibrates the flow, measures the fit and the backtest, and builds the
 * `"calibration"` object of the JSON report. The flow is then priced with the calibrated scenario.
 */
import { resolve } from 'node:path';
import type { Flow, Scenario } from '../model/types';
import { applyScenario } from '../model/scenario';
import { createLogReader, LOG_FORMAT_LABELS, type LogFormat, type LogReader } from '../io/logs/reader';
import { formatLogIssue, type LogIssue, type LogIssueSummary } from '../io/logs/issues';
import type { Calibration } from '../cost/calibrate/calibrate';
import type { MeanP90 } from '../cost/calibrate/accuracy';
import { calibrateRead } from '../cost/calibrate/fromLog';
import { formatCredits } from '../cost/format';
import { formatSignedPercent } from '../model/formatSignedPercent';
import type { CliContext } from './run';
import { readError } from './flowFile';

export interface CalibrationReport {
  log: string;
  format: LogFormat;
  scenario: string;
  runs: number;
  rows: number;
  /** Rows of modules the flow does not have. */
  unmatched: number;
  /** Rows left out for any reason (unmatched included), per kind, with the first few located. */
  skipped: LogIssueSummary['counts'];
  issues: LogIssue[];
  from?: string;
  to?: string;
  runsPerMonth?: number;
  modules: {
    id: string;
    observedExecutions: number;
    predictedExecutions: number;
    explained: boolean;
    durationSec?: unknown;
    payloadKB?: unknown;
    retries?: number;
    failureRate?: number;
    pages?: number;
    iterations?: number;
    extraCredits?: number;
    rows: number;
  }[];
  edges: Calibration['edges'];
  unexplained: Calibration['unexplained'];
  predicted: MeanP90;
  observed: MeanP90;
  backtest: {
    meanError: number | null;
    p90Error: number | null;
    trainRuns: number;
    testRuns: number;
    /** The same errors per module, in the flow's order (execution-logs.md §4: per module and in total). */
    modules: { id: string; meanError: number | null; p90Error: number | null }[];
  } | null;
}

export type CalibrationOutcome =
  | { ok: true; flow: Flow; scenario: Scenario; report: CalibrationReport; notes: string[] }
  | { ok: false; message: string };

const finite = (x: number) => (Number.isFinite(x) ? x : null);

/** Calibrates `flow` (the base flow, as read) from the log at `file`. */
export function calibrateForCli(
  context: Pick<CliContext, 'cwd' | 'files'>,
  flow: Flow,
  file: string,
  options: { samples?: number; seed?: number },
): CalibrationOutcome {
  if (!context.files.readChunks) return { ok: false, message: 'cost: --calibrate is not available in this build of Creditflow.' };
  // Made at the first chunk, which says the file's size (the columns are then sized once).
  let reader: LogReader | undefined;
  try {
    context.files.readChunks(resolve(context.cwd, file), (bytes, fileSize) => {
      reader ??= createLogReader(flow, { totalBytes: fileSize });
      reader.push(bytes);
    });
  } catch (error) {
    return { ok: false, message: readError(file, error, 'log') };
  }
  const logName = file.split(/[\\/]/).pop() ?? file;
  const calibrated = calibrateRead(flow, (reader ?? createLogReader(flow)).end(), { logName, label: file, ...options });
  if (!calibrated.ok) return calibrated;
  const { calibration, fit, format, issues, skipped } = calibrated.value;
  const back = calibrated.value.backtest;
  const report: CalibrationReport = {
    log: file,
    format,
    scenario: calibration.scenario.name,
    runs: calibration.runs,
    rows: calibration.rows,
    unmatched: issues.counts['unknown-module'],
    skipped: issues.counts,
    issues: issues.examples,
    ...(calibration.from !== undefined ? { from: calibration.from, to: calibration.to } : {}),
    ...(calibration.runsPerMonth !== undefined ? { runsPerMonth: calibration.runsPerMonth } : {}),
    modules: calibration.modules.map((m) => ({
      id: m.id,
      observedExecutions: m.observedExecutions,
      predictedExecutions: m.predictedExecutions,
      explained: m.explained,
      ...(m.durationSec !== undefined ? { durationSec: m.durationSec } : {}),
      ...(m.payloadKB !== undefined ? { payloadKB: m.payloadKB } : {}),
      ...(m.retries !== undefined ? { retries: m.retries } : {}),
      ...(m.failureRate !== undefined ? { failureRate: m.failureRate } : {}),
      ...(m.pages !== undefined ? { pages: m.pages } : {}),
      ...(m.iterations !== undefined ? { iterations: m.iterations } : {}),
      ...(m.extraCredits !== undefined ? { extraCredits: m.extraCredits } : {}),
      rows: m.rows,
    })),
    edges: calibration.edges,
    unexplained: calibration.unexplained,
    predicted: fit.predicted,
    observed: fit.observed,
    backtest: back
      ? {
          meanError: finite(back.meanError),
          p90Error: finite(back.p90Error),
          trainRuns: back.trainRuns,
          testRuns: back.testRuns,
          modules: back.modules.map((m) => ({ id: m.id, meanError: finite(m.meanError), p90Error: finite(m.p90Error) })),
        }
      : null,
  };
  const notes = issues.examples.map((issue) => `${file}: ${formatLogIssue(issue)} (row left out)`);
  const more = skipped - issues.examples.length;
  if (more > 0) notes.push(`${file}: ${more.toLocaleString('en-US')} more rows left out (${describeCounts(issues.counts)}).`);
  for (const u of calibration.unexplained) notes.push(`${file}: module ${u.moduleId}: ${u.message} (not explained)`);
  return { ok: true, flow: applyScenario(flow, calibration.scenario), scenario: calibration.scenario, report, notes };
}

function describeCounts(counts: LogIssueSummary['counts']): string {
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${n.toLocaleString('en-US')} ${kind}`)
    .join(', ');
}

const signed = (x: number | null) => (x === null ? 'n/a' : formatSignedPercent(x));

/** The calibration in a few lines under the table. */
export function formatCalibration(report: CalibrationReport): string {
  const lines = [
    '',
    `${report.scenario} (${LOG_FORMAT_LABELS[report.format]}, ${report.rows.toLocaleString('en-US')} rows${report.unmatched > 0 ? `, ${report.unmatched.toLocaleString('en-US')} of modules the flow does not have` : ''})`,
    `  credits per run   observed mean ${formatCredits(report.observed.mean)}, P90 ${formatCredits(report.observed.p90)}; predicted mean ${formatCredits(report.predicted.mean)}, P90 ${formatCredits(report.predicted.p90)}`,
  ];
  if (report.backtest)
    lines.push(
      `  backtest          first ${report.backtest.trainRuns} runs predict the last ${report.backtest.testRuns}: mean ${signed(report.backtest.meanError)}, P90 ${signed(report.backtest.p90Error)}`,
    );
  const unexplained = report.modules.filter((m) => !m.explained).length;
  lines.push(`  modules           ${report.modules.length - unexplained} of ${report.modules.length} match their observed executions within 1 %`);
  return `${lines.join('\n')}\n`;
}
