import { test } from '@playwright/test';
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
