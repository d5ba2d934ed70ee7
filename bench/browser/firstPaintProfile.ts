// Where the editor's first paint goes (issue 19: first paint ≤ ×1.3 of bare React Flow): opens
// `?generate=N` on a production build (minified, with source maps) with a CPU profile over CDP from
// before the navigation to the first frame with the flow on screen (measure.ts, `flowOnScreen`),
// and prints the scripts' download times and the main thread's time before that frame by the code
// that spent it (src folder or package) and by function. JSON on stdout.
//
//   npx tsx bench/browser/firstPaintProfile.ts                 # 1,000 modules, 3 runs
//   FP_SIZE=1000 FP_RUNS=5 FP_DIST=dist-fp FP_NOBUILD=1 npx tsx bench/browser/firstPaintProfile.ts
//   FP_MINIFY=0 …                      # an unminified build: the functions keep their names
//   FP_PAGE=baseline …                 # the bare React Flow page instead
//
// Not part of `npm run bench`; timings are never asserted anywhere.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadavg } from 'node:os';
import { SourceMapConsumer } from 'source-map-js';
import { build } from 'vite';
import { flowOnScreen, launchChromium, log, median, round, servePreview } from './measure';

const root = resolve(import.meta.dirname, '../..');
const outDir = resolve(process.env.FP_DIST ?? join(root, 'dist-fp'));
const SIZE = Number(process.env.FP_SIZE ?? 1000);
const RUNS = Number(process.env.FP_RUNS ?? 3);
const PAGE = process.env.FP_PAGE ?? 'editor';

interface CallFrame { functionName: string; url: string; lineNumber: number; columnNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; children?: number[] }
interface Profile { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] }

function sourcesOf(dir: string) {
  const maps = new Map<string, SourceMapConsumer | null>();
  return (frame: CallFrame): { where: string; name: string } => {
    if (!frame.url) return { where: frame.functionName.startsWith('(') ? frame.functionName : 'native', name: frame.functionName };
    const file = frame.url.replace(/^.*\/assets\//, '');
    if (!maps.has(file)) {
      const path = join(dir, 'assets', `${file}.map`);
      maps.set(file, existsSync(path) ? new SourceMapConsumer(JSON.parse(readFileSync(path, 'utf8'))) : null);
    }
    const pos = maps.get(file)?.originalPositionFor({ line: frame.lineNumber + 1, column: frame.columnNumber });
    const source = pos?.source ?? '';
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source)?.[1];
    const src = /\bsrc\/(.+)$/.exec(source)?.[1];
    return { where: pkg ?? (src ? `src/${src}` : file), name: `${pos?.name ?? frame.functionName ?? ''}@${pkg ?? src ?? file}:${pos?.line ?? ''}` };
  };
}

const top = (record: Record<string, number>, count = 25) =>
  Object.fromEntries(Object.entries(record).sort((a, b) => b[1] - a[1]).slice(0, count).map(([k, v]) => [k, round(v, 1)]));

async function main() {
  if (!process.env.FP_NOBUILD || !existsSync(outDir)) {
    log(`building into ${outDir}`);
    await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true, sourcemap: true, minify: process.env.FP_MINIFY !== '0' } });
    if (PAGE === 'baseline') await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: false, sourcemap: true, minify: process.env.FP_MINIFY !== '0', rollupOptions: { input: { baseline: join(root, 'bench/browser/baseline.html') } } } });
  }
  const port = Number(process.env.E2E_PORT ?? 4397);
  const { server, base } = await servePreview(root, outDir, port);
  const url = PAGE === 'baseline' ? `${base}bench/browser/baseline.html?generate=${SIZE}` : `${base}?generate=${SIZE}`;
  const browser = await launchChromium();
  const runs = [];
  const sourceOf = sourcesOf(outDir);
  try {
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      await context.addInitScript('window.__name = (f) => f;');
      const page = await context.newPage();
      await page.goto(`${base}favicon.svg`);
      const cdp = await context.newCDPSession(page);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
      const loadBefore = loadavg()[0]!;
      await page.goto(url, { waitUntil: 'commit' });
      const paintAt = await flowOnScreen(page, SIZE);
      const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
      const timing = await page.evaluate(() => ({
        origin: performance.timeOrigin,
        nav: (() => { const n = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming; return { responseEnd: n.responseEnd, domInteractive: n.domInteractive, domContentLoaded: n.domContentLoadedEventEnd }; })(),
        scripts: performance.getEntriesByType('resource').filter((e) => /\.(js|css|woff2?)$/.test(e.name)).map((e) => {
          const r = e as PerformanceResourceTiming;
          return { name: r.name.replace(/^.*\/assets\//, ''), start: Math.round(r.startTime), end: Math.round(r.responseEnd), kB: Math.round(r.encodedBodySize / 102.4) / 10 };
        }),
        paints: performance.getEntriesByType('paint').map((p) => ({ name: p.name, at: Math.round(p.startTime) })),
      }));
      await cdp.detach();
      await context.close();
      // Samples up to the first paint, by code (self time) and by function.
      const byId = new Map(profile.nodes.map((n) => [n.id, n]));
      const byCode: Record<string, number> = {};
      const byFn: Record<string, number> = {};
      let t = profile.startTime;
      const times = profile.timeDeltas.map((d) => (t += d));
      // The profile started on about:blank before the navigation; keep the samples of the last paintAt ms.
      const end = profile.endTime;
      let busy = 0;
      for (let i = 0; i < profile.samples.length; i++) {
        const at = times[i]!;
        const fromEnd = (end - at) / 1000;
        const dt = ((times[i + 1] ?? end) - at) / 1000;
        const node = byId.get(profile.samples[i]!)!;
        if (node.callFrame.functionName === '(idle)') continue;
        // Only the navigation's page: from the end back to its start (paintAt before the end, plus the polling delay).
        if (fromEnd > paintAt + 50) continue;
        const { where, name } = sourceOf(node.callFrame);
        byCode[where.replace(/^(src\/[^/]+(?:\/[^/]+)?)\/.*$/, '$1')] = (byCode[where.replace(/^(src\/[^/]+(?:\/[^/]+)?)\/.*$/, '$1')] ?? 0) + dt;
        byFn[name] = (byFn[name] ?? 0) + dt;
        busy += dt;
      }
      runs.push({ paintAt: round(paintAt, 0), loadBefore: round(loadBefore, 1), busyMs: round(busy, 0), timing, byCode: top(byCode, 30), byFn: top(byFn, 30) });
      log(`run ${run + 1}: first paint ${round(paintAt, 0)} ms, main thread busy ${round(busy, 0)} ms (load ${round(loadBefore, 1)})`);
    }
  } finally {
    await browser.close();
    await new Promise<void>((done) => server.httpServer.close(() => done()));
  }
  process.stdout.write(JSON.stringify({ page: PAGE, size: SIZE, medianFirstPaint: median(runs.map((r) => r.paintAt)), runs }, null, 2) + '\n');
}

main().catch((error) => {
  process.stderr.write(`firstPaintProfile: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
