/**
 * A module's foot holds its credits, its executions, what a log saw and its share of the run. With
 * large numbers (a loop of a million items) they did not fit the card's one line: the share broke
 * in two ("98.1" over "%") and stuck out past the card's right edge, or was cut off.
 */
import { expect, test } from '@playwright/test';
import { EditorPage } from './editor.page';

const flow = {
  format: 'creditflow',
  version: 3,
  name: 'Wide numbers',
  settings: { runsPerMonth: 1000 },
  modules: [
    { id: 't', type: 'trigger', name: 'Start', position: { x: 0, y: 0 } },
    { id: 'i1', type: 'iterator', name: 'Outer', position: { x: 0, y: 160 }, assumptions: { iterations: 1000 } },
    { id: 'i2', type: 'iterator', name: 'Inner', position: { x: 0, y: 320 }, assumptions: { iterations: 999.5 } },
    { id: 'a', type: 'ai_agent', name: 'Agent', position: { x: 0, y: 480 }, assumptions: { durationSec: 30, extraCredits: 12.5, retries: 1.5 } },
    { id: 'r', type: 'response', name: 'Reply', position: { x: 0, y: 640 } },
  ],
  edges: [
    { id: 'e1', source: 't', target: 'i1' },
    { id: 'e2', source: 'i1', target: 'i2' },
    { id: 'e3', source: 'i2', target: 'a' },
    { id: 'e4', source: 'a', target: 'r' },
  ],
};

test('large credits and executions keep every part of the foot inside the card, the share on one line', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  await editor.importFile('wide.json', JSON.stringify(flow));
  await expect(editor.node('a').getByTestId('exec-badge')).toHaveAttribute('data-executions', '999500');
  await editor.node('a').screenshot({ path: 'test-results/node-foot-wide.png' });
  const card = await editor.node('a').locator('.cf-node').boundingBox();
  const share = editor.node('a').locator('.cf-node__share');
  await expect(share).toHaveText(/%$/);
  const box = await share.boundingBox();
  if (!card || !box) throw new Error('the module is not drawn');
  // One line of text, inside the card.
  expect(box.height).toBeLessThan(20);
  expect(box.x + box.width).toBeLessThanOrEqual(card.x + card.width);
  for (const part of ['node-credits', 'exec-badge']) {
    const b = await editor.node('a').getByTestId(part).boundingBox();
    expect(b!.x + b!.width).toBeLessThanOrEqual(card.x + card.width);
  }
});

test('the inspector shows large totals in full, never cut off with an ellipsis', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  await editor.importFile('wide.json', JSON.stringify({ ...flow, settings: { runsPerMonth: 100000 } }));
  await expect(editor.node('a').getByTestId('exec-badge')).toHaveAttribute('data-executions', '999500');
  const values = page.getByTestId('inspector-stats').locator('.cf-insp-stat__value');
  await expect(values).toHaveCount(3);
  await expect(values.nth(1)).toHaveText(/^\d{1,3}(,\d{3}){4}$/); // trillions of credits a month
  await page.getByTestId('inspector').screenshot({ path: 'test-results/inspector-large-totals.png' });
  for (const value of await values.all()) {
    const cut = await value.evaluate((el) => el.scrollWidth > el.clientWidth);
    expect(cut, `${await value.textContent()} is cut off`).toBe(false);
  }
});
