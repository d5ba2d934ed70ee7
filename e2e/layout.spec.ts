/**
 * Auto-layout, end to end (issue 19 item 5): elk runs in a Web Worker of its own, the page keeps
 * drawing meanwhile, the layout is one undo step, and a long layout can be cancelled.
 */
import { expect, test, type Page } from '@playwright/test';
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
  await expect(editor.node(flow.modules[0]!.id)).toBeAttached();
  return editor;
}

/** How far apart (px) the tops of the drawn modules are: about 0 while they sit in one row. */
async function spread(page: Page): Promise<number> {
  const tops = await page.locator('.react-flow__node').evaluateAll((nodes) => nodes.map((n) => n.getBoundingClientRect().top));
  return Math.max(...tops) - Math.min(...tops);
}

/** The longest gap between animation frames (ms) while `during` runs. */
async function longestFrameGap(page: Page, during: () => Promise<void>): Promise<number> {
  await page.evaluate(() => {
    const w = window as unknown as { __gap: number; __watch: boolean };
    w.__gap = 0;
    w.__watch = true;
    let last = performance.now();
    const tick = (t: number) => {
      w.__gap = Math.max(w.__gap, t - last);
      last = t;
      if (w.__watch) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await during();
  return page.evaluate(() => {
    const w = window as unknown as { __gap: number; __watch: boolean };
    w.__watch = false;
    return w.__gap;
  });
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

test('a long layout shows its progress, the page keeps drawing, and Cancel leaves the flow as it was', async ({ page }) => {
  await openFlowOf(page, 2000);
  expect(await spread(page)).toBeLessThan(1);
  const gap = await longestFrameGap(page, async () => {
    await page.getByTestId('cmd-view.autoLayout').click();
    await expect(page.getByTestId('layout-progress')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('layout-progress')).toContainText('Laying out 2,000 modules');
  });
  await page.getByTestId('layout-cancel').click();
  await expect(page.getByTestId('layout-progress')).toHaveCount(0);
  expect(await spread(page)).toBeLessThan(1);
  await expect(page.getByTestId('toast')).toHaveCount(0);
  // Generous on a shared, busy machine: the point is that elk never holds the page for seconds.
  expect(gap).toBeLessThan(1000);
});
