/**
 * The file reader with the schema (io/parse.ts and zod) is not in the page's first download (issue
 * 13): a plain saved flow and the sample open without it, and what needs it waits for its code.
 * Here its chunk is held back to show that nothing is lost or done twice when it arrives late.
 */
import { expect, test, type Page } from '@playwright/test';
import { EditorPage } from './editor.page';
import { CURRENT_VERSION } from '../src/io/migrations';

const KEY = 'creditflow:flow:v1';

/** Holds back the file reader's chunk until `release` is called; `asked` settles once the page has asked for it. */
async function holdReader(page: Page) {
  let release = () => {};
  let asked = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const wasAsked = new Promise<void>((resolve) => (asked = resolve));
  await page.route(/\/assets\/parse-[\w-]+\.js$/, async (route) => {
    asked();
    await held;
    await route.continue();
  });
  return { release, asked: wasAsked };
}

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
