// Simulated runs in the browser (issue 19: 10,000 runs × 1,000 modules ≤ 0.4 s, workers in
// parallel): a production build opened with `?generate=N`, the page left idle (the simulation's
// workers warm up then: editor/simulationWarmup.ts; and the canvas bands of a flow with ranges
// ask for their runs, a shorter simulation), then the What-if tab clicked, and the time
// until the Simulation panel shows the result of its 10,000 runs ("up to date", the mean filled in)
// measured in the page, at the first frame that shows it. Also noted, from the page's side of the
// workers' messages: when each simulation worker was made, when each said it had warmed, when the
// run's answer came; and the longest gap between frames meanwhile. Each run is a fresh page.
// Prints JSON on stdout, progress on stderr.
//
//   npx tsx bench/browser/simulation.ts                      # 1,000 modules, 3 runs
//   SIM_SIZES=1000,10000 SIM_RUNS=5 npx tsx bench/browser/simulation.ts
//   SIM_ROOT=/path/to/other/tree …                         # build and measure another tree (a before/after)
//   SIM_NOBUILD=1 …                                        # reuse <tree>/dist-simulation/
//   SIM_COLD=1 …                                           # click as soon as the flow is on screen (no idle wait)
//   SIM_CLICK_AFTER_MS=1000 …                              # click this long after the flow is on screen (no idle wait)
//   SIM_PROFILE=/tmp/sim …                                 # an unminified build (dist-simulation-profile/), CPU profiles over CDP of
//                                                          # the page and each simulation worker from the click to the result:
//                                                          # /tmp/sim.<modules>-<run>.<target>.cpuprofile, and each target's
//                                                          # busy time by function and its stages on one timeline (`profile` in the JSON)
//   SIM_TRACE=/tmp/trace …                                 # a Chromium trace from the click to the result, /tmp/trace.<modules>-<run>.json,
//                                                          # and each thread's CPU ms in it (`threadsCpu`): the figure to compare on a loaded machine
//
// Not part of `npm run bench`; timings are never asserted anywhere.
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser } from '@playwright/test';
import { build } from 'vite';
import { measureSizes, median, round } from './measure';
import { profileTargets, threadCpuMs, type TargetsProfile } from './targetsProfile';

const root = resolve(process.env.SIM_ROOT ?? resolve(import.meta.dirname, '../..'));
const PROFILE = process.env.SIM_PROFILE ?? '';
const TRACE = process.env.SIM_TRACE ?? '';
const outDir = join(root, PROFILE ? 'dist-simulation-profile' : 'dist-simulation');
const SIZES = (process.env.SIM_SIZES ?? '1000').split(',').map(Number);
const RUNS = Number(process.env.SIM_RUNS ?? 3);
/** Click this long (ms) after the flow is on screen; undefined: once the page has been left idle. */
const CLICK_AFTER_MS = process.env.SIM_COLD === '1' ? 0 : process.env.SIM_CLICK_AFTER_MS ? Number(process.env.SIM_CLICK_AFTER_MS) : undefined;
const COLD = CLICK_AFTER_MS !== undefined;
/** How long the page is left idle before the click, at most (it goes on as soon as the workers say they are warm). */
const IDLE_MS = Number(process.env.SIM_IDLE_MS ?? 20000);
/**
 * Left idle: at least this long (ms) after the flow is on screen, so that the work the page does
 * ahead once nobody has used it for a while (the runs ahead: the input-quiet gate of 1.5 s, then an
 * idle moment) has been asked, not only the workers' warm-up at the first idle moment.
 */
const IDLE_MIN_MS = Number(process.env.SIM_IDLE_MIN_MS ?? 2500);

interface Run {
  /** From the click to the first frame that shows the simulation's result. */
  clickToResultMs: number;
  /** From the click to the runs posted to the workers (the What-if panel loaded and mounted). */
  clickToAskedMs?: number | null;
  /** From the click to the workers' answer (the page's side of the message). */
  clickToAnswerMs: number | null;
  longestFrameGapMs: number;
  /** Simulation workers made before the click, and how many of them had warmed up. */
  workersBefore: number;
  warmBefore: number;
  /** Simulation workers made after the click. */
  workersAfter: number;
  /** From the page's start: the workers made, and warmed. */
  workersMadeAtMs: number[];
  warmedAtMs: number[];
  hardwareConcurrency: number;
  /** What the page posted to the workers, with when (from the page's start). */
  asked: { type: string; id?: number; at: number }[];
  clickAt: number;
  /** When the flow was seen on screen (the What-if tab there), from the page's start. */
  shownAt?: number;
  /** SIM_PROFILE: each target's busy time and stages, ms from the click. */
  profile?: TargetsProfile;
  /** SIM_TRACE: CPU ms of each thread from the click to the result (a Chromium trace; its wall ms beside). */
  threadsCpu?: { thread: string; cpuMs: number; wallMs: number }[];
}

/** Notes the simulation workers' making, warm-ups and answers (an init script: before the app loads). */
const WATCH_WORKERS = `(() => {
  const Base = window.Worker;
  window.__sim = { made: [], warmed: [], answers: [], asked: [] };
  window.Worker = class extends Base {
    constructor(url, options) {
      super(url, options);
      if (!/simulation/.test(String(url))) return;
      window.__sim.made.push(performance.now());
      const post = this.postMessage.bind(this);
      this.postMessage = (message, transfer) => {
        window.__sim.asked.push({ type: message.type, id: message.id, at: Math.round(performance.now()) });
        return post(message, transfer);
      };
      this.addEventListener('message', (event) => {
        const type = event.data && event.data.type;
        if (type === 'warmed') window.__sim.warmed.push(performance.now());
        if (type === 'done' || type === 'error') window.__sim.answers.push(performance.now());
      });
    }
  };
})()`;

/** Clicks the What-if tab and resolves, at the first frame that shows the simulation's result, with the click's figures. */
const CLICK_AND_WAIT = `new Promise((done) => {
  const sim = window.__sim;
  const workersBefore = sim.made.length;
  const warmBefore = sim.warmed.length;
  const answersBefore = sim.answers.length;
  const start = performance.now();
  let last = start;
  let longest = 0;
  document.querySelector('[data-testid="tab-whatif"]').click();
  function tick() {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    const status = document.querySelector('[data-testid="sim-status"]');
    const mean = document.querySelector('[data-testid="sim-mean"]');
    if (status && status.textContent === 'up to date' && mean && mean.getAttribute('data-value')) {
      const answer = sim.answers[answersBefore];
      done({
        clickToResultMs: now - start,
        clickToAnswerMs: answer === undefined ? null : answer - start,
        longestFrameGapMs: longest,
        workersBefore,
        warmBefore,
        workersAfter: sim.made.length - workersBefore,
        workersMadeAtMs: sim.made,
        warmedAtMs: sim.warmed,
        hardwareConcurrency: navigator.hardwareConcurrency,
        asked: sim.asked,
        clickAt: Math.round(start),
      });
    } else requestAnimationFrame(tick);
  }
  requestAnimationFrame(tick);
})`;

async function simulateOnce(browser: Browser, base: string, modules: number, index: number): Promise<Run> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    const page = await context.newPage();
    await page.addInitScript(WATCH_WORKERS);
    await page.goto(`${base}?generate=${modules}`);
    await page.getByTestId('tab-whatif').waitFor();
    const shownAt = await page.evaluate(() => performance.now());
    if (CLICK_AFTER_MS) await page.waitForFunction((at) => performance.now() >= at, shownAt + CLICK_AFTER_MS, { polling: 'raf' });
    if (!COLD) {
      // Idle until the simulation's workers say they are warm and any run asked for (the canvas
      // bands' run of a flow with ranges, the panel's runs simulated ahead) has answered; a tree
      // without either: IDLE_MS.
      await page
        .waitForFunction(
          (notBefore) => {
            if (performance.now() < notBefore) return false;
            const sim = (window as unknown as { __sim: { made: number[]; warmed: number[]; answers: number[]; asked: { type: string; id?: number }[] } }).__sim;
            const runs = new Set(sim.asked.filter((m) => m.type === 'run' || m.type === 'share-of-runs').map((m) => m.id)).size;
            const warmUps = sim.asked.filter((m) => m.type === 'warm').length;
            // Workers warmed, or (the runs simulated ahead) every run asked answered.
            return sim.made.length > 0 && sim.warmed.length >= warmUps && (warmUps > 0 || runs > 0) && sim.answers.length >= runs;
          },
          shownAt + IDLE_MIN_MS,
          { timeout: IDLE_MS, polling: 100 },
        )
        .catch(() => undefined);
      await page.waitForTimeout(500);
    }
    const profiling = PROFILE ? await profileTargets(page) : null;
    if (TRACE) await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
    // A string, not a function: tsx would wrap the page's named functions in a helper the page lacks.
    const run = (await page.evaluate(CLICK_AND_WAIT)) as Run;
    if (TRACE) {
      const trace = await browser.stopTracing();
      writeFileSync(`${TRACE}.${modules}-${index}.json`, trace);
      run.threadsCpu = threadCpuMs(trace);
    }
    if (profiling) run.profile = await profiling.stop(run.clickAt, `${PROFILE}.${modules}-${index}`, outDir);
    const asked = run.asked.find((m) => m.at >= run.clickAt && (m.type === 'run' || m.type === 'share-of-runs'));
    return {
      ...run,
      shownAt: round(shownAt, 0),
      clickToAskedMs: asked ? asked.at - run.clickAt : null,
      clickToResultMs: round(run.clickToResultMs, 0),
      clickToAnswerMs: run.clickToAnswerMs === null ? null : round(run.clickToAnswerMs, 0),
      longestFrameGapMs: round(run.longestFrameGapMs, 0),
      workersMadeAtMs: run.workersMadeAtMs.map((t) => round(t, 0)),
      warmedAtMs: run.warmedAtMs.map((t) => round(t, 0)),
    };
  } finally {
    await context.close();
  }
}

async function main() {
  if (PROFILE && !process.env.SIM_NOBUILD) {
    // Function names and source maps for the profiles.
    await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true, minify: false, sourcemap: true } });
  }
  const { chromium, sizes } = await measureSizes({
    root,
    outDir,
    reuse: Boolean(process.env.SIM_NOBUILD) || Boolean(PROFILE),
    sizes: SIZES,
    runs: RUNS,
    once: (browser, base, modules, index) => simulateOnce(browser, base, modules, index),
    describe: (_, run) =>
      `click → result ${run.clickToResultMs} ms (runs asked at ${run.clickToAskedMs} ms, answer at ${run.clickToAnswerMs} ms; workers before ${run.workersBefore}, ` +
      `warm ${run.warmBefore}, made after ${run.workersAfter}; longest frame gap ${run.longestFrameGapMs} ms)` +
      (run.threadsCpu ? `; CPU ms ${run.threadsCpu.slice(0, 5).map((t) => `${t.thread} ${t.cpuMs}`).join(', ')}` : ''),
  });
  const results = sizes.map(({ modules, runs, loadAverage }) => ({ modules, samples: 10_000, medianClickToResultMs: median(runs.map((r) => r.clickToResultMs)), runs, loadAverage }));
  process.stdout.write(JSON.stringify({ benchmark: 'simulation', tree: root, cold: COLD, clickAfterMs: CLICK_AFTER_MS ?? null, date: new Date().toISOString(), chromium, results }, null, 2) + '\n');
}

main().catch((error) => {
  process.stderr.write(`simulation: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
