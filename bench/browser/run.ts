// Browser benchmark (issue 7): the editor against a bare React Flow page with the same modules, edges and
// positions, both production builds, measured side by side in one run in real Chromium at 1440×900.
// Prints one JSON object on stdout; progress goes to stderr. Run with `npm run bench:browser`.
import { join, resolve } from 'node:path';
import { build, preview } from 'vite';
import { GESTURE_MS, initialJsGzipKB, launchChromium, log, measurePage, medianOf, round, type Figures } from './measure';

const root = resolve(import.meta.dirname, '../..');
const outDir = join(root, 'dist-bench');
const SIZES = (process.env.BENCH_SIZES ?? '100,500,1000,2000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

async function main() {
  log('building the editor and the baseline page');
  await build({
    root,
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: true,
      rollupOptions: { input: { main: join(root, 'index.html'), baseline: join(root, 'bench/browser/baseline.html') } },
    },
  });
  const server = await preview({ root, logLevel: 'warn', build: { outDir }, preview: { port: 4399, strictPort: false, host: '127.0.0.1' } });
  const base = server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:4399/';
  const browser = await launchChromium();
  const chromiumVersion = browser.version();
  const pages = {
    editor: (n: number) => `${base}?generate=${n}`,
    baseline: (n: number) => `${base}bench/browser/baseline.html?generate=${n}`,
  };
  const results: Record<string, Record<'editor' | 'baseline', Figures[]>> = {};
  try {
    for (const n of SIZES) {
      results[n] = { editor: [], baseline: [] };
      for (let run = 0; run < RUNS; run++) {
        for (const kind of ['baseline', 'editor'] as const) {
          log(`${kind} ${n} modules, run ${run + 1}/${RUNS}`);
          const figures = await measurePage(browser, pages[kind](n), n, kind === 'editor');
          results[n]![kind].push(figures);
        }
      }
    }
  } finally {
    await browser.close();
    await new Promise<void>((done) => server.httpServer.close(() => done()));
  }

  const sizes = SIZES.map((n) => {
    const editor = medianOf(results[n]!.editor);
    const baseline = medianOf(results[n]!.baseline);
    return {
      modules: n,
      editor,
      baseline,
      ratio: {
        firstPaint: round(editor.firstPaintMs! / baseline.firstPaintMs!),
        dragP95: round(editor.dragP95! / baseline.dragP95!),
        panP95: round(editor.panP95! / baseline.panP95!),
        heap: round(editor.heapMB! / baseline.heapMB!),
      },
    };
  });
  const out = {
    benchmark: 'browser',
    date: new Date().toISOString(),
    runs: RUNS,
    gestureMs: GESTURE_MS,
    viewport: '1440x900',
    chromium: chromiumVersion,
    initialJsGzipKB: initialJsGzipKB(outDir),
    sizes,
  };
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
}

main().catch((error) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
