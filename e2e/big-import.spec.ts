/**
 * A large flow file dropped on the canvas is read off the main thread (issue 18 item 9, issue 19
 * item 1): progress and Cancel while it is read, the flow on screen untouched by a cancelled
 * import, the page's frames going on while the file is read, and the flow opened when it is not
 * cancelled. Timings are recorded as annotations, never asserted tightly.
 */
import { expect, test, type Page } from '@playwright/test';
import { EditorPage } from './editor.page';
import { generateFlow } from '../src/model/generate';
import { serializeFlow } from '../src/io/serialize';
import { chainFlow, errorsFlow } from '../bench/largeFiles';
import { flowTooLarge, MAX_MODULES } from '../src/io/limits';
import { LISTED_AT_MOST } from '../src/ui/firstOf';

const MODULES = 10_000;
const FILE_URL = '/__e2e__/big-flow.json';

/** Starts a requestAnimationFrame monitor: every frame's time, and whether the flow of `name` was on screen. */
async function watchFrames(page: Page, name: string): Promise<void> {
  await page.evaluate((name) => {
    const frames: { t: number; opened: boolean }[] = [];
    (window as unknown as { frames_: typeof frames }).frames_ = frames;
    const tick = () => {
      const field = document.querySelector<HTMLInputElement>('[data-testid="flow-name"]');
      const opened = field?.value === name;
      frames.push({ t: performance.now(), opened });
      if (!opened) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }, name);
}

/** Starts recording the page's long tasks (PerformanceObserver 'longtask') from now on. */
async function watchLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const tasks: number[] = [];
    (window as unknown as { longTasks_: number[] }).longTasks_ = tasks;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) tasks.push(entry.duration);
    }).observe({ type: 'longtask' });
  });
}

/** The longest long task since `watchLongTasks`, and how many there were. */
async function longTasks(page: Page): Promise<{ longest: number; count: number }> {
  return page.evaluate(() => {
    const tasks = (window as unknown as { longTasks_: number[] }).longTasks_;
    return { longest: Math.round(Math.max(0, ...tasks)), count: tasks.length };
  });
}

/** The longest gap between frames before the flow was on screen, and the gap of the frame that drew it. */
async function frameGaps(page: Page): Promise<{ reading: number; opening: number; frames: number }> {
  return page.evaluate(() => {
    const frames = (window as unknown as { frames_: { t: number; opened: boolean }[] }).frames_;
    let reading = 0;
    let opening = 0;
    for (let i = 1; i < frames.length; i++) {
      const gap = frames[i]!.t - frames[i - 1]!.t;
      if (frames[i]!.opened) opening = gap;
      else reading = Math.max(reading, gap);
    }
    return { reading: Math.round(reading), opening: Math.round(opening), frames: frames.length };
  });
}

test('a large file dropped on the canvas: progress and Cancel leave the flow as it was; dropped again, it opens while the page keeps drawing', async ({ page }) => {
  test.setTimeout(240_000);
  const editor = new EditorPage(page);
  const flow = generateFlow({ modules: MODULES, seed: 1 });
  const text = serializeFlow(flow);

  // The import worker's script is held until Cancel has been clicked, so the import is still
  // going when the button is pressed, however fast or slow the machine is.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/import.worker-*.js', async (route) => {
    await held;
    await route.continue();
  });

  await editor.open();
  const before = await editor.exportFlow();
  const nameBefore = await page.getByTestId('flow-name').inputValue();
  // Served to the page, which fetches it into the dropped File (too large to pass as an argument).
  await page.route(`**${FILE_URL}`, (route) => route.fulfill({ body: text, contentType: 'application/json' }));
  const dropBigFile = () => editor.dropFileOnCanvas('big-flow.json', { url: FILE_URL });

  await test.step('dropped, then cancelled: the flow on screen is untouched', async () => {
    await dropBigFile();
    const progress = page.getByTestId('import-progress');
    await expect(progress).toBeVisible();
    await expect(progress).toContainText('Opening “big-flow.json”');
    await page.getByTestId('import-cancel').click();
    await expect(progress).toHaveCount(0);
    release();
    await expect(page.getByTestId('flow-name')).toHaveValue(nameBefore);
    expect(await editor.exportFlow()).toBe(before);
    await expect(page.getByTestId('import-errors-dialog')).toHaveCount(0);
  });

  await test.step('dropped again: it opens, and the page drew frames while the file was read', async () => {
    await watchFrames(page, flow.name);
    await watchLongTasks(page);
    await dropBigFile();
    await expect(page.getByTestId('flow-name')).toHaveValue(flow.name, { timeout: 120_000 });
    await expect(editor.node('m1')).toBeVisible();
    // The autosave has stored the flow that was opened (its text written in the worker).
    await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved', { timeout: 120_000 });
    const stored = await page.evaluate(() => (JSON.parse(localStorage.getItem('creditflow:flow:v1') ?? '{}') as { flowText?: string }).flowText);
    expect(stored === text, 'the browser stores the text of the flow opened').toBe(true);
    const gaps = await frameGaps(page);
    const tasks = await longTasks(page);
    test.info().annotations.push({
      type: 'frames',
      description: `${MODULES} modules: longest gap between frames while the file was read ${gaps.reading} ms; the frame that drew the flow ${gaps.opening} ms (${gaps.frames} frames); longest long task from the drop to saved ${tasks.longest} ms (${tasks.count} long tasks)`,
    });
    // A generous bound for a loaded machine: reading the file on the page's thread froze it for
    // the whole parse; in the worker, frames go on.
    expect(gaps.reading).toBeLessThan(2_000);
    // the flow opened is the file's: one undo brings back the flow from before
    await editor.undo();
    await expect(page.getByTestId('flow-name')).toHaveValue(nameBefore);
  });
});

test('a large file with thousands of problems opens from the worker; the problems list its first few hundred and counts the rest', async ({ page }) => {
  test.setTimeout(240_000);
  const editor = new EditorPage(page);
  // 5,001 triggers: 5,000 "two triggers" errors (the validator lists 500 and counts the others).
  const flow = errorsFlow(5_000);
  await editor.open();
  await page.route('**/__e2e__/errors.json', (route) => route.fulfill({ body: serializeFlow(flow), contentType: 'application/json' }));
  await editor.dropFileOnCanvas('errors.json', { url: '/__e2e__/errors.json' });
  await expect(page.getByTestId('flow-name')).toHaveValue(flow.name, { timeout: 120_000 });
  await page.getByTestId('tab-problems').click();
  const panel = page.getByTestId('problems-panel');
  await expect(panel.getByTestId('problem-item')).toHaveCount(LISTED_AT_MOST);
  await expect(panel.getByTestId('problem-item').first()).toHaveAttribute('data-severity', 'error');
  await expect(panel.getByTestId('problems-more')).toHaveText(/^…and [\d,]+ more problems, not listed here\.$/);
});

test('a file above the module limit is refused at once, saying how many modules it has and the limit', async ({ page }) => {
  test.setTimeout(240_000);
  const editor = new EditorPage(page);
  await editor.open();
  const before = await editor.exportFlow();
  const flow = chainFlow(MAX_MODULES + 1);
  await page.route('**/__e2e__/too-many.json', (route) => route.fulfill({ body: serializeFlow(flow), contentType: 'application/json' }));
  await editor.dropFileOnCanvas('too-many.json', { url: '/__e2e__/too-many.json' });
  const dialog = page.getByTestId('import-errors-dialog');
  await expect(dialog).toBeVisible({ timeout: 120_000 });
  await expect(dialog).toContainText(`${flowTooLarge(MAX_MODULES + 1, 0)!.message} It was not opened.`);
  await dialog.getByRole('button', { name: 'OK' }).click();
  expect(await editor.exportFlow()).toBe(before);
});

test('a file of exactly the module limit opens', async ({ page }) => {
  test.setTimeout(480_000);
  const editor = new EditorPage(page);
  await editor.open();
  const flow = chainFlow(MAX_MODULES);
  await page.route('**/__e2e__/at-limit.json', (route) => route.fulfill({ body: serializeFlow(flow), contentType: 'application/json' }));
  await editor.dropFileOnCanvas('at-limit.json', { url: '/__e2e__/at-limit.json' });
  await expect(page.getByTestId('flow-name')).toHaveValue(flow.name, { timeout: 300_000 });
  await expect(page.getByTestId('import-errors-dialog')).toHaveCount(0);
  const exported = JSON.parse(await editor.exportFlow()) as { modules: unknown[] };
  expect(exported.modules).toHaveLength(MAX_MODULES);
});
