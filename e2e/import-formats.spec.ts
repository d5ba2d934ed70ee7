/**
 * Issue 14 in the browser: n8n and Altan files dropped on the canvas become priced flows, laid
 * out when the source has no positions, with the import report (reopened from the File menu);
 * Undo brings back the flow from before. And an error branch drawn from a module's error handle
 * (file version 3) is drawn dashed red and priced.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { EditorPage } from './editor.page';
import { price } from './expected';
import { importText } from '../src/io/import';
import { CURRENT_VERSION } from '../src/io/migrations';
import type { Flow } from '../src/model/types';

const fixture = (name: string) => readFileSync(new URL(`../src/io/import/fixtures/${name}`, import.meta.url), 'utf8');

/** What the app should show for a file: the importer's flow (before any layout) and its report. */
function expected(text: string, fileName: string) {
  const result = importText(text, { fileName });
  if (!result.ok || !result.report) throw new Error(`${fileName} does not import`);
  return result;
}

async function exportedFlow(editor: EditorPage): Promise<Flow> {
  return JSON.parse(await editor.exportFlow()) as Flow;
}

/** Waits until `locator` is at the same place on two looks in a row (the view has settled). */
async function standsStill(locator: Locator): Promise<void> {
  let last = '';
  await expect
    .poll(async () => {
      const now = JSON.stringify(await locator.boundingBox());
      const still = now === last;
      last = now;
      return still;
    })
    .toBe(true);
}

function reportDialog(page: Page) {
  return page.getByTestId('import-report-dialog');
}

/** An n8n chain of `count` Set nodes after a manual trigger, every node stacked on one spot (so it is laid out). */
function n8nChain(count: number): string {
  const names = ['Start', ...Array.from({ length: count }, (_, i) => `Step ${i + 1}`)];
  const nodes = names.map((name, i) => ({
    id: `n${i}`,
    name,
    type: i === 0 ? 'n8n-nodes-base.manualTrigger' : 'n8n-nodes-base.set',
    typeVersion: 1,
    position: [0, 0],
    parameters: {},
  }));
  const connections = Object.fromEntries(names.slice(0, -1).map((name, i) => [name, { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] }]));
  return JSON.stringify({ name: 'Long chain', nodes, connections });
}

test('an imported workflow too tall for a readable zoom opens whole: every module is on the first screen', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  const text = n8nChain(40);
  const want = expected(text, 'chain.json');
  expect(want.report!.needsLayout).toBe(true);
  await editor.dropFileOnCanvas('chain.json', text);
  await reportDialog(page).getByTestId('import-report-ok').click();
  await expect(editor.nodes()).toHaveCount(want.flow.modules.length);
  const outside = () =>
    page.evaluate(() => {
      const pane = document.querySelector('.react-flow__pane')!.getBoundingClientRect();
      return [...document.querySelectorAll('.react-flow__node')].filter((n) => {
        const r = n.getBoundingClientRect();
        const x = r.left + r.width / 2;
        const y = r.top + r.height / 2;
        return !(x >= pane.left && x <= pane.right && y >= pane.top && y <= pane.bottom);
      }).length;
    });
  await expect.poll(outside).toBe(0);
});

test('an n8n workflow dropped on the canvas is laid out, priced and reported; the File menu reopens the report; Undo brings back the flow', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  const before = await editor.exportFlow();
  const text = fixture('n8n-one-branch-if.json');
  const want = expected(text, 'orders.json');
  expect(want.report!.needsLayout).toBe(true);

  await editor.dropFileOnCanvas('orders.json', text);
  const dialog = reportDialog(page);
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('n8n workflow');
  await expect(dialog.getByTestId('import-report-layout')).toContainText('no position in the source');
  await expect(dialog.getByTestId('import-report-mapped')).toContainText(want.report!.modules.length.toString());
  await expect(dialog.getByTestId('import-report-dropped')).toContainText(want.report!.dropped[0]!.reason);
  await expect(dialog.getByTestId('import-report-repaired')).toBeVisible();
  await expect(dialog.getByTestId('import-report-defaults')).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('import-report-dialog.png') });
  await dialog.getByTestId('import-report-ok').click();
  await expect(dialog).toBeHidden();

  // Every module is on the canvas, each on its own spot (elk's layout, not a stack), and priced.
  await expect(editor.nodes()).toHaveCount(want.flow.modules.length);
  const flow = await exportedFlow(editor);
  const spots = new Set(flow.modules.map((m) => `${m.position.x},${m.position.y}`));
  expect(spots.size).toBe(flow.modules.length);
  expect(new Set(flow.modules.map((m) => m.position.x)).size).toBeGreaterThan(1);
  await editor.expectTotal(price(want.flow).total);

  // File → Last import report… opens the same report again.
  await editor.openFileMenu();
  await page.getByTestId('menu-file.lastImportReport').click();
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(`${want.report!.modules.length} modules`);
  await dialog.getByTestId('import-report-ok').click();

  await editor.undo();
  expect(await editor.exportFlow()).toBe(before);
});

test('an Altan flow dropped on the canvas keeps its positions and shows its report', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  const text = fixture('altan-invoice-chaser.json');
  const want = expected(text, 'invoices.json');

  await editor.dropFileOnCanvas('invoices.json', text);
  const dialog = reportDialog(page);
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Altan flow “Weekly invoice chaser”');
  await expect(dialog.getByTestId('import-report-layout')).toHaveCount(0);
  await expect(dialog.getByTestId('import-report-approximated')).toContainText('retries up to 2 times');
  await dialog.getByTestId('import-report-ok').click();

  await expect(page.getByTestId('flow-name')).toHaveValue('Weekly invoice chaser');
  await expect(editor.nodes()).toHaveCount(want.flow.modules.length);
  const flow = await exportedFlow(editor);
  expect(flow.modules.map((m) => m.position)).toEqual(want.flow.modules.map((m) => m.position));
  expect(new Set(flow.modules.map((m) => `${m.position.x},${m.position.y}`)).size).toBe(flow.modules.length);
  await editor.expectTotal(price(want.flow).total);
});

test('the import report says what the flow does not price: an Altan placeholder step (free), a Make module after a router (not connected)', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  const altan = JSON.stringify({
    name: 'With a placeholder',
    entry_module_id: 't1',
    modules: [
      { id: 't1', type: 'trigger', trigger_type: 'instant', position: 0, meta_data: { position: { x: 0, y: 0 }, name: 'Webhook' }, next_module_id: 'p1' },
      { id: 'p1', type: 'placeholder:Placeholder', position: 1, meta_data: { position: { x: 250, y: 0 } }, next_module_id: 'a1' },
      { id: 'a1', type: 'action', position: 2, tool: { name: 'Send email' }, meta_data: { position: { x: 500, y: 0 } } },
    ],
  });
  const wantAltan = expected(altan, 'placeholder.json');
  await editor.dropFileOnCanvas('placeholder.json', altan);
  const dialog = reportDialog(page);
  await expect(dialog.getByTestId('import-report-approximated')).toContainText('a placeholder ("placeholder:Placeholder"): a step not set up yet, which does no work and costs nothing');
  await dialog.getByTestId('import-report-ok').click();
  await expect(editor.nodes()).toHaveCount(3);
  await editor.expectTotal(price(wantAltan.flow).total);

  const at = (x: number) => ({ designer: { x, y: 0 } });
  const make = JSON.stringify({
    name: 'After the router',
    flow: [
      { id: 1, module: 'gateway:CustomWebHook', version: 1, metadata: at(0) },
      { id: 2, module: 'builtin:BasicRouter', version: 1, mapper: null, metadata: at(300), routes: [{ flow: [{ id: 3, module: 'slack:CreateMessage', version: 1, metadata: at(600) }] }] },
      { id: 4, module: 'http:MakeRequest', version: 4, metadata: at(900) },
    ],
    metadata: { version: 1, scenario: {}, designer: { orphans: [] } },
  });
  const wantMake = expected(make, 'after-router.json');
  expect(wantMake.flow.edges.some((e) => e.target === '4')).toBe(false);
  await editor.dropFileOnCanvas('after-router.json', make);
  await expect(dialog.getByTestId('import-report-approximated')).toContainText('at flow[2], after the router');
  await dialog.getByTestId('import-report-ok').click();
  await expect(editor.nodes()).toHaveCount(4);
  await editor.expectTotal(price(wantMake.flow).total);
});

/** A trigger, an action that fails one time in five, and a code module nothing leads to yet. */
function failingFlow(): Flow {
  return {
    format: 'creditflow',
    version: CURRENT_VERSION,
    name: 'Error branch',
    settings: { runsPerMonth: 1000 },
    modules: [
      { id: 'm1', type: 'trigger', name: 'Webhook', position: { x: 0, y: 0 } },
      { id: 'm2', type: 'action', name: 'Charge card', position: { x: 0, y: 180 }, assumptions: { failureRate: 0.2 } },
      { id: 'm3', type: 'code', name: 'Log failure', position: { x: 380, y: 360 }, assumptions: { durationSec: 2 } },
    ],
    edges: [{ id: 'e1', source: 'm1', target: 'm2' }],
  } as Flow;
}

test('an edge drawn from the error handle is an error branch: dashed red, and its module is priced for the failed share', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  const start = failingFlow();
  await editor.dropFileOnCanvas('failing.json', JSON.stringify(start));
  await expect(page.getByTestId('flow-name')).toHaveValue('Error branch');
  await editor.expectTotal(price(start).total);

  // The new flow's first view may still be moving into place: wait until the handle stands still.
  const handle = editor.node('m2').getByTestId('error-handle');
  await standsStill(handle);
  // Under the pointer the handle grows in place and stays there. Its hover style once took the
  // bottom handle's offset (translate(-50%, 50%)) and slid it 10 px down and left over 120 ms, so a
  // press that came after the slide landed on the card and started no connection: on a busy machine
  // one run in three failed, in CI and on helpers' machines, and a person had to be quick as well.
  const box = (await handle.boundingBox())!;
  const pointer = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  await page.mouse.move(pointer.x, pointer.y);
  await handle.evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished)));
  expect(await handle.evaluate((el, p) => el === document.elementFromPoint(p.x, p.y), pointer)).toBe(true);
  await editor.connect('m2', 'm3', { fromErrorHandle: true });

  const flow = await exportedFlow(editor);
  const branch = flow.edges.find((e) => e.source === 'm2' && e.target === 'm3');
  expect(branch?.error).toBe(true);
  const path = page.locator(`.react-flow__edge[data-id="${branch!.id}"] .cf-edge-path--failure`);
  await expect(path).toHaveCount(1);
  const style = await path.evaluate((el) => ({ dash: getComputedStyle(el).strokeDasharray, stroke: getComputedStyle(el).stroke }));
  expect(style.dash).not.toBe('none');
  const plain = await page.locator('.react-flow__edge[data-id="e1"] path.react-flow__edge-path').evaluate((el) => getComputedStyle(el).stroke);
  expect(style.stroke).not.toBe(plain);

  const priced = price(flow);
  expect(priced.nodes.find((n) => n.id === 'm3')?.executions).toBeCloseTo(0.2, 12);
  expect(priced.total).toBeGreaterThan(price(start).total);
  await editor.expectTotal(priced.total);
  expect(await editor.executions('m3')).toBeCloseTo(0.2, 9);
});
