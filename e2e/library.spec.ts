import { expect, test, type Page } from '@playwright/test';
import { EditorPage } from './editor.page';

async function rename(page: Page, name: string): Promise<void> {
  await page.getByTestId('flow-name').fill(name);
  await page.getByTestId('flow-name').press('Enter');
}

async function openLibrary(editor: EditorPage): Promise<void> {
  await editor.openFileMenu();
  await editor.page.getByTestId('menu-library.show').click();
  await expect(editor.page.getByTestId('library-dialog')).toBeVisible();
}

/** Flow records written straight into the library's database, as the library (or an older version of it) would have written them. */
async function putFlowRecords(page: Page, records: Record<string, unknown>[]): Promise<void> {
  await page.evaluate(async (records) => {
    // The app makes the database (with its stores) when its library starts; on a first visit that
    // start only reads the list, a moment after the page shows: opened before, it would be made empty.
    while (!(await indexedDB.databases()).some((d) => d.name === 'creditflow-library')) await new Promise((r) => setTimeout(r, 50));
    const db = await new Promise<IDBDatabase>((done, fail) => {
      const r = indexedDB.open('creditflow-library');
      r.onsuccess = () => done(r.result);
      r.onerror = () => fail(r.error);
    });
    const tx = db.transaction('flows', 'readwrite');
    for (const record of records) tx.objectStore('flows').put(record);
    await new Promise((done) => (tx.oncomplete = done));
    db.close();
  }, records);
}

/** An empty flow's file text, as a record written before the texts were Blobs held it. */
const emptyFlowText = (name: string) => JSON.stringify({ format: 'creditflow', version: 3, name, settings: {}, modules: [], edges: [] });

const row = (page: Page, name: string) => page.getByTestId('library-row').and(page.locator(`[data-name="${name}"]`));

test('two flows in the library: create, switch, rename; save a version, change, restore', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  await rename(page, 'First flow');
  const firstModules = await editor.nodes().count();

  // A new flow is a new entry: nothing asked, nothing replaced.
  await editor.openFileMenu();
  await page.getByTestId('menu-file.new').click();
  await expect(editor.confirmReplace()).toHaveCount(0);
  await expect(editor.nodes()).toHaveCount(1);
  await rename(page, 'Second flow');

  await openLibrary(editor);
  await expect(row(page, 'First flow')).toBeVisible();
  await expect(row(page, 'Second flow')).toContainText('open');
  await expect(row(page, 'First flow').getByTestId('library-modules')).toHaveText(`${firstModules} modules`);
  await page.screenshot({ path: test.info().outputPath('library.png') });

  // Switch to the first flow by its name.
  await row(page, 'First flow').getByTestId('library-open').click();
  await expect(page.getByTestId('flow-name')).toHaveValue('First flow');
  await expect(editor.nodes()).toHaveCount(firstModules);

  // Rename the second one from the list; search finds it by its new name.
  await row(page, 'Second flow').getByTestId('library-rename').click();
  await page.getByTestId('library-rename-input').fill('Renamed second');
  await page.getByTestId('library-rename-input').press('Enter');
  await expect(row(page, 'Renamed second')).toBeVisible();
  await page.getByTestId('library-search').fill('renamed');
  await expect(page.getByTestId('library-row')).toHaveCount(1);
  await page.getByTestId('library-search').fill('');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('library-dialog')).toHaveCount(0);

  // Ctrl+S saves a named version.
  const monthBefore = Number(await page.getByTestId('total-month').getAttribute('data-value'));
  await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
  await editor.press('Control+s');
  await expect(page.getByTestId('versions-dialog')).toBeVisible();
  await page.getByTestId('version-name').fill('Before the change');
  await page.getByTestId('version-name').press('Enter');
  await expect(page.getByTestId('version-row')).toHaveCount(1);
  await expect(page.getByTestId('version-row').first()).toContainText('Before the change');
  await page.keyboard.press('Escape');

  // Change the flow: a module fewer costs less.
  const [, second] = await editor.idsOfModules();
  await editor.selectModule(second!);
  await editor.press('Delete');
  await expect(editor.nodes()).toHaveCount(firstModules - 1);
  await expect.poll(async () => Number(await page.getByTestId('total-month').getAttribute('data-value'))).not.toBe(monthBefore);

  // Restore: the flow is back as saved, and one Undo takes the restore back.
  await editor.openFileMenu();
  await page.getByTestId('menu-library.versions').click();
  const saved = page.getByTestId('version-row').and(page.locator('[data-name="Before the change"]'));
  await saved.getByTestId('version-restore').click();
  await expect(editor.nodes()).toHaveCount(firstModules);
  await expect.poll(async () => Number(await page.getByTestId('total-month').getAttribute('data-value'))).toBe(monthBefore);
  // The flow as it was before the restore is kept as a version, with what it changed.
  await expect(page.getByTestId('version-row')).toHaveCount(2);
  await expect(page.getByTestId('version-row').first().getByTestId('version-change')).toContainText('−1 module');
  await page.keyboard.press('Escape');
  await editor.undo();
  await expect(editor.nodes()).toHaveCount(firstModules - 1);

  // Everything survives a reload: this tab reopens the flow it had open.
  await page.reload();
  await expect(page.getByTestId('flow-name')).toHaveValue('First flow');
  await expect(editor.nodes()).toHaveCount(firstModules - 1);
  await openLibrary(editor);
  await expect(page.getByTestId('library-row')).toHaveCount(2);
});

test('flows saved now (texts as Blobs) beside a flow written before (its text a string): both open, before and after a reload', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  await rename(page, 'Saved now');
  const modules = await editor.nodes().count();
  const stored = (name: string) =>
    page.evaluate(async (name) => {
      const db = await new Promise<IDBDatabase>((done, fail) => {
        const r = indexedDB.open('creditflow-library');
        r.onsuccess = () => done(r.result);
        r.onerror = () => fail(r.error);
      });
      const records = await new Promise<{ name: string; flowText: unknown }[]>((done) => {
        const q = db.transaction('flows').objectStore('flows').getAll();
        q.onsuccess = () => done(q.result as { name: string; flowText: unknown }[]);
      });
      db.close();
      const record = records.find((r) => r.name === name);
      return record === undefined ? 'none' : record.flowText instanceof Blob ? 'blob' : typeof record.flowText;
    }, name);
  await expect.poll(() => stored('Saved now')).toBe('blob');
  // A record as the library wrote it before: the text itself.
  await putFlowRecords(page, [{ id: 'before', name: 'Written before', flowText: emptyFlowText('Written before'), modules: 0, perMonth: 0, createdAt: 1, updatedAt: 1 }]);

  await page.reload();
  await expect(page.getByTestId('flow-name')).toHaveValue('Saved now');
  await expect(editor.nodes()).toHaveCount(modules);
  expect(await stored('Written before')).toBe('string');
  await openLibrary(editor);
  await row(page, 'Written before').getByTestId('library-open').click();
  await expect(page.getByTestId('flow-name')).toHaveValue('Written before');
  await expect(editor.nodes()).toHaveCount(0);

  await page.reload();
  await expect(page.getByTestId('flow-name')).toHaveValue('Written before');
  await openLibrary(editor);
  await row(page, 'Saved now').getByTestId('library-open').click();
  await expect(page.getByTestId('flow-name')).toHaveValue('Saved now');
  await expect(editor.nodes()).toHaveCount(modules);
});

test('delete a flow from the library, and Undo brings it back', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  // Changed, the sample shown on a first visit is kept in the library (untouched, it is not).
  await rename(page, 'Kept');
  await editor.openSample('nightly-sync');
  await expect(page.getByTestId('flow-name')).toHaveValue('Nightly sync');
  await openLibrary(editor);
  await expect(page.getByTestId('library-row')).toHaveCount(2);
  await row(page, 'Nightly sync').getByTestId('library-delete').click();
  await expect(page.getByTestId('library-removed')).toContainText('Deleted “Nightly sync”');
  await expect(page.getByTestId('library-row')).toHaveCount(1);
  // The open flow was deleted: the other one is open now.
  await expect(page.getByTestId('flow-name')).not.toHaveValue('Nightly sync');
  await page.getByTestId('library-undo-delete').click();
  await expect(page.getByTestId('library-row')).toHaveCount(2);
  await expect(row(page, 'Nightly sync')).toBeVisible();
});

test('copy a link, and open it in a new page: the flow is added to that library as a copy', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const editor = new EditorPage(page);
  await editor.open();
  await rename(page, 'Shared flow');
  const exported = await editor.exportFlow();
  await editor.openFileMenu();
  await page.getByTestId('menu-library.copyLink').click();
  await expect(editor.toast()).toContainText('Link copied');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toMatch(/#flow=[A-Za-z0-9_-]+$/);

  const other = new EditorPage(await context.newPage());
  await other.page.goto(link);
  await expect(other.page.getByTestId('flow-name')).toHaveValue('Shared flow');
  await expect(other.toast()).toContainText('from the link is now in your library');
  // The fragment is taken out of the address once opened (a reload does not add it again).
  await expect.poll(() => new URL(other.page.url()).hash).toBe('');
  expect(await other.exportFlow()).toBe(exported);
});

test('a damaged link opens nothing, says why, and keeps the flow', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  const name = await page.getByTestId('flow-name').inputValue();
  await page.goto('/#flow=eJzLSM3JyVcozy_KSQEAGgQEXQ');
  await expect(page.getByTestId('import-errors-dialog')).toContainText('The link was not opened');
  await expect(page.getByTestId('import-errors-dialog')).toContainText('damaged');
  await expect(page.getByTestId('flow-name')).toHaveValue(name);
});

test('a library of 300 flows: the list says how many, draws a window of rows, and search and the keys reach any flow', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  // 300 flow records written straight into the database (no list entries): the library makes their entries when it lists them.
  const n = 300;
  const flowText = emptyFlowText('x');
  await putFlowRecords(page, Array.from({ length: n }, (_, i) => ({ id: `many-${i}`, name: `Many ${i}`, flowText, modules: 0, perMonth: 0, createdAt: 1, updatedAt: 1000 + n - i })));
  await openLibrary(editor);
  // 300: the sample shown, untouched, is not in the library (firstVisit below).
  await expect(page.getByTestId('library-count')).toHaveText('300 flows');
  const drawn = await page.getByTestId('library-row').count();
  expect(drawn).toBeGreaterThan(5);
  expect(drawn).toBeLessThan(60);

  await page.getByTestId('library-search').fill('many 250');
  await expect(page.getByTestId('library-row')).toHaveCount(1);
  await expect(page.getByTestId('library-count')).toHaveText('1 of 300 flows');
  await page.getByTestId('library-search').fill('');

  // Down from the search to the first flow, End to the last (scrolled to and drawn), Home back.
  await page.getByTestId('library-search').press('ArrowDown');
  await expect(page.locator('[data-index="0"] [data-testid="library-open"]')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('[data-index="1"] [data-testid="library-open"]')).toBeFocused();
  await page.keyboard.press('End');
  await expect(row(page, 'Many 299').getByTestId('library-open')).toBeFocused();
  await page.keyboard.press('Home');
  await expect(page.locator('[data-index="0"] [data-testid="library-open"]')).toBeFocused();

  // Tab goes on past the rows first drawn: each focused row is scrolled into view and the next ones drawn.
  for (let i = 0; i < 4 * drawn + 4; i++) await page.keyboard.press('Tab');
  const focusedIndex = await page.evaluate(() => Number(document.activeElement?.closest('[data-index]')?.getAttribute('data-index')));
  expect(focusedIndex).toBeGreaterThanOrEqual(drawn);
  await expect(page.getByTestId('library-row')).not.toHaveCount(0);
  expect(await page.getByTestId('library-row').count()).toBeLessThan(60);
});

test('a first visit, reloaded twice without an edit, adds nothing to the library; the first edit keeps the flow, once, and a reload says "Saved locally"', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  const state = page.getByTestId('save-state');
  const sampleName = await page.getByTestId('flow-name').inputValue();
  for (let i = 0; i < 2; i++) {
    await page.reload();
    await expect(page.getByTestId('flow-name')).toHaveValue(sampleName);
  }
  await expect(state).toHaveAttribute('data-state', 'unsaved');
  await expect(state).toHaveText(/Nothing to save yet/);
  await openLibrary(editor);
  await expect(page.getByTestId('library-count')).toHaveText('0 flows');
  await expect(page.getByTestId('library-row')).toHaveCount(0);
  await expect(page.getByTestId('library-untouched')).toContainText(`“${sampleName}”, open now, is not kept here yet`);
  // Still nothing stored after the library has read itself and the dialog is open.
  expect(await page.evaluate(() => localStorage.getItem('creditflow:flow:v1'))).toBeNull();
  await page.keyboard.press('Escape');

  // The first change: saved to the working copy and the library, as one entry.
  await rename(page, 'My enrichment');
  await expect(state).toHaveAttribute('data-state', 'saved');
  await page.reload();
  await expect(page.getByTestId('flow-name')).toHaveValue('My enrichment');
  await expect(state).toHaveText(/Saved locally/);
  await page.reload();
  await expect(page.getByTestId('flow-name')).toHaveValue('My enrichment');
  await openLibrary(editor);
  await expect(page.getByTestId('library-count')).toHaveText('1 flow');
  await expect(row(page, 'My enrichment')).toContainText('open');
  await expect(page.getByTestId('library-untouched')).toHaveCount(0);
});
