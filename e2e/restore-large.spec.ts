/**
 * A large working copy (a record of 1,000,000 characters or more in localStorage) is read again at
 * start in the library's import worker, the first screen drawn meanwhile (issue 19): the flow comes
 * back with its last edit, and nothing stored is written over while it is read; after a Cancel it is
 * kept as a version of its entry and what the user does next is saved as usual.
 * (Edits made meanwhile, and a copy the worker refuses: src/editor/restoreInWorker.test.ts.)
 */
import { expect, test, type Page } from '@playwright/test';
import { EditorPage } from './editor.page';
import { generateFlow } from '../src/model/generate';
import { serializeFlow } from '../src/io/serialize';

const KEY = 'creditflow:flow:v1';
const workingCopy = (page: Page) => page.evaluate((key) => localStorage.getItem(key), KEY);

/** Holds the import worker's script until `release` (the reading of the working copy then waits). */
async function holdImportWorker(page: Page): Promise<() => void> {
  let release = () => {};
  const held = new Promise<void>((r) => (release = r));
  await page.context().route('**/*import.worker*', async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

test('a large working copy comes back through the import worker with its edits; nothing is written over it meanwhile; Cancel keeps it as a version and saves what follows', async ({ page }) => {
  test.setTimeout(180_000);
  const editor = new EditorPage(page);
  await editor.open();
  const flow = generateFlow({ modules: 3_000, seed: 21 });
  flow.name = 'Large working copy';
  await editor.dropFileOnCanvas('large-working-copy.json', serializeFlow(flow));
  await expect(page.getByTestId('flow-name')).toHaveValue('Large working copy', { timeout: 60_000 });
  // An edit, saved into the working copy (over the threshold: read in the worker at start).
  await page.getByTestId('flow-name').fill('Large working copy, edited');
  await page.getByTestId('flow-name').press('Enter');
  await expect
    .poll(async () => {
      const record = await workingCopy(page);
      return record !== null && record.length >= 1_000_000 && record.includes('Large working copy, edited');
    }, { timeout: 30_000 })
    .toBe(true);
  const stored = await workingCopy(page);
  const progress = page.getByTestId('library-progress');

  // 1. Reload: the first screen with a placeholder and the progress while the worker is held; the
  // stored copy untouched meanwhile; then the flow as it was left.
  let release = await holdImportWorker(page);
  await page.reload();
  await expect(page.getByTestId('flow-name')).toHaveValue('Opening your saved flow…');
  await expect(progress).toContainText('Reopening “Large working copy, edited”');
  await expect(progress).not.toContainText('from the library');
  await page.screenshot({ path: test.info().outputPath('restore-progress.png') });
  expect(await workingCopy(page)).toBe(stored);
  release();
  await page.context().unrouteAll({ behavior: 'ignoreErrors' });
  await expect(page.getByTestId('flow-name')).toHaveValue('Large working copy, edited', { timeout: 60_000 });
  await expect(editor.nodes().first()).toBeVisible();
  await expect(progress).toHaveCount(0);
  expect(await workingCopy(page)).toBe(stored);

  // 2. Cancel: the copy is kept as a version of its entry (File › Versions), and what the user
  // does afterwards is saved as usual; a reload opens that, the copy still in the versions.
  release = await holdImportWorker(page);
  await page.reload();
  await expect(progress).toBeVisible();
  await page.getByTestId('library-cancel').click();
  const notice = page.getByTestId('storage-notice');
  await expect(notice).toContainText('Opening cancelled');
  await expect(notice).toContainText('File › Versions');
  await expect(page.getByTestId('storage-error')).toHaveCount(0);
  await expect(page.getByTestId('flow-name')).toHaveValue('Untitled flow');
  await page.screenshot({ path: test.info().outputPath('restore-cancelled.png') });
  release();
  await page.context().unrouteAll({ behavior: 'ignoreErrors' });
  await page.getByTestId('flow-name').fill('Something else');
  await page.getByTestId('flow-name').press('Enter');
  await page.evaluate(() => window.dispatchEvent(new Event('pagehide')));
  await expect.poll(async () => (await workingCopy(page))?.includes('Something else') ?? false, { timeout: 10_000 }).toBe(true);
  await editor.openFileMenu();
  await page.getByTestId('menu-library.versions').click();
  const kept = page.getByTestId('version-row').filter({ hasText: 'The flow saved in this browser, not opened' });
  await expect(kept).toHaveCount(1, { timeout: 60_000 });
  await page.keyboard.press('Escape');
  // Wait for the library's save of the flow before reloading.
  await page.waitForTimeout(1_000);
  await page.reload();
  await expect(page.getByTestId('flow-name')).toHaveValue('Something else', { timeout: 60_000 });
});
