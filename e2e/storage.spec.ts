import { expect, test, type Page } from '@playwright/test';
import { EditorPage } from './editor.page';

async function rename(page: Page, name: string): Promise<void> {
  await page.getByTestId('flow-name').fill(name);
  await page.getByTestId('flow-name').press('Enter');
}

test('a full storage shows a warning and the flow can still be exported', async ({ page }) => {
  await page.addInitScript(() => {
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key: string, value: string) {
      if ((window as unknown as { __storageFull?: boolean }).__storageFull) {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      }
      return setItem.call(this, key, value);
    };
  });
  const editor = new EditorPage(page);
  await editor.open();
  await page.evaluate(() => ((window as unknown as { __storageFull?: boolean }).__storageFull = true));
  await rename(page, 'Too big to save');

  const banner = page.getByTestId('storage-error');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText(/full/i);
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'error');

  const download = page.waitForEvent('download');
  await page.getByTestId('banner-export').click();
  const file = await download;
  const { readFile } = await import('node:fs/promises');
  const text = await readFile(await file.path(), 'utf8');
  expect(JSON.parse(text).name).toBe('Too big to save');
  // the flow stays in memory
  await expect(page.getByTestId('flow-name')).toHaveValue('Too big to save');
});

test('a save from another tab is noticed and nothing is overwritten silently', async ({ context }) => {
  const mine = new EditorPage(await context.newPage());
  await mine.open();
  await rename(mine.page, 'Mine');
  await expect(mine.page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');

  const theirs = new EditorPage(await context.newPage());
  await theirs.open();
  await expect(theirs.page.getByTestId('flow-name')).toHaveValue('Mine');
  await rename(theirs.page, 'Theirs');
  await expect(theirs.page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');

  const banner = mine.page.getByTestId('storage-conflict');
  await expect(banner).toBeVisible();
  await expect(mine.page.getByTestId('flow-name')).toHaveValue('Mine');
  await mine.page.getByTestId('reload-theirs').click();
  await expect(mine.page.getByTestId('flow-name')).toHaveValue('Theirs');
  await expect(banner).toHaveCount(0);
});
