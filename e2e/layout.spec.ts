/**
 * Auto-layout, end to end (issue 19 item 5): elk runs in a Web Worker of its own, the page keeps
 * running meanwhile, the layout is one undo step, and a long layout can be cancelled.
 */
import { expect, test, type Page, type Worker } from '@playwright/test';
import { EditorPage } from './editor.page';
import { CURRENT_VERSION } from '../src/io/migrations';
import { generateFlow } from '../src/model/generate';

test.describe.configure({ timeout: 180_000 });

async function openFlowOf(page: Page, modules: number): Promise<EditorPage> {
  const editor = new EditorPage(page);
  await editor.open();
  const flow = { ...generateFlow({ modules, seed: 7 }), version: CURRENT_VERSION };
  // Every module in one row: the layout has something to do.
  flow.modules.forEach((m, i) => (m.position = { x: 300 * i, y: 0 }));
  await editor.importFile('layout.json', JSON.stringify(flow));
  // The file is read in a worker: wait for this flow (the sample's ids can be the same), then its modules.
  await expect(page.getByTestId('flow-name')).toHaveValue(flow.name);
  await expect(editor.node(flow.modules[0]!.id)).toBeAttached();
  return editor;
}

/** How far apart (px) the tops of the drawn modules are: about 0 while they sit in one row. */
async function spread(page: Page): Promise<number> {
  const tops = await page.locator('.react-flow__node').evaluateAll((nodes) => nodes.map((n) => n.getBoundingClientRect().top));
  return Math.max(...tops) - Math.min(...tops);
}

test('lays the flow out in a Web Worker, top-down, in one undo step', async ({ page }) => {
  await openFlowOf(page, 40);
  const workers: string[] = [];
  page.on('worker', (worker) => workers.push(worker.url()));
  expect(await spread(page)).toBeLessThan(1);
  await page.getByTestId('cmd-view.autoLayout').click();
  await expect.poll(() => spread(page), { timeout: 30_000 }).toBeGreaterThan(100);
  expect(workers.some((url) => /elk-worker/.test(url))).toBe(true);
  // One undo step puts every module back in its row.
  await page.getByTestId('cmd-edit.undo').click();
  await expect.poll(() => spread(page), { timeout: 30_000 }).toBeLessThan(1);
  await expect(page.getByTestId('toast')).toHaveCount(0);
});

test('a flow of a few hundred modules is laid out ahead in the worker once opened, without moving, and the click takes that layout', async ({ page }) => {
  // Counts the answers of elk's worker (the first is elk's start-up, then one per layout).
  await page.addInitScript(`(() => {
    const Base = window.Worker;
    window.__elkAnswers = 0;
    window.Worker = class extends Base {
      constructor(url, options) {
        super(url, options);
        if (/elk/.test(String(url))) this.addEventListener('message', () => window.__elkAnswers++);
      }
    };
  })()`);
  const answers = () => page.evaluate(() => (window as unknown as { __elkAnswers: number }).__elkAnswers);
  await openFlowOf(page, 150);
  // Laid out ahead, never applied: the modules stay in their row and nothing is added to the history.
  await expect.poll(answers, { timeout: 60_000 }).toBe(2);
  expect(await spread(page)).toBeLessThan(1);
  const undoBefore = await page.getByTestId('cmd-edit.undo').isEnabled();
  await page.getByTestId('cmd-view.autoLayout').click();
  await expect.poll(() => spread(page), { timeout: 30_000 }).toBeGreaterThan(100);
  // elk was not asked again: the layout is the one computed ahead.
  expect(await answers()).toBe(2);
  await page.getByTestId('cmd-edit.undo').click();
  await expect.poll(() => spread(page), { timeout: 30_000 }).toBeLessThan(1);
  expect(await page.getByTestId('cmd-edit.undo').isEnabled()).toBe(undoBefore);
  await expect(page.getByTestId('toast')).toHaveCount(0);
});

test('a long layout shows its progress, the page keeps running meanwhile, and Cancel leaves the flow as it was', async ({ page }) => {
  // Listening from the start: elk's worker may start before the click (it lays an opened flow out ahead).
  const workers: string[] = [];
  page.on('worker', (worker) => workers.push(worker.url()));
  await openFlowOf(page, 2000);
  expect(await spread(page)).toBeLessThan(1);
  await page.getByTestId('cmd-view.autoLayout').click();
  const progress = page.getByTestId('layout-progress');
  await expect(progress).toContainText('Laying out 2,000 modules', { timeout: 30_000 });
  // The seconds go on while elk works: the page's thread is free (elk on it would freeze the count).
  const first = await progress.textContent();
  await expect(progress).not.toHaveText(first!, { timeout: 30_000 });
  expect(workers.some((url) => /elk-worker/.test(url))).toBe(true);
  await page.getByTestId('layout-cancel').click();
  await expect(progress).toHaveCount(0);
  expect(await spread(page)).toBeLessThan(1);
  await expect(page.getByTestId('toast')).toHaveCount(0);
});

test('a drag while elk lays the opened flow out ahead ends that worker, and elk starts again once the drag is over', async ({ page }) => {
  const started: Worker[] = [];
  const ended = new Set<Worker>();
  page.on('worker', (worker) => {
    if (!/elk-worker/.test(worker.url())) return;
    started.push(worker);
    worker.on('close', () => ended.add(worker));
  });
  await openFlowOf(page, 2000);
  // Laid out ahead as soon as the page is idle (2,000 modules: several seconds of elk's CPU).
  await expect.poll(() => started.length, { timeout: 60_000 }).toBe(1);
  // A pan: the pointer pressed near the canvas's top and moved with the button held.
  const pane = (await page.getByTestId('canvas').boundingBox())!;
  await page.mouse.move(pane.x + pane.width / 2, pane.y + 30);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(pane.x + pane.width / 2 + i * 10, pane.y + 30 + i * 5);
  await expect.poll(() => ended.has(started[0]!), { timeout: 30_000 }).toBe(true);
  await page.mouse.up();
  // Quiet again (1.5 s with no drag: the unit tests check nothing starts sooner), elk lays the flow
  // out ahead in a new worker.
  await expect.poll(() => started.length, { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
  expect(ended.has(started[1]!)).toBe(false);
  expect(await page.getByTestId('toast').count()).toBe(0);
});
