/**
 * Holds back the page's chunks whose URL matches a pattern, as a slow network would: the code an
 * action needs is not here yet when the user gives it (e2e/firstDownload.spec.ts, editQueue.spec.ts).
 */
import type { Page } from '@playwright/test';

/** Holds back the chunks `pattern` names until `release` is called; `asked` settles once the page has asked for one. */
export async function holdChunks(page: Page, pattern: RegExp) {
  let release = () => {};
  let asked = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const wasAsked = new Promise<void>((resolve) => (asked = resolve));
  await page.route(pattern, async (route) => {
    asked();
    await held;
    await route.continue();
  });
  return { release, asked: wasAsked };
}
