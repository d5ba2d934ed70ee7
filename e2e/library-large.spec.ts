/**
 * A large library entry is reopened as a dropped file is read (issue 19): its stored Blob goes to
 * the library's import worker and the flow comes back in parts, with the problems the worker found.
 * A stored text the parser refuses still says why and keeps the open flow.
 */
import { expect, test, type Page } from '@playwright/test';
import { EditorPage } from './editor.page';
import { generateFlow } from '../src/model/generate';
import { serializeFlow } from '../src/io/serialize';

/** Flow records whose texts are Blobs (as the library writes them), written straight into its database. */
async function putBlobRecords(page: Page, records: { id: string; name: string; text: string; modules: number }[]): Promise<void> {
  await page.evaluate(async (records) => {
    const db = await new Promise<IDBDatabase>((done, fail) => {
      const r = indexedDB.open('creditflow-library');
      r.onsuccess = () => done(r.result);
      r.onerror = () => fail(r.error);
    });
    const tx = db.transaction('flows', 'readwrite');
    for (const { id, name, text, modules } of records) {
      tx.objectStore('flows').put({ id, name, flowText: new Blob([text]), textChars: text.length, modules, perMonth: 0, createdAt: 1, updatedAt: 2 });
    }
    await new Promise((done) => (tx.oncomplete = done));
    db.close();
  }, records);
}

const row = (page: Page, name: string) => page.getByTestId('library-row').and(page.locator(`[data-name="${name}"]`));

test('a large entry (over 256 kB) opens from the library with its problems; one whose text does not parse says why and keeps the flow', async ({ page }) => {
  test.setTimeout(120_000);
  const editor = new EditorPage(page);
  await editor.open();
  const flow = generateFlow({ modules: 1_500, seed: 11 });
  flow.name = 'Large stored';
  // A second trigger: a problem the worker finds.
  flow.modules.push({ id: 'second-trigger', type: 'trigger', name: 'Second trigger', position: { x: 0, y: -400 } });
  const text = serializeFlow(flow);
  expect(text.length).toBeGreaterThan(256 * 1024);
  const broken = text.replace('"modules"', '"modulez"').replace('Large stored', 'Broken stored');
  await putBlobRecords(page, [
    { id: 'large', name: 'Large stored', text, modules: flow.modules.length },
    { id: 'broken', name: 'Broken stored', text: broken, modules: flow.modules.length },
  ]);

  await editor.openFileMenu();
  await page.getByTestId('menu-library.show').click();
  await row(page, 'Large stored').getByTestId('library-open').click();
  await expect(page.getByTestId('flow-name')).toHaveValue('Large stored', { timeout: 60_000 });
  await expect(editor.nodes().first()).toBeVisible();
  await expect(page.locator('#dock-tab-problems')).toHaveText(/[1-9]/);

  // The library stays open after a flow opens from it.
  await row(page, 'Broken stored').getByTestId('library-open').click();
  const dialog = page.getByTestId('import-errors-dialog');
  await expect(dialog).toContainText('The flow was not opened', { timeout: 60_000 });
  await expect(dialog).toContainText('modules');
  await expect(page.getByTestId('flow-name')).toHaveValue('Large stored');
});
