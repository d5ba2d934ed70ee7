import { expect, test } from '@playwright/test';
import { EditorPage } from './editor.page';
import { price, sample } from './expected';

test('export, then import the file, gives the same flow', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  await editor.dragModule('m11', 80, 40);
  await page.getByTestId('flow-name').fill('Round trip');
  await page.getByTestId('flow-name').press('Enter');
  const exported = await editor.exportFlow();
  const total = await editor.totalRunValue();

  await editor.openFileMenu();
  await page.getByTestId('menu-file.new').click();
  await expect(editor.nodes()).toHaveCount(1);

  await editor.importFile('round-trip.creditflow.json', exported);
  await expect(page.getByTestId('flow-name')).toHaveValue('Round trip');
  expect(await editor.totalRunValue()).toBe(total);
  expect(await editor.exportFlow()).toBe(exported);
});

test('pasting JSON in the import dialog imports it', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  const flow = sample('nightly-sync');
  await editor.openFileMenu();
  await page.getByTestId('menu-file.import').click();
  await page.getByTestId('import-text').fill(JSON.stringify(flow));
  await page.getByTestId('import-submit').click();
  await expect(page.getByTestId('import-dialog')).toHaveCount(0);
  await expect(page.getByTestId('flow-name')).toHaveValue(flow.name);
  await editor.expectTotal(price(flow).total);
});

test('a broken file shows every located error and leaves the flow untouched', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  const before = await editor.exportFlow();
  const broken = '{\n  "format": "creditflow",\n  "version": 1,\n  "name": "Broken",\n  "modules": [,]\n}\n';

  // through the file picker: the import dialog lists the errors
  await editor.importFile('broken.json', broken);
  const importDialog = page.getByTestId('import-dialog');
  await expect(importDialog.getByTestId('import-error').first()).toContainText(/line 5, column \d+/);
  await expect(importDialog).toContainText('Your flow is unchanged');

  // pasted text with a schema error names its path
  await page.getByTestId('import-text').fill(
    JSON.stringify({ format: 'creditflow', version: 1, name: 'Wrong', settings: {}, modules: [{ id: 'm1', type: 'teleporter', name: 'x', position: { x: 0, y: 0 } }], edges: [] }),
  );
  await page.getByTestId('import-submit').click();
  await expect(importDialog.getByTestId('import-error').first()).toContainText('modules[0]');
  await importDialog.getByRole('button', { name: 'Cancel' }).click();

  // dropped on the canvas: a dialog with every error
  await editor.dropFileOnCanvas('broken.json', broken);
  const errorsDialog = page.getByTestId('import-errors-dialog');
  await expect(errorsDialog).toBeVisible();
  await expect(errorsDialog.getByTestId('import-error').first()).toContainText(/line 5, column \d+/);
  await errorsDialog.getByRole('button', { name: 'OK' }).click();

  expect(await editor.exportFlow()).toBe(before);
  await expect(page.getByTestId('flow-name')).toHaveValue('Lead enrichment');
});

test('a flow file dropped on the canvas is imported', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  const flow = sample('support-ticket-triage');
  await editor.dropFileOnCanvas('support.json', JSON.stringify(flow));
  await expect(page.getByTestId('flow-name')).toHaveValue(flow.name);
  await editor.expectTotal(price(flow).total);
});

test('two files dropped at once: the first is imported and a toast names the one not opened', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  const first = sample('support-ticket-triage');
  const second = sample('nightly-sync');
  await editor.dropFilesOnCanvas([
    { name: 'support.json', content: JSON.stringify(first) },
    { name: 'nightly.json', content: JSON.stringify(second) },
  ]);
  await expect(page.getByTestId('flow-name')).toHaveValue(first.name);
  await expect(editor.toast()).toContainText('“nightly.json” was not');
  await editor.expectTotal(price(first).total);
});

test('a flow with structural problems imports and shows them', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  const flow = sample('nightly-sync');
  flow.modules.push({ id: 'm99', type: 'trigger', name: 'Second trigger', position: { x: 400, y: 0 } });
  await editor.importFile('two-triggers.json', JSON.stringify(flow));
  await expect(editor.nodes()).toHaveCount(flow.modules.length);
  await expect(page.getByTestId('problem-count')).not.toHaveText('0');
  await expect(page.locator('[data-testid="node-problem"]').first()).toBeVisible();
});

test('the flow is restored after a reload', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  await page.getByTestId('flow-name').fill('Saved across reloads');
  await page.getByTestId('flow-name').press('Enter');
  await editor.selectModule('m7');
  await editor.setField('durationSec', '12');
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
  const exported = await editor.exportFlow();

  await page.reload();
  await expect(editor.nodes().first()).toBeVisible();
  await expect(page.getByTestId('flow-name')).toHaveValue('Saved across reloads');
  expect(await editor.exportFlow()).toBe(exported);
});

test('a UTF-16 file (what PowerShell\'s ">" writes) opens as the same flow; a Latin-1 file is refused with its line and column', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  const flow = sample('nightly-sync');
  const text = JSON.stringify(flow, null, 2).replace(/\n/g, '\r\n');
  const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  await editor.openFileMenu();
  await page.getByTestId('menu-file.import').click();
  await page.getByTestId('import-file-input').setInputFiles({ name: 'ps.json', mimeType: 'application/json', buffer: utf16le });
  await expect(page.getByTestId('import-dialog')).toHaveCount(0);
  await expect(page.getByTestId('flow-name')).toHaveValue(flow.name);
  await editor.expectTotal(price(flow).total);

  const latin1 = Buffer.from(JSON.stringify({ ...flow, name: 'Café' }, null, 2), 'latin1');
  await editor.openFileMenu();
  await page.getByTestId('menu-file.import').click();
  await page.getByTestId('import-file-input').setInputFiles({ name: 'latin1.json', mimeType: 'application/json', buffer: latin1 });
  const dialog = page.getByTestId('import-dialog');
  await expect(dialog).toContainText(/line 4, column 15\s*The file is not valid UTF-8: at byte [\d,]+, byte 0xE9/);
  await expect(page.getByTestId('flow-name')).toHaveValue(flow.name);
});
