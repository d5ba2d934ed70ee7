// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { chain, flowOf } from '../../model/testing/flowOf';
import { renderWithEditor, testEditor } from '../../editor/testing';
import { generateLog, rowsToCsv } from '../../cost/calibrate/logGenerator';
import { CalibrationPanel } from './CalibrationPanel';
import { ProblemsPanel } from '../problems/ProblemsPanel';
import type { Flow } from '../../model/types';
import type { CalibrationProgress, CalibrationRunOptions } from '../../cost/calibrate/fromLog';
import { progressText } from './rows';

afterEach(() => cleanup());

const flow = (iterations: number): Flow =>
  flowOf(
    [
      ['t', 'trigger'],
      ['i', 'iterator', { iterations }],
      ['a', 'action', { durationSec: { min: 1, likely: 2, max: 4 } }],
      ['g', 'aggregator', undefined, { iteratorId: 'i' }],
    ],
    chain('t', 'i', 'a', 'g'),
  );

describe('CalibrationPanel', () => {
  it('shows the fit, the backtest and a row per module; the problems panel names the module whose count is off; Apply adds the scenario', async () => {
    const editor = testEditor({ flow: flow(3) });
    const csv = rowsToCsv(generateLog(flow(6), { runs: 40, seed: 5 }));
    renderWithEditor(
      <>
        <CalibrationPanel />
        <ProblemsPanel />
      </>,
      editor,
    );
    expect(screen.getByTestId('calibration-panel').textContent).toMatch(/Drop a log/);
    await act(async () => void (await editor.commands.run('file.importRunsText', { text: csv, fileName: 'runs.csv' })));
    expect(screen.getByTestId('calibration-panel').getAttribute('data-status')).toBe('done');
    expect(screen.getByTestId('calibration-scenario').textContent).toMatch(/^Calibrated from 40 runs/);
    expect(Number(screen.getByTestId('fit-observed').getAttribute('data-value'))).toBeGreaterThan(0);
    expect(screen.getByTestId('backtest').textContent).toMatch(/first 20 runs predict the last 20/);
    const rows = screen.getAllByTestId('calibration-row');
    expect(rows.map((r) => r.getAttribute('data-module-id')).sort()).toEqual(['a', 'g', 'i', 't']);
    // The most credits first: the loop body.
    expect(rows[0]!.getAttribute('data-module-id')).toBe('a');
    const problem = screen.getAllByTestId('problem-item').find((p) => p.getAttribute('data-module-id') === 'a');
    expect(problem?.textContent).toMatch(/6 executions per run observed, 3 assumed/);

    await act(async () => fireEvent.click(screen.getByTestId('calibration-apply')));
    const state = editor.store.getState();
    expect(state.flow.scenarios).toHaveLength(1);
    expect(state.ui.activeScenarioId).toBe(state.flow.scenarios![0]!.id);
    // With the calibrated scenario shown, the flow assumes the observed count: no mismatch left.
    expect(screen.queryAllByTestId('problem-item').some((p) => p.getAttribute('data-module-id') === 'a')).toBe(false);
  });

  it('says why a text is not a log', async () => {
    const editor = testEditor({ flow: flow(3) });
    renderWithEditor(<CalibrationPanel />, editor);
    await act(async () => void (await editor.commands.run('file.importRunsText', { text: 'just words\n', fileName: 'notes.txt' })));
    expect(screen.getByTestId('calibration-error').textContent).toMatch(/notes\.txt: this is not an execution log/);
  });

  it('while a log is read: a progress bar with the percentage of its bytes, and Cancel', async () => {
    // A runner that reports what the test says, until it is cancelled.
    let options: CalibrationRunOptions = {};
    let cancelled = false;
    const editor = testEditor({
      flow: flow(3),
      calibrationRunner: (_request, run = {}) =>
        new Promise((resolve) => {
          options = run;
          run.signal?.addEventListener('abort', () => {
            cancelled = true;
            resolve(null);
          });
        }),
    });
    renderWithEditor(<CalibrationPanel />, editor);
    let started: Promise<unknown> = Promise.resolve();
    await act(async () => {
      started = editor.commands.run('file.importRunsText', { file: new Blob(['run,module\n']), fileName: 'big.csv' });
    });
    const progress = () => screen.getByTestId('calibration-progress') as HTMLProgressElement;
    expect(screen.getByTestId('calibration-panel').getAttribute('data-status')).toBe('running');
    expect(screen.getByTestId('calibration-status').textContent).toBe('Reading big.csv…');
    const report = (p: CalibrationProgress) => act(() => options.onProgress?.(p));
    await report({ stage: 'reading', bytesRead: 27_000_000, totalBytes: 64_000_000, rows: 431_000 });
    expect(progress().getAttribute('data-percent')).toBe('42');
    expect(progress().value).toBe(27_000_000);
    expect(progress().max).toBe(64_000_000);
    expect(screen.getByTestId('calibration-status').textContent).toBe('Reading big.csv: 42 % (27 MB of 64 MB, 431,000 rows)');
    await report({ stage: 'calibrating', bytesRead: 64_000_000, totalBytes: 64_000_000, rows: 1_028_484 });
    expect(progress().getAttribute('data-percent')).toBe('100');
    expect(screen.getByTestId('calibration-status').textContent).toBe('Calibrating from 1,028,484 rows of big.csv…');

    await act(async () => fireEvent.click(screen.getByTestId('calibration-cancel')));
    await act(async () => void (await started));
    expect(cancelled).toBe(true);
    expect(screen.getByTestId('calibration-panel').textContent).toMatch(/Drop a log/);
    expect(progressText('x.csv', null)).toBe('Reading x.csv…');
  });
});
