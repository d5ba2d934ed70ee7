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
//
// Not part of `npm run bench`; timings are never asserted anywhere.
import { join, resolve } from 'node:path';
import type { Browser } from '@playwright/test';
import { measureSizes, median, round } from './measure';

const root = resolve(process.env.SIM_ROOT ?? resolve(import.meta.dirname, '../..'));
const outDir = join(root, 'dist-simulation');
const SIZES = (process.env.SIM_SIZES ?? '1000').split(',').map(Number);
const RUNS = Number(process.env.SIM_RUNS ?? 3);
const COLD = process.env.SIM_COLD === '1';
/** How long the page is left idle before the click, at most (it goes on as soon as the workers say they are warm). */
const IDLE_MS = Number(process.env.SIM_IDLE_MS ?? 20000);

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

async function simulateOnce(browser: Browser, base: string, modules: number): Promise<Run> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    const page = await context.newPage();
    await page.addInitScript(WATCH_WORKERS);
    await page.goto(`${base}?generate=${modules}`);
    await page.getByTestId('tab-whatif').waitFor();
    if (!COLD) {
      // Idle until the simulation's workers say they are warm and any run asked for (the canvas
      // bands' run of a flow with ranges) has answered; a tree without the warm-up: IDLE_MS.
      await page
        .waitForFunction(
          () => {
            const sim = (window as unknown as { __sim: { made: number[]; warmed: number[]; answers: number[]; asked: { type: string; id?: number }[] } }).__sim;
            const runs = new Set(sim.asked.filter((m) => m.type === 'run' || m.type === 'share-of-runs').map((m) => m.id)).size;
            return sim.made.length > 0 && sim.warmed.length >= sim.made.length && sim.answers.length >= runs;
          },
          undefined,
          { timeout: IDLE_MS, polling: 100 },
        )
        .catch(() => undefined);
      await page.waitForTimeout(500);
    }
    // A string, not a function: tsx would wrap the page's named functions in a helper the page lacks.
    const run = (await page.evaluate(CLICK_AND_WAIT)) as Run;
    const asked = run.asked.find((m) => m.at >= run.clickAt && (m.type === 'run' || m.type === 'share-of-runs'));
    return {
      ...run,
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
  const { chromium, sizes } = await measureSizes({
    root,
    outDir,
    reuse: Boolean(process.env.SIM_NOBUILD),
    sizes: SIZES,
    runs: RUNS,
    once: (browser, base, modules) => simulateOnce(browser, base, modules),
    describe: (_, run) =>
      `click → result ${run.clickToResultMs} ms (runs asked at ${run.clickToAskedMs} ms, answer at ${run.clickToAnswerMs} ms; workers before ${run.workersBefore}, ` +
      `warm ${run.warmBefore}, made after ${run.workersAfter}; longest frame gap ${run.longestFrameGapMs} ms)`,
  });
  const results = sizes.map(({ modules, runs, loadAverage }) => ({ modules, samples: 10_000, medianClickToResultMs: median(runs.map((r) => r.clickToResultMs)), runs, loadAverage }));
  process.stdout.write(JSON.stringify({ benchmark: 'simulation', tree: root, cold: COLD, date: new Date().toISOString(), chromium, results }, null, 2) + '\n');
}

main().catch((error) => {
  process.stderr.write(`simulation: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
