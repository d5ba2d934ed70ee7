/**
 * A large working copy (a record of 1,000,000 characters or more in localStorage) is read again at
 * start in the library's import worker, the first screen drawn meanwhile (issue 19): the flow comes
 * back with its last edit, and nothing stored is written over while it is read; after a Cancel its
 * entry keeps its name and modules (File › Library) and what the user does next is a new flow of its own.
 * (Edits made meanwhile, and a copy the worker refuses: src/editor/restoreInWorker.test.ts.)
 */
import { expect, test, type Page } from '@playwright/test';
import { EditorPage } from './editor.page';
import { generateFlow } from '../src/model/generate';
import { serializeFlow } from '../src/io/serialize';
import { installWorkerHold, releaseWorkerMessages } from './workerHold';

const KEY = 'creditflow:flow:v1';
const workingCopy = (page: Page) => page.evaluate((key) => localStorage.getItem(key), KEY);

test('a large working copy comes back through the import worker with its edits; nothing is written over it meanwhile; Cancel leaves its entry as it is and saves what follows as a new flow', async ({ page }) => {
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

  // The working copy's read held from each load on (the read itself, whether its worker is new or not).
  await installWorkerHold(page, ['import']);

  // 1. Reload: the first screen with a placeholder and the progress while the read is held; the
  // stored copy untouched meanwhile; then the flow as it was left.
  await page.reload();
  await expect(page.getByTestId('flow-name')).toHaveValue('Opening your saved flow…');
  await expect(progress).toContainText('Reopening “Large working copy, edited”');
  // Nothing is saved while it opens: the top bar says it is being reopened, never "Saved locally".
  await expect(page.getByTestId('save-state')).toHaveText(/Reopening…/);
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'opening');
  await expect(progress).not.toContainText('from the library');
  await page.screenshot({ path: test.info().outputPath('restore-progress.png') });
  expect(await workingCopy(page)).toBe(stored);
  await releaseWorkerMessages(page);
  await expect(page.getByTestId('flow-name')).toHaveValue('Large working copy, edited', { timeout: 60_000 });
  await expect(editor.nodes().first()).toBeVisible();
  await expect(progress).toHaveCount(0);
  await expect(page.getByTestId('save-state')).not.toHaveAttribute('data-state', 'opening');
  expect(await workingCopy(page)).toBe(stored);

  // 2. Cancel: nothing is saved over the flow's entry (it keeps its name and its modules, in File ›
  // Library, as the notice says); the empty flow shown is a new "Untitled flow" of its own, and what
  // the user does there is saved as usual; a reload opens that, the original still in the library.
  await page.reload();
  await expect(progress).toBeVisible();
  await page.getByTestId('library-cancel').click();
  const notice = page.getByTestId('storage-notice');
  await expect(notice).toContainText('“Large working copy, edited” is in File › Library; opening it was cancelled.');
  await expect(notice).toContainText('saved as a new flow, “Untitled flow”');
  await expect(page.getByTestId('storage-error')).toHaveCount(0);
  await expect(page.getByTestId('flow-name')).toHaveValue('Untitled flow');
  await expect(page.getByTestId('save-state')).not.toHaveAttribute('data-state', 'opening');
  await page.screenshot({ path: test.info().outputPath('restore-cancelled.png') });
  // The read held goes to the worker Cancel ended: nothing comes of it.
  await releaseWorkerMessages(page);
  await page.getByTestId('flow-name').fill('Something else');
  await page.getByTestId('flow-name').press('Enter');
  await page.evaluate(() => window.dispatchEvent(new Event('pagehide')));
  await expect.poll(async () => (await workingCopy(page))?.includes('Something else') ?? false, { timeout: 10_000 }).toBe(true);
  // Wait for the library's save of the flow before reloading.
  await page.waitForTimeout(1_000);
  await page.reload();
  // Nothing held from here on (the large entry below is read in the worker).
  await releaseWorkerMessages(page);
  await expect(page.getByTestId('flow-name')).toHaveValue('Something else', { timeout: 60_000 });
  const row = (name: string) => page.getByTestId('library-row').and(page.locator(`[data-name="${name}"]`));
  await editor.openFileMenu();
  await page.getByTestId('menu-library.show').click();
  await expect(row('Something else')).toHaveCount(1);
  await expect(row('Large working copy, edited').getByTestId('library-modules')).toHaveText(/^3,?000 modules$/);
  await row('Large working copy, edited').getByTestId('library-open').click();
  await expect(page.getByTestId('flow-name')).toHaveValue('Large working copy, edited', { timeout: 60_000 });
  await expect(editor.nodes().first()).toBeVisible();
});
