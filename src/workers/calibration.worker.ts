/// <reference lib="webworker" />
/**
 * The calibration Web Worker: reads a log and calibrates a flow from it, with the fit and the
 * backtest (cost/calibrate/fromLog.ts, the code the CLI runs), off the main thread: a large log
 * or flow takes seconds.
 */
import type { CalibrationRequest, CalibrationReply } from './calibrationRun';
import { calibrateLogText } from './calibrateLog';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (event: MessageEvent<CalibrationRequest>) => {
  const reply: CalibrationReply = { id: event.data.id, result: calibrateLogText(event.data) };
  scope.postMessage(reply);
};
