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
//   LAYOUT_AFTER_WARM=1 …                                   # click once elk has laid the opened flow out ahead
//   LAYOUT_OLD=/work/main …                                 # that tree's build too, runs alternated with this one's
//   LAYOUT_CLICK_MS=500 …                                   # the click that long after the flow is on screen (default 1000)
//
// The click comes 1 s after the flow is on screen (a quick user); elk's worker lays an opened flow of
// 100+ modules out ahead while the page is idle (src/commands/layoutWarmup.ts), so a click before that
// answer waits for it. LAYOUT_AFTER_WARM=1 clicks once the answer is in (a user who looks at the flow
// first). Each run also gives the CPU time of the renderer's threads (Linux: /proc), before and after
// the click: the page's main thread, the dedicated workers (elk's), the rest.
//
// Not part of `npm run bench`; timings are never asserted anywhere.
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { build } from 'vite';
import type { Browser } from '@playwright/test';
import { launchChromium, log, median, round, servePreview } from './measure';

const root = resolve(import.meta.dirname, '../..');
const outDir = join(root, 'dist-layout');
const SIZES = (process.env.LAYOUT_SIZES ?? '20,500,1000,2000').split(',').map(Number);
const RUNS = Number(process.env.LAYOUT_RUNS ?? 3);
const AFTER_WARM = process.env.LAYOUT_AFTER_WARM === '1';
const OLD = process.env.LAYOUT_OLD ? resolve(process.env.LAYOUT_OLD) : null;
const CLICK_MS = Number(process.env.LAYOUT_CLICK_MS ?? 1000);
const shots = join(root, 'bench/results');

interface Run {
  /** From the click to the first frame after the layout was applied. */
  layoutMs: number;
  /** The longest gap between animation frames meanwhile. */
  longestFrameGapMs: number;
  /** From the click to: elk's worker created (elk's API loaded), elk loaded in it (negative: before the click). */
  workerCreatedMs?: number;
  workerReadyMs?: number;
  /** From the click to each of elk's layout answers (a warm-up's may come before the click). */
  workerAnswersMs: number[];
  /** CPU milliseconds of the page's renderer threads, from the page's load to the click and from the click to applied. */
  cpuBeforeClick: ThreadCpu;
  cpuClickToApplied: ThreadCpu;
}

/**
 * CPU ms per kind of thread: the page's (the renderer's main thread), the dedicated workers' (elk's and
 * any other), the rest (compositor, V8's compiler and garbage collector threads, IO).
 */
interface ThreadCpu {
  page: number;
  workers: number;
  other: number;
}

/** Notes when elk's worker is created and when it answers (an init script: before the app loads). */
const WATCH_WORKERS = `(() => {
  const Base = window.Worker;
  window.__elk = [];
  window.Worker = class extends Base {
    constructor(url, options) {
      super(url, options);
      if (!/elk/.test(String(url))) return;
      const note = { created: performance.now(), answers: [] };
      window.__elk.push(note);
      // elk's API registers its algorithms first (elk is loaded when that answer comes), then lays out.
      this.addEventListener('message', () => {
        if (note.ready === undefined) note.ready = performance.now();
        else note.answers.push(performance.now());
      });
    }
  };
})()`;

/** Clicks Auto-layout and resolves, at the first frame after the layout is applied, with the frame figures. */
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
    if (applied) done({ layoutMs: now - start, longestFrameGapMs: longest });
    else requestAnimationFrame(tick);
  }
  requestAnimationFrame(tick);
})`;

/** elk's worker's times from the click (read after the layout is applied). */
const ELK_TIMES = `(() => {
  const elk = window.__elk.at(-1);
  if (!elk) return { answers: [] };
  const at = (t) => t - window.__clickAt;
  return { created: at(elk.created), ready: elk.ready === undefined ? undefined : at(elk.ready), answers: elk.answers.map(at) };
})()`;

/** This process's descendants (the browser's processes: Playwright launches Chromium as our child). */
function descendants(of: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // Gone meanwhile.
    }
  }
  const found: number[] = [];
  const walk = (pid: number) => (children.get(pid) ?? []).forEach((child) => (found.push(child), walk(child)));
  walk(of);
  return found;
}

/** CPU ms so far of every thread of the browser's renderers, by thread id (Linux /proc; empty elsewhere). */
function rendererThreads(): Map<string, { name: string; ms: number }> {
  const threads = new Map<string, { name: string; ms: number }>(); // name 'page': the main thread (tid = pid)
  if (!existsSync('/proc/self/stat')) return threads;
  const tick = 1000 / 100; // USER_HZ
  for (const pid of descendants(process.pid)) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) continue;
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const name = tid === String(pid) ? 'page' : stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        threads.set(`${pid}/${tid}`, { name, ms: (Number(fields[11]) + Number(fields[12])) * tick });
      }
    } catch {
      // Gone meanwhile.
    }
  }
  return threads;
}

function cpuBetween(before: Map<string, { name: string; ms: number }>, after: Map<string, { name: string; ms: number }>): ThreadCpu {
  const cpu: ThreadCpu = { page: 0, workers: 0, other: 0 };
  for (const [id, { name, ms }] of after) {
    const used = ms - (before.get(id)?.ms ?? 0);
    if (name === 'page') cpu.page += used;
    else if (name.startsWith('DedicatedWorker')) cpu.workers += used;
    else cpu.other += used;
  }
  return cpu;
}

async function layoutOnce(browser: Browser, base: string, modules: number, screenshot?: string): Promise<Run> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    const page = await context.newPage();
    await page.addInitScript(WATCH_WORKERS);
    const atLoad = rendererThreads();
    await page.goto(`${base}?generate=${modules}`);
    await page.getByTestId('cmd-view.autoLayout').waitFor();
    await page.waitForFunction(() => !document.querySelector<HTMLButtonElement>('[data-testid="cmd-view.autoLayout"]')!.disabled);
    // Let the first paint's work settle before the click.
    await page.waitForTimeout(CLICK_MS);
    if (AFTER_WARM) await page.waitForFunction('window.__elk.at(-1)?.answers.length > 0', undefined, { timeout: 120_000 });
    const atClick = rendererThreads();
    // A string, not a function: tsx would wrap the page's named functions in a helper the page lacks.
    const run = (await page.evaluate(CLICK_AND_WAIT)) as { layoutMs: number; longestFrameGapMs: number };
    const atApplied = rendererThreads();
    const elk = (await page.evaluate(ELK_TIMES)) as { created?: number; ready?: number; answers: number[] };
    if (screenshot) {
      await page.waitForTimeout(1500);
      await page.screenshot({ path: screenshot });
    }
    return {
      layoutMs: round(run.layoutMs, 0),
      longestFrameGapMs: round(run.longestFrameGapMs, 0),
      ...(elk.created !== undefined ? { workerCreatedMs: round(elk.created, 0) } : {}),
      ...(elk.ready !== undefined ? { workerReadyMs: round(elk.ready, 0) } : {}),
      workerAnswersMs: elk.answers.map((t) => round(t, 0)),
      cpuBeforeClick: cpuBetween(atLoad, atClick),
      cpuClickToApplied: cpuBetween(atClick, atApplied),
    };
  } finally {
    await context.close();
  }
}

/** The trees measured: this one (built into dist-layout/), and LAYOUT_OLD's (built into a temporary folder). */
async function buildTrees(): Promise<{ label: string; outDir: string }[]> {
  if (!process.env.LAYOUT_NOBUILD || !existsSync(outDir)) {
    log('building the editor');
    await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  }
  if (!OLD) return [{ label: 'this', outDir }];
  const oldOut = join(mkdtempSync(join(tmpdir(), 'bench-layout-')), 'old');
  log(`building ${OLD} into ${oldOut}`);
  execFileSync(join(OLD, 'node_modules/.bin/vite'), ['build', '--outDir', oldOut, '--emptyOutDir', '--logLevel', 'warn'], { cwd: OLD, stdio: 'inherit' });
  return [
    { label: 'old', outDir: oldOut },
    { label: 'this', outDir },
  ];
}

async function main() {
  const trees = await buildTrees();
  mkdirSync(shots, { recursive: true });
  const port = Number(process.env.E2E_PORT ?? 4399);
  const served = [];
  for (const tree of trees) served.push({ ...tree, ...(await servePreview(root, tree.outDir, port)) });
  const browser = await launchChromium();
  const results = [];
  try {
    for (const modules of SIZES) {
      const runs = new Map<string, Run[]>(served.map((t) => [t.label, []]));
      const loadBefore = loadavg()[0]!;
      for (let i = 0; i < RUNS; i++) {
        // Alternated: old then this tree in even rounds, this then old in odd ones.
        const order = i % 2 === 0 ? served : [...served].reverse();
        for (const tree of order) {
          const shot = i === RUNS - 1 && tree.label === 'this' ? join(shots, `layout-${modules}.png`) : undefined;
          const run = await layoutOnce(browser, tree.base, modules, shot);
          log(
            `${trees.length > 1 ? `${tree.label}: ` : ''}${modules} modules: ${run.layoutMs} ms (elk's worker created at ${run.workerCreatedMs} ms, ready at ${run.workerReadyMs} ms, ` +
              `answers at ${run.workerAnswersMs.join(', ')} ms, from the click; longest frame gap ${run.longestFrameGapMs} ms; ` +
              `CPU ms load→click ${JSON.stringify(run.cpuBeforeClick)}, click→applied ${JSON.stringify(run.cpuClickToApplied)}), load ${loadavg()[0]!.toFixed(1)}`,
          );
          runs.get(tree.label)!.push(run);
        }
      }
      for (const [tree, list] of runs) {
        results.push({
          ...(trees.length > 1 ? { tree } : {}),
          modules,
          medianMs: median(list.map((r) => r.layoutMs)),
          medianWorkersCpuMs: {
            beforeClick: median(list.map((r) => r.cpuBeforeClick.workers)),
            clickToApplied: median(list.map((r) => r.cpuClickToApplied.workers)),
          },
          medianPageCpuMsClickToApplied: median(list.map((r) => r.cpuClickToApplied.page)),
          runs: list,
          loadAverage: [round(loadBefore, 1), round(loadavg()[0]!, 1)],
        });
      }
    }
  } finally {
    await browser.close();
    for (const { server } of served) await new Promise<void>((done) => server.httpServer.close(() => done()));
  }
  process.stdout.write(
    JSON.stringify({ benchmark: 'auto-layout', clickAfterWarmUp: AFTER_WARM, clickMs: CLICK_MS, old: OLD, date: new Date().toISOString(), chromium: browser.version(), results }, null, 2) + '\n',
  );
}

main().catch((error) => {
  process.stderr.write(`layout: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
