/**
 * A log, read, turned into everything the CLI and the app show about it (docs/calibration.md):
 * the calibration, its fit (predicted vs observed credits per run, per module and in total) and
 * the backtest. One function for both, so `--calibrate` and the calibration panel agree.
 */
import type { Flow } from '../../model/types';
import type { LogFormat, LogReadResult } from '../../io/logs/reader';
import { LOG_FORMAT_LABELS } from '../../io/logs/reader';
import type { LogIssueSummary } from '../../io/logs/issues';
import { calibrate, type Calibration } from './calibrate';
import { backtest, fitOf, ACCURACY_SAMPLES, type Backtest, type Fit } from './accuracy';

export interface LogCalibration {
  logName: string;
  format: LogFormat;
  calibration: Calibration;
  fit: Fit;
  backtest?: Backtest;
  issues: LogIssueSummary;
  /** Rows left out for any reason. */
  skipped: number;
}

export type LogCalibrationResult = { ok: true; value: LogCalibration } | { ok: false; message: string };

/** Calibrates `flow` (the base flow) from a read log; refuses a log with no usable row. */
export function calibrateRead(
  flow: Flow,
  read: LogReadResult,
  options: {
    /** The log's file name (in the scenario's name when the log has no times). */
    logName: string;
    /** How messages name the log (its path in the CLI); the file name by default. */
    label?: string;
    /** Simulated runs behind the predicted figures, and their seed. */
    samples?: number;
    seed?: number;
  },
): LogCalibrationResult {
  const { logName } = options;
  const label = options.label ?? logName;
  if (!read.ok) return { ok: false, message: `${label}: ${read.message}.` };
  if (read.log.rows === 0)
    return { ok: false, message: `${label}: no row of this ${LOG_FORMAT_LABELS[read.format]} could be used (${read.skipped} left out); nothing to calibrate from.` };
  const calibration = calibrate(flow, read.log, { logName });
  const accuracy = { samples: options.samples ?? ACCURACY_SAMPLES, seed: options.seed ?? 1 };
  const fit = fitOf(flow, read.log, calibration, accuracy);
  const back = backtest(flow, read.log, accuracy);
  return {
    ok: true,
    value: { logName, format: read.format, calibration, fit, ...(back ? { backtest: back } : {}), issues: read.issues, skipped: read.skipped },
  };
}
