/**
 * The commands' edit queue (registry.ts, `later.edit`) as a person meets it (review 3): an edit
 * given while the commands' code is held back, or while a paste waits for the clipboard, keeps its
 * place in the user's order, stays on the flow it was given on, and the toolbar shows that Undo and
 * Redo will take it.
 */
import { expect, test, type Page } from '@playwright/test';
import { EditorPage } from './editor.page';
import { holdChunks } from './chunkHold';
import { CURRENT_VERSION } from '../src/io/migrations';

/** The commands' code (file, clipboard, platform plans: commands/loadedLater.ts), held back. */
const holdCommandsCode = (page: Page) => holdChunks(page, /\/assets\/loadedLater-[\w-]+\.js$/);

/** Changes the n8n Starter plan's price in the Platforms tab; returns the price it had. */
async function changePlanPrice(page: Page, price: string): Promise<string> {
  await page.getByTestId('tab-platforms').click();
  await expect(page.getByTestId('platforms-panel')).toBeVisible();
  const field = page.getByTestId('field-plan-n8n-0-price');
  const before = await field.inputValue();
  expect(before).not.toBe(price);
  await field.fill(price);
  await field.press('Enter');
  return before;
}

const OTHER = JSON.stringify({
  format: 'creditflow',
  version: CURRENT_VERSION,
  name: 'Other flow',
  settings: { runsPerMonth: 1000 },
  modules: [{ id: 'o1', type: 'trigger', name: 'Other trigger', position: { x: 0, y: 0 }, assumptions: { durationSec: 0, payloadKB: 2 } }],
  edges: [],
});

test('the toolbar offers Undo and Redo while a plan change waits for its code, and withdraws Redo once it has landed', async ({ page }) => {
  const later = await holdCommandsCode(page);
  const editor = new EditorPage(page);
  await editor.open();
  await later.asked;
  const redo = page.getByTestId('cmd-edit.redo');
  await expect(redo).toBeDisabled();
  await changePlanPrice(page, '99');
  // The change waits: Mod+Shift+Z would be taken now, so the button says so too.
  await expect(page.getByTestId('cmd-edit.undo')).toBeEnabled();
  await expect(redo).toBeEnabled();
  later.release();
  await expect(page.getByTestId('field-plan-n8n-0-price')).toHaveValue('99');
  await expect(redo).toBeDisabled();
});

test('a plan change given on one flow is not applied to another imported before it lands: a toast says so', async ({ page }) => {
  const later = await holdCommandsCode(page);
  const editor = new EditorPage(page);
  await editor.open();
  await later.asked;
  const before = await changePlanPrice(page, '99');
  // File ▸ Import JSON… opens another flow while the change still waits for its code.
  await editor.importFile('other.json', OTHER);
  await expect(page.getByTestId('flow-name')).toHaveValue('Other flow');
  later.release();
  await expect(editor.toast()).toContainText('was not applied: another flow was opened before it could land');
  await page.getByTestId('tab-platforms').click();
  await expect(page.getByTestId('field-plan-n8n-0-price')).toHaveValue(before);
});

test('a click on an undone step of the undo history, given while a plan change waits, says why it can no longer be redone', async ({ page }) => {
  const later = await holdCommandsCode(page);
  const editor = new EditorPage(page);
  await editor.open();
  await later.asked;
  // The sample's module m4 (a search) has a payload.
  await editor.selectModule('m4');
  await editor.setField('payloadKB', '40');
  await editor.setField('payloadKB', '50');
  await expect(editor.inspector().getByTestId('field-payloadKB')).toHaveValue('50');
  await editor.undo();
  await expect(editor.inspector().getByTestId('field-payloadKB')).toHaveValue('40');
  await changePlanPrice(page, '99');
  await page.getByTestId('tab-undo-history').click();
  const undone = page.getByTestId('history-step').filter({ hasText: 'undone' });
  await expect(undone).toHaveCount(1);
  await undone.click();
  later.release();
  await expect(editor.toast()).toContainText('can no longer be redone');
  await expect(page.getByTestId('history-step').last()).toContainText('n8n');
  await editor.selectModule('m4');
  await expect(editor.inspector().getByTestId('field-payloadKB')).toHaveValue('40');
});

test('a keyboard cut given while a toolbar paste waits for the clipboard lands after the paste; Undo then takes back the cut', async ({ page }) => {
  // The system clipboard answers only when the test says (a permission prompt answered late).
  await page.addInitScript(() => {
    let text = '';
    const waiting: ((t: string) => void)[] = [];
    Object.defineProperty(navigator.clipboard, 'writeText', { value: async (t: string) => void (text = t) });
    Object.defineProperty(navigator.clipboard, 'readText', { value: () => new Promise<string>((resolve) => waiting.push(resolve)) });
    (window as unknown as { __answerClipboard: () => void }).__answerClipboard = () => waiting.shift()?.(text);
  });
  const editor = new EditorPage(page);
  await editor.open();
  const ids = await editor.idsOfModules();
  const count = ids.length;
  // Duplicate once, so the commands' code is surely here.
  await editor.selectModule(ids[0]!);
  await editor.press('ControlOrMeta+d');
  await expect(editor.nodes()).toHaveCount(count + 1);
  await editor.selectModule(ids[0]!);
  await editor.press('ControlOrMeta+c');
  // The canvas's right-click menu › Paste reads the system clipboard, which does not answer yet.
  const pane = (await page.locator('.react-flow__pane').boundingBox())!;
  await page.mouse.click(pane.x + 80, pane.y + 140, { button: 'right' });
  await page.getByTestId('ctx-edit.paste').click();
  await editor.selectModule(ids[3]!);
  await editor.press('ControlOrMeta+x');
  await page.evaluate(() => (window as unknown as { __answerClipboard: () => void }).__answerClipboard());
  await expect(editor.nodes()).toHaveCount(count + 1);
  await page.getByTestId('tab-undo-history').click();
  const labels = page.getByTestId('history-step').locator('.cf-history__label');
  await expect.poll(async () => (await labels.allTextContents()).slice(-3)).toEqual(['Duplicate', 'Paste', 'Cut']);
  await editor.undo();
  await expect(editor.node(ids[3]!)).toBeVisible();
  await expect(editor.nodes()).toHaveCount(count + 2);
});
