import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { exampleFile } from '../src/io/testing/exampleFlow';
import { CURRENT_VERSION } from '../src/io/migrations';
import { parseFlow } from '../src/io/parse';
import { EditorPage } from './editor.page';
import { price, sample } from './expected';

async function rename(page: Page, name: string): Promise<void> {
  await page.getByTestId('flow-name').fill(name);
  await page.getByTestId('flow-name').press('Enter');
}

/** Two tabs on the stored flow: "mine" names it Mine and saves, then "theirs" opens it and names it Theirs. */
async function twoTabs(context: BrowserContext): Promise<{ mine: EditorPage; theirs: EditorPage }> {
  const mine = new EditorPage(await context.newPage());
  await mine.open();
  await rename(mine.page, 'Mine');
  await expect(mine.page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
  const theirs = new EditorPage(await context.newPage());
  await theirs.open();
  await expect(theirs.page.getByTestId('flow-name')).toHaveValue('Mine');
  await rename(theirs.page, 'Theirs');
  return { mine, theirs };
}

test('a first visit shows the sample as not saved ("Nothing to save yet"), never "Saved locally"; the first change is saved and says so', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  const state = page.getByTestId('save-state');
  await expect(state).toHaveAttribute('data-state', 'unsaved');
  await expect(state).toHaveText(/Nothing to save yet/);
  // Still so once the page has settled (the library has started): nothing was written to the working copy.
  await page.waitForTimeout(1_500);
  await expect(state).toHaveAttribute('data-state', 'unsaved');
  expect(await page.evaluate(() => localStorage.getItem('creditflow:flow:v1'))).toBeNull();
  await rename(page, 'Mine');
  await expect(state).toHaveAttribute('data-state', 'saved');
  await expect(state).toHaveText(/Saved locally/);
  expect(await page.evaluate(() => localStorage.getItem('creditflow:flow:v1'))).toContain('Mine');
});

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

  // once there is room, the next change is saved and the warning goes
  await page.evaluate(() => ((window as unknown as { __storageFull?: boolean }).__storageFull = false));
  await rename(page, 'Room again');
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
  await expect(banner).toHaveCount(0);
  const saved = await page.evaluate(() => localStorage.getItem('creditflow:flow:v1'));
  expect(JSON.parse(JSON.parse(saved!).flowText).name).toBe('Room again');
});

test('a save from another tab is noticed and nothing is overwritten silently', async ({ context }) => {
  const { mine, theirs } = await twoTabs(context);
  await expect(theirs.page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');

  const banner = mine.page.getByTestId('storage-conflict');
  await expect(banner).toBeVisible();
  await expect(mine.page.getByTestId('flow-name')).toHaveValue('Mine');
  await mine.page.getByTestId('reload-theirs').click();
  await expect(mine.page.getByTestId('flow-name')).toHaveValue('Theirs');
  await expect(banner).toHaveCount(0);
});

// ---------------------------------------------------------------------------------------------
// Stored data that cannot be read, older stored data, no storage at all, and "keep mine".

const KEY = 'creditflow:flow:v1';
const BACKUP = 'creditflow:flow:backup:';

/** Puts `value` under the flow's key before the app's first load (not again on a reload). */
async function storeBeforeLoad(page: Page, value: string): Promise<void> {
  await page.addInitScript(
    ({ key, value }) => {
      if (sessionStorage.getItem('e2e:stored')) return;
      sessionStorage.setItem('e2e:stored', '1');
      localStorage.setItem(key, value);
    },
    { key: KEY, value },
  );
}

const stored = (page: Page, key: string) => page.evaluate((k) => localStorage.getItem(k), key);
const backupKeys = (page: Page) =>
  page.evaluate((prefix) => Object.keys(localStorage).filter((k) => k.startsWith(prefix)).sort(), BACKUP);

const record = (flowText: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ storageVersion: 1, savedAt: 1, tabId: 'old-tab', flowText, ...extra });

const CORRUPT: { name: string; value: string; reason: string }[] = [
  { name: 'not JSON', value: '{"storageVersion":1,"flowText":"{\\"form', reason: 'the saved data is not valid JSON' },
  { name: 'not an object', value: '[1,2,3]', reason: 'the saved data is not an object' },
  { name: 'no flow in it', value: JSON.stringify({ storageVersion: 1, savedAt: 5 }), reason: 'the saved data holds no flow' },
  {
    name: 'a flow that is not a valid flow file',
    value: record(JSON.stringify({ format: 'creditflow', version: 2, modules: [{ id: 'm1', type: 'webscraper' }] })),
    reason: "modules[0] (id 'm1'): type 'webscraper' is not a module type",
  },
  {
    name: 'a newer storage version',
    value: JSON.stringify({ storageVersion: 9, savedAt: 1, tabId: 'x', flowText: '{}' }),
    reason: 'it was saved by a newer version of Creditflow (storage version 9)',
  },
];

for (const c of CORRUPT) {
  test(`stored data that cannot be read (${c.name}) is moved to a backup key, the user is told, and the app starts`, async ({ page }) => {
    await storeBeforeLoad(page, c.value);
    const editor = new EditorPage(page);
    await editor.open();

    // the app started, on the sample
    await expect(page.getByTestId('flow-name')).toHaveValue('Lead enrichment');
    await editor.expectTotal(price(sample('lead-enrichment')).total);
    // the user is told where the data went
    const notice = page.getByTestId('storage-notice');
    await expect(notice).toContainText(`The flow saved in this browser could not be read (${c.reason}`);
    const keys = await backupKeys(page);
    expect(keys).toHaveLength(1);
    await expect(notice).toContainText(`It was kept under "${keys[0]}" and a sample flow was opened.`);
    // moved, byte for byte, never deleted
    expect(await stored(page, keys[0]!)).toBe(c.value);
    expect(await stored(page, KEY)).toBeNull();

    // the notice goes when dismissed; the next change is saved under the flow's key again
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await expect(notice).toHaveCount(0);
    await rename(page, 'Fresh start');
    await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
    expect(JSON.parse(JSON.parse((await stored(page, KEY))!).flowText).name).toBe('Fresh start');
    expect(await stored(page, keys[0]!)).toBe(c.value);
  });
}

test('a stored flow of an older file version opens migrated, says so, and is stored anew only once changed', async ({ page }) => {
  const v1 = exampleFile();
  v1.name = 'Stored at version 1';
  const original = record(JSON.stringify(v1));
  await storeBeforeLoad(page, original);
  const editor = new EditorPage(page);
  await editor.open();

  await expect(page.getByTestId('flow-name')).toHaveValue('Stored at version 1');
  await expect(page.getByTestId('storage-notice')).toContainText(
    'Your saved flow was made with an older version (file version 1) and has been updated.',
  );
  const parsed = parseFlow(JSON.stringify({ ...v1, version: CURRENT_VERSION }));
  if (!parsed.ok) throw new Error('refused');
  await editor.expectTotal(price(parsed.value).total);
  // the stored original stays as it was until the user changes the flow
  await page.waitForTimeout(1000); // more than the 400 ms autosave delay: nothing is due
  expect(await stored(page, KEY)).toBe(original);

  await rename(page, 'Changed after the update');
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
  const saved = JSON.parse(JSON.parse((await stored(page, KEY))!).flowText);
  // saved at the file version this app writes, whatever that is now (it was 2, main made it 3)
  expect(saved.version).toBe(CURRENT_VERSION);
  expect(saved.name).toBe('Changed after the update');
});

test('a flow stored before records had a version (the bare flow) opens as it was', async ({ page }) => {
  const flow = sample('nightly-sync');
  await storeBeforeLoad(page, JSON.stringify(flow));
  const editor = new EditorPage(page);
  await editor.open();
  await expect(page.getByTestId('flow-name')).toHaveValue(flow.name);
  await editor.expectTotal(price(flow).total);
  await expect(page.getByTestId('storage-notice')).toHaveCount(0);
  expect(await backupKeys(page)).toEqual([]);
});

test('a browser without storage says so and the flow can still be exported', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      get() {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    });
  });
  const editor = new EditorPage(page);
  await editor.open();
  const banner = page.getByTestId('storage-error');
  await expect(banner).toContainText('This browser does not let Creditflow save (storage is off or blocked).');
  await rename(page, 'Kept in memory');
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'unavailable');
  const download = page.waitForEvent('download');
  await page.getByTestId('banner-export').click();
  const { readFile } = await import('node:fs/promises');
  expect(JSON.parse(await readFile(await (await download).path(), 'utf8')).name).toBe('Kept in memory');
});

test('"Keep mine" saves over the other tab, which is told in turn; a conflicted tab saves nothing silently', async ({ context }) => {
  const { mine, theirs } = await twoTabs(context);
  await expect(theirs.page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');

  // mine is told and stops saving: a change here does not reach storage
  await expect(mine.page.getByTestId('storage-conflict')).toBeVisible();
  await expect(mine.page.getByTestId('save-state')).toHaveAttribute('data-state', 'conflict');
  await rename(mine.page, 'Mine, changed');
  await mine.page.waitForTimeout(1000); // more than the autosave delay
  const storedName = async () => JSON.parse(JSON.parse((await stored(theirs.page, KEY))!).flowText).name as string;
  expect(await storedName()).toBe('Theirs');

  // keep mine: it replaces theirs in storage, and their tab is told (nothing replaced under them)
  await mine.page.getByTestId('keep-mine').click();
  await expect(mine.page.getByTestId('storage-conflict')).toHaveCount(0);
  await expect.poll(storedName).toBe('Mine, changed');
  await expect(theirs.page.getByTestId('storage-conflict')).toBeVisible();
  await expect(theirs.page.getByTestId('flow-name')).toHaveValue('Theirs');
  await theirs.page.getByTestId('reload-theirs').click();
  await expect(theirs.page.getByTestId('flow-name')).toHaveValue('Mine, changed');
  // "Reload theirs" is one undo step: the tab's own flow is one Undo away
  await theirs.undo();
  await expect(theirs.page.getByTestId('flow-name')).toHaveValue('Theirs');
});

test('a tab closed with a conflict open keeps its flow under a backup key and leaves the other tab’s save; the next start keeps that flow as a version and says so', async ({ context }) => {
  const { mine, theirs } = await twoTabs(context);
  await expect(mine.page.getByTestId('storage-conflict')).toBeVisible();
  await rename(mine.page, 'Mine, unsaved');

  await mine.page.close({ runBeforeUnload: true });
  // What a closing tab writes reaches the other tab's view of the storage a moment later.
  await expect.poll(() => backupKeys(theirs.page)).toHaveLength(1);
  const keys = await backupKeys(theirs.page);
  expect(JSON.parse(JSON.parse((await stored(theirs.page, keys[0]!))!).flowText).name).toBe('Mine, unsaved');
  expect(JSON.parse(JSON.parse((await stored(theirs.page, KEY))!).flowText).name).toBe('Theirs');
  await expect(theirs.page.getByTestId('storage-conflict')).toHaveCount(0);

  // The next start keeps that flow where the user finds it: a version of the entry, told in a toast.
  // Until 8 Dec it stayed under the backup key alone, which no screen shows.
  await theirs.page.close({ runBeforeUnload: true });
  const again = new EditorPage(await context.newPage());
  await again.open();
  await expect(again.page.getByTestId('flow-name')).toHaveValue('Theirs');
  await expect(again.toast()).toContainText('its flow “Mine, unsaved” is kept as the version “Set aside by another tab');
  await again.openFileMenu();
  await again.page.getByTestId('menu-library.versions').click();
  const version = again.page.getByTestId('version-row').filter({ hasText: 'Set aside by another tab' });
  await expect(version).toHaveCount(1);
  await version.getByTestId('version-restore').click();
  await expect(again.page.getByTestId('flow-name')).toHaveValue('Mine, unsaved');
  // Kept once: another start keeps nothing more.
  await again.page.reload();
  await expect(again.page.getByTestId('flow-name')).toHaveValue('Mine, unsaved');
  await again.page.waitForTimeout(1_000);
  await expect(again.toast().filter({ hasText: 'kept as the version' })).toHaveCount(0);
});

// ---------------------------------------------------------------------------------------------
// Issue 18 items 4 and 6: the unreadable saved flow is reachable, and never saved over.

test('an unreadable saved flow too large to copy aside is left in place, never saved over, and can be downloaded', async ({ page }) => {
  // About 3 million characters: two copies do not fit in the browser's storage.
  await page.addInitScript(
    ({ key }) => {
      if (sessionStorage.getItem('e2e:stored')) return;
      sessionStorage.setItem('e2e:stored', '1');
      const flowText = JSON.stringify({ format: 'creditflow', version: 2, name: 'Huge', modules: [{ id: 'm1', type: 'webscraper', note: 'x'.repeat(3_000_000) }] });
      localStorage.setItem(key, JSON.stringify({ storageVersion: 1, savedAt: 1, tabId: 'old-tab', flowText }));
    },
    { key: KEY },
  );
  const editor = new EditorPage(page);
  await editor.open();
  await expect(page.getByTestId('flow-name')).toHaveValue('Lead enrichment');
  const notice = page.getByTestId('storage-notice');
  await expect(notice).toContainText('left in place');
  expect(await backupKeys(page)).toEqual([]);
  const original = await stored(page, KEY);
  expect(original!.length).toBeGreaterThan(3_000_000);

  // the first edit on the sample does not replace it
  await rename(page, 'Edited sample');
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'held');
  await page.waitForTimeout(1000); // more than the 400 ms autosave delay
  expect(await stored(page, KEY)).toBe(original);

  // downloaded byte for byte; then the flow is saved again
  const download = page.waitForEvent('download');
  await notice.getByTestId('download-unreadable').click();
  const { readFile } = await import('node:fs/promises');
  expect(await readFile(await (await download).path(), 'utf8')).toBe(original);
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
  expect(JSON.parse(JSON.parse((await stored(page, KEY))!).flowText).name).toBe('Edited sample');
});

test('"Try to repair" opens what of a refused saved flow can be read and says what was dropped', async ({ page }) => {
  const flow = structuredClone(sample('nightly-sync'));
  const file = JSON.parse(JSON.stringify(flow));
  file.name = 'Mostly fine';
  const broken = file.modules[file.modules.length - 1];
  broken.type = 'webscraper';
  await storeBeforeLoad(page, record(JSON.stringify(file)));
  const editor = new EditorPage(page);
  await editor.open();
  const notice = page.getByTestId('storage-notice');
  await expect(notice).toContainText("type 'webscraper' is not a module type");
  await notice.getByTestId('repair-unreadable').click();
  await expect(page.getByTestId('flow-name')).toHaveValue('Mostly fine');
  await expect(notice).toContainText(`Dropped`);
  await expect(notice).toContainText(`module '${broken.id}'`);
  // the backup stays, byte for byte
  const keys = await backupKeys(page);
  expect(keys).toHaveLength(1);
  expect(await stored(page, keys[0]!)).toBe(record(JSON.stringify(file)));
});
