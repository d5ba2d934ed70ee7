/**
 * The far-zoom canvas (issue 19 item 2): a large flow seen whole is painted on one canvas, with no
 * module card in the DOM; a click selects a module as a DOM click does, a drag moves it as one
 * undo step, the pointer over it shows its name, and zooming in brings React Flow's cards back at
 * the same place.
 */
import { expect, test, type Page } from '@playwright/test';
import { generateFlow } from '../src/model/generate';
import { ESTIMATED_NODE_SIZE } from '../src/canvas/mapping';
import { EditorPage } from './editor.page';

const MODULES = 1000;
// `?generate=N` opens the generator's flow of N modules (seed 1), fitted whole (src/main.tsx).
const flow = generateFlow({ modules: MODULES, seed: 1 });

test.describe.configure({ timeout: 180_000 });

/** React Flow's viewport transform: translate and zoom. */
async function viewport(page: Page): Promise<{ x: number; y: number; zoom: number }> {
  const transform = await page.locator('.react-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform);
  const match = /translate\(([-\d.]+)px,\s*([-\d.]+)px\)\s*scale\(([\d.]+)\)/.exec(transform);
  if (!match) throw new Error(`no viewport in ${transform}`);
  return { x: Number(match[1]), y: Number(match[2]), zoom: Number(match[3]) };
}

/** Where on the page the middle of a module's card is, for a module at `position`. */
async function onScreen(page: Page, position: { x: number; y: number }): Promise<{ x: number; y: number }> {
  const pane = (await page.locator('.react-flow').boundingBox())!;
  const view = await viewport(page);
  return {
    x: pane.x + view.x + (position.x + ESTIMATED_NODE_SIZE.width / 2) * view.zoom,
    y: pane.y + view.y + (position.y + ESTIMATED_NODE_SIZE.height / 2) * view.zoom,
  };
}

/** The module nearest the middle of the canvas, with no other module’s card within 40 flow units. */
async function moduleNearTheMiddle(page: Page) {
  const pane = (await page.locator('.react-flow').boundingBox())!;
  const view = await viewport(page);
  const middle = { x: (pane.width / 2 - view.x) / view.zoom, y: (pane.height / 2 - view.y) / view.zoom };
  const { width, height } = ESTIMATED_NODE_SIZE;
  const apart = (a: (typeof flow.modules)[number]) =>
    flow.modules.every(
      (b) => b === a || Math.abs(a.position.x - b.position.x) > width + 40 || Math.abs(a.position.y - b.position.y) > height + 40,
    );
  const sorted = [...flow.modules].sort(
    (a, b) => Math.hypot(a.position.x - middle.x, a.position.y - middle.y) - Math.hypot(b.position.x - middle.x, b.position.y - middle.y),
  );
  return sorted.find(apart)!;
}

/** Wheels in around `point` until the zoom is at least `zoom` (the point under the pointer stays put). */
async function zoomAround(page: Page, point: { x: number; y: number }, zoom: number) {
  await page.mouse.move(point.x, point.y);
  for (let i = 0; i < 40 && (await viewport(page)).zoom < zoom; i++) {
    await page.mouse.wheel(0, -120);
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  }
}

async function openFar(page: Page) {
  await page.goto(`/?generate=${MODULES}`);
  await expect(page.getByTestId('far-canvas')).toHaveAttribute('data-cards', String(MODULES), { timeout: 60_000 });
  expect((await viewport(page)).zoom).toBeLessThan(0.4);
}

/** Opens the flow whole and selects the module nearest the middle with a click on the far canvas. */
async function openAndSelect(page: Page) {
  await openFar(page);
  const target = await moduleNearTheMiddle(page);
  const at = await onScreen(page, target.position);
  await page.mouse.click(at.x, at.y);
  await expect(page.getByTestId('inspector').getByTestId('field-name')).toHaveValue(target.name);
  return { target, at };
}

test('a large flow seen whole is one canvas: no module card or edge path in the DOM', async ({ page }) => {
  await openFar(page);
  await expect(page.locator('.react-flow__node')).toHaveCount(0);
  await expect(page.locator('.react-flow__edge')).toHaveCount(0);
  await expect(page.getByTestId('far-minimap')).toBeVisible();
  // The canvas's part of the page stays small whatever the flow's size: a thousand modules are no
  // element of their own there (the dock's cost table windows its rows apart, and the page's total
  // moves with panels and progress bars coming and going, so it is not what is counted).
  expect(await page.locator('#cf-canvas-panel *').count()).toBeLessThan(MODULES / 5);
});

test('a click selects a module, the pointer over it shows its name, a drag moves it as one undo step', async ({ page }) => {
  await openFar(page);
  const module = moduleNearTheMiddle(page);
  const target = await module;
  const at = await onScreen(page, target.position);

  await page.mouse.move(at.x, at.y);
  await expect(page.getByTestId('far-tooltip')).toHaveText(target.name);

  await page.mouse.click(at.x, at.y);
  await expect(page.getByTestId('inspector').getByTestId('field-name')).toHaveValue(target.name);

  // Drag it 120 px right and 80 px down, in steps, as a hand does.
  await page.mouse.move(at.x, at.y);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(at.x + 12 * i, at.y + 8 * i);
  await page.mouse.up();
  const dropped = { x: at.x + 120, y: at.y + 80 };
  // The module is now under the drop point and no longer where it was.
  await page.mouse.move(dropped.x, dropped.y);
  await expect(page.getByTestId('far-tooltip')).toHaveText(target.name);
  await page.mouse.move(at.x, at.y);
  await expect(page.getByTestId('far-tooltip')).not.toHaveText(target.name);
  // Still selected after the drag.
  await expect(page.getByTestId('inspector').getByTestId('field-name')).toHaveValue(target.name);

  // One undo puts it back.
  await page.getByTestId('cmd-edit.undo').click();
  await page.mouse.move(dropped.x, dropped.y);
  await page.mouse.move(at.x, at.y);
  await expect(page.getByTestId('far-tooltip')).toHaveText(target.name);
  await expect(page.getByTestId('cmd-edit.undo')).toBeDisabled();
});

/**
 * The far canvas's pixels compared with those kept by the last call (kept in the page, not sent
 * over the wire): how many pixels are painted, how many differ and by how much at most (0–255).
 */
async function comparePixels(page: Page): Promise<{ painted: number; differing: number; most: number }> {
  // Two frames: the last change is painted.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  return page.getByTestId('far-canvas').evaluate((el) => {
    const canvas = el as HTMLCanvasElement;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    const w = window as unknown as { __kept?: Uint8ClampedArray };
    const kept = w.__kept;
    w.__kept = data;
    let painted = 0;
    let differing = 0;
    let most = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3]! > 0) painted++;
      if (!kept || kept.length !== data.length) continue;
      let d = 0;
      for (let c = 0; c < 4; c++) d = Math.max(d, Math.abs(data[i + c]! - kept[i + c]!));
      if (d > 0) differing++;
      most = Math.max(most, d);
    }
    return { painted, differing: kept && kept.length === data.length ? differing : -1, most };
  });
}

test('a pan paints what the canvas paints anew at that view', async ({ page }) => {
  await openFar(page);
  // Closer in (still far), so the flow reaches past the view's edges and the strips a pan uncovers hold part of it.
  const pane = (await page.locator('.react-flow').boundingBox())!;
  await zoomAround(page, { x: pane.x + pane.width / 2, y: pane.y + pane.height / 2 }, 0.12);
  expect((await viewport(page)).zoom).toBeLessThan(0.4);
  // Press where no module is (the canvas marks a module under the pointer) and pan by whole pixels, as a hand does.
  let empty: { x: number; y: number } | null = null;
  for (let fy = 0.3; fy < 0.8 && !empty; fy += 0.05)
    for (let fx = 0.3; fx < 0.8 && !empty; fx += 0.05) {
      const point = { x: Math.round(pane.x + pane.width * fx), y: Math.round(pane.y + pane.height * fy) };
      await page.mouse.move(point.x, point.y);
      if (!(await page.getByTestId('canvas').evaluate((el) => el.hasAttribute('data-far-hover')))) empty = point;
    }
  if (!empty) throw new Error('no empty canvas to press on');
  const before = await viewport(page);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(empty.x - 12 * i, empty.y - 6 * i);
  await page.mouse.up();
  await page.mouse.move(5, 5); // off the canvas: no tooltip
  const after = await viewport(page);
  expect(after.x - before.x).toBeCloseTo(-120, 5);
  expect(after.y - before.y).toBeCloseTo(-60, 5);
  const panned = await comparePixels(page);
  expect(panned.painted).toBeGreaterThan(0);
  // A new canvas size paints the whole flow anew, at the same view.
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: size.width + 1, height: size.height });
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await page.setViewportSize(size);
  expect(await viewport(page)).toEqual(after);
  const anew = await comparePixels(page);
  // The same picture: no card or link missing, doubled or cut at a strip's edge. Only the anti-aliasing
  // of a few edges may round otherwise (the two paints place the flow through different offsets).
  expect(anew.painted).toBe(panned.painted);
  expect(anew.differing).toBeGreaterThanOrEqual(0);
  expect(anew.differing).toBeLessThan(anew.painted / 100);
  expect(anew.most).toBeLessThan(64);
});

test('a click on empty canvas clears the selection; Shift and a drag selects the modules in the box', async ({ page }) => {
  const { target, at } = await openAndSelect(page);

  // Empty canvas: above the flow's top (the trigger is at the top of the generated flow).
  const top = Math.min(...flow.modules.map((m) => m.position.y));
  const empty = await onScreen(page, { x: target.position.x, y: top - 400 });
  await page.mouse.click(empty.x, empty.y);
  await expect(page.getByTestId('inspector-flow')).toBeVisible();

  // A box around the module's card, drawn with Shift held, closer in (a card is a few px whole-flow).
  await zoomAround(page, at, 0.22);
  expect((await viewport(page)).zoom).toBeLessThan(0.4);
  const view = await viewport(page);
  const card = { width: ESTIMATED_NODE_SIZE.width * view.zoom, height: ESTIMATED_NODE_SIZE.height * view.zoom };
  await page.keyboard.down('Shift');
  await page.mouse.move(at.x - card.width / 2 - 8, at.y - card.height / 2 - 6);
  await page.mouse.down();
  await page.mouse.move(at.x, at.y, { steps: 4 });
  await page.mouse.move(at.x + card.width / 2 + 8, at.y + card.height / 2 + 6, { steps: 4 });
  await page.mouse.up();
  await page.keyboard.up('Shift');
  await expect(page.getByTestId('inspector').getByTestId('field-name')).toHaveValue(target.name);
});

test('a right-click on a module opens its menu of the registry’s commands, as close up; on empty canvas the canvas menu', async ({ page }) => {
  await openFar(page);
  const target = await moduleNearTheMiddle(page);
  const at = await onScreen(page, target.position);
  const menu = page.getByTestId('context-menu');

  // Before, the pane under the painted card opened the canvas menu: no Copy, Cut or Delete.
  await page.mouse.click(at.x, at.y, { button: 'right' });
  await expect(menu).toBeVisible();
  await expect(menu.getByTestId('ctx-edit.copy')).toContainText('Copy');
  await expect(menu.getByTestId('ctx-select.all')).toHaveCount(0);
  const box = (await menu.boundingBox())!;
  expect(Math.abs(box.x - at.x)).toBeLessThanOrEqual(2);
  await expect(page.getByTestId('inspector').getByTestId('field-name')).toHaveValue(target.name);
  await menu.getByTestId('ctx-edit.delete').click();
  await expect(page.getByTestId('far-canvas')).toHaveAttribute('data-cards', String(MODULES - 1));

  // Empty canvas: above the flow's top (the trigger is at the top of the generated flow).
  const top = Math.min(...flow.modules.map((m) => m.position.y));
  const empty = await onScreen(page, { x: target.position.x, y: top - 400 });
  await page.mouse.click(empty.x, empty.y, { button: 'right' });
  await expect(menu.getByTestId('ctx-select.all')).toBeVisible();
  await expect(menu.getByTestId('ctx-edit.copy')).toHaveCount(0);
});

test('zooming in brings back React Flow’s cards at the same place, with the selection', async ({ page }) => {
  const { target, at } = await openAndSelect(page);

  // Wheel in around the module until the view is past the far zoom: the point under the pointer stays put.
  await zoomAround(page, at, 0.5);
  expect((await viewport(page)).zoom).toBeGreaterThanOrEqual(0.4);
  await expect(page.getByTestId('far-canvas')).toHaveCount(0);
  const node = page.locator(`.react-flow__node[data-id="${target.id}"]`);
  await expect(node).toBeVisible();
  await expect(node).toHaveClass(/selected/);
  const box = (await node.boundingBox())!;
  expect(at.x).toBeGreaterThan(box.x);
  expect(at.x).toBeLessThan(box.x + box.width);
  expect(at.y).toBeGreaterThan(box.y);
  expect(at.y).toBeLessThan(box.y + box.height);
  // Only what is in view is in the DOM.
  expect(await page.locator('.react-flow__node').count()).toBeLessThan(200);
});

test('tracing a run brings back the cards, so the bundle’s path can be drawn on them', async ({ page }) => {
  await openFar(page);
  await page.getByTestId('tab-trace').click();
  await page.getByTestId('trace-seed').fill('1');
  await page.getByTestId('trace-run').click();
  await expect(page.getByTestId('trace-position')).toContainText('Step 1 of');
  await expect(page.getByTestId('far-canvas')).toHaveCount(0);
  await expect(page.locator('[data-trace="current"]')).toHaveCount(1);
});

test('close up, React Flow holds the modules near the view, yet a selection reaching far beyond it moves as one and Find reveals the far module moved', async ({ page }) => {
  const editor = new EditorPage(page);
  const { target, at } = await openAndSelect(page);
  await zoomAround(page, at, 0.5);
  await expect(page.getByTestId('far-canvas')).toHaveCount(0);
  const far = flow.modules.reduce((a, b) =>
    Math.hypot(b.position.x - target.position.x, b.position.y - target.position.y) > Math.hypot(a.position.x - target.position.x, a.position.y - target.position.y) ? b : a,
  );
  await expect(page.locator(`.react-flow__node[data-id="${far.id}"]`)).toHaveCount(0);

  // Everything selected, then the module in view dragged: the far one goes as far.
  await page.keyboard.press('ControlOrMeta+a');
  await expect(page.locator(`.react-flow__node[data-id="${target.id}"]`)).toHaveClass(/selected/);
  const before = await editor.position(target.id);
  await editor.dragModule(target.id, 120, 80);
  await expect.poll(async () => (await editor.position(target.id)).x).not.toBe(before.x);
  const after = await editor.position(target.id);
  await editor.revealModule(far.id);
  const farNode = page.locator(`.react-flow__node[data-id="${far.id}"]`);
  await expect(farNode).toHaveClass(/selected/);
  expect(await editor.position(far.id)).toEqual({ x: far.position.x + after.x - before.x, y: far.position.y + after.y - before.y });

  // One undo step puts both back.
  await page.getByTestId('cmd-edit.undo').click();
  await expect.poll(() => editor.position(far.id)).toEqual(far.position);
  await expect(page.getByTestId('cmd-edit.undo')).toBeDisabled();

  // A click on one module alone leaves out the others, near the view or not.
  await editor.node(far.id).getByTestId('node-name').click({ modifiers: ['ControlOrMeta'] });
  await expect(farNode).not.toHaveClass(/selected/);
  await editor.node(far.id).getByTestId('node-name').click();
  await expect(page.getByTestId('inspector').getByTestId('field-name')).toHaveValue(far.name);
});
