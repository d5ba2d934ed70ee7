// The import hand-over (issue 18 item 9): a large file dropped on the canvas of a production build
// (unminified, so the profile names functions), with a CPU profile over CDP and the page's long tasks
// (PerformanceObserver 'longtask'). For each long task of the page's thread: its length, and where
// its time went, by the part of the app that asked for the work (the outermost named frame that
// matches a part) and by the functions that spent it. Prints JSON on stdout, progress on stderr.
//
//   npx tsx bench/browser/handover.ts                       # the five files of the issue
//   HANDOVER_CASES=generated:10000,chain:100000 npx tsx bench/browser/handover.ts
//   HANDOVER_NOBUILD=1 …                                     # reuse dist-handover/
//   HANDOVER_DIST=../other/dist-handover …                   # measure another tree's build
//   HANDOVER_PROFILE=/tmp/run …                              # also write /tmp/run.<kind>-<size>.cpuprofile
//   HANDOVER_EDIT=1 …                                        # then one edit (the flow renamed): its long tasks
//   HANDOVER_RELOAD=1 …                                      # then a reload (the flow back from the library): its long tasks
//
// Not part of `npm run bench`; timings are never asserted anywhere.
import { join, resolve } from 'node:path';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { SourceMapConsumer } from 'source-map-js';
import { loadavg } from 'node:os';
import { build } from 'vite';
import type { CDPSession, Page } from '@playwright/test';
import { dropFileOnCanvas, launchChromium, log, longTaskFigures, recordLongTasksFromNow, recordLongTasksFromStart, round, servePreview, settle as settleFor, type LongTask } from './measure';
import { indexProfile, type CallFrame, type Profile, type ProfileNode } from './cpuProfile';
import { largeFlow, type LargeFileKind } from '../largeFiles';
import { serializeFlow } from '../../src/io/serialize';

const root = resolve(import.meta.dirname, '../..');
// HANDOVER_DIST: another tree's build (made with `minify: false, sourcemap: true`) to measure instead.
const outDir = process.env.HANDOVER_DIST ? resolve(process.env.HANDOVER_DIST) : join(root, 'dist-handover');
const CASES = (process.env.HANDOVER_CASES ?? 'generated:10000,chain:100000,edges:50000,routes:50000,errors:50000')
  .split(',')
  .map((c) => {
    const [kind, size] = c.split(':');
    return { kind: kind as LargeFileKind, size: Number(size) };
  });
const FILE_URL = '/__handover__/big.json';
const SETTLE_MS = Number(process.env.HANDOVER_SETTLE_MS ?? 3000);

/** The parts of the app a sample's time is put on: the outermost frame whose function name matches. */
const PARTS: [string, RegExp][] = [
  ['store: loadFlow (immer, freeze)', /^(loadFlow|resetFlow)$/],
  ['validation (validateNow)', /^(validateNow|checkFlow|validateFlow)$/],
  ['autosave (save)', /^(save|flush)$/],
  ['library save', /^(saveNow|saveFlow|keepVersion)$/],
  ['React render/commit', /^(performWorkOnRoot|performSyncWorkOnRoot|flushSyncWorkAcrossRoots_impl|commitRoot)$/],
  ['import: applyImport', /^(applyImport|openImported)$/],
];


/** Where a frame's code comes from (the build's source maps): a package, or a folder of src/. */
function sourcesOf(dir: string) {
  const maps = new Map<string, SourceMapConsumer | null>();
  const cache = new Map<string, string>();
  return (frame: CallFrame): string => {
    if (!frame.url) return frame.functionName.startsWith('(') ? frame.functionName : 'native';
    const key = `${frame.url}:${frame.lineNumber}:${frame.columnNumber}`;
    const known = cache.get(key);
    if (known) return known;
    const file = frame.url.replace(/^.*\/assets\//, '');
    if (!maps.has(file)) {
      const path = join(dir, 'assets', `${file}.map`);
      maps.set(file, existsSync(path) ? new SourceMapConsumer(JSON.parse(readFileSync(path, 'utf8'))) : null);
    }
    const map = maps.get(file);
    const source = map?.originalPositionFor({ line: frame.lineNumber + 1, column: frame.columnNumber }).source ?? '';
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source)?.[1];
    const src = /\bsrc\/([^/]+)(?:\/([^/]+))?/.exec(source);
    const where = pkg ?? (src ? (src[1] === 'features' ? `src/features/${src[2]}` : `src/${src[1]}`) : source || 'unknown');
    cache.set(key, where);
    return where;
  };
}

interface Task {
  startMs: number;
  durationMs: number;
  /** ms by the part of the app that asked for the work. */
  parts: Record<string, number>;
  /** ms by where the code that ran comes from (self time). */
  code: Record<string, number>;
  /** ms with the canvas (src/canvas or React Flow) on the stack. */
  canvasMs: number;
  top: Record<string, number>;
}

const sorted = (record: Record<string, number>, min = 5, count = 12) =>
  Object.fromEntries(Object.entries(record).sort((a, b) => b[1] - a[1]).filter(([, v]) => v >= min).slice(0, count).map(([k, v]) => [k, round(v, 0)]));

/**
 * The profile's samples put on the page's long tasks (times relative to the drop, aligned on the
 * marker function the page ran at a known time).
 */
function tasksOf(profile: Profile, longTasks: LongTask[], markerAt: number, dir: string): Task[] {
  const { byId, parent, times } = indexProfile(profile);
  const stackOf = (id: number): ProfileNode[] => {
    const out: ProfileNode[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) out.push(byId.get(at)!);
    return out.reverse();
  };
  const markerIndex = profile.samples.findIndex((s) => stackOf(s).some((n) => n.callFrame.functionName === 'handoverMarker'));
  if (markerIndex < 0) throw new Error('the marker is not in the profile');
  const offset = times[markerIndex]! - markerAt; // profile ms - drop-relative ms
  const sourceOf = sourcesOf(dir);
  const tasks: Task[] = longTasks.map((lt) => ({ startMs: lt.start, durationMs: lt.duration, parts: {}, code: {}, canvasMs: 0, top: {} }));
  for (let i = 0; i < profile.samples.length; i++) {
    const at = times[i]! - offset;
    const task = tasks.find((k) => at >= k.startMs && at < k.startMs + k.durationMs);
    if (!task) continue;
    const ms = (times[i + 1] ?? times[i]!) - times[i]!;
    const stack = stackOf(profile.samples[i]!);
    const leaf = stack.at(-1)!;
    if (leaf.callFrame.functionName === '(idle)') continue;
    const part = stack.map((n) => PARTS.find(([, re]) => re.test(n.callFrame.functionName))?.[0]).find((p) => p !== undefined) ?? 'other';
    task.parts[part] = (task.parts[part] ?? 0) + ms;
    const code = sourceOf(leaf.callFrame);
    task.code[code] = (task.code[code] ?? 0) + ms;
    if (stack.some((n) => /^(src\/canvas|@xyflow\/)/.test(sourceOf(n.callFrame)))) task.canvasMs += ms;
    const name = `${leaf.callFrame.functionName || '(anonymous)'} (${code})`;
    task.top[name] = (task.top[name] ?? 0) + ms;
  }
  return tasks.map((k) => ({ ...k, parts: sorted(k.parts), code: sorted(k.code), canvasMs: round(k.canvasMs, 0), top: sorted(k.top, 5, 8) }));
}

/** Waits until no long task for SETTLE_MS (and SETTLE_MS since the edit, when there is one). */
const settle = (page: Page) => settleFor(page, SETTLE_MS);

/** The page's JS heap in MB after a full garbage collection. */
async function settledHeapMB(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  return round(heap.usedSize / 1e6, 1);
}

async function measureCase(page: Page, base: string, kind: LargeFileKind, size: number) {
  const flow = largeFlow(kind, size);
  // The walk-through's files were written without indentation; so is one that would be over the cap indented.
  let text = serializeFlow(flow);
  if (text.length > 20 * 1024 * 1024) text = JSON.stringify(JSON.parse(text));
  await page.route(`**${FILE_URL}`, (route) => route.fulfill({ body: text, contentType: 'application/json' }));
  await page.goto(base);
  await page.getByTestId('flow-name').waitFor();
  await page.locator('.react-flow__node').first().waitFor();
  await recordLongTasksFromNow(page);
  const cdp = await page.context().newCDPSession(page);
  const heapBefore = await settledHeapMB(cdp);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  // A marker the profile shows at a time the page knows: aligns the profile with the long tasks.
  await page.evaluate('(function handoverMarker() { window.markerAt = performance.now(); const end = performance.now() + 20; while (performance.now() < end); })()');
  const t0 = Date.now();
  await dropFileOnCanvas(page, FILE_URL);
  // The end: the flow's name in the top bar, or a dialog saying the file was not imported.
  const outcome = await page.waitForFunction(
    (name) => {
      const field = document.querySelector<HTMLInputElement>('[data-testid="flow-name"]');
      if (field?.value === name) return 'opened';
      if (document.querySelector('[data-testid="import-errors-dialog"]')) return 'refused';
      return false;
    },
    flow.name,
    { timeout: 600_000, polling: 100 },
  );
  const result = (await outcome.jsonValue()) as string;
  const onScreenMs = Date.now() - t0;
  // Then until no long task for SETTLE_MS (the validation, the autosave and the library save come later).
  await settle(page);
  // HANDOVER_EDIT=1: then one edit (a letter added to the flow's name) and the long tasks until SETTLE_MS without one.
  if (process.env.HANDOVER_EDIT) {
    const field = page.getByTestId('flow-name');
    await field.click();
    await field.press('End');
    await field.press('x');
    await page.evaluate(() => void ((window as unknown as { editAt: number }).editAt = performance.now()));
    await field.press('Enter');
    await settle(page);
  }
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
  // HANDOVER_PROFILE=<file>: also write the raw CPU profile (open it in DevTools' Performance panel).
  if (process.env.HANDOVER_PROFILE) writeFileSync(`${process.env.HANDOVER_PROFILE}.${kind}-${size}.cpuprofile`, JSON.stringify(profile));
  const { longTasks, markerAt, editAt } = await page.evaluate(() => {
    const w = window as unknown as { longTasks: LongTask[]; dropAt: number; markerAt: number; editAt?: number };
    return {
      editAt: w.editAt === undefined ? null : Math.round(w.editAt - w.dropAt),
      longTasks: w.longTasks.filter((t) => t.start >= w.dropAt - 5).map((t) => ({ start: Math.round(t.start - w.dropAt), duration: Math.round(t.duration) })),
      markerAt: w.markerAt - w.dropAt,
    };
  });
  const problems = await page.evaluate(() => document.getElementById('dock-tab-problems')?.textContent ?? null);
  const heapAfter = await settledHeapMB(cdp);
  const reload = process.env.HANDOVER_RELOAD ? await measureReload(page, cdp, flow.name) : {};
  await cdp.detach();
  await page.unroute(`**${FILE_URL}`);
  return {
    kind,
    size,
    modules: flow.modules.length,
    edges: flow.edges.length,
    megabytes: round(text.length / 1e6, 1),
    result,
    // Where the profile's marker ran, from the drop (aligns a HANDOVER_PROFILE file with longTasks).
    markerAtMs: round(markerAt, 1),
    onScreenMs,
    ...longTaskFigures(longTasks),
    longTasks,
    // HANDOVER_EDIT: the longest long task after the edit (times in longTasks are from the drop).
    ...(editAt === null ? {} : { editAt, longestAfterEditMs: Math.max(0, ...longTasks.filter((t) => t.start >= editAt - 5).map((t) => t.duration)) }),
    problemsTab: problems,
    // The page's JS heap before the drop (the sample open) and once settled after it: what holding the flow costs.
    heapUsedMB: { before: heapBefore, after: heapAfter },
    tasks: tasksOf(profile, longTasks, markerAt, outDir),
    ...reload,
  };
}

/**
 * HANDOVER_RELOAD=1: then a reload, the flow coming back from the library (a huge flow's text is
 * not in localStorage): the time until its name is on screen, and the reload's long tasks (those
 * from the page's start, by where their time went).
 */
async function measureReload(page: Page, cdp: CDPSession, name: string) {
  await recordLongTasksFromStart(page);
  await cdp.send('Profiler.start');
  const t0 = Date.now();
  await page.reload();
  await page.waitForFunction((name) => document.querySelector<HTMLInputElement>('[data-testid="flow-name"]')?.value.startsWith(name) === true, name, { timeout: 600_000, polling: 100 });
  const reloadOnScreenMs = Date.now() - t0;
  await page.evaluate('(function handoverMarker() { window.markerAt = performance.now(); const end = performance.now() + 20; while (performance.now() < end); })()');
  await settle(page);
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
  const { longTasks, markerAt } = await page.evaluate(() => {
    const w = window as unknown as { longTasks: LongTask[]; markerAt: number };
    return { longTasks: w.longTasks.map((t) => ({ start: Math.round(t.start), duration: Math.round(t.duration) })), markerAt: w.markerAt };
  });
  let tasks: Task[] | string;
  try {
    tasks = tasksOf(profile, longTasks, markerAt, outDir);
  } catch (error) {
    tasks = (error as Error).message;
  }
  return { reloadOnScreenMs, reloadLongestMs: Math.max(0, ...longTasks.map((t) => t.duration)), reloadLongTasks: longTasks, reloadTasks: tasks };
}

async function main() {
  if (!process.env.HANDOVER_DIST && (!process.env.HANDOVER_NOBUILD || !existsSync(outDir))) {
    log('building the editor (unminified)');
    await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true, minify: false, sourcemap: true } });
  }
  const port = Number(process.env.E2E_PORT ?? 4398);
  const { server, base } = await servePreview(root, outDir, port);
  const browser = await launchChromium();
  const results = [];
  try {
    for (const { kind, size } of CASES) {
      log(`${kind} ${size} (load average ${loadavg()[0]!.toFixed(1)})`);
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      const loadBefore = loadavg()[0]!;
      const figures = await measureCase(page, base, kind, size);
      results.push({ ...figures, loadAverage: [round(loadBefore, 1), round(loadavg()[0]!, 1)] });
      log(`  ${figures.result}: on screen ${figures.onScreenMs} ms, longest long task ${figures.longestLongTaskMs} ms`);
      await context.close();
    }
  } finally {
    await browser.close();
    await new Promise<void>((done) => server.httpServer.close(() => done()));
  }
  process.stdout.write(JSON.stringify({ benchmark: 'import hand-over', date: new Date().toISOString(), chromium: browser.version(), cases: results }, null, 2) + '\n');
}

main().catch((error) => {
  process.stderr.write(`handover: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
