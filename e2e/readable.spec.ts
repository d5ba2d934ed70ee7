/**
 * Issue 18 §23: the flow opens, and "Fit view" goes, at a zoom where module names can be read
 * (names drawn at 11 px or more); a flow that does not fit there shows its start; a cut name is
 * shown whole on hover.
 */
import { expect, test, type Page } from '@playwright/test';
import { EditorPage } from './editor.page';

/** The canvas's zoom, read from React Flow's viewport transform. */
async function zoom(page: Page): Promise<number> {
  const transform = await page.locator('.react-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform);
  const match = /scale\(([\d.]+)\)/.exec(transform);
  if (!match) throw new Error(`no zoom in ${transform}`);
  return Number(match[1]);
}

/** The on-screen height of the first module name's font, in px. */
async function nameFontPx(page: Page): Promise<number> {
  const size = await page.getByTestId('node-name').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  return size * (await zoom(page));
}

test('the flow opens and fits at a zoom where module names are readable', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  await expect.poll(() => nameFontPx(page)).toBeGreaterThanOrEqual(11);
  // Zoom far out with the real wheel, then "Fit view" with the mouse.
  const canvas = await page.getByTestId('canvas').boundingBox();
  if (!canvas) throw new Error('canvas not visible');
  await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
  for (let i = 0; i < 8; i++) await page.mouse.wheel(0, 400);
  await expect.poll(() => zoom(page)).toBeLessThan(0.5);
  const fit = page.getByTestId('cmd-view.fitView');
  const box = await fit.boundingBox();
  if (!box) throw new Error('fit view button not visible');
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await expect.poll(() => nameFontPx(page)).toBeGreaterThanOrEqual(11);
  // The start of the flow (its trigger, the sample's first module) is on screen.
  await expect(page.getByTestId('node-m1')).toBeInViewport();
});

test('a module name is shown whole on hover', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  const name = page.getByTestId('node-name').first();
  const text = await name.textContent();
  await name.hover();
  await expect(name).toHaveAttribute('title', text ?? '');
});

test('the flow’s totals in the inspector keep a seven-digit month on one line when the three fit side by side', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  // 3,000 → 30,000 likely runs: the month passes two million credits (the sample's run is 71 credits).
  await editor.setField('runsPerMonth-max', '60000');
  await editor.setField('runsPerMonth-likely', '30000');
  const stats = page.getByTestId('inspector-stats');
  await expect(stats).toContainText(/\d,\d{3},\d{3}/);
  const lines = await stats.locator('.cf-insp-stat__value').evaluateAll((values) =>
    values.map((el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      return `${el.textContent}: ${tops.size}`;
    }),
  );
  expect(lines).toEqual(lines.map((line) => line.replace(/\d+$/, '1')));
});
