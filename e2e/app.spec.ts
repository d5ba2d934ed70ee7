import { expect, test } from '@playwright/test';
import { formatCredits, formatDollars } from '../src/cost/format';
import { EditorPage } from './editor.page';
import { price, sample } from './expected';

test('opens with the sample flow and shows the engine’s totals', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  const flow = sample('lead-enrichment');
  const cost = price(flow);

  await expect(page.getByTestId('flow-name')).toHaveValue(flow.name);
  await expect(editor.nodes()).toHaveCount(flow.modules.length);
  await editor.expectTotal(cost.total);
  await expect(page.getByTestId('total-month')).toHaveText(formatCredits(cost.perMonth));
  expect(Number(await page.getByTestId('total-month').getAttribute('data-value'))).toBeCloseTo(cost.perMonth, 6);
  await expect(page.getByTestId('total-dollars')).toHaveText(formatDollars(cost.dollarsPerMonth));

  // every module shows its own credits and, when it does not run once, its ×N
  for (const node of cost.nodes) {
    expect(await editor.creditsValue(node.id)).toBeCloseTo(node.credits, 9);
    await expect(editor.credits(node.id)).toContainText(formatCredits(node.credits));
    if (Math.abs(node.executions - 1) > 1e-9) {
      expect(await editor.executions(node.id)).toBeCloseTo(node.executions, 9);
    } else {
      await expect(editor.execBadge(node.id)).toHaveCount(0);
    }
  }
});

test('hovering a credits badge shows the formula with its numbers', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  const cost = price(sample('lead-enrichment'));
  const agent = cost.byId.get('m5')!;
  await page.getByTestId('cost-row-m5').click();
  await editor.credits('m5').hover();
  const tooltip = page.getByTestId('formula-tooltip');
  await expect(tooltip).toBeVisible();
  await expect(tooltip).toContainText(`= ${formatCredits(agent.credits)} credits`);
  await expect(tooltip).toContainText('executions');
});

test('the cost panel lists modules by credits and a click selects the module', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  const cost = price(sample('lead-enrichment'));
  const rows = page.locator('tr[data-testid^="cost-row-"]');
  await expect(rows).toHaveCount(cost.nodes.length);
  const first = [...cost.nodes].sort((a, b) => b.credits - a.credits)[0]!;
  await expect(rows.first()).toHaveAttribute('data-testid', `cost-row-${first.id}`);
  await rows.first().click();
  await expect(editor.node(first.id)).toHaveClass(/selected/);
  await expect(page.getByTestId('inspector-module')).toBeVisible();
});

test('problems are listed, counted in the tab and a click selects the culprit', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  await expect(page.getByTestId('problem-count')).toHaveText('0');
  // remove the edge into the search module: it becomes unreachable
  await editor.selectEdge('e3');
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('problem-count')).not.toHaveText('0');
  await page.getByTestId('tab-problems').click();
  const item = page.getByTestId('problem-item').first();
  await expect(item).toBeVisible();
  const culprit = await item.getAttribute('data-module-id');
  await item.click();
  if (culprit) {
    await expect(editor.node(culprit)).toHaveClass(/selected/);
    await expect(editor.node(culprit).getByTestId('node-problem')).toBeVisible();
  }
});

test('editing runs per month in the cost panel changes the month total', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  await editor.openFileMenu();
  await page.getByTestId('menu-file.openSample').hover();
  await page.getByTestId('sample-nightly-sync').click();
  const flow = sample('nightly-sync');
  flow.settings.runsPerMonth = 60;
  const expected = price(flow);
  const field = page.getByTestId('cost-runs-per-month');
  await field.fill('60');
  await field.press('Enter');
  await expect(page.getByTestId('total-month')).toHaveText(formatCredits(expected.perMonth));
  expect(Number(await page.getByTestId('total-month').getAttribute('data-value'))).toBeCloseTo(expected.perMonth, 6);
});

test('Open sample opens on a click and stays open for the choice; samples and new flows open as new library entries, never over the edited flow', async ({ page }) => {
  const editor = new EditorPage(page);
  await editor.open();
  await page.getByTestId('flow-name').fill('My edited flow');
  await page.getByTestId('flow-name').press('Enter');

  // The pointer crosses the items below "Open sample" on its way to the submenu: it stays open.
  await editor.openFileMenu();
  await page.getByTestId('menu-file.openSample').hover();
  const sample = page.getByTestId('sample-nightly-sync');
  const box = (await sample.boundingBox())!;
  await page.getByTestId('menu-file.export').hover();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 6 });
  await sample.click();
  await expect(page.getByTestId('flow-name')).toHaveValue('Nightly sync');
  await expect(editor.confirmReplace()).toHaveCount(0);

  // New flow: a new entry too, with nothing to ask.
  await editor.openFileMenu();
  await page.getByTestId('menu-file.new').click();
  await expect(editor.confirmReplace()).toHaveCount(0);
  await expect(editor.nodes()).toHaveCount(1);

  // The edited flow is in the library, as it was.
  await editor.openFileMenu();
  await page.getByTestId('menu-library.show').click();
  await expect(page.getByTestId('library-row')).toHaveCount(3);
  await page.getByTestId('library-row').and(page.locator('[data-name="My edited flow"]')).getByTestId('library-open').click();
  await expect(page.getByTestId('flow-name')).toHaveValue('My edited flow');
});

test.describe('on a 320 px wide screen', () => {
  test.use({ viewport: { width: 320, height: 640 } });

  test('the page is as wide as the screen, the totals show, and tabs bring the palette and the inspector into view', async ({ page }) => {
    const editor = new EditorPage(page);
    await editor.open();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    const inView = async (testId: string) => {
      const box = await page.getByTestId(testId).boundingBox();
      return box !== null && box.x >= 0 && box.x + box.width <= 320 && box.width > 0;
    };
    for (const total of ['total-run', 'total-month', 'total-dollars']) expect(await inView(total)).toBe(true);
    // The simulated month's range is shown whole (on two lines after its dash), never cut to "351,550…".
    const range = page.getByTestId('total-month-range').and(page.locator('[data-state="ready"]'));
    await expect(range).toBeVisible();
    const value = range.locator('.cf-total__value');
    expect(await value.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    expect(await inView('total-month-range')).toBe(true);

    await editor.node('m5').getByTestId('node-name').click();
    await page.getByTestId('pane-inspector').click();
    const inspector = page.locator('.cf-sidebar--right');
    await expect(inspector).toBeVisible();
    const box = (await inspector.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(320);
    await expect(page.getByTestId('canvas')).not.toBeVisible();

    await page.getByTestId('pane-palette').click();
    await expect(page.locator('.cf-sidebar--left')).toBeVisible();
    await expect(inspector).not.toBeVisible();

    await page.getByTestId('pane-canvas').click();
    await expect(page.getByTestId('canvas')).toBeVisible();
    // The context menu at the right edge flips left of the pointer and stays on screen.
    const pane = (await page.locator('.react-flow__pane').boundingBox())!;
    await page.mouse.click(pane.x + pane.width - 12, pane.y + 60, { button: 'right' });
    const menu = (await page.getByTestId('context-menu').boundingBox())!;
    expect(menu.x).toBeGreaterThanOrEqual(0);
    expect(menu.x + menu.width).toBeLessThanOrEqual(320);
  });
});

test.describe('in a 1024 × 700 window', () => {
  test.use({ viewport: { width: 1024, height: 700 } });

  test('the page is as wide as the window: the top bar’s figures, the inspector and every dock tab show on one line', async ({ page }) => {
    const editor = new EditorPage(page);
    await editor.open();
    await page.getByTestId('topbar-budget').and(page.locator('[data-level]:not([data-level="loading"])')).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
    const within = async (locator: ReturnType<typeof page.locator>) => {
      const box = (await locator.boundingBox())!;
      return box.x >= 0 && box.x + box.width <= 1024;
    };
    for (const id of ['total-run', 'total-month', 'total-month-range', 'total-dollars', 'topbar-budget', 'save-state', 'inspector', 'dock-collapse']) {
      expect(await within(page.getByTestId(id)), id).toBe(true);
    }
    // A tab's label never wraps; the tab a person picks is shown whole.
    const tabs = page.getByRole('tab').and(page.locator('.cf-tab'));
    const count = await tabs.count();
    expect(count).toBeGreaterThanOrEqual(7);
    for (let i = 0; i < count; i++) {
      const tab = tabs.nth(i);
      await tab.click();
      await expect(tab).toHaveAttribute('aria-selected', 'true');
      const lines = await tab.evaluate((el) => {
        const range = document.createRange();
        range.selectNodeContents(el.firstChild!);
        return range.getClientRects().length;
      });
      expect(lines, await tab.innerText()).toBe(1);
      expect(await within(tab)).toBe(true);
      const dock = (await page.getByTestId('dock').boundingBox())!;
      const box = (await tab.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(dock.x);
    }
    // Over budget, the budget's box says when the month runs out, inside the box and the window.
    await page.getByTestId('tab-whatif').click();
    const amount = page.getByTestId('budget-amount');
    await amount.fill('150000');
    await amount.press('Enter');
    const budget = page.getByTestId('topbar-budget').and(page.locator('[data-level="over"]'));
    await expect(budget.getByTestId('topbar-budget-runout')).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
    expect(await within(budget)).toBe(true);
    const note = (await budget.getByTestId('topbar-budget-runout').boundingBox())!;
    const box = (await budget.boundingBox())!;
    expect(note.x + note.width).toBeLessThanOrEqual(box.x + box.width);
    // No figure's label is cut, here nor in a 1280 px window.
    const labelsWhole = () => page.locator('.cf-total__label').evaluateAll((labels) => labels.every((el) => el.scrollWidth <= el.clientWidth));
    expect(await labelsWhole()).toBe(true);
    await page.setViewportSize({ width: 1280, height: 800 });
    await expect.poll(() => page.evaluate(() => document.documentElement.clientWidth)).toBe(1280);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    expect(await labelsWhole()).toBe(true);
  });
});
