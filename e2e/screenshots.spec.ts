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
