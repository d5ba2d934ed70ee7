/**
 * Compare mode and the undo history with the cost of each step (issue 17, items 3 and 4).
 */
import { expect, test, type Page } from '@playwright/test';
import { EditorPage } from './editor.page';
import { CURRENT_VERSION } from '../src/io/migrations';

/** The flow on the canvas: a webhook, an AI agent and a search (written at the current version: no migration note). */
const NOW = {
  format: 'creditflow',
  version: CURRENT_VERSION,
  name: 'Compare e2e',
  settings: { runsPerMonth: 1000 },
  modules: [
    { id: 'm1', type: 'trigger', name: 'Webhook', position: { x: 0, y: 0 }, assumptions: { durationSec: 0, payloadKB: 2 } },
    { id: 'm2', type: 'ai_agent', name: 'Classify', position: { x: 0, y: 160 }, assumptions: { durationSec: 6, payloadKB: 8 } },
    { id: 'm3', type: 'search', name: 'Find company', position: { x: 0, y: 320 }, assumptions: { durationSec: 3 } },
  ],
  edges: [
    { id: 'e1', source: 'm1', target: 'm2' },
    { id: 'e2', source: 'm2', target: 'm3' },
  ],
};

/** The file compared with: one module more (a draft step beside the flow), one less (no search), a slower agent. */
const OLD = {
  ...NOW,
  name: 'Compare e2e (last week)',
  modules: [
    NOW.modules[0],
    { ...NOW.modules[1], assumptions: { durationSec: 20, payloadKB: 8 } },
    { id: 'm4', type: 'ai_agent', name: 'Draft reply', position: { x: 320, y: 320 }, assumptions: { durationSec: 10 } },
  ],
  edges: [NOW.edges[0], { id: 'e3', source: 'm2', target: 'm4' }],
};

async function compareWithFile(page: Page, name: string, text: string): Promise<void> {
  const editor = new EditorPage(page);
  await editor.openFileMenu();
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('menu-view.compareWithFile').click();
  await (await chooser).setFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
}

test.beforeEach(async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  await editor.importFile('compare.json', JSON.stringify(NOW));
  await expect(editor.node('m3')).toBeVisible();
});

test('compare with a file: the module it lacks is outlined, the one it has more is a ghost, the list shows the change', async ({ page }, info) => {
  const editor = new EditorPage(page);
  await compareWithFile(page, 'last-week.json', JSON.stringify(OLD));

  // Added: outlined and labelled, not by colour alone.
  const added = page.getByTestId('node-m3');
  await expect(added).toHaveAttribute('data-diff', 'added');
  await expect(added.getByTestId('diff-tag')).toHaveText('Added');
  // Changed: the agent is cheaper now, and says by how much per run.
  await expect(page.getByTestId('node-m2')).toHaveAttribute('data-diff', 'changed');
  await expect(page.getByTestId('node-m2').getByTestId('diff-tag')).toHaveText(/^−[\d.,]+ cr$/);
  // Removed: a ghost where it was, with its removed edge; not selectable.
  const ghost = page.getByTestId('ghost-m4');
  await expect(ghost).toBeVisible();
  await expect(ghost.getByTestId('diff-tag')).toHaveText('Removed');
  await expect(page.locator('.react-flow__edge[data-id="ghost:e3"] path.cf-edge-path--removed')).toHaveCount(1);
  await expect(page.getByTestId('compare-banner')).toContainText('last-week.json');
  await expect(page.getByTestId('compare-summary')).toContainText('credits/month');
  await expect(page.getByTestId('compare-panel-summary')).toContainText('+1 module, −1 module');

  // The dock's Compare tab opened by itself: the list with credits per month before, now and the change.
  await expect(page.getByTestId('tab-compare')).toHaveAttribute('aria-selected', 'true');
  const removedRow = page.getByTestId('compare-row-m4');
  await expect(removedRow).toHaveAttribute('data-status', 'removed');
  expect(Number(await removedRow.getByTestId('compare-delta').getAttribute('data-value'))).toBeLessThan(0);
  const addedRow = page.getByTestId('compare-row-m3');
  await expect(addedRow).toHaveAttribute('data-status', 'added');
  expect(Number(await addedRow.getByTestId('compare-delta').getAttribute('data-value'))).toBeGreaterThan(0);
  const totalDelta = Number(await page.getByTestId('compare-total-delta').getAttribute('data-value'));
  expect(totalDelta).toBeLessThan(0);

  await page.screenshot({ path: info.outputPath('compare-mode.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: info.outputPath('compare-mode-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });

  // A row reveals its module: selected on the canvas.
  await addedRow.click();
  await expect(editor.node('m3')).toHaveClass(/selected/);

  // Editing during compare keeps the comparison live.
  await editor.selectModule('m3');
  await editor.setField('durationSec', '90');
  await expect
    .poll(async () => Number(await page.getByTestId('compare-total-delta').getAttribute('data-value')))
    .toBeGreaterThan(totalDelta);

  // End compare: back to normal, the document untouched by the comparison.
  await page.getByTestId('compare-end').click();
  await expect(page.getByTestId('ghost-m4')).toHaveCount(0);
  await expect(page.getByTestId('compare-banner')).toHaveCount(0);
  await expect(page.getByTestId('tab-compare')).toHaveCount(0);
  await expect(page.getByTestId('node-m3')).not.toHaveAttribute('data-diff', /.+/);
  const flow = (await editor.exportedFlow()) as { modules: { id: string }[] };
  expect(flow.modules.map((m) => m.id)).toEqual(['m1', 'm2', 'm3']);
});

test('a file that cannot be read starts no comparison and says why', async ({ page }) => {
  const editor = new EditorPage(page);
  await compareWithFile(page, 'broken.json', '{"format": "creditflow", "version": ');
  await expect(editor.toast()).toContainText('Cannot compare with broken.json');
  await expect(page.getByTestId('compare-banner')).toHaveCount(0);
});

test('the undo history shows each step with its change of credits per month, and a click goes back to it', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.selectModule('m2');
  await editor.setField('durationSec', '30');
  await expect(editor.inspector().getByTestId('field-durationSec')).toHaveValue('30');
  const afterFirst = await editor.totalRunValue();
  await editor.setField('durationSec', '60');
  await expect.poll(() => editor.totalRunValue()).toBeGreaterThan(afterFirst);

  await page.getByTestId('tab-undo-history').click();
  const steps = page.getByTestId('history-step');
  // The import, then the two edits.
  await expect(steps).toHaveCount(3);
  const first = steps.nth(1);
  const second = steps.nth(2);
  await expect(first).toContainText('Set');
  await expect(second).toHaveAttribute('aria-current', 'step');
  for (const step of [first, second]) {
    await expect(step.getByTestId('step-delta')).toContainText('cr/mo');
    expect(Number(await step.getByTestId('step-delta').getAttribute('data-value'))).toBeGreaterThan(0);
  }

  await first.click();
  await editor.expectTotal(afterFirst);
  await expect(first).toHaveAttribute('aria-current', 'step');
  await expect(second).toContainText('undone');
  await editor.selectModule('m2');
  await expect(editor.inspector().getByTestId('field-durationSec')).toHaveValue('30');
});

/** File ▸ Versions…, and the row of the version of that name. */
async function openVersions(page: Page, name: string) {
  await new EditorPage(page).openFileMenu();
  await page.getByTestId('menu-library.versions').click();
  await expect(page.getByTestId('versions-dialog')).toBeVisible();
  return page.getByTestId('version-row').and(page.locator(`[data-name="${name}"]`));
}

async function saveVersion(page: Page, name: string): Promise<void> {
  await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('versions-dialog')).toBeVisible();
  await page.getByTestId('version-name').fill(name);
  await page.getByTestId('version-name').press('Enter');
  await expect(page.getByTestId('version-row').and(page.locator(`[data-name="${name}"]`))).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('versions-dialog')).toHaveCount(0);
}

test('save a version, edit, compare with the version, compare two versions, then restore it and undo the restore', async ({ page }, info) => {
  const editor = new EditorPage(page);
  const saved = await editor.exportFlow();
  await saveVersion(page, 'Before the slower agent');

  // Edit: a slower agent costs more.
  const runBefore = await editor.totalRunValue();
  await editor.selectModule('m2');
  await editor.setField('durationSec', '30');
  await expect.poll(() => editor.totalRunValue()).toBeGreaterThan(runBefore);
  const edited = await editor.exportFlow();

  // Compare the open flow with the version: the agent is marked changed, the table shows its delta.
  await (await openVersions(page, 'Before the slower agent')).getByTestId('version-compare').click();
  await expect(page.getByTestId('versions-dialog')).toHaveCount(0);
  await expect(page.getByTestId('compare-banner')).toContainText('Before the slower agent');
  await expect(page.getByTestId('node-m2')).toHaveAttribute('data-diff', 'changed');
  await expect(page.getByTestId('node-m2').getByTestId('diff-tag')).toHaveText(/^\+[\d.,]+ cr$/);
  await expect(page.getByTestId('node-m1')).not.toHaveAttribute('data-diff', /.+/);
  await expect(page.getByTestId('tab-compare')).toHaveAttribute('aria-selected', 'true');
  const row = page.getByTestId('compare-row-m2');
  await expect(row).toHaveAttribute('data-status', 'changed');
  const runDelta = Number(await row.getByTestId('compare-run-delta').getAttribute('data-value'));
  expect(runDelta).toBeGreaterThan(0);
  const runFrom = Number(await row.getByTestId('compare-run-before').getAttribute('data-value'));
  const runTo = Number(await row.getByTestId('compare-run-after').getAttribute('data-value'));
  expect(runTo - runFrom).toBeCloseTo(runDelta, 9);
  // The module's change is the whole change: the totals per run say the same.
  expect(Number(await page.getByTestId('compare-run-total-delta').getAttribute('data-value'))).toBeCloseTo(runDelta, 9);
  expect(Number(await page.getByTestId('compare-run-total-after').getAttribute('data-value'))).toBeCloseTo(await editor.totalRunValue(), 9);
  expect(Number(await page.getByTestId('compare-total-delta').getAttribute('data-value'))).toBeGreaterThan(0);
  // The largest change first.
  await expect(page.locator('[data-testid^="compare-row-"]').first()).toHaveAttribute('data-testid', 'compare-row-m2');
  await page.screenshot({ path: info.outputPath('compare-version.png') });
  await page.getByTestId('compare-end').click();

  // Two versions with each other: pin the first as the base, compare the edited one with it.
  await saveVersion(page, 'Slower agent');
  await (await openVersions(page, 'Before the slower agent')).getByTestId('version-base').click();
  await expect(page.getByTestId('version-base-note')).toContainText('Before the slower agent');
  await page.screenshot({ path: info.outputPath('versions-base.png') });
  await page.getByTestId('version-row').and(page.locator('[data-name="Slower agent"]')).getByTestId('version-compare').click();
  await expect(page.getByTestId('compare-panel-title')).toContainText(/Slower agent.*compared with.*Before the slower agent/);
  await expect(page.getByTestId('compare-row-m2')).toHaveAttribute('data-status', 'changed');
  expect(Number(await page.getByTestId('compare-row-m2').getByTestId('compare-run-delta').getAttribute('data-value'))).toBeCloseTo(runDelta, 9);
  // The canvas shows the open flow, neither version: nothing is marked on it.
  await expect(page.getByTestId('node-m2')).not.toHaveAttribute('data-diff', /.+/);
  await page.getByTestId('compare-end').click();

  // Restore the version: the flow is back as saved; one Undo takes the restore back.
  await (await openVersions(page, 'Before the slower agent')).getByTestId('version-restore').click();
  await page.keyboard.press('Escape');
  await expect.poll(() => editor.totalRunValue()).toBe(runBefore);
  expect(await editor.exportFlow()).toBe(saved);
  await editor.undo();
  await expect.poll(() => editor.totalRunValue()).toBeGreaterThan(runBefore);
  expect(await editor.exportFlow()).toBe(edited);
});
