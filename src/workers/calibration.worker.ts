/// <reference lib="webworker" />
/**
 * The calibration Web Worker: reads a log (a file, chunk by chunk, saying how far it is) and
 * calibrates a flow from it, with the fit and the backtest (cost/calibrate/fromLog.ts, the code
 * the CLI runs), off the main thread: a large log takes seconds.
 */
import { calibrateSource } from '../cost/calibrate/fromLog';
import type { CalibrationRequest, CalibrationReply } from './calibrationRun';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (reply: CalibrationReply) => scope.postMessage(reply);

scope.onmessage = (event: MessageEvent<CalibrationRequest>) => {
  const { id, ...request } = event.data;
  void calibrateSource(request, { onProgress: (progress) => post({ id, type: 'progress', progress }) }).then((result) => post({ id, type: 'done', result }));
};
