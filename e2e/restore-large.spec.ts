/**
 * A large working copy (a record of 1,000,000 characters or more in localStorage) is read again at
 * start in the library's import worker, the first screen drawn meanwhile (issue 19): the flow comes
 * back with its last edit, and nothing stored is written over while it is read, nor after a Cancel.
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

test('a large working copy comes back through the import worker with its edits; nothing is written over it meanwhile, nor after Cancel', async ({ page }) => {
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
  await expect(progress).toContainText('Opening “Large working copy, edited”');
  expect(await workingCopy(page)).toBe(stored);
  release();
  await page.context().unrouteAll({ behavior: 'ignoreErrors' });
  await expect(page.getByTestId('flow-name')).toHaveValue('Large working copy, edited', { timeout: 60_000 });
  await expect(editor.nodes().first()).toBeVisible();
  await expect(progress).toHaveCount(0);
  expect(await workingCopy(page)).toBe(stored);

  // 2. Cancel: the copy is not opened and nothing is saved over it, even after an edit; a reload opens it.
  release = await holdImportWorker(page);
  await page.reload();
  await expect(progress).toBeVisible();
  await page.getByTestId('library-cancel').click();
  await expect(page.getByTestId('storage-error')).toContainText('was not opened');
  await page.getByTestId('flow-name').fill('Something else');
  await page.getByTestId('flow-name').press('Enter');
  await page.evaluate(() => window.dispatchEvent(new Event('pagehide')));
  release();
  await page.context().unrouteAll({ behavior: 'ignoreErrors' });
  await page.waitForTimeout(1_000);
  expect(await workingCopy(page)).toBe(stored);
  await page.reload();
  await expect(page.getByTestId('flow-name')).toHaveValue('Large working copy, edited', { timeout: 60_000 });
});
