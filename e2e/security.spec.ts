import { expect, test } from '@playwright/test';
import { EditorPage } from './editor.page';
import { sample } from './expected';
import { collectDialogs } from './shared';

const PAYLOAD = '<img src=x onerror=alert(1)>';

test('a module named with HTML renders as text, never as markup', async ({ page }) => {
  const dialogs = collectDialogs(page);
  const editor = new EditorPage(page);
  await editor.open();
  await editor.selectModule('m7');
  await editor.setField('name', PAYLOAD);
  await expect(editor.node('m7').getByTestId('node-name')).toHaveText(PAYLOAD);
  await expect(editor.node('m7').locator('img')).toHaveCount(0);
  await expect(page.getByTestId('cost-row-m7')).toContainText(PAYLOAD);

  // and through an imported file, in the flow name, a module name and the problems panel
  const flow = sample('nightly-sync');
  flow.name = `<script>alert(2)</script>`;
  flow.modules[1]!.name = PAYLOAD;
  flow.modules.push({ id: 'm99', type: 'trigger', name: `<b onmouseover=alert(3)>x</b>`, position: { x: 400, y: 0 } });
  await editor.importFile('html.json', JSON.stringify(flow));
  await expect(page.getByTestId('flow-name')).toHaveValue('<script>alert(2)</script>');
  await expect(editor.node('m2').getByTestId('node-name')).toHaveText(PAYLOAD);
  await page.getByTestId('tab-problems').click();
  await expect(page.getByTestId('problems-panel')).toContainText('<b onmouseover=alert(3)>x</b>');
  await expect(page.locator('#root img, #root script, #root b')).toHaveCount(0);
  await editor.node('m2').hover();
  expect(dialogs).toEqual([]);
});
