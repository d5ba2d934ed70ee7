// A simulation worker's first walk in Chromium against its later ones (issue 19: a click on
// What-if soon after opening meets workers that walk for the first time). One tree's engine is
// bundled into a bare worker (esbuild; no app, no page work) that walks, on the page's word, the
// two shares of 10,000 runs of the generated 1,000-module flow as the page's two workers would
// (`lead`: runs 0–5,119 and their kept per-module samples; `other`: runs 5,120–9,999) and the
// lead's merge (`merge`), one message each, in a fresh page per round. A Chromium trace gives the
// worker thread's CPU for each step (its task's thread time) and the CPU of V8's background
// compiles (TurboFan, Maglev) meanwhile: what a cold walk pays besides its own thread. With
// several trees they are measured alternately, round by round. Prints JSON; timings are never
// asserted anywhere.
//
//   npx tsx bench/browser/simulationCold.ts                          # this tree, 3 rounds
//   SIM_TREES=/path/to/main,. SIM_ROUNDS=5 npx tsx bench/browser/simulationCold.ts
//   SIM_STEPS=lead,other,merge,lead,other,merge …                   # the steps of a round (default)
//   SIM_STEPS=lead,ahead,other,merge,… …                            # `ahead`: the lead's percentiles taken before the
//                                                                   # merge (percentilesAhead; nothing in a tree without it)
//   SIM_JS_FLAGS="--trace-opt --trace-deopt" DEBUG=pw:browser …     # V8's own account, on stderr
import { createServer } from 'node:http';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import type { Browser } from '@playwright/test';
import { build } from 'esbuild';
import { findChromium, median, round } from './measure';

const TREES = (process.env.SIM_TREES ?? '.').split(',').map((t) => resolve(t));
const ROUNDS = Number(process.env.SIM_ROUNDS ?? 3);
const STEPS = (process.env.SIM_STEPS ?? 'lead,other,merge,lead,other,merge').split(',');
const PORT = Number(process.env.E2E_PORT ?? 4399);

/** The worker: one step a message, answered with its wall ms. */
const workerSource = (tree: string) => `
import { generateFlow } from ${JSON.stringify(resolve(tree, 'src/model/generate.ts'))};
import * as engine from ${JSON.stringify(resolve(tree, 'src/cost/simulate.ts'))};
const { simulateChunk, mergeChunks, SampleBuffers } = engine;
const buffers = new SampleBuffers();
const samples = 10000;
let flow = null, lead = null, other = null;
self.onmessage = (event) => {
  const step = event.data;
  const start = performance.now();
  flow ??= generateFlow({ modules: 1000, seed: 1 });
  if (step === 'lead') lead = simulateChunk(flow, { samples, seed: 1, range: { from: 0, to: 5120 }, buffers });
  else if (step === 'other') other = simulateChunk(flow, { samples, seed: 1, range: { from: 5120, to: 10000 }, buffers });
  else if (step === 'ahead') engine.percentilesAhead?.(flow, samples, lead);
  else if (step === 'merge') mergeChunks(flow, { samples, seed: 1 }, [lead, other]);
  self.postMessage({ step, wallMs: performance.now() - start });
};
`;

async function bundle(tree: string): Promise<string> {
  const out = await build({
    stdin: { contents: workerSource(tree), resolveDir: tree, loader: 'js' },
    bundle: true,
    format: 'iife',
    minify: true,
    write: false,
    logLevel: 'warning',
  });
  return out.outputFiles[0]!.text;
}

interface TraceEvent {
  ph?: string;
  name?: string;
  pid?: number;
  tid?: number;
  ts?: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

interface Round {
  tree: string;
  round: number;
  /** Per step: the worker's wall ms (its own clock) and its thread's CPU ms (the trace). */
  steps: { step: string; wallMs: number; cpuMs: number | null }[];
  /** CPU ms of V8's background compiles over the round. */
  turbofanMs: number;
  maglevMs: number;
  loadAverage: number;
}

async function oneRound(browser: Browser, tree: string, index: number, script: string): Promise<Round> {
  const server = createServer((request, response) => {
    response.setHeader('content-type', request.url === '/worker.js' ? 'text/javascript' : 'text/html');
    response.end(request.url === '/worker.js' ? script : '<!doctype html><title>simulation cold</title>');
  });
  await new Promise<void>((done) => server.listen(PORT, '127.0.0.1', done));
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${PORT}/`);
    await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'disabled-by-default-v8.compile'] });
    const answers = (await page.evaluate(
      `(async (steps) => {
        const worker = new Worker('/worker.js');
        const answers = [];
        for (const step of steps) answers.push(await new Promise((done) => { worker.onmessage = (e) => done(e.data); worker.postMessage(step); }));
        worker.terminate();
        return answers;
      })(${JSON.stringify(STEPS)})`,
    )) as { step: string; wallMs: number }[];
    const parsed = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents?: TraceEvent[] } | TraceEvent[];
    const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
    const names = new Map<string, string>();
    for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, String(e.args?.name ?? ''));
    const threadOf = (e: TraceEvent) => names.get(`${e.pid}:${e.tid}`) ?? '';
    // The worker's tasks in order; each step is the next one about as long as its wall time (a
    // task also holds what runs after the handler, a GC say: up to 10 % or 5 ms more).
    const tasks = events
      .filter((e) => e.ph === 'X' && e.name === 'RunTask' && /DedicatedWorker/.test(threadOf(e)))
      .sort((a, b) => (a.ts ?? 0) - (b.ts ?? 0));
    let at = 0;
    const steps = answers.map(({ step, wallMs }) => {
      const fits = (e: TraceEvent) => {
        const ms = (e.dur ?? 0) / 1000;
        return ms >= wallMs - 1 && ms <= wallMs + Math.max(5, wallMs / 10);
      };
      while (at < tasks.length && !fits(tasks[at]!)) at++;
      const task = tasks[at++];
      return { step, wallMs: round(wallMs, 0), cpuMs: task?.tdur === undefined ? null : round(task.tdur / 1000, 0) };
    });
    const sum = (name: string) =>
      round(events.filter((e) => e.ph === 'X' && e.name === name).reduce((s, e) => s + (e.tdur ?? e.dur ?? 0) / 1000, 0), 0);
    return { tree, round: index, steps, turbofanMs: sum('V8.TurbofanTask'), maglevMs: sum('V8.MaglevTask'), loadAverage: round(loadavg()[0]!, 1) };
  } finally {
    await context.close();
    server.close();
  }
}

async function main() {
  const scripts = new Map<string, string>();
  for (const tree of TREES) scripts.set(tree, await bundle(tree));
  const { chromium } = await import('@playwright/test');
  const jsFlags = process.env.SIM_JS_FLAGS;
  const browser = await chromium.launch({ executablePath: findChromium(), args: ['--no-sandbox', '--disable-gpu', ...(jsFlags ? [`--js-flags=${jsFlags}`] : [])] });
  const rounds: Round[] = [];
  try {
    for (let r = 0; r < ROUNDS; r++) {
      for (const tree of r % 2 === 0 ? TREES : [...TREES].reverse()) {
        const one = await oneRound(browser, tree, r, scripts.get(tree)!);
        process.stderr.write(`simulation cold: ${tree} round ${r}: ${one.steps.map((s) => `${s.step} ${s.cpuMs}`).join(', ')} ms CPU; TurboFan ${one.turbofanMs}, Maglev ${one.maglevMs} ms; load ${one.loadAverage}\n`);
        rounds.push(one);
      }
    }
  } finally {
    await browser.close();
  }
  // Medians by tree and step (the step's place in the round: the first lead is cold, the second hot).
  const figures = TREES.map((tree) => {
    const mine = rounds.filter((r) => r.tree === tree);
    const byStep = STEPS.map((step, i) => ({ step: `${i + 1}:${step}`, cpuMs: median(mine.map((r) => r.steps[i]?.cpuMs).filter((ms): ms is number => typeof ms === 'number')), wallMs: median(mine.map((r) => r.steps[i]!.wallMs)) }));
    return { tree, steps: byStep, turbofanMs: median(mine.map((r) => r.turbofanMs)), maglevMs: median(mine.map((r) => r.maglevMs)) };
  });
  process.stdout.write(JSON.stringify({ benchmark: 'simulation-cold', date: new Date().toISOString(), figures, rounds }, null, 2) + '\n');
}

main().catch((error) => {
  process.stderr.write(`simulation cold: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
