/**
 * Issue 18 §20: the dock under the canvas is resized by dragging its divider with the mouse (or
 * with the arrow keys), keeps its height after a reload, comes back to its default on a
 * double-click, and can take the full height.
 */
import { expect, test, type Page } from '@playwright/test';
import { EditorPage } from './editor.page';

const DEFAULT_HEIGHT = 232;

async function height(page: Page, testId: string): Promise<number> {
  const box = await page.getByTestId(testId).boundingBox();
  return box?.height ?? 0;
}

async function dividerCentre(page: Page): Promise<{ x: number; y: number }> {
  const box = await page.getByTestId('dock-divider').boundingBox();
  if (!box) throw new Error('no dock divider');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

test('dragging the divider resizes the dock, the height survives a reload, a double-click restores it', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  await expect.poll(() => height(page, 'dock')).toBeCloseTo(DEFAULT_HEIGHT, -1);
  const start = await dividerCentre(page);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(start.x, start.y - 30 * i);
  await page.mouse.up();
  await expect.poll(() => height(page, 'dock')).toBeGreaterThan(DEFAULT_HEIGHT + 280);
  const dragged = await height(page, 'dock');
  expect(dragged).toBeLessThan(DEFAULT_HEIGHT + 320);

  await page.reload();
  await expect(page.locator('.react-flow__node').first()).toBeVisible();
  await expect.poll(() => height(page, 'dock')).toBeCloseTo(dragged, -1);

  const now = await dividerCentre(page);
  await page.mouse.dblclick(now.x, now.y);
  await expect.poll(() => height(page, 'dock')).toBeCloseTo(DEFAULT_HEIGHT, -1);
  // The restored height is the one remembered.
  await page.reload();
  await expect(page.locator('.react-flow__node').first()).toBeVisible();
  await expect.poll(() => height(page, 'dock')).toBeCloseTo(DEFAULT_HEIGHT, -1);
});

test('the divider moves with the arrow keys', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  const divider = page.getByTestId('dock-divider');
  await expect(divider).toHaveAttribute('role', 'separator');
  await divider.focus();
  const before = await height(page, 'dock');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect.poll(() => height(page, 'dock')).toBeGreaterThan(before + 10);
});

test('the maximise button gives the dock the full height and gives the canvas back', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  await page.getByTestId('tab-whatif').click();
  const maximise = page.getByTestId('dock-maximise');
  const box = await maximise.boundingBox();
  if (!box) throw new Error('no maximise button');
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await expect(maximise).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => height(page, 'canvas')).toBeLessThan(1);
  const centre = await page.locator('#cf-center').boundingBox();
  await expect.poll(() => height(page, 'dock')).toBeGreaterThan((centre?.height ?? 0) - 3);
  await maximise.click();
  await expect(maximise).toHaveAttribute('aria-pressed', 'false');
  await expect.poll(() => height(page, 'dock')).toBeCloseTo(DEFAULT_HEIGHT, -1);
  await expect(editor.nodes().first()).toBeVisible();
});

test("the first frame, before the divider's code has loaded, has the panels' boxes; a maximise clicked then is done once it has", async ({ page }) => {
  // The divider's code (react-resizable-panels) is held back until the first frame has been measured.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/ResizableDock/, async (route) => {
    await held;
    await route.continue();
  });
  const editor = new EditorPage(page);
  await editor.open();
  await expect(page.getByTestId('dock-divider')).toHaveCount(0);
  const boxes = async () => Promise.all(['canvas', 'dock'].map((id) => page.getByTestId(id).boundingBox()));
  const first = await boxes();
  expect(first[1]?.height).toBeCloseTo(DEFAULT_HEIGHT, 0);
  await page.getByTestId('dock-maximise').click();
  release();
  await expect(page.getByTestId('dock-maximise')).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => height(page, 'canvas')).toBeLessThan(1);
  await page.getByTestId('dock-maximise').click();
  await expect.poll(() => height(page, 'dock')).toBeCloseTo(DEFAULT_HEIGHT, -1);
  // The panels lay the two out exactly as the first frame did.
  expect(await boxes()).toEqual(first);
});

test('every tab opened once the page has been idle draws in the click’s own frame: no “Loading the …” on the way', async ({ page }) => {
  // The tabs' code loads at the page's first quiet moment; a lazy tab would still show its fallback
  // on its first render, and React then holds the tab back some 300 ms after it.
  const chunks = ['WhatIfDock', 'PlatformsPanel', 'TracePanel', 'CalibrationPanel', 'ProblemsPanel', 'HistoryPanel', 'ComparePanel'];
  const loaded = chunks.map((name) => page.waitForResponse(new RegExp(`/assets/${name}-[\\w-]+\\.js$`), { timeout: 20_000 }));
  const editor = new EditorPage(page);
  await editor.open();
  await Promise.all(loaded);
  // Their modules evaluated too (the preloads' imports resolved).
  await page.waitForFunction(() => new Promise((resolve) => requestIdleCallback(() => resolve(true))));
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __fallbacks: string[] }).__fallbacks = seen;
    new MutationObserver((records) => {
      for (const r of records) {
        for (const node of r.addedNodes) if (node.textContent?.startsWith('Loading the')) seen.push(node.textContent);
      }
    }).observe(document.body, { childList: true, subtree: true });
  });
  for (const [tab, panel] of [
    ['tab-whatif', 'whatif-dock'],
    ['tab-platforms', 'platforms-panel'],
    ['tab-trace', 'trace-panel'],
    ['tab-calibration', 'calibration-panel'],
    ['tab-problems', 'problems-panel'],
  ] as const) {
    await page.getByTestId(tab).click();
    await expect(page.getByTestId(panel)).toBeVisible();
  }
  expect(await page.evaluate(() => (window as unknown as { __fallbacks: string[] }).__fallbacks)).toEqual([]);
});
