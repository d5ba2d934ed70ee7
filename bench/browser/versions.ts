// File › Versions of a large flow (issue 19): a flow of VERSIONS_MODULES modules dropped on the
// canvas of a production build, two versions of it saved, the dialog closed; then the dialog opened
// again on a fresh page (reloaded: the flow back from the library) and the page's long tasks (PerformanceObserver 'longtask') counted from that click until
// every row is filled in and no long task came for SETTLE_MS. Prints JSON on stdout, progress on stderr.
//
//   npx tsx bench/browser/versions.ts                               # this tree, 50,000 modules
//   VERSIONS_DIST=/tmp/other-dist npx tsx bench/browser/versions.ts  # another tree's build
//   VERSIONS_MODULES=100000 VERSIONS_NOBUILD=1 …
//
// Not part of `npm run bench`; timings are never asserted anywhere.
import { join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { build } from 'vite';
import type { Page } from '@playwright/test';
import { dropFileOnCanvas, launchChromium, log, longTaskFigures, recordLongTasksFromStart, round, servePreview, settle as settleFor, type LongTask } from './measure';
import { generateFlow } from '../../src/model/generate';
import { serializeFlow } from '../../src/io/serialize';

const root = resolve(import.meta.dirname, '../..');
const outDir = process.env.VERSIONS_DIST ? resolve(process.env.VERSIONS_DIST) : join(root, 'dist-versions');
const MODULES = Number(process.env.VERSIONS_MODULES ?? 50_000);
const SETTLE_MS = Number(process.env.VERSIONS_SETTLE_MS ?? 3000);
const FILE_URL = '/__versions__/big.json';

/** Waits until no long task for SETTLE_MS. */
const settle = (page: Page) => settleFor(page, SETTLE_MS);

const rowsFilled = (page: Page) =>
  page.waitForFunction(
    (n) => {
      const rows = [...document.querySelectorAll('[data-testid="version-change"]')];
      return rows.length >= n && rows.every((r) => r.textContent !== 'pricing…');
    },
    2,
    { timeout: 600_000, polling: 50 },
  );

async function main() {
  if (!process.env.VERSIONS_DIST && (!process.env.VERSIONS_NOBUILD || !existsSync(outDir))) {
    log('building the editor');
    await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  }
  const { server, base } = await servePreview(root, outDir, Number(process.env.E2E_PORT ?? 4399));
  const browser = await launchChromium();
  try {
    const flow = generateFlow({ modules: MODULES, seed: 1 });
    flow.name = 'Versions bench';
    const text = serializeFlow(flow);
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.route(`**${FILE_URL}`, (route) => route.fulfill({ body: text, contentType: 'application/json' }));
    await recordLongTasksFromStart(page);
    await page.goto(base);
    await page.locator('.react-flow__node').first().waitFor();
    log(`dropping ${MODULES} modules (${round(text.length / 1e6, 1)} MB)`);
    await dropFileOnCanvas(page, FILE_URL);
    await page.waitForFunction((name) => document.querySelector<HTMLInputElement>('[data-testid="flow-name"]')?.value === name, flow.name, { timeout: 600_000 });
    await settle(page);
    const openVersions = async () => {
      await page.getByTestId('file-menu').click();
      await page.getByTestId('menu-library.versions').click();
      await page.getByTestId('versions-dialog').waitFor();
    };
    await openVersions();
    for (const name of ['First', 'Second']) {
      log(`saving version ${name}`);
      await page.getByTestId('version-name').fill(name);
      await page.getByTestId('version-save').click();
      await page.locator(`[data-testid="version-row"][data-name="${name}"]`).waitFor({ timeout: 600_000 });
      await rowsFilled(page);
    }
    await page.keyboard.press('Escape');
    // A fresh page (the flow back from the library): the first opening of the dialog, nothing kept from before.
    await settle(page);
    log('reloading');
    await page.reload();
    await page.waitForFunction((name) => document.querySelector<HTMLInputElement>('[data-testid="flow-name"]')?.value === name, flow.name, { timeout: 600_000 });
    await settle(page);
    log(`opening File › Versions (load average ${loadavg()[0]!.toFixed(1)})`);
    const loadBefore = loadavg()[0]!;
    await page.evaluate(() => void ((window as unknown as { openAt: number }).openAt = performance.now()));
    const t0 = Date.now();
    await openVersions();
    await rowsFilled(page);
    const filledMs = Date.now() - t0;
    await settle(page);
    const longTasks = await page.evaluate(() => {
      const w = window as unknown as { longTasks: LongTask[]; openAt: number };
      return w.longTasks.filter((t) => t.start >= w.openAt - 5).map((t) => ({ start: Math.round(t.start - w.openAt), duration: Math.round(t.duration) }));
    });
    const rows = await page.locator('[data-testid="version-change"]').allTextContents();
    const result = {
      tree: process.env.VERSIONS_DIST ?? root,
      modules: MODULES,
      megabytes: round(text.length / 1e6, 1),
      rowsFilledMs: filledMs,
      longTasks: longTasks.length,
      ...longTaskFigures(longTasks),
      longTaskList: longTasks,
      rows,
      loadAverage: [round(loadBefore, 1), round(loadavg()[0]!, 1)],
    };
    log(`rows filled in ${filledMs} ms; ${result.longTasks} long tasks, longest ${result.longestLongTaskMs} ms`);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    await context.close();
  } finally {
    await browser.close();
    await new Promise<void>((done) => server.httpServer.close(() => done()));
  }
}

void main();
