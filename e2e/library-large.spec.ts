/**
 * A large library entry is reopened as a dropped file is read (issue 19): its stored Blob goes to
 * the library's import worker and the flow comes back in parts, with the problems the worker
 * found. (A stored text the parser refuses: src/editor/readStored.test.ts.)
 */
import { expect, test, type Page } from '@playwright/test';
import { EditorPage } from './editor.page';
import { generateFlow } from '../src/model/generate';
import { serializeFlow } from '../src/io/serialize';

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
