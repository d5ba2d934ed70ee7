/**
 * One page per worker for groups of tests that leave the flow as they found it (a refused
 * import changes nothing; an accepted one is undone): opening the app once instead of once per
 * test keeps the suite fast on a loaded machine. A failing test gets a fresh worker, and so a
 * fresh page.
 */
import { expect, test as base, type Page } from '@playwright/test';
import { EditorPage } from './editor.page';

/** What the user sees of the current flow: its name, its run total and its modules. */
export interface FlowSnapshot {
  name: string;
  total: number;
  modules: string[];
}

export async function snapshot(editor: EditorPage): Promise<FlowSnapshot> {
  return {
    name: await editor.page.getByTestId('flow-name').inputValue(),
    total: await editor.totalRunValue(),
    modules: (await editor.idsOfModules()).sort(),
  };
}

/**
 * Counts, in the page, every way a script can read a File's bytes (Blob text / arrayBuffer /
 * stream / bytes, FileReader), so a test can check that a file was refused unread.
 */
function countFileReads(): void {
  const w = window as unknown as { __fileReads: number };
  w.__fileReads = 0;
  for (const name of ['text', 'arrayBuffer', 'stream', 'bytes'] as const) {
    const original = (Blob.prototype as unknown as Record<string, unknown>)[name];
    if (typeof original !== 'function') continue;
    (Blob.prototype as unknown as Record<string, unknown>)[name] = function (this: Blob, ...args: unknown[]) {
      w.__fileReads++;
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    };
  }
  for (const name of ['readAsText', 'readAsArrayBuffer', 'readAsDataURL', 'readAsBinaryString'] as const) {
    const original = FileReader.prototype[name] as (...a: unknown[]) => void;
    (FileReader.prototype as unknown as Record<string, unknown>)[name] = function (this: FileReader, ...args: unknown[]) {
      w.__fileReads++;
      return original.apply(this, args);
    };
  }
}

/** The messages of every alert, confirm and prompt the page opens (each dismissed); none expected. */
export function collectDialogs(page: Page): string[] {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return dialogs;
}

export async function fileReads(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __fileReads: number }).__fileReads);
}

export interface SharedEditor {
  editor: EditorPage;
  /** The flow the page opened with (the sample), as the user sees it. */
  start: FlowSnapshot;
  /** Alerts, confirms and prompts the page opened (none expected: no markup ever runs). */
  dialogs: string[];
}

export const test = base.extend<{ shared: SharedEditor }, { sharedWorker: SharedEditor }>({
  sharedWorker: [
    async ({ browser }, provide, workerInfo) => {
      const { baseURL, viewport } = workerInfo.project.use;
      const context = await browser.newContext({ ...(baseURL ? { baseURL } : {}), ...(viewport ? { viewport } : {}) });
      await context.addInitScript(countFileReads);
      const page = await context.newPage();
      const dialogs = collectDialogs(page);
      const editor = new EditorPage(page);
      await editor.open();
      await expect(editor.totalRun()).not.toHaveText('');
      await provide({ editor, start: await snapshot(editor), dialogs });
      await context.close();
    },
    { scope: 'worker' },
  ],
  /** The worker's page, checked before each test to hold the flow it started with and no dialog. */
  shared: async ({ sharedWorker }, provide) => {
    const { editor, start } = sharedWorker;
    await expect(editor.page.locator('dialog[open]')).toHaveCount(0);
    expect(await snapshot(editor)).toEqual(start);
    await provide(sharedWorker);
  },
});

export { expect };
