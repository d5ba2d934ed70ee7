/**
 * Calibrating the open flow from a log's text, in the calibration worker or (where there is no
 * worker: tests, a worker that fails to start) on the main thread after the current task, with
 * the code loaded then (calibrateLog.ts).
 */
import type { Flow } from '../model/types';
import type { LogCalibrationResult } from '../cost/calibrate/fromLog';
import type { WorkerPort } from './workerSlot';

export interface CalibrationRequest {
  id: number;
  flow: Flow;
  text: string;
  logName: string;
}

export interface CalibrationReply {
  id: number;
  result: LogCalibrationResult;
}

/** Calibrates on the page's thread, after the current task (the code loads on first use: calibrateLog.ts). */
async function calibrateOnMainThread(request: Omit<CalibrationRequest, 'id'>): Promise<LogCalibrationResult> {
  try {
    const { calibrateLogText } = await import('./calibrateLog');
    return await new Promise((resolve) => setTimeout(() => resolve(calibrateLogText(request)), 0));
  } catch (error) {
    return { ok: false, message: `${request.logName}: the calibration could not start: ${error instanceof Error ? error.message : String(error)}.` };
  }
}

/** The part of `Worker` used here (a fake in tests). */
export type CalibrationWorkerLike = WorkerPort<CalibrationRequest, CalibrationReply>;

function defaultWorker(): (() => CalibrationWorkerLike) | null {
  if (typeof Worker === 'undefined') return null;
  return () => new Worker(new URL('./calibration.worker.ts', import.meta.url), { type: 'module' }) as unknown as CalibrationWorkerLike;
}

/**
 * Calibrates off the main thread: one worker per calibration (started for it, ended after it),
 * so a calibration never waits behind another and a stale one is simply dropped by its caller.
 * Falls back to the main thread when no worker can be made or the worker fails.
 */
export function createCalibrationRunner(createWorker: (() => CalibrationWorkerLike) | null = defaultWorker()) {
  let serial = 0;
  return (request: Omit<CalibrationRequest, 'id'>): Promise<LogCalibrationResult> => {
    const onMainThread = () => calibrateOnMainThread(request);
    if (!createWorker) return onMainThread();
    let worker: CalibrationWorkerLike;
    try {
      worker = createWorker();
    } catch {
      return onMainThread();
    }
    const id = ++serial;
    return new Promise<LogCalibrationResult>((resolve) => {
      worker.onmessage = (event) => {
        if (event.data.id !== id) return;
        worker.terminate();
        resolve(event.data.result);
      };
      worker.onerror = () => {
        worker.terminate();
        void onMainThread().then(resolve);
      };
      worker.postMessage({ id, ...request });
    });
  };
}
