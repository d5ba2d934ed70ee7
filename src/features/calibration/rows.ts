/** The calibration panel's rows and chart scale, from a calibration (pure, tested apart). */
import type { CalibrationProgress, LogCalibration } from '../../cost/calibrate/fromLog';
import { formatSignedPercent } from '../../model/formatSignedPercent';

export interface CalibrationRow {
  id: string;
  observedExecutions: number;
  predictedExecutions: number;
  explained: boolean;
  /** Mean credits per run: observed in the log, predicted with the calibrated scenario. */
  observed: number;
  predicted: number;
  /** The backtest's error of the module's mean (undefined without a backtest, or when not finite). */
  backtestError?: number;
  rows: number;
}

/** One row per calibrated module, the most credits (observed or predicted) first. */
export function calibrationRows(result: LogCalibration): CalibrationRow[] {
  const fit = new Map(result.fit.modules.map((m) => [m.id, m]));
  const back = new Map((result.backtest?.modules ?? []).map((m) => [m.id, m.meanError]));
  return result.calibration.modules
    .map((m): CalibrationRow => {
      const f = fit.get(m.id);
      const b = back.get(m.id);
      return {
        id: m.id,
        observedExecutions: m.observedExecutions,
        predictedExecutions: m.predictedExecutions,
        explained: m.explained,
        observed: f?.observed.mean ?? 0,
        predicted: f?.predicted.mean ?? 0,
        ...(b !== undefined && Number.isFinite(b) ? { backtestError: b } : {}),
        rows: m.rows,
      };
    })
    .sort((a, b) => Math.max(b.observed, b.predicted) - Math.max(a.observed, a.predicted) || a.id.localeCompare(b.id));
}

/** Bar widths in % of the largest credits of any row (0 for all when every row is 0). */
export function chartScale(rows: readonly CalibrationRow[]): (credits: number) => number {
  const largest = rows.reduce((m, r) => Math.max(m, r.observed, r.predicted), 0);
  return (credits) => (largest > 0 && Number.isFinite(credits) ? Math.max(0, Math.min(100, (100 * credits) / largest)) : 0);
}

/** A relative error with its sign: "+3.2 %", "−1 %", "n/a" when not finite. */
export function errorText(error: number): string {
  return formatSignedPercent(error);
}

/** Whole percent of the log read (0 before the first chunk; 100 once read, while the rows are fitted). */
export function progressPercent(progress: CalibrationProgress): number {
  if (progress.stage === 'calibrating' || progress.totalBytes === 0) return 100;
  return Math.min(100, Math.floor((100 * progress.bytesRead) / progress.totalBytes));
}

const megabytes = (bytes: number) => `${(bytes / 1e6).toLocaleString('en-US', { maximumFractionDigits: 1 })} MB`;

/** What the calibration is doing, in words: "Reading runs.csv: 42 % (27 of 64 MB, 431,000 rows)". */
export function progressText(logName: string, progress: CalibrationProgress | null): string {
  if (!progress) return `Reading ${logName}…`;
  const rows = `${progress.rows.toLocaleString('en-US')} row${progress.rows === 1 ? '' : 's'}`;
  if (progress.stage === 'calibrating') return `Calibrating from ${rows} of ${logName}…`;
  return `Reading ${logName}: ${progressPercent(progress)} % (${megabytes(progress.bytesRead)} of ${megabytes(progress.totalBytes)}, ${rows})`;
}
