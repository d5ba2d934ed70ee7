// Browser benchmark (issues 7 and 19): the editor against a bare React Flow page with the same modules, edges and
// positions, both production builds, measured side by side in one run in real Chromium at 1440×900.
// Prints one JSON object on stdout; progress goes to stderr. Run with `npm run bench:browser`
// (docs/performance.md says what each figure is and how long a run takes).
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { type Figures, GESTURE_MS, initialJsGzipKB, launchChromium, log, measureImport, measurePage, medianOf, round, servePreview } from './measure';
import { generateFlow } from '../../src/model/generate';
import { serializeFlow } from '../../src/io/serialize';

const root = resolve(import.meta.dirname, '../..');
const outDir = join(root, 'dist-bench');
const SIZES = (process.env.BENCH_SIZES ?? '100,500,1000,2000,5000,10000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** The bare page is measured at the sizes up to this one, and always at 1,000 nodes: the reference of issue 19's ratios. */
const BASELINE_MAX = Number(process.env.BENCH_BASELINE_MAX ?? 2000);
const REFERENCE = 1000;
/** Whether to time opening a file of each size through the app's import path (BENCH_IMPORT=0 leaves it out). */
const IMPORT = process.env.BENCH_IMPORT !== '0';

type Kind = 'editor' | 'baseline' | 'import';

const load = () => loadavg().map((x) => round(x, 1));

async function main() {
  const started = Date.now();
  const loadAtStart = load();
  log(`load average at start (1, 5, 15 min): ${loadAtStart.join(', ')}`);
  log('building the editor and the baseline page');
  // Two builds into one folder: built together, the first-paint chunk group of vite.config.ts takes
  // both entries' modules into one chunk, and the baseline page then runs the editor as well.
  await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  await build({
    root,
    logLevel: 'warn',
    build: { outDir, emptyOutDir: false, rollupOptions: { input: { baseline: join(root, 'bench/browser/baseline.html') } } },
  });
  const { server, base } = await servePreview(root, outDir, 4399);
  const browser = await launchChromium();
  const chromiumVersion = browser.version();
  const pages = {
    editor: (n: number) => `${base}?generate=${n}`,
    baseline: (n: number) => `${base}bench/browser/baseline.html?generate=${n}`,
  };
  const baselineSizes = new Set([...SIZES.filter((n) => n <= BASELINE_MAX), REFERENCE]);
  const measured = [...new Set([...SIZES, REFERENCE])];
  const results: Record<number, Record<Kind, Figures[]>> = {};
  /** A measurement that fails (a page that never drew, a drag that moved nothing) is logged and left out of the medians. */
  const attempt = async (what: string, into: Figures[], measure: () => Promise<Figures>) => {
    log(what);
    try {
      into.push(await measure());
    } catch (error) {
      log(`${what}: not measured: ${(error as Error).message.split('\n')[0]}`);
    }
  };
  const loadDuring: number[] = [];
  try {
    for (const n of measured) {
      results[n] = { editor: [], baseline: [], import: [] };
      const fileText = IMPORT && SIZES.includes(n) ? serializeFlow(generateFlow({ modules: n, seed: 1 })) : null;
      for (let run = 0; run < RUNS; run++) {
        loadDuring.push(load()[0]!);
        const of = `${n} modules, run ${run + 1}/${RUNS}`;
        if (baselineSizes.has(n)) await attempt(`baseline ${of}`, results[n]!.baseline, () => measurePage(browser, pages.baseline(n), n, false));
        if (!SIZES.includes(n)) continue; // the reference size only for the bare page's figures
        await attempt(`editor ${of}`, results[n]!.editor, () => measurePage(browser, pages.editor(n), n, true));
        if (fileText !== null) {
          const mb = round(fileText.length / 2 ** 20, 1);
          await attempt(`import of a ${n}-module file (${mb} MB), run ${run + 1}/${RUNS}`, results[n]!.import, () => measureImport(browser, base, n, fileText));
        }
      }
    }
  } finally {
    await browser.close();
    await new Promise<void>((done) => server.httpServer.close(() => done()));
  }

  const reference = medianOf(results[REFERENCE]!.baseline);
  const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined ? round(a / b) : null);
  const sizes = SIZES.map((n) => {
    const editor = { ...medianOf(results[n]!.editor), ...medianOf(results[n]!.import) };
    const baseline = baselineSizes.has(n) ? medianOf(results[n]!.baseline) : null;
    return {
      modules: n,
      editor,
      baseline,
      // Editor ÷ bare React Flow with as many nodes, in the same run.
      ratio: baseline
        ? {
            firstPaint: ratio(editor.firstPaintMs, baseline.firstPaintMs),
            dragP95: ratio(editor.dragP95, baseline.dragP95),
            panP95: ratio(editor.panP95, baseline.panP95),
            heap: ratio(editor.heapMB, baseline.heapMB),
          }
        : null,
      // Editor at this size ÷ bare React Flow at 1,000 nodes (issue 19's table: mean frame time while dragging).
      ratioToBare1000: {
        dragMean: ratio(editor.dragMean, reference.dragMean),
        dragP95: ratio(editor.dragP95, reference.dragP95),
        dragBusyPerFrame: ratio(editor.dragBusyPerFrame, reference.dragBusyPerFrame),
        panMean: ratio(editor.panMean, reference.panMean),
        panP95: ratio(editor.panP95, reference.panP95),
        firstPaint: ratio(editor.firstPaintMs, reference.firstPaintMs),
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
    // The machine's load average (1, 5 and 15 minutes) at the start and the end, and the 1-minute figure before each run of each size.
    loadAverage: { start: loadAtStart, end: load(), beforeEachRun: loadDuring },
    durationS: Math.round((Date.now() - started) / 1000),
    initialJsGzipKB: initialJsGzipKB(outDir),
    reference: { modules: REFERENCE, baseline: reference },
    sizes,
  };
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
}

main().catch((error) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
