// A huge flow seen whole (issue 19: a 100,000-module file, no page task > 100 ms; each of the far
// canvas's tasks < 50 ms): a production build (unminified, source maps) opened at `?generate=N`,
// which fits the flow whole, so the far canvas paints every module; then one zoom step of the wheel
// (the far canvas paints again at the new zoom) and two clicks on the cost table's "Credits / run"
// (its order by credits, ascending then descending). For each phase: the page's long tasks
// (PerformanceObserver 'longtask') and, for each, the functions that spent its time (a CPU profile
// over CDP, mapped through the build's source maps). Prints JSON on stdout, progress on stderr.
//
//   npx tsx bench/browser/farPaint.ts                              # 100,000 modules
//   FARPAINT_SIZES=10000,20000 npx tsx bench/browser/farPaint.ts
//   FARPAINT_NOBUILD=1 …                                           # reuse dist-farpaint/
//   FARPAINT_ROOT=/work/main …                                     # measure another tree (built into its own dist)
//
// `?generate=N` makes the flow on the page without reading a file, so the file limits do not apply.
// Not part of `npm run bench`; timings are never asserted anywhere.
import { join, resolve } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { SourceMapConsumer } from 'source-map-js';
import { build } from 'vite';
import type { CDPSession, Page } from '@playwright/test';
import { launchChromium, log, round, servePreview, settle as settleFor, type LongTask } from './measure';
import { indexProfile, type CallFrame as Frame, type Profile } from './cpuProfile';

const root = resolve(process.env.FARPAINT_ROOT ?? join(import.meta.dirname, '../..'));
const outDir = process.env.FARPAINT_ROOT ? join(tmpdir(), `dist-farpaint-${root.replace(/\W+/g, '-')}`) : join(root, 'dist-farpaint');
const SIZES = (process.env.FARPAINT_SIZES ?? '100000').split(',').map(Number);
const SETTLE_MS = 3000;

/** A frame's function and its source file and line (the build's source maps). */
function namer() {
  const maps = new Map<string, SourceMapConsumer | null>();
  return (frame: Frame): string => {
    if (!frame.url) return frame.functionName || '(native)';
    const file = frame.url.replace(/^.*\/assets\//, '');
    if (!maps.has(file)) {
      const path = join(outDir, 'assets', `${file}.map`);
      maps.set(file, existsSync(path) ? new SourceMapConsumer(JSON.parse(readFileSync(path, 'utf8'))) : null);
    }
    const at = maps.get(file)?.originalPositionFor({ line: frame.lineNumber + 1, column: frame.columnNumber });
    const source = (at?.source ?? file).replace(/^.*?\b(src|node_modules)\//, '$1/');
    return `${frame.functionName || '(anonymous)'} ${source}${at?.line ? `:${at.line}` : ''}`;
  };
}

/** Each long task with the functions its samples were in (self time), and the app's function outermost on their stacks. */
function attribute(profile: Profile, tasks: LongTask[], markerAt: number) {
  const name = namer();
  const { byId, parent, times } = indexProfile(profile);
  const stackOf = (id: number) => {
    const out: Frame[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) out.push(byId.get(at)!.callFrame);
    return out;
  };
  const marker = profile.samples.findIndex((s) => stackOf(s).some((f) => f.functionName === 'farPaintMarker'));
  if (marker < 0) throw new Error('the marker is not in the profile');
  const offset = times[marker]! - markerAt;
  const out = tasks.map((task) => ({ ...task, self: new Map<string, number>(), src: new Map<string, number>() }));
  for (let i = 0; i < profile.samples.length; i++) {
    const at = times[i]! - offset;
    const task = out.find((k) => at >= k.start && at < k.start + k.duration);
    if (!task) continue;
    const ms = (times[i + 1] ?? times[i]!) - times[i]!;
    const stack = stackOf(profile.samples[i]!);
    if (stack[0]!.functionName === '(idle)') continue;
    const leaf = name(stack[0]!);
    task.self.set(leaf, (task.self.get(leaf) ?? 0) + ms);
    // The innermost frame of the app's own code (src/): what asked for the time.
    const own = stack.map(name).find((n) => / src\//.test(n)) ?? leaf;
    task.src.set(own, (task.src.get(own) ?? 0) + ms);
  }
  const top = (m: Map<string, number>) =>
    Object.fromEntries([...m].sort((a, b) => b[1] - a[1]).filter(([, ms]) => ms >= 3).slice(0, 8).map(([k, ms]) => [k, round(ms, 0)]));
  return out.map(({ start, duration, self, src }) => ({ start, duration, byAppFunction: top(src), bySelf: top(self) }));
}

async function longTasksSince(page: Page, from: number): Promise<LongTask[]> {
  return page.evaluate((since) => (window as unknown as { longTasks: LongTask[] }).longTasks.filter((t) => t.start >= since), from);
}

/** Waits until no long task for SETTLE_MS. */
const settle = (page: Page) => settleFor(page, SETTLE_MS);

const mark = (page: Page) => page.evaluate(() => performance.now());

async function profiled(cdp: CDPSession, page: Page, phases: { name: string; from: number }[]) {
  await page.evaluate('(function farPaintMarker() { window.markerAt = performance.now(); const end = performance.now() + 20; while (performance.now() < end); })()');
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
  const markerAt = (await page.evaluate('window.markerAt')) as number;
  const all = await longTasksSince(page, 0);
  return phases.map(({ name, from }, i) => {
    const until = phases[i + 1]?.from ?? Infinity;
    const tasks = all.filter((t) => t.start >= from && t.start < until).filter((t) => t.start < markerAt - 1);
    return { phase: name, longest: Math.max(0, ...tasks.map((t) => t.duration)), tasks: attribute(profile, tasks, markerAt) };
  });
}

async function measureSize(page: Page, base: string, modules: number) {
  await page.addInitScript(() => {
    const w = window as unknown as { longTasks: LongTask[] };
    w.longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.longTasks.push({ start: Math.round(e.startTime), duration: Math.round(e.duration) });
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(base);
  await page.getByTestId('flow-name').waitFor();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  await page.goto(`${base}?generate=${modules}`);
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=far-canvas]')?.getAttribute('data-cards') ?? 0) > 0, null, {
    timeout: 600_000,
    polling: 100,
  });
  await settle(page);
  const phases = [{ name: 'open, fitted whole', from: 0 }];
  // One step of the wheel, zooming in about the canvas's middle: a new zoom, a new picture.
  const box = (await page.getByTestId('far-canvas').boundingBox())!;
  phases.push({ name: 'one wheel step (zoom)', from: await mark(page) });
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, -100);
  await settle(page);
  phases.push({ name: 'cost table by credits, ascending then descending', from: await mark(page) });
  const sortCredits = page.getByTestId('sort-credits');
  if (await sortCredits.isVisible()) {
    await sortCredits.click();
    await settle(page);
    await sortCredits.click();
    await settle(page);
  } else log('  the cost table is not on screen: no sort measured');
  const result = await profiled(cdp, page, phases);
  await cdp.detach();
  return result;
}

async function main() {
  if (!process.env.FARPAINT_NOBUILD || !existsSync(outDir)) {
    log(`building ${root} (unminified) into ${outDir}`);
    await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true, minify: false, sourcemap: true } });
  }
  const { server, base } = await servePreview(root, outDir, Number(process.env.E2E_PORT ?? 4397));
  const browser = await launchChromium();
  const results = [];
  try {
    for (const modules of SIZES) {
      const loadBefore = loadavg()[0]!;
      log(`${modules} modules (load average ${loadBefore.toFixed(1)})`);
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const phases = await measureSize(await context.newPage(), base, modules);
      for (const p of phases) log(`  ${p.phase}: longest long task ${p.longest} ms (${p.tasks.map((t) => t.duration).join(', ')})`);
      results.push({ modules, loadAverage: [round(loadBefore, 1), round(loadavg()[0]!, 1)], phases });
      await context.close();
    }
  } finally {
    await browser.close();
    await new Promise<void>((done) => server.httpServer.close(() => done()));
  }
  process.stdout.write(JSON.stringify({ benchmark: 'far canvas of a huge flow', root, date: new Date().toISOString(), chromium: browser.version(), sizes: results }, null, 2) + '\n');
}

main().catch((error) => {
  process.stderr.write(`farPaint: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
