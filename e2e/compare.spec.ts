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
