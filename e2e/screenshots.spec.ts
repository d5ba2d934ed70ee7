import { expect, test } from '@playwright/test';
import { EditorPage } from './editor.page';

// Screenshots of the editor at 1440×900 in both themes, to look at (test-results/e2e-<port>/screenshots-…).
for (const colorScheme of ['light', 'dark'] as const) {
  test(`screenshot: editor in ${colorScheme}`, async ({ page }, info) => {
    await page.emulateMedia({ colorScheme });
    const editor = new EditorPage(page);
    await editor.open();
    await page.waitForTimeout(400);
    await page.screenshot({ path: info.outputPath(`editor-${colorScheme}.png`) });
    await page.getByTestId('cost-row-m5').click();
    await editor.credits('m5').hover();
    await page.waitForTimeout(400);
    await page.screenshot({ path: info.outputPath(`module-${colorScheme}.png`) });
  });
}

// Issue 18 §20, §23–25: the top bar's month range and budget state, the resized and the
// full-height dock, in both themes.
for (const colorScheme of ['light', 'dark'] as const) {
  test(`screenshot: top bar range, budget and resizable dock in ${colorScheme}`, async ({ page }, info) => {
    await page.emulateMedia({ colorScheme });
    const editor = new EditorPage(page);
    await editor.open();
    await page.getByTestId('total-month-range').and(page.locator('[data-state="ready"]')).waitFor();
    await page.screenshot({ path: info.outputPath(`topbar-${colorScheme}.png`), clip: { x: 0, y: 0, width: 1440, height: 120 } });
    await page.getByTestId('tab-whatif').click();
    const divider = await page.getByTestId('dock-divider').boundingBox();
    if (!divider) throw new Error('no divider');
    await page.mouse.move(divider.x + 400, divider.y + 1);
    await page.mouse.down();
    for (let i = 1; i <= 8; i++) await page.mouse.move(divider.x + 400, divider.y + 1 - 30 * i);
    await page.mouse.up();
    const amount = page.getByTestId('budget-amount');
    await amount.fill('150000');
    await amount.press('Enter');
    await page.getByTestId('topbar-budget').and(page.locator('[data-level="over"]')).waitFor();
    await page.waitForTimeout(400);
    await page.screenshot({ path: info.outputPath(`dock-resized-${colorScheme}.png`) });
    await page.getByTestId('dock-maximise').click();
    await page.waitForTimeout(400);
    await page.screenshot({ path: info.outputPath(`dock-full-${colorScheme}.png`) });
  });
}

// The pieces issue 18 items 19, 21, 22, 26 and 27 changed, at 1440 and 320 px wide, in both themes.
for (const colorScheme of ['light', 'dark'] as const) {
  for (const width of [1440, 320]) {
    test(`screenshot: menus, dialogs and toasts at ${width} px in ${colorScheme}`, async ({ page }, info) => {
      await page.setViewportSize({ width, height: width > 900 ? 900 : 640 });
      await page.emulateMedia({ colorScheme });
      const editor = new EditorPage(page);
      await editor.open();
      const shot = async (name: string) => {
        await page.waitForTimeout(300);
        await page.screenshot({ path: info.outputPath(`${name}-${width}-${colorScheme}.png`) });
      };
      const pane = (await page.locator('.react-flow__pane').boundingBox())!;
      await page.mouse.click(pane.x + pane.width - 20, pane.y + 80, { button: 'right' });
      await shot('context-menu');
      await page.keyboard.press('Escape');
      await editor.press('Control+f');
      await page.getByTestId('search-input').fill('e');
      await page.getByTestId('search-input').press('ArrowDown');
      await shot('search');
      await page.keyboard.press('Escape');
      await editor.clickEmptyCanvas();
      await editor.press('Control+V');
      await shot('toast');
      await page.getByTestId('flow-name').fill('My flow');
      await page.getByTestId('flow-name').press('Enter');
      await editor.openFileMenu();
      await page.getByTestId('menu-file.openSample').click();
      await shot('sample-menu');
      // A sample opens as a new library entry (nothing is replaced, so nothing is asked).
      await page.getByTestId('sample-nightly-sync').click();
      await expect(editor.confirmReplace()).toHaveCount(0);
      await shot('sample-opened');
      if (width < 900) {
        await page.getByTestId('pane-inspector').click();
        await shot('inspector-pane');
        await page.getByTestId('pane-palette').click();
        await shot('palette-pane');
      }
    });
  }
}
