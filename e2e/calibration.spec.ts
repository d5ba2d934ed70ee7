/**
 * Calibration, end to end (issue 15 §4): drop a log generated from the open flow (by the engine's
 * own log writer, so the truth is known) on the canvas, see the calibration panel and the modules'
 * observed counts, apply the calibration and undo it.
 */
import { expect, test } from '@playwright/test';
import { EditorPage } from './editor.page';
import { CURRENT_VERSION } from '../src/io/migrations';
import { generateLog, rowsToCsv } from '../src/cost/calibrate/logGenerator';
import type { Flow } from '../src/model/types';

const flow = (iterations: number) =>
  ({
    format: 'creditflow',
    version: CURRENT_VERSION,
    name: 'Calibration e2e',
    settings: { runsPerMonth: 1000 },
    modules: [
      { id: 't', type: 'trigger', name: 'Webhook', position: { x: 0, y: 0 }, assumptions: { durationSec: 0, payloadKB: 1 } },
      { id: 'i', type: 'iterator', name: 'Each lead', position: { x: 0, y: 160 }, assumptions: { iterations } },
      { id: 'a', type: 'ai_agent', name: 'Score', position: { x: 0, y: 320 }, assumptions: { durationSec: { min: 2, likely: 4, max: 9 }, payloadKB: 3 } },
      { id: 'g', type: 'aggregator', name: 'Collect', position: { x: 0, y: 480 }, config: { iteratorId: 'i' } },
    ],
    edges: [
      { id: 'e1', source: 't', target: 'i' },
      { id: 'e2', source: 'i', target: 'a' },
      { id: 'e3', source: 'a', target: 'g' },
    ],
  }) as unknown as Flow;

test('drop a log of the flow: the calibration panel, observed counts on the modules, a mismatch in the problems; apply, undo', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  await editor.importFile('calibration.json', JSON.stringify(flow(3)));
  await expect(editor.node('a')).toBeVisible();

  // The runs really had 5 items per loop, not the 3 the flow assumes.
  const csv = rowsToCsv(generateLog(flow(5), { runs: 50, seed: 7 }));
  await editor.dropFileOnCanvas('runs.csv', csv);

  const panel = page.getByTestId('calibration-panel');
  await expect(panel).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await expect(page.getByTestId('tab-calibration')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('calibration-scenario')).toHaveText(/^Calibrated from 50 runs, 2026-11-02 to /);
  await expect(page.getByTestId('calibration-row')).toHaveCount(4);
  await expect(page.getByTestId('backtest')).toContainText('first 25 runs predict the last 25');
  await expect(page.getByTestId('node-a').getByTestId('observed-badge')).toHaveText('seen ×5 / ×3');
  await page.getByTestId('dock-maximise').click();
  await panel.screenshot({ path: 'test-results/calibration-panel.png' });
  await page.getByTestId('dock-maximise').click();
  await page.screenshot({ path: 'test-results/calibration-app.png' });

  // The mismatch is in the problems panel and leads to the module.
  await page.getByTestId('tab-problems').click();
  const problem = page.locator('[data-testid="problem-item"][data-module-id="a"]');
  await expect(problem).toContainText('5 executions per run observed, 3 assumed');
  await problem.click();
  await expect(editor.node('a')).toHaveClass(/selected/);

  // Apply: the calibrated scenario is shown and the loop body now runs 5 times a run.
  await page.getByTestId('tab-calibration').click();
  const before = await editor.totalRunValue();
  await page.getByTestId('calibration-apply').click();
  await expect(page.getByTestId('node-a').getByTestId('exec-badge')).toHaveAttribute('data-executions', '5');
  await expect(page.getByTestId('node-a').getByTestId('observed-badge')).toHaveText('seen ×5 / ×5');
  await editor.undo();
  await expect(page.getByTestId('node-a').getByTestId('exec-badge')).toHaveAttribute('data-executions', '3');
  expect(await editor.totalRunValue()).toBeCloseTo(before, 9);
  expect(((await editor.exportedFlow()) as Flow).scenarios ?? []).toHaveLength(0);
});

test('opening another flow ends the calibration of the one before: no observed counts, mismatches or Apply on a flow the log is not of', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  await editor.importFile('calibration.json', JSON.stringify(flow(3)));
  await expect(editor.node('a')).toBeVisible();
  await editor.dropFileOnCanvas('runs.csv', rowsToCsv(generateLog(flow(5), { runs: 50, seed: 7 })));
  await expect(page.getByTestId('calibration-panel')).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await expect(page.getByTestId('node-a').getByTestId('observed-badge')).toHaveText('seen ×5 / ×3');

  // Another flow whose modules happen to have the same ids (m1, m2… or t, i, a, g are common).
  const other = { ...flow(2), name: 'Another flow' };
  await editor.importFile('other.json', JSON.stringify(other));
  await expect(page.getByTestId('flow-name')).toHaveValue('Another flow');
  await expect(page.getByTestId('node-a').getByTestId('observed-badge')).toHaveCount(0);
  await page.getByTestId('tab-problems').click();
  await expect(page.locator('[data-testid="problem-item"][data-module-id="a"]')).toHaveCount(0);
  await page.getByTestId('tab-calibration').click();
  await expect(page.getByTestId('calibration-apply')).toHaveCount(0);
  await expect(page.getByTestId('calibration-panel')).not.toHaveAttribute('data-status', 'done');
});

test('a large log (about 1M rows, 60 MB) is read in the worker with a progress bar and Cancel; the page stays responsive', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const editor = new EditorPage(page);
  await editor.open();
  await editor.importFile('calibration.json', JSON.stringify(flow(3)));
  await expect(editor.node('a')).toBeVisible();

  // The log of 50 runs, copied with other run ids in the page (a Blob of many parts, not one string).
  const csv = rowsToCsv(generateLog(flow(5), { runs: 50, seed: 7 }));
  await page.evaluate((csv) => {
    const [header, ...rest] = csv.trimEnd().split('\n');
    const body = `${rest.join('\n')}\n`;
    const parts: string[] = [`${header}\n`];
    for (let size = 0, k = 0; size < 60e6; k++, size += body.length) parts.push(body.replaceAll('run-', `r${k}-`));
    (window as unknown as { largeLog: Blob }).largeLog = new Blob(parts, { type: 'text/csv' });
  }, csv);
  // Long tasks on the page's main thread from now on (the log above was made in an earlier task).
  await page.evaluate(() => {
    const w = window as unknown as { longTasks: { start: number; duration: number }[] };
    w.longTasks = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => w.longTasks.push({ start: e.startTime, duration: e.duration }))).observe({ type: 'longtask' });
  });
  const dropLarge = (name: string) =>
    page.evaluate((name) => {
      const data = new DataTransfer();
      data.items.add(new File([(window as unknown as { largeLog: Blob }).largeLog], name, { type: 'text/csv' }));
      const target = document.querySelector('.react-flow__pane')!;
      const rect = target.getBoundingClientRect();
      const init = { dataTransfer: data, bubbles: true, cancelable: true, clientX: rect.x + 200, clientY: rect.y + 200 };
      target.dispatchEvent(new DragEvent('dragover', init));
      target.dispatchEvent(new DragEvent('drop', init));
    }, name);
  const mark = (label: string) => page.evaluate((label) => performance.mark(label), label);

  const panel = page.getByTestId('calibration-panel');
  const progress = page.getByTestId('calibration-progress');
  // Cancel while reading: back to no calibration.
  await mark('drop 1');
  await dropLarge('cancelled.csv');
  await expect(panel).toHaveAttribute('data-status', 'running');
  await expect(progress).toBeVisible();
  await page.getByTestId('calibration-cancel').click();
  await expect(panel).not.toHaveAttribute('data-status', 'running');
  await expect(panel).toContainText('Drop a log');

  // Read to the end: the bar shows the share of the bytes read, then the calibration.
  await mark('drop 2');
  await dropLarge('big-runs.csv');
  await expect(panel).toHaveAttribute('data-status', 'running');
  await expect(page.getByTestId('calibration-status')).toContainText(/Reading big-runs\.csv: \d+ % \(\d+(\.\d)? MB of 6\d(\.\d)? MB, [\d,]+ rows\)/);
  await expect(progress).toHaveAttribute('data-percent', /^\d+$/);
  await expect(panel).toHaveAttribute('data-status', 'done', { timeout: 150_000 });
  await expect(page.getByTestId('calibration-scenario')).toHaveText(/^Calibrated from [\d,]+ runs/);
  await expect(page.getByTestId('node-a').getByTestId('observed-badge')).toHaveText('seen ×5 / ×3');

  await mark('done');
  const timeline = await page.evaluate(() => {
    const marks = performance.getEntriesByType('mark').map((m) => ({ name: m.name, start: m.startTime }));
    const tasks = (window as unknown as { longTasks: { start: number; duration: number }[] }).longTasks;
    return [...marks.map((m) => `${m.name} @${Math.round(m.start)}`), ...tasks.map((t) => `long task ${Math.round(t.duration)} ms @${Math.round(t.start)}`)];
  });
  testInfo.annotations.push({ type: 'main thread while calibrating', description: timeline.join('; ') });
  console.log(`main thread while calibrating: ${timeline.join('; ')}`);
});
