/**
 * A log, read, turned into everything the CLI and the app show about it (docs/calibration.md):
 * the calibration, its fit (predicted vs observed credits per run, per module and in total) and
 * the backtest. One function for both, so `--calibrate` and the calibration panel agree.
 */
import type { Flow } from '../../model/types';
import type { LogFormat, LogReadResult } from '../../io/logs/reader';
import { LOG_FORMAT_LABELS } from '../../io/logs/reader';
import { formatLogIssue, type LogIssueSummary } from '../../io/logs/issues';
import { createLogReader } from '../../io/logs/reader';
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

/** How many left-out rows a refusal of a log with no usable row names with their reason. */
const REASONS_SHOWN = 3;

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
  if (read.log.rows === 0 && read.skipped === 0) {
    // Nothing was left out: there was nothing to read (a CSV of its header alone, an execution without module executions).
    return { ok: false, message: `${label}: there are no rows in the ${LOG_FORMAT_LABELS[read.format]}${read.format === 'csv' ? ', only its header' : ''}; nothing to calibrate from.` };
  }
  if (read.log.rows === 0) {
    // Why each row was left out (the first few): without it the user cannot tell what to fix.
    const shown = read.issues.examples.slice(0, REASONS_SHOWN).map(formatLogIssue);
    const more = read.skipped - shown.length;
    const why = shown.length > 0 ? `: ${shown.join('; ')}${more > 0 ? `; and ${more.toLocaleString('en-US')} more` : ''}` : '';
    return { ok: false, message: `${label}: no row of this ${LOG_FORMAT_LABELS[read.format]} could be used (${read.skipped.toLocaleString('en-US')} left out${why}); nothing to calibrate from.` };
  }
  const calibration = calibrate(flow, read.log, { logName });
  const accuracy = { samples: options.samples ?? ACCURACY_SAMPLES, seed: options.seed ?? 1 };
  const fit = fitOf(flow, read.log, calibration, accuracy);
  const back = backtest(flow, read.log, accuracy);
  return {
    ok: true,
    value: { logName, format: read.format, calibration, fit, ...(back ? { backtest: back } : {}), issues: read.issues, skipped: read.skipped },
  };
}

/** How far a calibration is: reading the log (bytes read of its size), then calibrating from its rows. */
export interface CalibrationProgress {
  stage: 'reading' | 'calibrating';
  /** Bytes (characters, for a text) read so far, and in all. */
  bytesRead: number;
  totalBytes: number;
  /** Rows read so far. */
  rows: number;
}

export interface CalibrationSource {
  flow: Flow;
  /** The log: a file (read in chunks) or its text. */
  source: Blob | string;
  logName: string;
}

/** Bytes of a file (characters of a text) handed to the reader at a time. */
export const CALIBRATION_CHUNK = 1024 * 1024;

const sizeOf = (source: Blob | string) => (typeof source === 'string' ? source.length : source.size);

export interface CalibrateSourceOptions {
  /** Told after each chunk. */
  onProgress?: (progress: CalibrationProgress) => void;
  /** Asked before each chunk: true stops the reading (the answer is then a "cancelled" message). */
  stopped?: () => boolean;
  /** Awaited between two chunks (the main thread gives the page a task there). */
  pause?: () => Promise<void>;
  /** Bytes (characters) per chunk; CALIBRATION_CHUNK by default. */
  chunkBytes?: number;
}

/**
 * Reads the log chunk by chunk (its format detected from its content) and calibrates the flow
 * from it, saying after each chunk how far it is. Never throws.
 */
export async function calibrateSource(request: CalibrationSource, options: CalibrateSourceOptions = {}): Promise<LogCalibrationResult> {
  const { flow, source, logName } = request;
  const { onProgress = () => {}, stopped = () => false, pause, chunkBytes = CALIBRATION_CHUNK } = options;
  try {
    const totalBytes = sizeOf(source);
    const reader = createLogReader(flow, { totalBytes });
    for (let at = 0; at < totalBytes; at += chunkBytes) {
      if (pause && at > 0) await pause();
      if (stopped()) return { ok: false, message: `${logName}: the calibration was cancelled.` };
      const end = Math.min(totalBytes, at + chunkBytes);
      reader.push(typeof source === 'string' ? source.slice(at, end) : new Uint8Array(await source.slice(at, end).arrayBuffer()));
      onProgress({ stage: end < totalBytes ? 'reading' : 'calibrating', bytesRead: end, totalBytes, rows: reader.rows });
    }
    if (totalBytes === 0) onProgress({ stage: 'calibrating', bytesRead: 0, totalBytes: 0, rows: 0 });
    if (pause) await pause();
    return calibrateRead(flow, reader.end(), { logName });
  } catch (error) {
    return { ok: false, message: `${logName}: the calibration failed: ${error instanceof Error ? error.message : String(error)}.` };
  }
}

export interface CalibrationRunOptions {
  onProgress?: (progress: CalibrationProgress) => void;
  /** Aborting cancels the calibration: its promise resolves with null. */
  signal?: AbortSignal;
}

/** Calibrates a flow from a log; null when it was cancelled. */
export type CalibrationRunner = (request: CalibrationSource, options?: CalibrationRunOptions) => Promise<LogCalibrationResult | null>;
