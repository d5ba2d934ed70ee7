/**
 * The trace, end to end (issue 15 §5): trace a seed of a flow with a loop and a router, step
 * forward with the arrow keys, and see the module lit on the canvas change and the running total grow.
 */
import { expect, test, type Page } from '@playwright/test';
import { EditorPage } from './editor.page';
import { CURRENT_VERSION } from '../src/io/migrations';

const bare = { durationSec: 1, payloadKB: 1 };
const FLOW = {
  format: 'creditflow',
  version: CURRENT_VERSION,
  name: 'Trace e2e',
  settings: { runsPerMonth: 1000 },
  modules: [
    { id: 't', type: 'trigger', name: 'Webhook', position: { x: 0, y: 0 }, assumptions: bare },
    { id: 'i', type: 'iterator', name: 'Each lead', position: { x: 0, y: 160 }, assumptions: { ...bare, iterations: 3 } },
    { id: 'a', type: 'ai_agent', name: 'Score', position: { x: 0, y: 320 }, assumptions: bare },
    { id: 'g', type: 'aggregator', name: 'Collect', position: { x: 0, y: 480 }, assumptions: bare, config: { iteratorId: 'i' } },
    { id: 'r', type: 'router', name: 'Route', position: { x: 0, y: 640 }, assumptions: bare, config: { mode: 'exclusive' } },
    { id: 'x', type: 'action', name: 'Email', position: { x: -150, y: 800 }, assumptions: bare },
    { id: 'y', type: 'action', name: 'Slack', position: { x: 150, y: 800 }, assumptions: bare },
  ],
  edges: [
    { id: 'e1', source: 't', target: 'i' },
    { id: 'e2', source: 'i', target: 'a' },
    { id: 'e3', source: 'a', target: 'g' },
    { id: 'e4', source: 'g', target: 'r' },
    { id: 'e5', source: 'r', target: 'x', route: { priority: 1, passRate: 0.5 } },
    { id: 'e6', source: 'r', target: 'y', route: { priority: 2, fallback: true } },
  ],
};

const running = async (page: Page) => Number(await page.getByTestId('trace-running').getAttribute('data-credits'));
const current = (page: Page) => page.locator('[data-trace="current"]');

/** Opens the flow above and traces its seed 5 in the Trace tab (the panel has focus after). */
async function traceSeed5(page: Page): Promise<EditorPage> {
  const editor = new EditorPage(page);
  await editor.open();
  await editor.importFile('trace.json', JSON.stringify(FLOW));
  await expect(editor.node('a')).toBeVisible();
  await page.getByTestId('tab-trace').click();
  await page.getByTestId('trace-seed').fill('5');
  await page.getByTestId('trace-run').click();
  await expect(page.getByTestId('trace-position')).toHaveText(/^Step 1 of \d+$/);
  return editor;
}

test('step forward three times: the lit module changes and the running total grows; the router says its route', async ({ page }) => {
  await traceSeed5(page);
  await expect(current(page)).toHaveAttribute('data-module-id', 't');

  // The panel has focus after tracing: the arrows step.
  const seen: string[] = [];
  const totals = [await running(page)];
  for (let k = 0; k < 3; k++) {
    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('trace-position')).toHaveText(new RegExp(`^Step ${k + 2} of`));
    const id = await current(page).getAttribute('data-module-id');
    seen.push(id!);
    totals.push(await running(page));
  }
  expect(seen).toEqual(['i', 'a', 'a']);
  // The iterator itself is free; the body's executions add credits.
  expect(totals[2]).toBeGreaterThan(totals[1]!);
  expect(totals[3]).toBeGreaterThan(totals[2]!);
  await expect(page.getByTestId('node-t')).toHaveAttribute('data-trace', 'reached');
  await expect(page.getByTestId('trace-panel').locator('.cf-trace__step--current')).toContainText('item 2');

  // Down: the next loop item; End: the last step, after the router.
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('trace-panel').locator('.cf-trace__step--current')).toContainText('item 3');
  await page.keyboard.press('End');
  await expect(current(page)).toHaveAttribute('data-module-id', /^[xy]$/);
  await expect(page.getByTestId('trace-panel')).toContainText(/took the route to (Email|Slack \(fallback\))/);
  await page.getByTestId('trace-panel').screenshot({ path: 'test-results/trace-panel.png' });
  await page.screenshot({ path: 'test-results/trace-app.png' });
});

const position = (page: Page) => page.getByTestId('trace-position');
const edgePath = (page: Page, id: string) => page.getByTestId(`rf__edge-${id}`).locator('path.react-flow__edge-path');

test('play runs the trace to its end and stops; Home, the loop and the router stepped through, with the path drawn on the canvas', async ({ page }) => {
  const editor = await traceSeed5(page);
  const count = Number((await position(page).textContent())!.match(/of (\d+)/)![1]);
  const panel = page.getByTestId('trace-panel');

  // Play at 5 steps a second (Space, the panel has focus): the position moves on and stops at the last step.
  await page.getByTestId('trace-speed').selectOption('5');
  await panel.focus();
  await page.keyboard.press('Space');
  await expect(position(page)).not.toHaveText(/^Step 1 of/);
  await expect(position(page)).toHaveText(`Step ${count} of ${count}`);
  await expect(panel).not.toHaveAttribute('data-playing', 'true');
  await expect(page.getByTestId('trace-play')).toHaveAttribute('aria-pressed', 'false');

  // Home: back to the trigger; nothing travelled yet.
  await page.keyboard.press('Home');
  await expect(position(page)).toHaveText(`Step 1 of ${count}`);
  await expect(current(page)).toHaveAttribute('data-module-id', 't');
  await expect(edgePath(page, 'e1')).toHaveAttribute('data-trace', 'idle');

  // Into the loop: the edge just taken is drawn as such, the ones before as travelled.
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('trace-item')).toHaveText('item 1');
  await expect(edgePath(page, 'e2')).toHaveAttribute('data-trace', 'taken');
  await expect(edgePath(page, 'e1')).toHaveAttribute('data-trace', 'travelled');
  await expect(edgePath(page, 'e3')).toHaveAttribute('data-trace', 'idle');
  await expect(page.getByTestId('trace-badge')).toContainText('item 1');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('trace-item')).toHaveText('item 2');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('trace-item')).toHaveText('item 3');
  await page.keyboard.press('ArrowDown');
  await expect(current(page)).toHaveAttribute('data-module-id', 'g');
  await expect(edgePath(page, 'e3')).toHaveAttribute('data-trace', 'taken');
  await expect(edgePath(page, 'e2')).toHaveAttribute('data-trace', 'travelled');

  // The router: it says the route it took; the module on the route not taken is dimmed.
  await page.keyboard.press('ArrowRight');
  await expect(current(page)).toHaveAttribute('data-module-id', 'r');
  await expect(page.getByTestId('trace-outcome')).toHaveText(/took the route to (Email|Slack \(fallback\))/);
  const tookEmail = (await page.getByTestId('trace-outcome').textContent())!.includes('Email');
  const [taken, notTaken, takenEdge] = tookEmail ? ['x', 'y', 'e5'] : ['y', 'x', 'e6'];
  await expect(page.getByTestId(`node-${notTaken}`)).toHaveAttribute('data-trace', 'skipped');
  await page.keyboard.press('ArrowRight');
  await expect(current(page)).toHaveAttribute('data-module-id', taken);
  await expect(edgePath(page, takenEdge)).toHaveAttribute('data-trace', 'taken');
  await page.keyboard.press('ArrowLeft');
  await expect(current(page)).toHaveAttribute('data-module-id', 'r');
  await page.screenshot({ path: 'test-results/trace-canvas.png' });

  // A change to the flow: the canvas drops the path, the panel says so and traces again on a click.
  await editor.selectModule('a');
  await editor.setField('name', 'Score lead');
  await expect(page.getByTestId('trace-stale')).toBeVisible();
  await expect(page.locator('[data-trace="current"]')).toHaveCount(0);
  await page.getByTestId('trace-rerun').click();
  await expect(page.getByTestId('trace-stale')).toHaveCount(0);
  await expect(current(page)).toHaveAttribute('data-module-id', 't');
});
