// A trace step at 1,000 modules (issue 15 target "a trace step renders in one frame"): opens
// `?generate=N`, traces a seed in the Trace tab, then presses → STEPS times and measures, for each
// press, the time from the key event to the end of the next frame that shows the new step (the
// handler and React's render are in it). Also counts the module cards and edges whose trace mark
// changed per step (the DOM attributes React wrote). Prints JSON; no figure is asserted.
// Run: npx tsx bench/browser/traceStep.ts   (TRACE_MODULES=1000 TRACE_STEPS=40; serves the build in
// TRACE_DIST, built first when absent; TRACE_SHOT=file.png also saves a screenshot).
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { launchChromium, log, median, quantile, round, servePreview } from './measure';

const root = resolve(import.meta.dirname, '../..');
// TRACE_DIST=<dir>: serve a build made elsewhere; else this tree is built afresh (a kept build would measure old code).
const outDir = process.env.TRACE_DIST ?? join(root, 'node_modules/.cache/creditflow-trace-bench');
const MODULES = Number(process.env.TRACE_MODULES ?? 1000);
const STEPS = Number(process.env.TRACE_STEPS ?? 40);

async function main() {
  if (!process.env.TRACE_DIST || !existsSync(join(outDir, 'index.html'))) {
    log(`building into ${outDir}`);
    await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  }
  const { server, base } = await servePreview(root, outDir, 4398);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${base}?generate=${MODULES}`);
    // The flow on screen: React Flow's cards, or the far-zoom canvas's (a large flow seen whole; the trace brings the cards back).
    await page.waitForFunction(
      (n) => Math.max(document.querySelectorAll('.react-flow__node').length, Number(document.querySelector('[data-testid=far-canvas]')?.getAttribute('data-cards') ?? 0)) >= Math.min(n, 50),
      MODULES,
      { timeout: 120_000 },
    );
    await page.getByTestId('tab-trace').click();
    await page.getByTestId('trace-seed').fill('1');
    await page.getByTestId('trace-run').click();
    await page.getByTestId('trace-position').waitFor();
    log('traced; stepping');
    // tsx names the functions of the measuring script with a helper the page does not have.
    await page.evaluate('window.__name = (f) => f');
    const result = await page.evaluate(async (steps) => {
      const panel = document.querySelector<HTMLElement>('[data-testid="trace-panel"]')!;
      const position = () => document.querySelector('[data-testid="trace-position"]')!.textContent;
      const frame = () => new Promise<number>((r) => requestAnimationFrame(() => r(performance.now())));
      // Marks React writes on the canvas per step (data-trace of cards and edge paths).
      let marks = 0;
      const observer = new MutationObserver((records) => (marks += records.filter((r) => r.attributeName === 'data-trace').length));
      observer.observe(document.querySelector('.react-flow')!, { subtree: true, attributes: true, attributeFilter: ['data-trace'] });
      const times: number[] = [];
      const handler: number[] = [];
      const changed: number[] = [];
      for (let k = 0; k < steps; k++) {
        await frame();
        const before = position();
        marks = 0;
        const t0 = performance.now();
        panel.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true, cancelable: true }));
        // React renders a key's update before the event's microtasks end.
        await Promise.resolve();
        const t1 = performance.now();
        // The frame after the handler: its rAF callback runs before that frame paints; the one after it, once painted.
        await frame();
        const t2 = await frame();
        if (position() === before) break;
        handler.push(t1 - t0);
        times.push(t2 - t0);
        await new Promise((r) => setTimeout(r, 0));
        changed.push(marks);
      }
      observer.disconnect();
      // The same two frames with no step: what the page costs per frame on this machine anyway.
      const idle: number[] = [];
      for (let k = 0; k < steps; k++) {
        await frame();
        const t0 = performance.now();
        await frame();
        idle.push((await frame()) - t0);
      }
      return { times, handler, changed, idle, nodes: document.querySelectorAll('.react-flow__node').length };
    }, STEPS);
    // TRACE_SHOT=file.png: a screenshot of the page after the steps, to look at.
    if (process.env.TRACE_SHOT) await page.screenshot({ path: process.env.TRACE_SHOT });
    const sorted = [...result.times].sort((a, b) => a - b);
    const figures = {
      modules: MODULES,
      nodesInDom: result.nodes,
      steps: result.times.length,
      handlerAndRenderMs: { median: round(median(result.handler)), p90: round(quantile([...result.handler].sort((a, b) => a - b), 0.9)) },
      keyToPaintedFrameMs: { median: round(median(result.times)), p90: round(quantile(sorted, 0.9)), max: round(sorted.at(-1) ?? NaN) },
      idleTwoFramesMs: { median: round(median(result.idle)), p90: round(quantile([...result.idle].sort((a, b) => a - b), 0.9)) },
      marksChangedPerStep: { median: median(result.changed), max: Math.max(...result.changed) },
      loadAverage: loadavg().map((x) => round(x)),
    };
    process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
  } finally {
    await browser.close();
    await new Promise<void>((done) => server.httpServer.close(() => done()));
  }
}

void main();
