/**
 * A large library entry is reopened as a dropped file is read (issue 19): its stored Blob goes to
 * the library's import worker and the flow comes back in parts, with the problems the worker
 * found. (A stored text the parser refuses: src/editor/readStored.test.ts.)
 */
import { expect, test, type Page } from '@playwright/test';
import { EditorPage } from './editor.page';
import { generateFlow } from '../src/model/generate';
import { serializeFlow } from '../src/io/serialize';
import { priceFlow } from '../src/cost/price';
import { formatCredits } from '../src/ui/numbers';
import { holdWorkerMessages, installWorkerHold, releaseWorkerMessages } from './workerHold';

async function rename(page: Page, name: string): Promise<void> {
  await page.getByTestId('flow-name').fill(name);
  await page.getByTestId('flow-name').press('Enter');
}

const row = (page: Page, name: string) => page.getByTestId('library-row').and(page.locator(`[data-name="${name}"]`));

test('a large entry (over 256 kB) opens again from the library, with its problems', async ({ page }) => {
  test.setTimeout(180_000);
  const editor = new EditorPage(page);
  await editor.open();
  const flow = generateFlow({ modules: 1_500, seed: 11 });
  flow.name = 'Large stored';
  // A second trigger: a problem the worker finds.
  flow.modules.push({ id: 'second-trigger', type: 'trigger', name: 'Second trigger', position: { x: 0, y: -400 } });
  const text = serializeFlow(flow);
  expect(text.length).toBeGreaterThan(256 * 1024);
  await editor.dropFileOnCanvas('large-stored.json', text);
  await expect(page.getByTestId('flow-name')).toHaveValue('Large stored', { timeout: 60_000 });
  const problems = page.locator('#dock-tab-problems');
  await expect(problems).toHaveText(/[1-9]/);
  const shown = await problems.textContent();

  // Another flow, then the large one again from the library (its stored text, 560 kB).
  await editor.openFileMenu();
  await page.getByTestId('menu-file.new').click();
  await expect(page.getByTestId('flow-name')).not.toHaveValue('Large stored');
  await editor.openFileMenu();
  await page.getByTestId('menu-library.show').click();
  await row(page, 'Large stored').getByTestId('library-open').click();
  await expect(page.getByTestId('flow-name')).toHaveValue('Large stored', { timeout: 60_000 });
  await expect(editor.nodes().first()).toBeVisible();
  await expect(problems).toHaveText(shown!);
});

/**
 * The working copy in localStorage made older than the library's entry (as when the flow is too
 * large for it, or another tab saved the entry later): a small flow named `name`, saved at time 1.
 */
async function olderWorkingCopy(page: Page, name: string): Promise<void> {
  await page.evaluate((name) => {
    const key = 'creditflow:flow:v1';
    const record = JSON.parse(localStorage.getItem(key)!) as { flowId: string };
    const flow = { format: 'creditflow', version: 3, name, settings: {}, modules: [{ id: 'm1', type: 'trigger', name: 'Trigger', position: { x: 0, y: 0 } }], edges: [] };
    localStorage.setItem(key, JSON.stringify({ ...record, savedAt: 1, flowText: JSON.stringify(flow) }));
  }, name);
}

/** The library's entry named `name` in IndexedDB, its time of saving, or null when none is. */
function entryNamed(page: Page, name: string): Promise<{ id: string; updatedAt: number } | null> {
  return page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((done, fail) => {
      const r = indexedDB.open('creditflow-library');
      r.onsuccess = () => done(r.result);
      r.onerror = () => fail(r.error);
    });
    const records = await new Promise<{ id: string; name: string; updatedAt: number }[]>((done) => {
      const q = db.transaction('flows').objectStore('flows').getAll();
      q.onsuccess = () => done(q.result as { id: string; name: string; updatedAt: number }[]);
    });
    db.close();
    const record = records.find((r) => r.name === name);
    return record ? { id: record.id, updatedAt: record.updatedAt } : null;
  }, name);
}

/** The library's entry `id` marked as saved at `updatedAt` (its flow unchanged). */
async function entrySavedAt(page: Page, id: string, updatedAt: number): Promise<void> {
  await page.evaluate(async ({ id, updatedAt }) => {
    const db = await new Promise<IDBDatabase>((done, fail) => {
      const r = indexedDB.open('creditflow-library');
      r.onsuccess = () => done(r.result);
      r.onerror = () => fail(r.error);
    });
    const tx = db.transaction('flows', 'readwrite');
    const q = tx.objectStore('flows').get(id);
    q.onsuccess = () => tx.objectStore('flows').put({ ...(q.result as object), updatedAt });
    await new Promise((done) => (tx.oncomplete = done));
    db.close();
  }, { id, updatedAt });
}

test('reopening a newer large entry at start: its progress and Cancel (the working copy stays), and an edit made meanwhile is kept', async ({ page }) => {
  test.setTimeout(180_000);
  const editor = new EditorPage(page);
  await editor.open();
  const flow = generateFlow({ modules: 1_500, seed: 12 });
  flow.name = 'Large stored';
  await editor.dropFileOnCanvas('large-stored.json', serializeFlow(flow));
  await expect(page.getByTestId('flow-name')).toHaveValue('Large stored', { timeout: 60_000 });
  const workingCopyHolds = (name: string) => expect.poll(() => page.evaluate((name) => {
      const record = localStorage.getItem('creditflow:flow:v1');
      return record !== null && (JSON.parse((JSON.parse(record) as { flowText: string }).flowText) as { name: string }).name === name;
    }, name), { timeout: 30_000 });
  await workingCopyHolds('Large stored').toBe(true);
  await editor.openFileMenu();
  await page.getByTestId('menu-library.show').click();
  await expect(row(page, 'Large stored')).toContainText('open');
  await page.keyboard.press('Escape');
  const progress = page.getByTestId('library-progress');

  // The library's reads held from each load on (the read itself, whether its worker is new or not).
  await installWorkerHold(page, ['import']);

  // 1. Cancel: the working copy stays, and the newer copy is kept as a version of the entry.
  await olderWorkingCopy(page, 'Working copy');
  await page.reload();
  await expect(page.getByTestId('flow-name')).toHaveValue('Working copy');
  await expect(progress).toContainText('Opening “Large stored” from the library');
  await page.getByTestId('library-cancel').click();
  await expect(progress).toHaveCount(0);
  await expect(editor.toast()).toContainText('Opening cancelled: the flow shown stays.');
  // The read held goes to the worker Cancel ended: nothing comes of it.
  await releaseWorkerMessages(page);
  await expect(page.getByTestId('flow-name')).toHaveValue('Working copy');
  await editor.openFileMenu();
  await page.getByTestId('menu-library.versions').click();
  const kept = page.getByTestId('version-row').and(page.locator('[data-name^="A newer copy, not opened"]'));
  await expect(kept).toContainText('A newer copy, not opened');
  // Its credits per run, as every version shows them (never read at start: priced as the list reads it).
  const perRun = `${formatCredits(priceFlow(flow).total)} cr/run`;
  await expect(kept.getByTestId('version-run')).toHaveText(perRun);
  await page.getByTestId('versions-dialog').screenshot({ path: test.info().outputPath('versions-unopened-cancelled.png') });

  // 2. The large flow back (that version restored), the working copy older again: an edit made
  // while the entry is read is kept, and the newer copy is kept as a version.
  await kept.getByTestId('version-restore').click();
  await expect(page.getByTestId('flow-name')).toHaveValue('Large stored', { timeout: 60_000 });
  await page.keyboard.press('Escape');
  await workingCopyHolds('Large stored').toBe(true);
  await olderWorkingCopy(page, 'Working copy');
  await page.reload();
  await expect(page.getByTestId('flow-name')).toHaveValue('Working copy');
  await expect(progress).toContainText('Opening “Large stored” from the library');
  await rename(page, 'Edited meanwhile');
  await releaseWorkerMessages(page);
  await expect(editor.toast()).toContainText('You edited the flow while its newer copy was opening, so your edits stay.', { timeout: 60_000 });
  await expect(progress).toHaveCount(0);
  await expect(page.getByTestId('flow-name')).toHaveValue('Edited meanwhile');
  await workingCopyHolds('Edited meanwhile').toBe(true);
  await page.reload();
  // Nothing held from here on.
  await releaseWorkerMessages(page);
  await expect(page.getByTestId('flow-name')).toHaveValue('Edited meanwhile');

  // The newer copy kept this time was read (by the worker, which priced it), only not shown: its credits too.
  await editor.openFileMenu();
  await page.getByTestId('menu-library.versions').click();
  await expect(kept).toHaveCount(2);
  for (const row of await kept.all()) await expect(row.getByTestId('version-run')).toHaveText(perRun);
  await page.getByTestId('versions-dialog').screenshot({ path: test.info().outputPath('versions-unopened-edited.png') });
});

test('File › Versions of a large flow: rows priced off the page ("pricing…") while the dialog answers; Restore of a large version has progress and Cancel', async ({ page }) => {
  test.setTimeout(240_000);
  const editor = new EditorPage(page);
  await editor.open();
  // Changed, the sample is kept as a version before the drop replaces it (untouched, it is stored nowhere).
  await rename(page, 'Sample, changed');
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
  const flow = generateFlow({ modules: 1_500, seed: 13 });
  flow.name = 'Large stored';
  await editor.dropFileOnCanvas('large-stored.json', serializeFlow(flow));
  await expect(page.getByTestId('flow-name')).toHaveValue('Large stored', { timeout: 60_000 });
  const versionRow = (name: string) => page.getByTestId('version-row').and(page.locator(`[data-name="${name}"]`));
  const openVersions = async () => {
    await editor.openFileMenu();
    await page.getByTestId('menu-library.versions').click();
    await expect(page.getByTestId('versions-dialog')).toBeVisible();
  };
  const saveVersion = async (name: string) => {
    await page.getByTestId('version-name').fill(name);
    await page.getByTestId('version-save').click();
    await expect(versionRow(name)).toBeVisible({ timeout: 60_000 });
  };
  await openVersions();
  await saveVersion('Big one');
  // After the version kept before the drop (the sample flow): what the drop changed, its growth capped as a factor.
  const grown = /^\+1,\d{3} modules, .*: \+[\d,]+ credits\/month \(×[\d.,]+\)$/;
  await expect(versionRow('Big one').getByTestId('version-change')).toHaveText(grown, { timeout: 60_000 });
  await saveVersion('Again');
  await expect(versionRow('Again').getByTestId('version-change')).toHaveText('no changes', { timeout: 60_000 });
  await page.keyboard.press('Escape');
  await rename(page, 'Renamed');
  // A fresh page (the versions' worker made anew), the large entry open again. Both saves of the
  // rename are in before the reload: the working copy's (localStorage) and the entry's (IndexedDB).
  await expect.poll(() => page.evaluate(() => localStorage.getItem('creditflow:flow:v1')?.includes('Renamed') ?? false), { timeout: 30_000 }).toBe(true);
  await expect.poll(() => entryNamed(page, 'Renamed'), { timeout: 30_000 }).not.toBeNull();
  // The entry's save landing after the working copy's (as it may): the entry holds the very flow
  // shown, so the library's start reads nothing (the reads held from the load on would hold it, and
  // every library command with it).
  const savedAt = await page.evaluate(() => (JSON.parse(localStorage.getItem('creditflow:flow:v1')!) as { savedAt: number }).savedAt);
  await entrySavedAt(page, (await entryNamed(page, 'Renamed'))!.id, savedAt + 1);
  await installWorkerHold(page, ['import']);
  await page.reload();
  await expect(page.getByTestId('flow-name')).toHaveValue('Renamed', { timeout: 60_000 });

  // The versions' pricing held: the rows say "pricing…", and the dialog's other controls answer meanwhile.
  let release = await holdWorkerMessages(page, ['import', 'versions']);
  await openVersions();
  await expect(versionRow('Big one').getByTestId('version-change')).toHaveText('pricing…');
  await expect(versionRow('Again').getByTestId('version-change')).toHaveText('pricing…');
  await page.getByTestId('version-name').fill('typed while pricing');
  await expect(page.getByTestId('version-name')).toHaveValue('typed while pricing');
  await versionRow('Big one').getByTestId('version-base').click();
  await expect(page.getByTestId('version-base-note')).toContainText('Big one');
  await page.getByTestId('versions-dialog').screenshot({ path: test.info().outputPath('versions-pricing.png') });
  await release();
  const perRun = `${formatCredits(priceFlow(flow).total)} cr/run`;
  await expect(versionRow('Big one').getByTestId('version-change')).toHaveText(grown, { timeout: 60_000 });
  await expect(versionRow('Again').getByTestId('version-change')).toHaveText('no changes', { timeout: 60_000 });
  await expect(versionRow('Big one').getByTestId('version-run')).toHaveText(perRun);
  await page.getByTestId('versions-dialog').screenshot({ path: test.info().outputPath('versions-priced.png') });

  // Restore of a large version: read in the library's worker, with its progress and Cancel (the flow shown stays).
  release = await holdWorkerMessages(page, ['import']);
  const progress = page.getByTestId('library-progress');
  await versionRow('Big one').getByTestId('version-restore').click();
  await expect(progress).toBeVisible();
  await page.getByTestId('library-cancel').click();
  await expect(progress).toHaveCount(0);
  await expect(page.getByTestId('flow-name')).toHaveValue('Renamed');
  // The read held goes to the worker Cancel ended: nothing comes of it.
  await release();
  await versionRow('Big one').getByTestId('version-restore').click();
  await expect(page.getByTestId('flow-name')).toHaveValue('Large stored', { timeout: 60_000 });
});
