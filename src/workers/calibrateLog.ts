/**
 * Calibrating the open flow from a log's text: what the calibration worker runs, and what the
 * page runs itself where there is no worker (loaded then, so the page's first bundle has no log
 * readers and no fit: calibrationRun.ts).
 */
import { readLogText } from '../io/logs/reader';
import { calibrateRead, type LogCalibrationResult } from '../cost/calibrate/fromLog';
import type { CalibrationRequest } from './calibrationRun';

/** Reads the log (detected from its content) and calibrates the flow from it. Never throws. */
export function calibrateLogText(request: Omit<CalibrationRequest, 'id'>): LogCalibrationResult {
  try {
    return calibrateRead(request.flow, readLogText(request.flow, request.text), { logName: request.logName });
  } catch (error) {
    return { ok: false, message: `${request.logName}: the calibration failed: ${error instanceof Error ? error.message : String(error)}.` };
  }
}
