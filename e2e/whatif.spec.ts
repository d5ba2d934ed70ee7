/**
 * What-if, end to end (issue 5): a range makes P90 rise above P50; a scenario shows up in the
 * comparison; a budget below the month raises the warning.
 */
import { expect, test, type Page } from '@playwright/test';
import { EditorPage } from './editor.page';
import { CURRENT_VERSION } from '../src/io/migrations';
import { generateFlow } from '../src/model/generate';
import { serializeFlow } from '../src/io/serialize';
import { simulate } from '../src/cost/simulate';
import { DEFAULT_SAMPLES, DEFAULT_SEED } from '../src/editor/slots';

/**
 * A flow with no ranges: every simulated run costs the same (written at the current version, so it opens
 * without a migration note). Its filter lets every bundle pass: a pass rate for a scenario to override.
 */
const PLAIN_FLOW = {
  format: 'creditflow',
  version: CURRENT_VERSION,
  name: 'What-if e2e',
  settings: { runsPerMonth: 1000 },
  modules: [
    { id: 'm1', type: 'trigger', name: 'Webhook', position: { x: 0, y: 0 }, assumptions: { durationSec: 0, payloadKB: 2 } },
    { id: 'm2', type: 'ai_agent', name: 'Classify', position: { x: 0, y: 160 }, assumptions: { durationSec: 6, payloadKB: 8 } },
  ],
  edges: [{ id: 'e1', source: 'm1', target: 'm2', filter: { mode: 'break', passRate: 1 } }],
};

async function openWhatIf(page: Page): Promise<void> {
  await page.getByTestId('tab-whatif').click();
  await expect(page.getByTestId('whatif-dock')).toBeVisible();
}

async function valueOf(page: Page, testId: string): Promise<number> {
  return Number(await page.getByTestId(testId).getAttribute('data-value'));
}

async function waitForSimulation(page: Page): Promise<void> {
  await expect(page.getByTestId('sim-status')).toHaveText('up to date', { timeout: 20_000 });
}

// Simulated runs re-run after each edit; on a busy machine a test needs more than the default minute.
test.describe.configure({ timeout: 120_000 });

test.beforeEach(async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  await editor.importFile('what-if.json', JSON.stringify(PLAIN_FLOW));
  await expect(editor.node('m2')).toBeVisible();
});

test('entering a range makes the simulated P90 rise above P50', async ({ page }) => {
  const editor = new EditorPage(page);
  await openWhatIf(page);
  await waitForSimulation(page);
  // The runs were simulated in the Web Worker, not on the page's thread.
  await expect(page.getByTestId('simulation-panel')).toHaveAttribute('data-ran-on', 'worker');
  // No ranges: every run costs the same.
  expect(await valueOf(page, 'sim-p90')).toBeCloseTo(await valueOf(page, 'sim-p50'), 9);

  await editor.selectModule('m2');
  await editor.inspector().getByTestId('field-durationSec-range-toggle').click();
  const max = editor.inspector().getByTestId('field-durationSec-max');
  await max.fill('120');
  await max.press('Enter');

  await expect
    .poll(async () => (await valueOf(page, 'sim-p90')) - (await valueOf(page, 'sim-p50')), { timeout: 20_000 })
    .toBeGreaterThan(0);
  await waitForSimulation(page);
  expect(await valueOf(page, 'sim-p99')).toBeGreaterThanOrEqual(await valueOf(page, 'sim-p90'));
  await expect(page.getByTestId('sim-histogram')).toBeVisible();
});

test('a module shows its P10–P90 band on the canvas once the flow has a range, and not after undo', async ({ page }) => {
  const editor = new EditorPage(page);
  const band = editor.node('m2').getByTestId('node-band');
  // No ranges: the canvas shows point estimates only.
  await expect(band).toBeHidden();
  const point = await editor.creditsValue('m2');

  await editor.selectModule('m2');
  await editor.inspector().getByTestId('field-durationSec-range-toggle').click();
  const max = editor.inspector().getByTestId('field-durationSec-max');
  await max.fill('120');
  await max.press('Enter');

  // The band appears under the badge, from simulated runs in the worker: P10 below P90.
  await expect(band).toBeVisible();
  await expect(band).toHaveAttribute('data-p90', /\d/, { timeout: 20_000 });
  await expect
    .poll(async () => Number(await band.getAttribute('data-p90')) - Number(await band.getAttribute('data-p10')), { timeout: 20_000 })
    .toBeGreaterThan(0);
  const p10 = Number(await band.getAttribute('data-p10'));
  const p90 = Number(await band.getAttribute('data-p90'));
  await expect(band).toContainText('P10–P90');
  await expect(band).toHaveAttribute('title', /80 % of [\d,]+ simulated runs/);
  // The badge still shows the point estimate (durations at their likely value); with a long
  // tail up to 120 s, most runs cost more than that.
  expect(await editor.creditsValue('m2')).toBeCloseTo(point, 9);
  expect(p10).toBeGreaterThan(0);
  expect(p90).toBeGreaterThan(point);

  // Undo the new maximum, then the range itself: a plain number again, and no band.
  await editor.undo();
  await editor.undo();
  await expect(band).toBeHidden();
});

test('a new scenario shows in the comparison with its own month total', async ({ page }) => {
  await openWhatIf(page);
  await page.getByTestId('scenario-new-name').fill('Black Friday');
  await page.getByTestId('scenario-add').click();
  const card = page.locator('[data-testid="scenario-panel"] .cf-whatif-scenario').last();
  const id = ((await card.getAttribute('data-testid')) ?? '').replace(/^scenario-/, '');
  expect(id).not.toBe('');
  await expect(page.getByTestId(`scenario-name-${id}`)).toHaveValue('Black Friday');

  const runs = page.getByTestId(`scenario-runs-${id}`);
  await runs.fill('5');
  await runs.press('Enter');

  const compare = page.getByTestId('scenario-compare');
  await expect(compare).toBeVisible();
  await expect(compare.getByRole('columnheader', { name: 'Black Friday' })).toBeVisible();
  await expect
    .poll(async () => (await valueOf(page, `compare-month-${id}`)) / (await valueOf(page, 'compare-month-base')))
    .toBeCloseTo(5, 9);

  // Shown on the canvas: the totals and the what-if panels now price the scenario.
  const baseMonth = await valueOf(page, 'total-month');
  await page.getByTestId(`scenario-show-${id}`).check();
  await expect(page.getByTestId('simulation-panel')).toContainText('Black Friday');
  await expect.poll(async () => (await valueOf(page, 'total-month')) / baseMonth).toBeCloseTo(5, 9);

  // A pass rate typed as a bare fraction is read in percent, as everywhere a share is typed, and the
  // field says so (older what-if panels read "0.5" as 50 %).
  await page.getByTestId(`scenario-edge-${id}`).selectOption('e1');
  const passRate = page.getByTestId(`scenario-edge-value-${id}`);
  await passRate.fill('0.5');
  await passRate.press('Enter');
  const note = page.getByTestId(`scenario-${id}`).getByTestId('field-note');
  await expect(note).toHaveText('Read as 0.5 %. For 50 %, type 50.');
  await expect(page.getByTestId(`scenario-${id}`)).toContainText('pass rate = 0.5 %');
  await passRate.fill('50');
  await passRate.press('Enter');
  await expect(note).toHaveCount(0);
  await expect(page.getByTestId(`scenario-${id}`)).toContainText('pass rate = 50 %');
});

test('a budget below the month shows the warning, and a large one clears it', async ({ page }) => {
  await openWhatIf(page);
  await waitForSimulation(page);
  const monthP50 = await valueOf(page, 'sim-month-p50');
  expect(monthP50).toBeGreaterThan(0);

  const amount = page.getByTestId('budget-amount');
  await amount.fill(String(Math.floor(monthP50 / 2)));
  await amount.press('Enter');
  const warning = page.getByTestId('budget-warning');
  await expect(warning).toBeVisible();
  // Half the month's cost lasts half the month: a date mid-month, as the top bar says it (issue 18 §25).
  const today = new Date();
  const days = new Date(today.getFullYear(), today.getMonth() + 1, 0).getDate();
  const midMonth = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short' }).format(
    new Date(today.getFullYear(), today.getMonth(), Math.ceil(days / 2)),
  );
  await expect(warning).toContainText(`runs out around ${midMonth} (P50)`);
  await expect(page.getByTestId('topbar-budget')).toHaveAttribute('data-level', 'over');
  await expect(page.getByTestId('topbar-budget-runout')).toContainText(`runs out around ${midMonth} (P50)`);
  expect(await valueOf(page, 'budget-share-p50')).toBeGreaterThan(1);
  expect(await valueOf(page, 'budget-exceed')).toBe(1);

  await amount.fill(String(Math.ceil(monthP50 * 3)));
  await amount.press('Enter');
  await expect(warning).toHaveCount(0);
  await expect(page.getByTestId('topbar-budget')).toHaveAttribute('data-level', 'ok');
});

test('the browser (the WebAssembly walk in its workers) simulates a flow with drawn durations and payloads to the bits the CLI gets in Node', async ({ page }) => {
  // Every step module draws its duration and payload, so every run takes log2 of many drawn
  // numbers (the engine's own log2: Chromium's Math.log2 and Node's differ in the last bit for
  // about 1 argument in 500 of these) in the page's workers, against one simulate in Node here.
  const flow = generateFlow({ modules: 200, seed: 4 });
  for (const m of flow.modules) {
    if (m.type === 'trigger' || m.type === 'router' || m.type === 'iterator' || m.type === 'aggregator') continue;
    m.assumptions = { ...m.assumptions, durationSec: { min: 0.5, likely: 40, max: 150 }, payloadKB: { min: 1, likely: 300, max: 4000 } };
  }
  const editor = new EditorPage(page);
  await editor.open();
  await editor.importFile('drawn.json', serializeFlow(flow));
  await openWhatIf(page);
  await expect(page.getByTestId('sim-status')).toHaveText('up to date', { timeout: 60_000 });
  const node = simulate(flow, { samples: DEFAULT_SAMPLES, seed: DEFAULT_SEED });
  await expect(page.getByTestId('sim-mean')).toHaveAttribute('data-value', String(node.mean));
  await expect(page.getByTestId('sim-month-p50')).toHaveAttribute('data-value', String(node.perMonth.p50));
  await expect(page.getByTestId('sim-month-p90')).toHaveAttribute('data-value', String(node.perMonth.p90));
  // The costliest modules' mean and P90 (the percentiles taken in the lead worker's WebAssembly module).
  const rows = page.getByTestId('sim-module');
  await expect(rows.first()).toBeVisible();
  const shown = await rows.evaluateAll((trs) =>
    trs.map((tr) => ({
      id: tr.getAttribute('data-module-id'),
      mean: tr.querySelector('[data-testid="sim-module-mean"]')!.getAttribute('data-value'),
      p90: tr.querySelector('[data-testid="sim-module-p90"]')!.getAttribute('data-value'),
    })),
  );
  expect(shown.length).toBeGreaterThan(3);
  const byId = new Map(node.nodes.map((n) => [n.id, n]));
  expect(shown).toEqual(shown.map((row) => ({ id: row.id, mean: String(byId.get(row.id!)!.mean), p90: String(byId.get(row.id!)!.p90) })));
});
