// Library benchmark (issue 17: "Opening the library with 500 flows: list on screen ≤ 200 ms"). A production build
// in real Chromium at 1440×900: LIBRARY_FLOWS (500) flows of the default sample are written into the library's
// IndexedDB database as version 1 of the app kept them (flows with their texts, no list entries), the app is
// loaded once (it moves them in), then LIBRARY_RUNS (5) rounds, each after a reload and a quiet moment: File →
// Library… is clicked, and the time runs from the click (a capture listener) to the animation frame after the
// list is on screen: its first row in the DOM and the number of flows shown (the count line; a build without one,
// such as the code before it, when every row is in the DOM). Also counted, for evidence that does not depend on
// the machine's load: the rows in the DOM, and the bytes the page read from IndexedDB between the click and then
// (the JSON length of every value and key its get/getAll/getAllKeys/cursor requests returned).
//
// `npm run bench:library` builds this tree; `npm run bench:library -- --dist <dir>` serves a build made elsewhere
// (another checkout's `npx vite build --outDir <dir>`), to measure the code before a change in the same way.
// Prints one JSON object on stdout; progress goes to stderr. No timing is asserted.
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import type { Page } from '@playwright/test';
import { defaultSampleFlow } from '../../src/io/samples/index';
import { serializeFlow } from '../../src/io/serialize';
import { priceFlow } from '../../src/cost/price';
import { launchChromium, log, median, round, servePreview } from './measure';

const root = resolve(import.meta.dirname, '../..');
const FLOWS = Number(process.env.LIBRARY_FLOWS ?? 500);
const RUNS = Number(process.env.LIBRARY_RUNS ?? 5);
const distArg = process.argv.indexOf('--dist');
const prebuilt = distArg >= 0 ? resolve(process.argv[distArg + 1] ?? '') : null;
const outDir = prebuilt ?? join(root, 'dist-bench-library');
const DB = 'creditflow-library';

/** Counts what IndexedDB hands the page: every request's result (a cursor's each step) is kept, measured after the round. */
const IDB_PROBE = `(() => {
  const kept = (window.__idbResults = []);
  const wrap = (proto, name) => {
    const original = proto[name];
    if (!original) return;
    proto[name] = function (...args) {
      const request = original.apply(this, args);
      request.addEventListener('success', () => { if (window.__idbCounting) kept.push(request.result instanceof IDBCursor ? request.result.value ?? null : request.result); });
      return request;
    };
  };
  for (const proto of [IDBObjectStore.prototype, IDBIndex.prototype]) for (const name of ['get', 'getAll', 'getAllKeys', 'openCursor']) wrap(proto, name);
})();`;

/** Writes `n` flow records into the library database as version 1 of the app had them (no list entries). */
async function seedVersionOne(page: Page, n: number, record: Record<string, unknown>) {
  await page.evaluate(
    async ({ n, record, db }) => {
      await new Promise((done, fail) => {
        const r = indexedDB.deleteDatabase(db);
        r.onsuccess = done;
        r.onerror = () => fail(r.error);
      });
      const database = await new Promise<IDBDatabase>((done, fail) => {
        const r = indexedDB.open(db, 1);
        r.onupgradeneeded = () => {
          r.result.createObjectStore('flows', { keyPath: 'id' });
          r.result.createObjectStore('versions', { keyPath: 'id' }).createIndex('flowId', 'flowId');
          r.result.createObjectStore('meta');
        };
        r.onsuccess = () => done(r.result);
        r.onerror = () => fail(r.error);
      });
      const tx = database.transaction('flows', 'readwrite');
      const now = Date.now();
      for (let i = 0; i < n; i++) tx.objectStore('flows').put({ ...record, id: `bench-${i}`, name: `Bench flow ${i}`, createdAt: now - i * 60_000, updatedAt: now - i * 60_000 });
      await new Promise((done, fail) => {
        tx.oncomplete = done;
        tx.onerror = () => fail(tx.error);
      });
      database.close();
    },
    { n, record, db: DB },
  );
}

/** Loads the app and waits for it to settle: the canvas drawn, the library started, a quiet moment. */
async function loadApp(page: Page, url: string) {
  await page.goto(url);
  await page.getByTestId('canvas').waitFor({ timeout: 120_000 });
  await page.waitForTimeout(1500);
  await page.evaluate(() => new Promise((done) => requestIdleCallback(done, { timeout: 5000 })));
}

/** The flow records in the library database now. */
function storedFlows(page: Page): Promise<number> {
  return page.evaluate(
    (db) =>
      new Promise<number>((done, fail) => {
        const r = indexedDB.open(db);
        r.onsuccess = () => {
          const count = r.result.transaction('flows').objectStore('flows').count();
          count.onsuccess = () => {
            r.result.close();
            done(count.result);
          };
          count.onerror = () => fail(count.error);
        };
        r.onerror = () => fail(r.error);
      }),
    DB,
  );
}

/**
 * Arms the timer in the page: from the click on File → Library… (a capture listener) to the frame after the
 * one in which the list is on screen. A string, so that tsx adds nothing to it that the page lacks.
 */
const WATCH_LIST = `(expected) => {
  window.__idbResults.length = 0;
  window.__done = new Promise((resolve) => {
    let t0 = 0;
    const check = () => {
      const rows = document.querySelectorAll('[data-testid="library-row"]').length;
      const count = document.querySelector('[data-testid="library-count"]');
      const shown = count ? Number(count.getAttribute('data-count')) >= expected : rows >= expected;
      if (rows > 0 && shown) {
        requestAnimationFrame(() => {
          const ms = performance.now() - t0;
          window.__idbCounting = false;
          resolve({ ms, rows: document.querySelectorAll('[data-testid="library-row"]').length, countLine: count ? count.textContent : null });
        });
      } else requestAnimationFrame(check);
    };
    document.querySelector('[data-testid="menu-library.show"]').addEventListener('click', () => {
      t0 = performance.now();
      window.__idbCounting = true;
      requestAnimationFrame(check);
    }, { once: true, capture: true });
  });
}`;

interface Round {
  ms: number;
  rows: number;
  countLine: string | null;
  bytesRead: number;
}

async function openLibrary(page: Page, expected: number): Promise<Round> {
  await page.getByTestId('file-menu').click();
  const item = page.getByTestId('menu-library.show');
  await item.waitFor();
  await page.evaluate(`(${WATCH_LIST})(${expected})`);
  await item.click();
  const shown = (await Promise.race([
    page.evaluate(() => (window as unknown as { __done: Promise<unknown> }).__done),
    new Promise((_, fail) => setTimeout(() => fail(new Error('the library list did not show within 30 s')), 30_000)),
  ])) as Omit<Round, 'bytesRead'>;
  const bytesRead = await page.evaluate(() =>
    (window as unknown as { __idbResults: unknown[] }).__idbResults.reduce<number>((sum, value) => sum + (JSON.stringify(value) ?? '').length, 0),
  );
  await page.keyboard.press('Escape');
  await page.getByTestId('library-dialog').waitFor({ state: 'detached' });
  return { ...shown, bytesRead };
}

async function main() {
  if (!prebuilt) {
    log('building the editor');
    await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  }
  const { server, base } = await servePreview(root, outDir, 4398);
  const browser = await launchChromium();
  const sample = defaultSampleFlow();
  const flowText = serializeFlow(sample);
  const record = { flowText, modules: sample.modules.length, perMonth: priceFlow(sample).perMonth };
  const loadBefore = loadavg().map((x) => round(x));
  const rounds: Round[] = [];
  let expected = 0;
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.addInitScript(IDB_PROBE);
    const page = await context.newPage();
    // A blank page of the app's origin, to write the database before the app first opens it.
    const seedUrl = `${base}__library_bench_seed`;
    await page.route(seedUrl, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>seed</title>' }));
    await page.goto(seedUrl);
    log(`writing ${FLOWS} flows (${flowText.length} characters of text each) as version 1 of the library kept them`);
    await seedVersionOne(page, FLOWS, record);
    log('first load: the app moves the library in');
    await loadApp(page, base);
    expected = await storedFlows(page);
    for (let run = 0; run < RUNS; run++) {
      log(`round ${run + 1}/${RUNS}`);
      await loadApp(page, base);
      rounds.push(await openLibrary(page, expected));
    }
    await context.close();
  } finally {
    await browser.close();
    await new Promise<void>((done) => server.httpServer.close(() => done()));
  }
  const out = {
    benchmark: 'library',
    date: new Date().toISOString(),
    build: prebuilt ?? 'this tree',
    chromium: browser.version(),
    viewport: '1440x900',
    flowsSeeded: FLOWS,
    flowsListed: expected,
    flowTextChars: flowText.length,
    loadAverage: { before: loadBefore, after: loadavg().map((x) => round(x)) },
    openToListMs: { median: round(median(rounds.map((r) => r.ms)), 1), runs: rounds.map((r) => round(r.ms, 1)) },
    rowsInDom: rounds.map((r) => r.rows),
    countLine: rounds[0]?.countLine ?? null,
    bytesReadFromIndexedDb: rounds.map((r) => r.bytesRead),
  };
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
}

main().catch((error) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
