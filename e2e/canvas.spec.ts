import { expect, test } from '@playwright/test';
import { EditorPage } from './editor.page';

test('dragging an edge over a module it cannot connect to says why', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  await page.getByTestId('cost-row-m9').click();
  const target = editor.node('m9').locator('.react-flow__handle.target');
  // Held over m9's handle (measured again if the view moved under the first press).
  await editor.startConnection(editor.node('m11').locator('.react-flow__handle.source:not(.cf-handle--error)'), async () => {
    const to = await target.boundingBox();
    if (!to) throw new Error('handles not visible');
    return { x: to.x + to.width / 2, y: to.y + to.height / 2 };
  });
  await expect(page.getByTestId('connect-hint')).toContainText('only one incoming edge');
  await page.mouse.up();
  await expect(page.getByTestId('connect-hint')).toHaveCount(0);
});

test('dropping an edge on empty canvas offers the palette and adds a connected module', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  await page.getByTestId('cost-row-m10').click();
  const before = await editor.idsOfModules();
  // let go where no module, edge, panel or handle is near (the start view may put one just below m10)
  await editor.dragConnection(editor.node('m10').locator('.react-flow__handle.source'), (start) => editor.emptyCanvasPoint({ x: start.x + 40, y: start.y + 160 }));
  const dialog = page.getByTestId('palette-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('palette-item-code').click();
  await expect(editor.nodes()).toHaveCount(before.length + 1);
  const added = (await editor.idsOfModules()).find((id) => !before.includes(id))!;
  const flow = JSON.parse(await editor.exportFlow()) as { edges: { source: string; target: string }[] };
  expect(flow.edges.some((e) => e.source === 'm10' && e.target === added)).toBe(true);
});

test('context menus list the registry’s commands', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  await page.getByTestId('cost-row-m11').click();
  const count = await editor.nodes().count();
  await editor.node('m11').getByTestId('node-name').click({ button: 'right' });
  const menu = page.getByTestId('context-menu');
  await expect(menu).toBeVisible();
  await expect(menu.getByTestId('ctx-edit.copy')).toContainText('Copy');
  await menu.getByTestId('ctx-edit.delete').click();
  await expect(editor.nodes()).toHaveCount(count - 1);

  await editor.clickEmptyCanvas();
  const pane = await page.locator('.react-flow__pane').boundingBox();
  await page.mouse.click(pane!.x + 60, pane!.y + 120, { button: 'right' });
  await expect(menu.getByTestId('ctx-select.all')).toBeVisible();
  await menu.getByTestId('ctx-select.all').click();
  await expect(page.locator('.react-flow__node.selected')).toHaveCount(count - 1);
});

test('the context menu opens at the pointer and stays on screen at the window edge', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  const pane = (await page.locator('.react-flow__pane').boundingBox())!;
  const menu = page.getByTestId('context-menu');
  const at = { x: pane.x + 80, y: pane.y + 140 };
  await page.mouse.click(at.x, at.y, { button: 'right' });
  await expect(menu).toBeVisible();
  const box = (await menu.boundingBox())!;
  expect(Math.abs(box.x - at.x)).toBeLessThanOrEqual(2);
  expect(Math.abs(box.y - at.y)).toBeLessThanOrEqual(2);
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);

  // At the canvas's bottom the menu would leave the window: it flips up, its corner at the pointer.
  const view = page.viewportSize()!;
  const edge = { x: pane.x + pane.width - 10, y: pane.y + pane.height - 10 };
  await page.mouse.click(edge.x, edge.y, { button: 'right' });
  await expect(menu).toBeVisible();
  const flipped = (await menu.boundingBox())!;
  expect(flipped.x + flipped.width).toBeLessThanOrEqual(view.width);
  expect(flipped.y + flipped.height).toBeLessThanOrEqual(view.height);
  expect(Math.abs(flipped.x - edge.x)).toBeLessThanOrEqual(2);
  expect(Math.abs(flipped.y + flipped.height - edge.y)).toBeLessThanOrEqual(2);
});

test('the heatmap colours modules by share and shows its legend', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  await page.getByTestId('cmd-view.toggleHeatmap').click();
  await expect(page.getByTestId('cmd-view.toggleHeatmap')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('canvas').getByTestId('heatmap-legend')).toBeVisible();
  await expect(page.locator('.cf-canvas--heatmap')).toHaveCount(1);
});
