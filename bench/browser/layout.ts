// Auto-layout in the browser (issue 19: 1,000 modules <= 1 s, in a worker): a production build opened
// with `?generate=N`, the Auto-layout button clicked, and the time until the layout is applied (the
// undo button turns on: the layout is one undo step) measured in the page, with the longest gap
// between animation frames meanwhile (the page's thread stays free while elk works in its worker).
// Each size is laid out `LAYOUT_RUNS` times in fresh pages; a screenshot of the last run's result is
// written to bench/results/layout-<N>.png. Prints JSON on stdout, progress on stderr.
//
//   npx tsx bench/browser/layout.ts                        # 20, 500, 1,000 and 2,000 modules, 3 runs each
//   LAYOUT_SIZES=1000 LAYOUT_RUNS=5 npx tsx bench/browser/layout.ts
//   LAYOUT_NOBUILD=1 …                                      # reuse dist-layout/
//
// Not part of `npm run bench`; timings are never asserted anywhere.
import { join, resolve } from 'node:path';
import { existsSync, mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { build } from 'vite';
import type { Browser } from '@playwright/test';
import { launchChromium, log, median, round, servePreview } from './measure';

const root = resolve(import.meta.dirname, '../..');
const outDir = join(root, 'dist-layout');
const SIZES = (process.env.LAYOUT_SIZES ?? '20,500,1000,2000').split(',').map(Number);
const RUNS = Number(process.env.LAYOUT_RUNS ?? 3);
const shots = join(root, 'bench/results');

interface Run {
  /** From the click to the first frame after the layout was applied. */
  layoutMs: number;
  /** The longest gap between animation frames meanwhile. */
  longestFrameGapMs: number;
  /** From the click to: elk's worker created (elk's API loaded), elk loaded in it, its layout back. */
  workerCreatedMs?: number;
  workerReadyMs?: number;
  workerAnsweredMs?: number;
}

/** Notes when elk's worker is created and when it first answers (an init script: before the app loads). */
const WATCH_WORKERS = `(() => {
  const Base = window.Worker;
  window.__elk = [];
  window.Worker = class extends Base {
    constructor(url, options) {
      super(url, options);
      if (!/elk/.test(String(url))) return;
      const note = { created: performance.now() };
      window.__elk.push(note);
      // elk's API registers its algorithms first (elk is loaded when that answer comes), then lays out.
      this.addEventListener('message', () => {
        if (note.ready === undefined) note.ready = performance.now();
        else note.answered = performance.now();
      });
    }
  };
})()`;

/** Clicks Auto-layout and resolves, at the first frame after the layout is applied, with a Run. */
const CLICK_AND_WAIT = `new Promise((done) => {
  const undo = document.querySelector('[data-testid="cmd-edit.undo"]');
  const layoutButton = document.querySelector('[data-testid="cmd-view.autoLayout"]');
  const wasOn = !undo.disabled;
  const start = performance.now();
  let last = start;
  let longest = 0;
  layoutButton.click();
  window.__clickAt = start;
  function tick() {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    // Applied: the undo button turns on (were it on already: the layout button is back on).
    const applied = wasOn ? !layoutButton.disabled && now - start > 50 : !undo.disabled;
    const elk = window.__elk.at(-1);
    if (applied) done({ layoutMs: now - start, longestFrameGapMs: longest, workerCreatedMs: elk && elk.created - start, workerReadyMs: elk && elk.ready - start, workerAnsweredMs: elk && elk.answered - start });
    else requestAnimationFrame(tick);
  }
  requestAnimationFrame(tick);
})`;

async function layoutOnce(browser: Browser, base: string, modules: number, screenshot?: string): Promise<Run> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    const page = await context.newPage();
    await page.addInitScript(WATCH_WORKERS);
    await page.goto(`${base}?generate=${modules}`);
    await page.getByTestId('cmd-view.autoLayout').waitFor();
    await page.waitForFunction(() => !document.querySelector<HTMLButtonElement>('[data-testid="cmd-view.autoLayout"]')!.disabled);
    // Let the first paint's work settle before the click.
    await page.waitForTimeout(1000);
    // A string, not a function: tsx would wrap the page's named functions in a helper the page lacks.
    const run = (await page.evaluate(CLICK_AND_WAIT)) as Run;
    if (screenshot) {
      await page.waitForTimeout(1500);
      await page.screenshot({ path: screenshot });
    }
    return {
      layoutMs: round(run.layoutMs, 0),
      longestFrameGapMs: round(run.longestFrameGapMs, 0),
      ...(run.workerCreatedMs !== undefined ? { workerCreatedMs: round(run.workerCreatedMs, 0) } : {}),
      ...(run.workerReadyMs !== undefined ? { workerReadyMs: round(run.workerReadyMs, 0) } : {}),
      ...(run.workerAnsweredMs !== undefined ? { workerAnsweredMs: round(run.workerAnsweredMs, 0) } : {}),
    };
  } finally {
    await context.close();
  }
}

async function main() {
  if (!process.env.LAYOUT_NOBUILD || !existsSync(outDir)) {
    log('building the editor');
    await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  }
  mkdirSync(shots, { recursive: true });
  const port = Number(process.env.E2E_PORT ?? 4399);
  const { server, base } = await servePreview(root, outDir, port);
  const browser = await launchChromium();
  const results = [];
  try {
    for (const modules of SIZES) {
      const runs: Run[] = [];
      const loadBefore = loadavg()[0]!;
      for (let i = 0; i < RUNS; i++) {
        const run = await layoutOnce(browser, base, modules, i === RUNS - 1 ? join(shots, `layout-${modules}.png`) : undefined);
        log(
          `${modules} modules: ${run.layoutMs} ms (worker created at ${run.workerCreatedMs} ms, elk ready at ${run.workerReadyMs} ms, answered at ${run.workerAnsweredMs} ms; ` +
            `longest frame gap ${run.longestFrameGapMs} ms), load ${loadavg()[0]!.toFixed(1)}`,
        );
        runs.push(run);
      }
      results.push({
        modules,
        medianMs: median(runs.map((r) => r.layoutMs)),
        runs,
        loadAverage: [round(loadBefore, 1), round(loadavg()[0]!, 1)],
      });
    }
  } finally {
    await browser.close();
    await new Promise<void>((done) => server.httpServer.close(() => done()));
  }
  process.stdout.write(JSON.stringify({ benchmark: 'auto-layout', date: new Date().toISOString(), chromium: browser.version(), results }, null, 2) + '\n');
}

main().catch((error) => {
  process.stderr.write(`layout: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
