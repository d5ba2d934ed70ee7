// The page measurements of the browser benchmarks (bench/browser/run.ts, editor against bare React Flow;
// bench/compare.ts, one tree's editor against another's): first paint, frame times while dragging a module
// and while panning, edit → total updated, JS heap, and the initial JS of a build. No timing is asserted.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import type { Browser, CDPSession, Page } from '@playwright/test';
import { build, preview } from 'vite';
import { generateFlow } from '../../src/model/generate';
import { ESTIMATED_NODE_SIZE } from '../../src/canvas/mapping';

export const GESTURE_MS = 1500;

export function log(message: string) {
  process.stderr.write(`bench: ${message}\n`);
}

export function findChromium(): string | undefined {
  if (process.env.PLAYWRIGHT_CHROMIUM_PATH) return process.env.PLAYWRIGHT_CHROMIUM_PATH;
  try {
    return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1]!;
}
export function median(values: number[]): number {
  return quantile([...values].sort((a, b) => a - b), 0.5);
}
export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/** A long task of the page's thread (PerformanceObserver 'longtask'): its start (ms from the page's start) and length. */
export type LongTask = { start: number; duration: number };

/** In the page: keeps its long tasks in `window.longTasks`, those from the page's start too when `buffered`. */
function recordLongTasks(buffered: boolean) {
  const w = window as unknown as { longTasks: LongTask[] };
  w.longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered });
}

/** The page's long tasks kept in `window.longTasks` from each start of the page on (the next navigation or reload, and every later one). */
export const recordLongTasksFromStart = (page: Page) => page.addInitScript(recordLongTasks, true);

/** The page's long tasks kept in `window.longTasks` from now on, in the page as it is. */
export const recordLongTasksFromNow = (page: Page) => page.evaluate(recordLongTasks, false);

/** Waits until the page's thread has had no long task (see recordLongTasks) for `quietMs`, nor an edit (`window.editAt`, where set). */
export async function settle(page: Page, quietMs: number) {
  await page.waitForFunction(
    (quiet) => {
      const w = window as unknown as { longTasks: LongTask[]; editAt?: number };
      const last = w.longTasks.at(-1);
      const end = Math.max(last ? last.start + last.duration : 0, w.editAt ?? 0);
      return performance.now() - end > quiet;
    },
    quietMs,
    { timeout: 600_000, polling: 250 },
  );
}

/** The longest of `tasks` and their sum, in ms. */
export const longTaskFigures = (tasks: LongTask[]) => ({
  longestLongTaskMs: Math.max(0, ...tasks.map((t) => t.duration)),
  longTasksTotalMs: tasks.reduce((sum, t) => sum + t.duration, 0),
});

/**
 * Drops the file at `url` (fetched by the page, named big.json) on the canvas, as a file dragged
 * from the desktop; the page notes when, just before the drop, in `window.dropAt`.
 */
export async function dropFileOnCanvas(page: Page, url: string) {
  await page.evaluate(async (url) => {
    const body = await (await fetch(url)).blob();
    const data = new DataTransfer();
    data.items.add(new File([body], 'big.json', { type: 'application/json' }));
    (window as unknown as { dropAt: number }).dropAt = performance.now();
    const target = document.querySelector('.react-flow__pane')!;
    const rect = target.getBoundingClientRect();
    const init = { dataTransfer: data, bubbles: true, cancelable: true, clientX: rect.x + 200, clientY: rect.y + 200 };
    target.dispatchEvent(new DragEvent('dragover', init));
    target.dispatchEvent(new DragEvent('drop', init));
  }, url);
}

/** The JS a first visit downloads from the build in `outDir`: the entry script and its module preloads, gzipped. */
export function initialJsGzipKB(outDir: string): number {
  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  const files = new Set<string>();
  for (const m of html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="([^"]+\.js)"/g)) files.add(m[1]!);
  let bytes = 0;
  for (const f of files) bytes += gzipSync(readFileSync(join(outDir, f.replace(/^\//, '')))).length;
  return round(bytes / 1024, 1);
}

/**
 * Waits for the first frame painted with the flow's modules in the DOM, or painted on the editor's
 * far-zoom canvas (its data-cards: the modules its last frame painted); its time from navigation start.
 */
export async function flowOnScreen(page: Page, n: number): Promise<number> {
  const handle = await page.waitForFunction(
    (count) => {
      const nodes = document.querySelectorAll('.react-flow__node').length;
      const painted = Number(document.querySelector('[data-testid=far-canvas]')?.getAttribute('data-cards') ?? 0);
      return Math.max(nodes, painted) >= Math.min(count, 50) ? performance.now() : false;
    },
    n,
    { polling: 'raf', timeout: 120_000 },
  );
  return (await handle.jsonValue()) as number;
}

async function firstPaint(page: Page, url: string, n: number): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  const t = await flowOnScreen(page, n);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return t;
}

async function startFrameRecorder(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __recording: boolean };
    w.__frames = [];
    w.__recording = true;
    let last = performance.now();
    const tick = (now: number) => {
      w.__frames.push(now - last);
      last = now;
      if (w.__recording) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}
async function stopFrameRecorder(page: Page) {
  const frames = await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __recording: boolean };
    w.__recording = false;
    return w.__frames.slice(1);
  });
  const sorted = frames.sort((a, b) => a - b);
  const mean = sorted.reduce((sum, ms) => sum + ms, 0) / sorted.length;
  return { frames: sorted.length, max: round(sorted.at(-1) ?? NaN), mean: round(mean), p50: round(quantile(sorted, 0.5)), p95: round(quantile(sorted, 0.95)), p99: round(quantile(sorted, 0.99)) };
}

/** The renderer's main-thread task time so far, in ms (CDP's TaskDuration). */
async function taskMs(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return (metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN) * 1000;
}

/**
 * A gesture (see gesture) measured: the time between animation frames while it lasts, and the
 * main thread's busy time per frame (frames are whole multiples of the display's 16.7 ms, so two
 * pages that both keep up show the same frame times however much work each frame costs).
 */
async function measuredGesture(page: Page, x: number, y: number) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  try {
    await startFrameRecorder(page);
    const busyBefore = await taskMs(cdp);
    await gesture(page, x, y);
    const busy = (await taskMs(cdp)) - busyBefore;
    const frames = await stopFrameRecorder(page);
    return { ...frames, busyPerFrame: round(busy / Math.max(1, frames.frames)) };
  } finally {
    await cdp.detach();
  }
}

/** Moves the mouse in a small circle from (x, y) with the button down for about GESTURE_MS. */
async function gesture(page: Page, x: number, y: number) {
  await page.mouse.move(x, y);
  await page.mouse.down();
  const start = Date.now();
  let i = 0;
  while (Date.now() - start < GESTURE_MS) {
    i++;
    await page.mouse.move(x + 60 * Math.sin(i / 10), y + 40 * Math.cos(i / 10) - 40);
  }
  await page.mouse.up();
}

/**
 * The editor's far-zoom canvas paints the flow (no module in the DOM): the module of the
 * generated flow (`?generate=n`, seed 1) nearest the middle of the canvas, pressed in its middle
 * (the pointer over it must name a module first: the press is on one); the drag must leave an edit
 * in the history: Undo takes it back, and Redo is then offered (the drop moved a module; a press
 * that only selected, or a drag whose drop never reached the document, leaves nothing to redo).
 */
async function dragOnFarCanvas(page: Page, n: number) {
  const { modules } = generateFlow({ modules: n, seed: 1 });
  const view = await page.evaluate(() => {
    const pane = document.querySelector('.react-flow')!.getBoundingClientRect();
    const transform = document.querySelector<HTMLElement>('.react-flow__viewport')!.style.transform;
    return { left: pane.left, top: pane.top, width: pane.width, height: pane.height, transform };
  });
  const match = /translate\(([-\d.]+)px,\s*([-\d.]+)px\)\s*scale\(([\d.]+)\)/.exec(view.transform);
  if (!match) throw new Error(`no viewport transform in ${view.transform}`);
  const [tx, ty, zoom] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const screen = (m: (typeof modules)[number]) => ({
    x: view.left + tx + (m.position.x + ESTIMATED_NODE_SIZE.width / 2) * zoom,
    y: view.top + ty + (m.position.y + ESTIMATED_NODE_SIZE.height / 2) * zoom,
  });
  const cx = view.left + view.width / 2;
  const cy = view.top + view.height / 2;
  const target = modules
    .map((m) => ({ m, at: screen(m) }))
    .sort((a, b) => Math.hypot(a.at.x - cx, a.at.y - cy) - Math.hypot(b.at.x - cx, b.at.y - cy))[0];
  if (!target) throw new Error('no module to drag');
  await page.mouse.move(target.at.x, target.at.y);
  const pressed = await page.getByTestId('far-tooltip').textContent({ timeout: 10_000 }).catch(() => null);
  if (!pressed) throw new Error(`no module under the pointer at module ${target.m.id}`);
  const frames = await measuredGesture(page, target.at.x, target.at.y);
  const undo = page.getByTestId('cmd-edit.undo');
  const redoOffered = () =>
    page
      .waitForFunction(() => document.querySelector<HTMLButtonElement>('[data-testid="cmd-edit.redo"]')?.disabled === false, null, { timeout: 30_000 })
      .then(() => true, () => false);
  const moved = (await undo.isEnabled()) && (await undo.click(), await redoOffered());
  if (!moved) throw new Error(`the drag on the far canvas did not move module ${pressed}`);
  log(`far canvas: dragged module ${pressed}, ${frames.frames} frames`);
  return frames;
}

async function dragModule(page: Page, n: number) {
  const far = await page.evaluate(() => document.querySelector('[data-testid=far-canvas]') !== null && document.querySelector('.react-flow__node') === null);
  if (far) return dragOnFarCanvas(page, n);
  const target = await page.evaluate(() => {
    // The node closest to the middle of the canvas, pressed where the node itself is hit, not one
    // of its handles: at far zoom a default node is ~8 × 2 px and its middle is its bottom handle,
    // where a press starts a new connection instead of moving the node.
    const pane = document.querySelector('.react-flow')!.getBoundingClientRect();
    const cx = pane.left + pane.width / 2;
    const cy = pane.top + pane.height / 2;
    let best: { el: HTMLElement; d: number } | null = null;
    for (const el of document.querySelectorAll<HTMLElement>('.react-flow__node')) {
      const r = el.getBoundingClientRect();
      const d = (r.left + r.width / 2 - cx) ** 2 + (r.top + r.height / 2 - cy) ** 2;
      if (!best || d < best.d) best = { el, d };
    }
    if (!best) return null;
    const el = best.el;
    const r = el.getBoundingClientRect();
    for (let fy = 0.5, k = 0; k < 40; k++, fy = 0.5 + (k % 2 ? 1 : -1) * Math.ceil(k / 2) * 0.025) {
      for (const fx of [0.5, 0.3, 0.7, 0.15, 0.85]) {
        const x = r.left + r.width * fx;
        const y = r.top + r.height * fy;
        const hit = document.elementFromPoint(x, y);
        if (hit && el.contains(hit) && !hit.closest('.react-flow__handle')) return { x, y, id: el.dataset.id!, transform: el.style.transform };
      }
    }
    // At 5,000 modules and more, whole flow in view, a node is smaller than its handles and its
    // neighbours overlap it: handles stop taking the pointer (a style the bench adds, removed after
    // the drag), and the node pressed is whichever one is on top at the middle of the nearest.
    const style = document.createElement('style');
    style.id = 'bench-no-handles';
    style.textContent = '.react-flow__handle { pointer-events: none !important; }';
    document.head.append(style);
    const x = r.left + r.width / 2;
    const y = r.top + r.height / 2;
    const node = document.elementFromPoint(x, y)?.closest<HTMLElement>('.react-flow__node');
    if (node) return { x, y, id: node.dataset.id!, transform: node.style.transform };
    style.remove();
    return null;
  });
  if (!target) throw new Error('no module to drag (no point of it outside its handles)');
  const frames = await measuredGesture(page, target.x, target.y);
  // The gesture must have moved the module: a frame-time figure of anything else is not a drag.
  const moved = await page.evaluate(
    ({ id, transform }) => document.querySelector<HTMLElement>(`.react-flow__node[data-id="${id}"]`)?.style.transform !== transform,
    target,
  );
  await page.evaluate(() => document.getElementById('bench-no-handles')?.remove());
  if (!moved) throw new Error(`the drag did not move module ${target.id}`);
  return frames;
}

/**
 * A pan: a press on empty canvas and the gesture. On the far canvas the pane is under the painted
 * modules, so a spot is empty only when the pointer there hits no module (the canvas marks a
 * module under the pointer with data-far-hover); the view must have moved.
 */
async function pan(page: Page) {
  const spots = await page.evaluate(() => {
    const pane = document.querySelector('.react-flow')!.getBoundingClientRect();
    const found: { x: number; y: number }[] = [];
    for (let fy = 0.1; fy < 0.95; fy += 0.02)
      for (let fx = 0.05; fx < 0.95; fx += 0.02) {
        const x = Math.round(pane.left + pane.width * fx);
        const y = Math.round(pane.top + pane.height * fy);
        const el = document.elementFromPoint(x, y);
        if (el?.classList.contains('react-flow__pane')) found.push({ x, y });
      }
    return found;
  });
  const far = await page.evaluate(() => document.querySelector('[data-testid=far-canvas]') !== null);
  let spot: { x: number; y: number } | undefined;
  for (const candidate of far ? spots.slice(0, 40) : spots.slice(0, 1)) {
    await page.mouse.move(candidate.x, candidate.y);
    if (!far || !(await page.evaluate(() => document.querySelector('[data-testid=canvas]')!.hasAttribute('data-far-hover')))) {
      spot = candidate;
      break;
    }
  }
  if (!spot) return NO_GESTURE;
  const viewport = () => page.evaluate(() => document.querySelector<HTMLElement>('.react-flow__viewport')!.style.transform);
  const before = await viewport();
  const frames = await measuredGesture(page, spot.x, spot.y);
  if ((await viewport()) === before) throw new Error('the pan did not move the view');
  return frames;
}

const DURATION = '[data-testid=field-durationSec], [data-testid=field-durationSec-likely]';

/**
 * Editor only: time from committing an assumption to the new run total painted on screen; with
 * `platforms`, also to the Platforms tab's four columns showing the new prices (see editTimes).
 */
async function editLatency(page: Page) {
  // Select the most expensive module as a user would at any size: by its row at the top of the
  // cost table (sorted by credits), which selects it and shows its fields in the inspector.
  await page.locator('tr[data-testid^="cost-row-"]').first().click();
  // Its duration: a number field, or the likely value of a range.
  const field = page.locator(DURATION).first();
  await field.waitFor({ timeout: 10_000 });
  const start = Number(await field.inputValue()) || 2;
  const totals = await editTimes(page, start, false);
  log(`edit → total in the DOM, ms in order: ${totals.dom.map((ms) => round(ms, 1)).join(' ')}`);
  // The same edits with the Platforms tab open in the dock (the Cost tab's table is then not drawn).
  await page.getByTestId('tab-platforms').click();
  await page.getByTestId('pf-altan-perRun').waitFor({ timeout: 30_000 });
  const all = await editTimes(page, start, true);
  log(`edit → all totals incl. platforms in the DOM, ms in order: ${all.dom.map((ms) => round(ms, 1)).join(' ')}`);
  for (const list of [totals.dom, totals.frame, all.dom, all.frame]) list.sort((a, b) => a - b);
  return {
    edits: totals.dom.length,
    domP50: round(quantile(totals.dom, 0.5)),
    domP95: round(quantile(totals.dom, 0.95)),
    frameP50: round(quantile(totals.frame, 0.5)),
    frameP95: round(quantile(totals.frame, 0.95)),
    allEdits: all.dom.length,
    allDomP50: round(quantile(all.dom, 0.5)),
    allDomP95: round(quantile(all.dom, 0.95)),
    allFrameP50: round(quantile(all.frame, 0.5)),
    allFrameP95: round(quantile(all.frame, 0.95)),
  };
}

/**
 * 20 edits of the selected module's duration, each committed with Enter; for each, the time to the
 * DOM update that shows it (a MutationObserver fires right after React commits) and to the frame
 * that shows it (the next animation frame after that update), in the order of the edits. Done when the top bar's run
 * total (its exact value, data-value) has changed and, with `platforms`, when the Platforms panel shows the new flow's prices as
 * well: its Altan figure per run equals the new run total (a duration moves only Altan's credits;
 * Make's, Zapier's and n8n's units do not depend on it, and the panel draws the four columns from
 * one comparison in one commit, so the four are on screen together). An edit not shown within 5 s
 * is left out.
 */
async function editTimes(page: Page, start: number, platforms: boolean): Promise<{ dom: number[]; frame: number[] }> {
  const dom: number[] = [];
  const frame: number[] = [];
  for (let i = 0; i < 20; i++) {
    // Near the value it had (so a range's likely value stays between its min and max), a new one each time.
    const value = String(Number((start * (1 + (i % 2 === 0 ? 0.02 : -0.02) + i / 1000)).toFixed(4)));
    const ms = await page.evaluate(async ({ v, selector, platforms }) => {
      const input = document.querySelector<HTMLInputElement>(selector)!;
      const total = document.querySelector<HTMLElement>('[data-testid=total-run]')!;
      const panel = platforms ? document.querySelector<HTMLElement>('[data-testid=platforms-panel]') : null;
      // The total's exact value (data-value): a small edit may leave its rounded text as it was.
      const before = total.dataset.value;
      const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      input.focus();
      setter.call(input, v);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      const shown = (): boolean => {
        if (total.dataset.value === before) return false;
        if (!panel) return true;
        const altan = Number(panel.querySelector<HTMLElement>('[data-testid=pf-altan-perRun]')?.dataset.value);
        const now = Number(total.dataset.value);
        const four = ['altan', 'make', 'zapier', 'n8n'].every((id) => panel.querySelector(`[data-testid=pf-${id}-perRun]`));
        return four && Math.abs(altan - now) <= 1e-9 * Math.max(1, Math.abs(now));
      };
      const t0 = performance.now();
      return new Promise<{ dom: number; frame: number }>((done) => {
        const timeout = setTimeout(() => {
          observer.disconnect();
          done({ dom: NaN, frame: NaN });
        }, 5000);
        const observer = new MutationObserver(() => {
          if (!shown()) return;
          const dom = performance.now() - t0;
          observer.disconnect();
          clearTimeout(timeout);
          requestAnimationFrame(() => {
            const frame = performance.now() - t0;
            input.blur();
            done({ dom, frame });
          });
        });
        const watch = { subtree: true, characterData: true, childList: true, attributes: true, attributeFilter: ['data-value'] };
        observer.observe(total, watch);
        if (panel) observer.observe(panel, watch);
        // Enter commits, as a person does; the field keeps the focus (blurred after the timing).
        input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      });
    }, { v: value, selector: DURATION, platforms });
    if (Number.isFinite(ms.dom)) {
      dom.push(ms.dom);
      frame.push(ms.frame);
    }
  }
  return { dom, frame };
}

async function heapMB(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  return round((metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN) / 2 ** 20, 1);
}


export type Figures = Record<string, number>;

type GestureFigures = Awaited<ReturnType<typeof measuredGesture>>;

/** A gesture that could not be measured. */
const NO_GESTURE: GestureFigures = { frames: 0, max: NaN, mean: NaN, p50: NaN, p95: NaN, p99: NaN, busyPerFrame: NaN };

/** A gesture's frame figures under its name: `dragMean`, `dragP50`, … `dragBusyPerFrame`. */
function gestureFigures(name: 'drag' | 'pan', g: GestureFigures): Figures {
  return { [`${name}Mean`]: g.mean, [`${name}P50`]: g.p50, [`${name}P95`]: g.p95, [`${name}P99`]: g.p99, [`${name}BusyPerFrame`]: g.busyPerFrame };
}

/** Chromium as both browser benchmarks launch it (the system's, or PLAYWRIGHT_CHROMIUM_PATH). */
/** Serves a production build with vite preview on 127.0.0.1 (the next free port from `port`): the server and its address. */
export async function servePreview(root: string, outDir: string, port: number) {
  const server = await preview({ root, logLevel: 'warn', build: { outDir }, preview: { port, strictPort: false, host: '127.0.0.1' } });
  return { server, base: server.resolvedUrls?.local[0] ?? `http://127.0.0.1:${port}/` };
}

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('@playwright/test');
  return chromium.launch({
    executablePath: findChromium(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
}

/**
 * A bench of fresh pages by size: builds `root` into `outDir` (unless `reuse` and it is there),
 * serves it, and for each size runs `once` `runs` times in one Chromium, logging each run
 * (`describe`); gives each size's runs with the load average before and after.
 */
export async function measureSizes<R>(options: {
  root: string;
  outDir: string;
  reuse: boolean;
  sizes: number[];
  runs: number;
  once: (browser: Browser, base: string, modules: number, index: number) => Promise<R>;
  describe: (modules: number, run: R) => string;
}): Promise<{ chromium: string; sizes: { modules: number; runs: R[]; loadAverage: number[] }[] }> {
  const { root, outDir } = options;
  if (!options.reuse || !existsSync(outDir)) {
    log(`building ${root}`);
    await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  }
  const { server, base } = await servePreview(root, outDir, Number(process.env.E2E_PORT ?? 4399));
  const browser = await launchChromium();
  const sizes = [];
  try {
    for (const modules of options.sizes) {
      const runs: R[] = [];
      const loadBefore = loadavg()[0]!;
      for (let i = 0; i < options.runs; i++) {
        const run = await options.once(browser, base, modules, i);
        log(`${modules} modules: ${options.describe(modules, run)}, load ${loadavg()[0]!.toFixed(1)}`);
        runs.push(run);
      }
      sizes.push({ modules, runs, loadAverage: [round(loadBefore, 1), round(loadavg()[0]!, 1)] });
    }
  } finally {
    await browser.close();
    await new Promise<void>((done) => server.httpServer.close(() => done()));
  }
  return { chromium: browser.version(), sizes };
}

/**
 * Opens `url` (a flow of `n` modules) in a fresh 1440×900 context and measures first paint, a drag,
 * a pan and the heap; with `edit`, also edit → total (the editor only: it needs the cost table and
 * the inspector).
 */
export async function measurePage(browser: Browser, url: string, n: number, edit: boolean): Promise<Figures> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    // tsx compiles the functions passed to page.evaluate with esbuild's keepNames, which calls __name.
    await context.addInitScript('window.__name = (f) => f;');
    const page = await context.newPage();
    const figures: Figures = {};
    figures.firstPaintMs = await firstPaint(page, url, n);
    // Elements in the page once the flow is drawn: what the browser lays out, paints and composites.
    figures.domElements = await page.evaluate(() => document.querySelectorAll('*').length);
    try {
      Object.assign(figures, gestureFigures('drag', await dragModule(page, n)));
    } catch (error) {
      // The other figures of the page still count.
      log(`drag not measured: ${(error as Error).message}`);
    }
    const panning = await pan(page).catch((error: Error) => {
      log(`pan not measured: ${error.message}`);
      return NO_GESTURE;
    });
    Object.assign(figures, gestureFigures('pan', panning));
    figures.heapMB = await heapMB(page);
    if (edit) {
      try {
        const latency = await editLatency(page);
        figures.editToTotalDomP50 = latency.domP50;
        figures.editToTotalDomP95 = latency.domP95;
        figures.editToTotalFrameP50 = latency.frameP50;
        figures.editToTotalFrameP95 = latency.frameP95;
        figures.editToAllTotalsDomP50 = latency.allDomP50;
        figures.editToAllTotalsDomP95 = latency.allDomP95;
        figures.editToAllTotalsFrameP50 = latency.allFrameP50;
        figures.editToAllTotalsFrameP95 = latency.allFrameP95;
      } catch (error) {
        log(`edit latency not measured: ${(error as Error).message}`);
      }
    }
    return figures;
  } finally {
    await context.close();
  }
}

/**
 * Editor only: a flow file of `n` modules (`text`) opened through the app's own import path (File ▸
 * Import…, the file input), in a fresh context on the app's start page (`url`). Measures the time
 * from the input's change event to the first frame with the flow's name in the top bar and its
 * modules on the canvas ("on screen"), and the longest gap between animation frames from the change
 * event on. (Playwright hands the file's bytes to the page just before the change event: about 0.4 s
 * of the page's thread for 3.5 MB, which a file picked by a person does not cost; it is left out.)
 */
export async function measureImport(browser: Browser, url: string, n: number, text: string): Promise<Figures> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    await context.addInitScript('window.__name = (f) => f;');
    const page = await context.newPage();
    await page.goto(url);
    await page.locator('.react-flow__node').first().waitFor({ timeout: 120_000 });
    await page.evaluate(() => {
      const w = window as unknown as { __importStart: number };
      document.addEventListener('change', (e) => {
        if ((e.target as HTMLElement).dataset?.testid === 'import-file-input') w.__importStart = performance.now();
      }, true);
    });
    await page.getByTestId('file-menu').click();
    await page.getByTestId('menu-file.import').click();
    await page.evaluate(() => {
      const w = window as unknown as { __frameTimes: number[]; __recording: boolean };
      w.__frameTimes = [];
      w.__recording = true;
      const tick = (now: number) => {
        w.__frameTimes.push(now);
        if (w.__recording) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    await page.getByTestId('import-file-input').setInputFiles({ name: `generated-${n}.json`, mimeType: 'application/json', buffer: Buffer.from(text) });
    const handle = await page.waitForFunction(
      (count) => {
        const name = document.querySelector<HTMLInputElement>('[data-testid=flow-name]')?.value ?? '';
        const start = (window as unknown as { __importStart?: number }).__importStart;
        if (start === undefined || !name.includes(`(${count} modules`) || !document.querySelector('.react-flow__node')) return false;
        return performance.now() - start;
      },
      n,
      { polling: 'raf', timeout: 300_000 },
    );
    const onScreen = (await handle.jsonValue()) as number;
    const longestGap = await page.evaluate(() => {
      const w = window as unknown as { __frameTimes: number[]; __recording: boolean; __importStart: number };
      w.__recording = false;
      // The frame gap around the change event counts from the event on; later gaps whole.
      let longest = 0;
      for (let i = 1; i < w.__frameTimes.length; i++) {
        const [from, to] = [w.__frameTimes[i - 1]!, w.__frameTimes[i]!];
        if (to > w.__importStart) longest = Math.max(longest, to - Math.max(from, w.__importStart));
      }
      return longest;
    });
    return { importToScreenMs: round(onScreen), importLongestFrameMs: round(longestGap) };
  } finally {
    await context.close();
  }
}

/** The median of each figure over runs (figures a run could not measure are left out). */
export function medianOf(runs: Figures[]): Figures {
  const keys = new Set(runs.flatMap((r) => Object.keys(r)));
  return Object.fromEntries([...keys].map((k) => [k, round(median(runs.map((r) => r[k]!).filter(Number.isFinite)))]));
}
