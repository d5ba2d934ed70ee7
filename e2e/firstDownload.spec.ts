/**
 * The file reader with the schema (io/parse.ts and zod) is not in the page's first download (issue
 * 13): a plain saved flow and the sample open without it, and what needs it waits for its code.
 * Here its chunk is held back to show that nothing is lost or done twice when it arrives late.
 */
import { expect, test, type Page } from '@playwright/test';
import { EditorPage } from './editor.page';
import { holdChunks } from './chunkHold';
import { CURRENT_VERSION } from '../src/io/migrations';

const KEY = 'creditflow:flow:v1';

/** Holds back the file reader's chunk (io/parse.ts and zod). */
const holdReader = (page: Page) => holdChunks(page, /\/assets\/parse-[\w-]+\.js$/);

/** The browser's saved flow on the first load of the page (a reload keeps what the app saved since). */
async function saved(page: Page, flow: object) {
  await page.addInitScript(
    ({ key, flowText }) => {
      if (sessionStorage.getItem('e2e:stored')) return;
      sessionStorage.setItem('e2e:stored', '1');
      localStorage.setItem(key, JSON.stringify({ storageVersion: 1, savedAt: 1, tabId: 'old-tab', flowText }));
    },
    { key: KEY, flowText: JSON.stringify(flow) },
  );
}

const FLOW = {
  format: 'creditflow',
  name: 'Saved before',
  settings: { runsPerMonth: 1000 },
  modules: [
    { id: 'm1', type: 'trigger', name: 'Webhook', position: { x: 0, y: 0 }, assumptions: { durationSec: 0, payloadKB: 2 } },
    { id: 'm2', type: 'action', name: 'Update CRM', position: { x: 0, y: 160 }, assumptions: { durationSec: 2 } },
  ],
  edges: [{ id: 'e1', source: 'm1', target: 'm2' }],
};

test('a saved flow of an older version waits for the reader, held back, then opens migrated', async ({ page }) => {
  await saved(page, { ...FLOW, version: 2 });
  const reader = await holdReader(page);
  await page.goto('/');
  await reader.asked;
  // Not the sample in the meantime: nothing is drawn until the saved flow can be read.
  await expect(page.getByTestId('canvas')).toHaveCount(0);
  reader.release();
  await expect(page.getByTestId('flow-name')).toHaveValue('Saved before');
  await expect(page.getByTestId('node-m2')).toBeVisible();
  await expect(page.getByTestId('storage-notice')).toContainText('older version (file version 2)');
});

test('a plain saved flow opens without the reader; Compare with file… clicked before its code arrives compares once it has', async ({ page }) => {
  await saved(page, { ...FLOW, version: CURRENT_VERSION });
  const reader = await holdReader(page);
  const editor = new EditorPage(page);
  await editor.open();
  await expect(page.getByTestId('flow-name')).toHaveValue('Saved before');

  await editor.openFileMenu();
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('menu-view.compareWithFile').click();
  const older = { ...FLOW, version: CURRENT_VERSION, modules: [FLOW.modules[0]], edges: [] };
  await (await chooser).setFiles({ name: 'older.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(older)) });
  await reader.asked;
  await expect(page.getByTestId('compare-banner')).toHaveCount(0);
  reader.release();
  await expect(page.getByTestId('compare-banner')).toContainText('older.json');
  await expect(page.getByTestId('node-m2')).toHaveAttribute('data-diff', 'added');
  await expect(page.getByTestId('compare-banner')).toHaveCount(1);
});

test("a key, a toolbar button, the File menu and the right-click menu work at the first click while the commands' and menus' code is held back", async ({ page }) => {
  // The code of the file, clipboard and compare commands, the open menus and the right-click menu load after the first paint.
  const later = await holdChunks(page, /\/assets\/(loadedLater|MenuList|CanvasContextMenu)-[\w-]+\.js$/);
  const editor = new EditorPage(page);
  await editor.open();
  await later.asked;
  const count = await editor.nodes().count();
  const first = (await editor.idsOfModules())[0]!;
  await editor.selectModule(first);
  // Mod+D and the toolbar's Duplicate each wait for the code, then duplicate: nothing is lost.
  await page.keyboard.press('ControlOrMeta+d');
  await editor.selectModule(first);
  await page.getByTestId('cmd-edit.duplicate').click();
  // The File menu and the right-click menu open once their code is here.
  await editor.openFileMenu();
  await expect(page.getByTestId('file-menu-list')).toHaveCount(0);
  await expect(editor.nodes()).toHaveCount(count);
  later.release();
  await expect(editor.nodes()).toHaveCount(count + 2);
  await expect(page.getByTestId('file-menu-list')).toBeVisible();
  await page.keyboard.press('Escape');
  await editor.node(first).getByTestId('node-name').click({ button: 'right' });
  await expect(page.getByTestId('context-menu').getByTestId('ctx-edit.copy')).toBeVisible();
  await page.keyboard.press('Escape');
  // Undo takes back one duplicate at a time: two steps, as without the wait.
  await page.getByTestId('cmd-edit.undo').click();
  await expect(editor.nodes()).toHaveCount(count + 1);
});


test("a trace started while the tracer's and the canvas's trace code are held back shows once they arrive: the badge on its module, and stepping works", async ({ page }) => {
  // The tracer and its player (tracePlayer, the walk's chunk) and the canvas's badge and follower (traceLayer).
  const later = await holdChunks(page, /\/assets\/(tracePlayer|traceLayer)-[\w-]+\.js$/);
  const editor = new EditorPage(page);
  await editor.open();
  await later.asked;
  await page.getByTestId('tab-trace').click();
  await page.getByTestId('trace-run').click();
  // Nothing traced meanwhile, and no badge on the canvas.
  await expect(page.getByTestId('trace-badge')).toHaveCount(0);
  await expect(page.locator('[data-trace="current"]')).toHaveCount(0);
  later.release();
  await expect(page.getByTestId('trace-position')).toHaveText(/^Step 1 of \d+$/);
  await expect(page.locator('[data-trace="current"]')).toHaveCount(1);
  await expect(page.locator('[data-trace="current"]').getByTestId('trace-badge')).toContainText('Step 1');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('trace-position')).toHaveText(/^Step 2 of \d+$/);
  await expect(page.getByTestId('trace-badge')).toContainText('Step 2');
});

test("a comparison started while the canvas's comparison code is held back draws its banner, ghost and markers once it arrives", async ({ page }) => {
  await saved(page, { ...FLOW, version: CURRENT_VERSION });
  const later = await holdChunks(page, /\/assets\/compareLayer-[\w-]+\.js$/);
  const editor = new EditorPage(page);
  await editor.open();
  await expect(page.getByTestId('flow-name')).toHaveValue('Saved before');
  await later.asked;

  await editor.openFileMenu();
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('menu-view.compareWithFile').click();
  // The other file has a module this one lacks (a ghost) and lacks m2 (marked added).
  const other = {
    ...FLOW,
    version: CURRENT_VERSION,
    modules: [FLOW.modules[0], { id: 'm9', type: 'action', name: 'Gone', position: { x: 300, y: 160 }, assumptions: { durationSec: 1 } }],
    edges: [{ id: 'e9', source: 'm1', target: 'm9' }],
  };
  await (await chooser).setFiles({ name: 'other.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(other)) });
  // The comparison is on (the panel's tab), its canvas parts wait for their code.
  await expect(page.getByTestId('node-m2')).toHaveAttribute('data-diff', 'added');
  await expect(page.getByTestId('compare-banner')).toHaveCount(0);
  await expect(page.getByTestId('ghost-m9')).toHaveCount(0);
  await expect(page.getByTestId('node-m2').getByTestId('diff-tag')).toHaveCount(0);
  later.release();
  await expect(page.getByTestId('compare-banner')).toContainText('other.json');
  await expect(page.getByTestId('ghost-m9')).toBeVisible();
  await expect(page.getByTestId('node-m2').getByTestId('diff-tag')).toHaveText('Added');
  await page.getByTestId('compare-end').click();
  await expect(page.getByTestId('ghost-m9')).toHaveCount(0);
});

test("hovering a module's credits while the formula's code is held back shows the formula once it arrives", async ({ page }) => {
  const later = await holdChunks(page, /\/assets\/Formula-[\w-]+\.js$/);
  const editor = new EditorPage(page);
  await editor.open();
  await later.asked;
  const first = (await editor.idsOfModules())[0]!;
  await editor.credits(first).hover();
  await expect(page.getByTestId('formula-tooltip')).toHaveCount(0);
  later.release();
  await expect(page.getByTestId('formula-tooltip')).toBeVisible();
  await expect(page.getByTestId('formula-tooltip')).toContainText('credits');
});

test("Auto-layout clicked while the layout's code is held back lays the flow out once it arrives, in one undo step", async ({ page }) => {
  const later = await holdChunks(page, /\/assets\/layout-[\w-]+\.js$/);
  const editor = new EditorPage(page);
  await editor.open();
  const ids = await editor.idsOfModules();
  const positions = () => page.locator('.react-flow__node').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('style')).join('|'));
  const before = await positions();
  await page.getByTestId('cmd-view.autoLayout').click();
  await later.asked;
  await expect(editor.nodes()).toHaveCount(ids.length);
  expect(await positions()).toBe(before);
  later.release();
  await expect.poll(positions, { timeout: 30_000 }).not.toBe(before);
  await page.getByTestId('cmd-edit.undo').click();
  await expect.poll(positions).toBe(before);
});

test("What-if opened while the simulation client's code is held back shows its runs once it arrives, on the workers", async ({ page }) => {
  // The client (workers/simulationClient.ts): the editor's handle loads it with the first run asked.
  const later = await holdChunks(page, /\/assets\/simulationClient-[\w-]+\.js$/);
  const editor = new EditorPage(page);
  await editor.open();
  await page.getByTestId('tab-whatif').click();
  await expect(page.getByTestId('whatif-dock')).toBeVisible();
  await later.asked;
  // The panel is there, its runs asked for and waiting for the client's code.
  await expect(page.getByTestId('sim-status')).toHaveText('running 0 %');
  await expect(page.getByTestId('sim-p50')).toHaveAttribute('data-value', '');
  later.release();
  await expect(page.getByTestId('sim-status')).toHaveText('up to date', { timeout: 20_000 });
  expect(Number(await page.getByTestId('sim-p50').getAttribute('data-value'))).toBeGreaterThan(0);
  await expect(page.getByTestId('simulation-panel')).toHaveAttribute('data-ran-on', 'worker');
});

test("the simulation client's code failing to download: What-if says so in words, and editing and pricing go on", async ({ page }) => {
  await page.route(/\/assets\/simulationClient-[\w-]+\.js$/, (route) => route.abort());
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const editor = new EditorPage(page);
  await editor.open();
  await page.getByTestId('tab-whatif').click();
  await expect(page.getByTestId('simulation-panel').getByRole('alert')).toContainText("The simulation's code could not be downloaded");
  // The rest of the editor works: a module deleted leaves the top bar's total, and undo brings it back.
  const before = await editor.totalRunValue();
  const count = await editor.nodes().count();
  const last = (await editor.idsOfModules()).at(-1)!;
  await editor.selectModule(last);
  await page.keyboard.press('Delete');
  await expect(editor.nodes()).toHaveCount(count - 1);
  await expect.poll(() => editor.totalRunValue()).toBeLessThan(before);
  await page.getByTestId('cmd-edit.undo').click();
  await expect(editor.nodes()).toHaveCount(count);
  await expect.poll(() => editor.totalRunValue()).toBe(before);
  expect(errors).toEqual([]);
});

test("a scheduled trigger's runs a month price the first screen while the schedule's words (model/cron.ts) are held back; the trigger's field reads them once they arrive", async ({ page }) => {
  // 09:00 on weekdays: 261 days of 2026, 21.75 runs a month.
  const scheduled = {
    ...FLOW,
    version: CURRENT_VERSION,
    settings: {},
    modules: [{ ...FLOW.modules[0], type: 'trigger', name: 'Every weekday', config: { schedule: '0 9 * * MON-FRI' } }, FLOW.modules[1]],
  };
  await saved(page, scheduled);
  const later = await holdChunks(page, /\/assets\/cron-[\w-]+\.js$/);
  const editor = new EditorPage(page);
  await editor.open();
  await expect(page.getByTestId('flow-name')).toHaveValue('Saved before');
  const run = Number(await page.getByTestId('total-run').getAttribute('data-value'));
  const month = Number(await page.getByTestId('total-month').getAttribute('data-value'));
  expect(run).toBeGreaterThan(0);
  expect(month / run).toBeCloseTo(261 / 12, 6);
  await editor.selectModule('m1');
  await later.asked;
  await expect(page.getByTestId('schedule-reading')).toHaveCount(0);
  later.release();
  await expect(page.getByTestId('schedule-reading')).toContainText('21.75 runs a month');
  expect(Number(await page.getByTestId('total-month').getAttribute('data-value'))).toBe(month);
});

test("a saved flow with a budget: the first screen does not wait for the top bar's budget code, held back; the box shows no figure until it arrives", async ({ page }) => {
  await saved(page, { ...FLOW, version: CURRENT_VERSION, settings: { runsPerMonth: 1000, budget: { amount: 1, unit: 'credits' } } });
  const later = await holdChunks(page, /\/assets\/TopBarBudget-[\w-]+\.js$/);
  await page.goto('/');
  await later.asked;
  await expect(page.getByTestId('flow-name')).toHaveValue('Saved before');
  await expect(page.getByTestId('node-m2')).toBeVisible();
  await expect(page.getByTestId('topbar-budget')).toHaveAttribute('data-level', 'loading');
  await expect(page.getByTestId('topbar-budget')).toHaveText('Budget…');
  later.release();
  await expect(page.getByTestId('topbar-budget')).toHaveAttribute('data-level', 'over');
});

test("the top bar's budget code failing to download: the flow opens, the budget says why it is not shown, editing goes on, and a click tries again", async ({ page }) => {
  await saved(page, { ...FLOW, version: CURRENT_VERSION, settings: { runsPerMonth: 1000, budget: { amount: 1, unit: 'credits' } } });
  await page.route(/\/assets\/TopBarBudget-[\w-]+\.js$/, (route) => route.abort());
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const editor = new EditorPage(page);
  await editor.open();
  await expect(page.getByTestId('flow-name')).toHaveValue('Saved before');
  await expect(page.getByTestId('topbar-budget')).toHaveAttribute('data-level', 'error');
  await expect(page.getByTestId('topbar-budget')).toHaveAttribute('title', /could not be downloaded/);
  await editor.selectModule('m2');
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('node-m2')).toHaveCount(0);
  // Online again: a click on the box downloads the code again, and the budget shows.
  await page.unroute(/\/assets\/TopBarBudget-[\w-]+\.js$/);
  await page.getByTestId('topbar-budget').click();
  await expect(page.getByTestId('topbar-budget')).toHaveAttribute('data-level', 'over');
  expect(errors).toEqual([]);
});

test("a platform plan's price changed while the commands' code (with the platforms' table) is held back is applied once it arrives, in one undo step", async ({ page }) => {
  const later = await holdChunks(page, /\/assets\/loadedLater-[\w-]+\.js$/);
  const editor = new EditorPage(page);
  await editor.open();
  await later.asked;
  await page.getByTestId('tab-platforms').click();
  await expect(page.getByTestId('platforms-panel')).toBeVisible();
  const price = page.getByTestId('field-plan-n8n-0-price');
  const before = await price.inputValue();
  expect(before).not.toBe('99');
  await price.fill('99');
  await price.press('Enter');
  later.release();
  await expect(price).toHaveValue('99');
  await page.getByTestId('cmd-edit.undo').click();
  await expect(price).toHaveValue(before);
});

test("modules added from the palette while the commands' code is held back land once it arrives, below the module selected then, each one undo step; an undo pressed meanwhile takes back the last", async ({ page }) => {
  await saved(page, { ...FLOW, version: CURRENT_VERSION });
  const later = await holdChunks(page, /\/assets\/loadedLater-[\w-]+\.js$/);
  const editor = new EditorPage(page);
  await editor.open();
  await expect(page.getByTestId('flow-name')).toHaveValue('Saved before');
  await later.asked;
  await editor.selectModule('m2');
  // A click, and a drag from the palette onto the canvas: neither lands while the code is held.
  await page.getByTestId('palette-item-code').click();
  await editor.dragFromPalette('response', { x: 60, y: 60 });
  await page.keyboard.press('ControlOrMeta+z');
  await expect(editor.nodes()).toHaveCount(2);
  later.release();
  // The click's module (below m2, connected from it) stays; the drop's was undone by the undo given after it.
  await expect(editor.nodes()).toHaveCount(3);
  const added = (await editor.idsOfModules()).find((id) => id !== 'm1' && id !== 'm2')!;
  await expect(editor.node(added)).toHaveClass(/selected/);
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);
  expect(await editor.node(added).getAttribute('data-id')).toBe(added);
  await page.getByTestId('cmd-edit.redo').click();
  await expect(editor.nodes()).toHaveCount(4);
  await page.getByTestId('cmd-edit.undo').click();
  await page.getByTestId('cmd-edit.undo').click();
  await expect(editor.nodes()).toHaveCount(2);
});

test("Ctrl+S and File ▸ Library… pressed while the library commands' code is held back open their dialogs once it arrives; the browser's own Save page is not shown", async ({ page }) => {
  const later = await holdChunks(page, /\/assets\/loadedLater-[\w-]+\.js$/);
  const editor = new EditorPage(page);
  await editor.open();
  await later.asked;
  await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
  await editor.press('Control+s');
  await expect(page.getByTestId('versions-dialog')).toHaveCount(0);
  later.release();
  await expect(page.getByTestId('versions-dialog')).toBeVisible();
  await page.getByTestId('version-name').fill('Held back');
  await page.getByTestId('version-name').press('Enter');
  await expect(page.getByTestId('version-row').first()).toContainText('Held back');
  await page.keyboard.press('Escape');
  await editor.openFileMenu();
  await page.getByTestId('menu-library.show').click();
  await expect(page.getByTestId('library-dialog')).toBeVisible();
});

test("a module selected while the inspectors' recipes (store/inspectorRecipes.ts) are held back shows its inspector once they arrive, and a rename is one undo step", async ({ page }) => {
  await saved(page, { ...FLOW, version: CURRENT_VERSION });
  const later = await holdChunks(page, /\/assets\/inspectorRecipes-[\w-]+\.js$/);
  const editor = new EditorPage(page);
  await editor.open();
  await expect(page.getByTestId('flow-name')).toHaveValue('Saved before');
  await later.asked;
  await editor.selectModule('m2');
  await expect(page.getByTestId('inspector-module')).toHaveCount(0);
  later.release();
  const name = page.getByTestId('inspector-module').getByTestId('field-name');
  await expect(name).toHaveValue('Update CRM');
  await name.fill('Update the CRM');
  await name.press('Enter');
  await expect(page.getByTestId('node-m2')).toContainText('Update the CRM');
  await page.getByTestId('cmd-edit.undo').click();
  await expect(page.getByTestId('node-m2')).toContainText('Update CRM');
  await expect(page.getByTestId('node-m2')).not.toContainText('Update the CRM');
});
