import { describe, expect, it } from 'vitest';
import { chain, flowOf } from '../model/testing/flowOf';
import { generateLog, rowsToCsv } from '../cost/calibrate/logGenerator';
import { calibrateSource, type CalibrationProgress } from '../cost/calibrate/fromLog';
import { createCalibrationRunner, type CalibrationReply, type CalibrationRequest, type CalibrationWorkerLike } from './calibrationRun';

const flow = flowOf([['t', 'trigger'], ['a', 'action'], ['b', 'code']], chain('t', 'a', 'b'));
const csv = rowsToCsv(generateLog(flow, { runs: 200, seed: 4 }));

/** A worker that runs the calibration worker's code in this thread, or stays silent. */
function fakeWorker(mode: 'work' | 'silent' | 'fail') {
  const made = { terminated: 0, requests: 0 };
  const create = (): CalibrationWorkerLike => {
    const worker: CalibrationWorkerLike = {
      onmessage: null,
      onerror: null,
      terminate: () => void made.terminated++,
      postMessage(request: CalibrationRequest) {
        made.requests++;
        if (mode === 'fail') return void setTimeout(() => worker.onerror?.({ message: 'failed to load' } as ErrorEvent), 0);
        if (mode === 'silent') return;
        const { id, ...source } = request;
        const reply = (r: CalibrationReply) => worker.onmessage?.({ data: r } as MessageEvent<CalibrationReply>);
        void calibrateSource(source, { chunkBytes: 1000, onProgress: (progress) => reply({ id, type: 'progress', progress }) }).then((result) => reply({ id, type: 'done', result }));
      },
    };
    return worker;
  };
  return { create, made };
}

describe('calibrating from a file, chunk by chunk', () => {
  it('a file and its text give the same calibration; progress grows to the size', async () => {
    const file = new Blob([csv]);
    const progress: CalibrationProgress[] = [];
    const fromFile = await calibrateSource({ flow, source: file, logName: 'runs.csv' }, { chunkBytes: 999, onProgress: (p) => progress.push(p) });
    const fromText = await calibrateSource({ flow, source: csv, logName: 'runs.csv' });
    expect(fromFile).toEqual(fromText);
    expect(progress).toHaveLength(Math.ceil(file.size / 999));
    expect(progress.map((p) => p.bytesRead)).toEqual(progress.map((_, k) => Math.min(file.size, (k + 1) * 999)));
    expect(progress.every((p, k) => p.stage === (k === progress.length - 1 ? 'calibrating' : 'reading'))).toBe(true);
  });

  it('in the worker: its progress is passed on, its answer ends it', async () => {
    const { create, made } = fakeWorker('work');
    const seen: number[] = [];
    const result = await createCalibrationRunner(create)({ flow, source: new Blob([csv]), logName: 'runs.csv' }, { onProgress: (p) => seen.push(p.bytesRead) });
    expect(result?.ok).toBe(true);
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.at(-1)).toBe(new Blob([csv]).size);
    expect(made.terminated).toBe(1);
  });

  it('Cancel ends the busy worker and answers null', async () => {
    const { create, made } = fakeWorker('silent');
    const controller = new AbortController();
    const running = createCalibrationRunner(create)({ flow, source: csv, logName: 'runs.csv' }, { signal: controller.signal });
    controller.abort();
    expect(await running).toBeNull();
    expect(made.terminated).toBe(1);
  });

  it('a worker that fails hands the log to the main thread', async () => {
    const { create, made } = fakeWorker('fail');
    const result = await createCalibrationRunner(create)({ flow, source: csv, logName: 'runs.csv' });
    expect(result?.ok && result.value.calibration.runs).toBe(200);
    expect(made.terminated).toBe(1);
  });

  it('on the main thread, Cancel between two chunks stops the reading', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const running = createCalibrationRunner(null, { chunkBytes: 500 })(
      { flow, source: csv, logName: 'runs.csv' },
      {
        signal: controller.signal,
        onProgress: (p) => {
          seen.push(p.bytesRead);
          if (seen.length === 2) controller.abort();
        },
      },
    );
    expect(await running).toBeNull();
    expect(seen).toEqual([500, 1000]);
  });
});
