import { expect, test } from '@playwright/test';
import { formatCredits } from '../src/cost/format';
import { EditorPage } from './editor.page';
import { price, priceText, sample } from './expected';

test('drag a module from the palette, connect it, and the total follows the engine', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  await editor.openFileMenu();
  await page.getByTestId('menu-file.new').click();
  await expect(editor.nodes()).toHaveCount(1);
  const triggerId = (await editor.idsOfModules())[0]!;

  const trigger = await editor.node(triggerId).boundingBox();
  const pane = await page.locator('.react-flow__pane').boundingBox();
  if (!trigger || !pane) throw new Error('canvas not visible');
  await editor.dragFromPalette('action', { x: trigger.x - pane.x + trigger.width / 2, y: trigger.y - pane.y + 220 });
  await expect(editor.nodes()).toHaveCount(2);
  const actionId = (await editor.idsOfModules()).find((id) => id !== triggerId)!;
  await expect(editor.node(actionId)).toContainText('Action');

  await editor.connect(triggerId, actionId);
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);

  const text = await editor.exportFlow();
  const flow = JSON.parse(text) as { edges: { source: string; target: string }[] };
  expect(flow.edges).toEqual([expect.objectContaining({ source: triggerId, target: actionId })]);
  await editor.expectTotal(priceText(text).total);
});

test('an invalid connection is refused with the reason', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  // m9 (an action) already has an incoming edge: connecting m4 → m9 would give it a second one
  await editor.page.getByTestId('cost-row-m9').click();
  const before = await page.locator('.react-flow__edge').count();
  await editor.connect('m11', 'm9');
  await expect(page.getByTestId('toast')).toContainText(/only one incoming edge|Only routers branch|cannot/i);
  await expect(page.locator('.react-flow__edge')).toHaveCount(before);
});

test('a toast covers neither canvas nor panels, never takes a drag, and a new one replaces it', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  await editor.clickEmptyCanvas();
  await editor.press('Control+V');
  const toast = editor.toast();
  await expect(toast).toContainText('Nothing to paste');
  const box = (await toast.boundingBox())!;
  const canvas = (await page.getByTestId('canvas').boundingBox())!;
  const dock = (await page.getByTestId('dock').boundingBox())!;
  for (const area of [canvas, dock]) {
    const apart = box.x + box.width <= area.x || area.x + area.width <= box.x || box.y + box.height <= area.y || area.y + area.height <= box.y;
    expect(apart).toBe(true);
  }

  // The message lets the pointer through to what is under it, and a drag across it never selects it.
  const message = toast.locator('.cf-toast__message');
  const at = (await message.boundingBox())!;
  const hit = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('[data-testid="toast"]') !== null, { x: at.x + 4, y: at.y + at.height / 2 });
  expect(hit).toBe(false);
  await page.mouse.move(at.x + 2, at.y + at.height / 2);
  await page.mouse.down();
  await page.mouse.move(at.x + 600, at.y - 300, { steps: 8 });
  await page.mouse.up();
  expect(await page.evaluate(() => window.getSelection()?.toString() ?? '')).not.toContain('Nothing to paste');

  // A later toast replaces this one (one toast, the new message), and the button dismisses it.
  await page.getByTestId('cost-row-m9').click();
  await editor.connect('m11', 'm9');
  await expect(toast).toHaveCount(1);
  await expect(toast).toContainText(/only one incoming edge|Only routers branch|cannot/i);
  await expect(toast).not.toContainText('Nothing to paste');
  await editor.dismissToast();
});

test('setting a duration changes the badge and the total to the engine’s numbers', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  const flow = sample('lead-enrichment');
  const module = flow.modules.find((m) => m.id === 'm7')!;
  module.assumptions = { ...module.assumptions, durationSec: 30 };
  const expected = price(flow);

  await editor.selectModule('m7');
  await editor.setField('durationSec', '30');
  await expect(editor.credits('m7')).toContainText(formatCredits(expected.byId.get('m7')!.credits));
  expect(await editor.creditsValue('m7')).toBeCloseTo(expected.byId.get('m7')!.credits, 9);
  await editor.expectTotal(expected.total);
});

test('a break filter at 50 % halves the ×N of the modules below it', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  const before = { m4: await editor.executions('m4'), m5: await editor.executions('m5') };
  await editor.selectEdge('e3');
  await page.getByTestId('filter-mode').selectOption('break');
  await editor.setField('passRate', '50');
  await expect.poll(() => editor.executions('m4')).toBeCloseTo(before.m4 / 2, 9);
  expect(await editor.executions('m5')).toBeCloseTo(before.m5 / 2, 9);
  await expect(editor.edgeLabel('e3')).toContainText('break · 50 %');

  const flow = sample('lead-enrichment');
  flow.edges.find((e) => e.id === 'e3')!.filter = { mode: 'break', passRate: 0.5 };
  await editor.expectTotal(price(flow).total);
});

test('a standard router made exclusive with a fallback prices as the engine says', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  await editor.openFileMenu();
  await page.getByTestId('menu-file.openSample').hover();
  await page.getByTestId('sample-support-ticket-triage').click();
  await expect(page.getByTestId('flow-name')).toHaveValue('Support ticket triage');

  await editor.selectModule('m3');
  await page.getByTestId('router-mode').selectOption('exclusive');
  // make the route to "Create Linear issue" the fallback instead of the one to "Draft general reply"
  await editor.selectEdge('e7');
  await page.getByTestId('route-fallback').uncheck();
  await editor.selectEdge('e5');
  await page.getByTestId('route-fallback').check();
  await expect(editor.edgeLabel('e5')).toContainText('fallback');

  const text = await editor.exportFlow();
  const exported = JSON.parse(text) as { modules: { id: string; config?: { mode?: string } }[]; edges: { id: string; route?: { fallback: boolean } }[] };
  expect(exported.modules.find((m) => m.id === 'm3')?.config?.mode).toBe('exclusive');
  expect(exported.edges.find((e) => e.id === 'e5')?.route?.fallback).toBe(true);
  const cost = priceText(text);
  await editor.expectTotal(cost.total);
  expect(await editor.executions('m6')).toBeCloseTo(cost.byId.get('m6')!.executions, 9);
});

test('undo and redo a drag, a delete and a paste', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  const start = await editor.position('m11');

  // drag: one undo step however many frames it took
  await editor.dragModule('m11', 120, 60);
  const moved = await editor.position('m11');
  expect(moved).not.toEqual(start);
  await editor.undo();
  await expect.poll(() => editor.position('m11')).toEqual(start);
  await editor.redo();
  await expect.poll(() => editor.position('m11')).toEqual(moved);

  // delete
  const count = await editor.nodes().count();
  await editor.selectModule('m11');
  await page.keyboard.press('Delete');
  await expect(editor.nodes()).toHaveCount(count - 1);
  await editor.undo();
  await expect(editor.nodes()).toHaveCount(count);
  await expect(editor.node('m11')).toBeVisible();
  await editor.redo();
  await expect(editor.nodes()).toHaveCount(count - 1);

  // paste
  await editor.selectModule('m9');
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  await expect(editor.nodes()).toHaveCount(count);
  await editor.undo();
  await expect(editor.nodes()).toHaveCount(count - 1);
  await editor.redo();
  await expect(editor.nodes()).toHaveCount(count);
});

test('a module is drawn under the pointer while dragged and saved where it is dropped', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  const start = await editor.position('m11');
  await editor.pressAndMove('m11', 160, 80);
  // Mid-drag the module follows the pointer on screen.
  await expect.poll(() => editor.position('m11')).not.toEqual(start);
  await page.mouse.up();
  const dropped = await editor.position('m11');

  // The document took the drop: the autosave holds the module where it is drawn, and a reload shows it there.
  await expect.poll(() => editor.savedPosition('m11')).toEqual(dropped);
  await page.reload();
  await expect.poll(() => editor.position('m11')).toEqual(dropped);
});

test('a drag whose drop the canvas never hears of still lands where it is shown', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  const start = await editor.position('m11');
  await editor.pressAndMove('m11', 120, 60);
  const shown = await editor.position('m11');
  expect(shown).not.toEqual(start);
  // The pointer is released where React Flow does not see it (a pointerup alone, no mouseup).
  await page.evaluate(() => window.dispatchEvent(new PointerEvent('pointerup', { bubbles: true })));
  await expect.poll(() => editor.savedPosition('m11')).toEqual(shown);
  await page.mouse.up();
  // One undo step: the module goes back to where it started.
  await editor.undo();
  await expect.poll(() => editor.position('m11')).toEqual(start);
});

test('two selected modules move together, in the file too, and one undo puts both back', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  await editor.selectModule('m9');
  await editor.selectModule('m10', { shift: true });
  const start = { m9: await editor.position('m9'), m10: await editor.position('m10') };
  await editor.dragModule('m9', 160, 96);
  const moved = { m9: await editor.position('m9'), m10: await editor.position('m10') };
  // Both moved by the same amount.
  expect(moved.m9.x - start.m9.x).toBeGreaterThan(100);
  expect(moved.m10.x - start.m10.x).toBeCloseTo(moved.m9.x - start.m9.x, 0);
  expect(moved.m10.y - start.m10.y).toBeCloseTo(moved.m9.y - start.m9.y, 0);
  const positions = JSON.parse(await editor.exportFlow()) as { modules: { id: string; position: { x: number; y: number } }[] };
  expect(positions.modules.find((m) => m.id === 'm9')!.position).toEqual(moved.m9);
  expect(positions.modules.find((m) => m.id === 'm10')!.position).toEqual(moved.m10);
  await editor.undo();
  await expect.poll(() => editor.position('m9')).toEqual(start.m9);
  await expect.poll(() => editor.position('m10')).toEqual(start.m10);
});

test('copy and paste two connected modules keeps their edge, with new ids', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  const before = await editor.idsOfModules();
  const edgesBefore = await page.locator('.react-flow__edge').count();
  await editor.selectModule('m9');
  await editor.selectModule('m10', { shift: true });
  await expect(editor.node('m9')).toHaveClass(/selected/);
  await expect(editor.node('m10')).toHaveClass(/selected/);
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  await expect(editor.nodes()).toHaveCount(before.length + 2);
  await expect(page.locator('.react-flow__edge')).toHaveCount(edgesBefore + 1);

  const text = await editor.exportFlow();
  const flow = JSON.parse(text) as { modules: { id: string; name: string }[]; edges: { source: string; target: string }[] };
  const added = flow.modules.filter((m) => !before.includes(m.id));
  expect(added).toHaveLength(2);
  const [a, b] = added;
  expect(flow.edges.some((e) => (e.source === a!.id && e.target === b!.id) || (e.source === b!.id && e.target === a!.id))).toBe(true);
  // the pasted modules are the selection
  for (const m of added) await expect(editor.node(m.id)).toHaveClass(/selected/);
});

test('Ctrl+F finds a module by name, selects and centres it', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  await editor.clickEmptyCanvas();
  await page.keyboard.press('Control+f');
  await page.getByTestId('search-input').fill('upsert');
  await page.keyboard.press('Enter');
  await expect(editor.node('m7')).toHaveClass(/selected/);
  await expect(editor.node('m7')).toBeInViewport();
});
