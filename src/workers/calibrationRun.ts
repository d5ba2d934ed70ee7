/**
 * Calibrating the open flow from a log (a dropped or picked file, or a text), in the calibration
 * worker or (where there is no worker: tests, a worker that fails to start) on the main thread.
 * The log is read in chunks, so the reader never holds it whole as one string, and each chunk
 * says how far the reading is (bytes read of the total) for the progress bar. Cancel ends the
 * worker (a calibration cannot read a message while it computes).
 */
// Types only: the log readers and the fit load with the first calibration (the page's first bundle has neither).
import type { CalibrationRunner, CalibrationSource, CalibrationProgress, LogCalibrationResult, calibrateSource as calibrate } from '../cost/calibrate/fromLog';

type CalibrateSource = typeof calibrate;
import type { WorkerPort } from './workerSlot';
import { nextTask } from '../scheduling/nextTask';

export type CalibrationRequest = CalibrationSource & { id: number };

export type CalibrationReply = { id: number; type: 'progress'; progress: CalibrationProgress } | { id: number; type: 'done'; result: LogCalibrationResult };

/** The part of `Worker` used here (a fake in tests). */
export type CalibrationWorkerLike = WorkerPort<CalibrationRequest, CalibrationReply>;

function defaultWorker(): (() => CalibrationWorkerLike) | null {
  if (typeof Worker === 'undefined') return null;
  return () => new Worker(new URL('./calibration.worker.ts', import.meta.url), { type: 'module' }) as unknown as CalibrationWorkerLike;
}

/**
 * Calibrates off the main thread: one worker per calibration (started for it, ended after it or
 * when it is cancelled), so a calibration never waits behind another. Falls back to the main
 * thread, a chunk per task, when no worker can be made or the worker fails.
 */
export function createCalibrationRunner(createWorker: (() => CalibrationWorkerLike) | null = defaultWorker(), options: { chunkBytes?: number } = {}): CalibrationRunner {
  const chunk = options.chunkBytes === undefined ? {} : { chunkBytes: options.chunkBytes };
  let serial = 0;
  return (request, run = {}) => {
    const { onProgress = () => {}, signal } = run;
    if (signal?.aborted) return Promise.resolve(null);
    const stopped = () => signal?.aborted === true;
    // The main thread reads a chunk per task, so the page can paint the progress between them.
    const mainThread = async (): Promise<LogCalibrationResult | null> => {
      await nextTask();
      let calibrateSource: CalibrateSource;
      try {
        ({ calibrateSource } = await import('../cost/calibrate/fromLog'));
      } catch (error) {
        return { ok: false, message: `${request.logName}: the calibration could not start: ${error instanceof Error ? error.message : String(error)}.` };
      }
      const result = await calibrateSource(request, { onProgress: (p) => stopped() || onProgress(p), stopped, pause: nextTask, ...chunk });
      return stopped() ? null : result;
    };
    if (!createWorker) return mainThread();
    let worker: CalibrationWorkerLike;
    try {
      worker = createWorker();
    } catch {
      return mainThread();
    }
    const id = ++serial;
    return new Promise<LogCalibrationResult | null>((resolve) => {
      const end = () => {
        worker.onmessage = null;
        worker.onerror = null;
        worker.terminate();
        signal?.removeEventListener('abort', cancel);
      };
      const cancel = () => {
        end();
        resolve(null);
      };
      signal?.addEventListener('abort', cancel);
      worker.onmessage = (event) => {
        const reply = event.data;
        if (reply.id !== id) return;
        if (reply.type === 'progress') {
          onProgress(reply.progress);
          return;
        }
        end();
        resolve(reply.result);
      };
      worker.onerror = () => {
        end();
        void mainThread().then(resolve);
      };
      try {
        worker.postMessage({ id, ...request });
      } catch {
        end();
        void mainThread().then(resolve);
      }
    });
  };
}
