/**
 * `npm run bench:compare -- --old <tree> [--new <tree>] [--engine] [--browser]`: the benchmarks of two
 * checkouts side by side in one run, so that the machine's load falls on both alike.
 *
 * - Engine: each tree's own `npm run bench` (its own bench files, code and node_modules), limited to the
 *   benchmarks both trees have, in a fresh process per round, interleaved old, new, then new, old, … for
 *   COMPARE_ROUNDS rounds (3), so neither warms the other and a drift in load falls on both.
 * - Browser: each tree's production build, served side by side and measured alternately in one Chromium
 *   (a fresh context per page load), BENCH_RUNS (3) loads per tree and size, BENCH_SIZES (1000).
 *
 * Prints one JSON object on stdout: for every figure both trees have, the median over the rounds for old
 * and new, their ratio new / old, each side's spread (min–max over the rounds) and a verdict; the
 * figures only one tree has are listed apart. `--markdown` also prints the table on stderr.
 * A verdict is "slower" (or "faster") only when the medians differ by more than 10 % and the two spreads
 * do not overlap; anything else is "same" (within noise). Nothing here asserts a timing.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { preview } from 'vite';
import { initialJsGzipKB, launchChromium, log, measurePage, round, type Figures } from './browser/measure';
import { compareFigures, flattenTimings, formatTable, type Comparison } from './compareFigures';

interface Tree {
  label: 'old' | 'new';
  dir: string;
}

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const here = resolve(import.meta.dirname, '..');
const trees: Tree[] = [
  { label: 'old', dir: resolve(argValue('--old') ?? '') },
  { label: 'new', dir: resolve(argValue('--new') ?? here) },
];
const ROUNDS = Number(process.env.COMPARE_ROUNDS ?? 3);
const SIZES = (process.env.BENCH_SIZES ?? '1000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const onlyEngine = process.argv.includes('--engine');
const onlyBrowser = process.argv.includes('--browser');

const load = () => loadavg().map((x) => round(x, 2));

/** Runs `command` in `cwd`; resolves with its stdout, rejects with its stderr's tail on failure. */
function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => (code === 0 ? done(out) : fail(new Error(`${command} ${args.join(' ')} in ${cwd} exited ${code}: ${err.slice(-2000)}`))));
  });
}

const tsx = (tree: Tree) => join(tree.dir, 'node_modules/.bin/tsx');

async function benchmarkNames(tree: Tree): Promise<string[]> {
  return JSON.parse(await run(tsx(tree), [join(here, 'bench/benchmarks.ts'), join(tree.dir, 'bench')], tree.dir)) as string[];
}

/** Round r runs old then new when r is even, new then old when odd. */
const orderOf = (r: number): Tree[] => (r % 2 === 0 ? trees : [...trees].reverse());

async function compareEngine() {
  const [oldNames, newNames] = await Promise.all(trees.map(benchmarkNames));
  const common = newNames!.filter((n) => oldNames!.includes(n));
  const rounds: Record<'old' | 'new', Record<string, number>[]> = { old: [], new: [] };
  const facts: Record<'old' | 'new', Record<string, number>[]> = { old: [], new: [] };
  const processes: { tree: string; round: number; loadBefore: number[]; loadAfter: number[]; seconds: number }[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    for (const tree of orderOf(r)) {
      log(`engine, round ${r + 1}/${ROUNDS}: ${tree.label} (${tree.dir})`);
      const loadBefore = load();
      const t0 = performance.now();
      const json = JSON.parse(await run(tsx(tree), ['bench/run.ts'], tree.dir, { BENCH_ONLY: common.join(',') })) as Record<string, unknown>;
      processes.push({ tree: tree.label, round: r + 1, loadBefore, loadAfter: load(), seconds: round((performance.now() - t0) / 1000, 1) });
      const { machine: _machine, ...results } = json;
      const flat = flattenTimings(results);
      rounds[tree.label].push(flat.timings);
      facts[tree.label].push(flat.facts);
    }
  }
  return {
    benchmarks: { compared: common, onlyNew: newNames!.filter((n) => !common.includes(n)), onlyOld: oldNames!.filter((n) => !common.includes(n)) },
    ...compareFigures(rounds.old, rounds.new),
    // Counts and results the two trees should share (modules, executions per run, the simulated mean…).
    differentWork: differingFacts(facts.old[0] ?? {}, facts.new[0] ?? {}),
    processes,
  };
}

function differingFacts(before: Record<string, number>, after: Record<string, number>) {
  return Object.keys(before)
    .filter((k) => k in after && before[k] !== after[k])
    .map((k) => ({ figure: k, old: before[k], new: after[k] }));
}

async function buildTree(tree: Tree, outDir: string) {
  log(`building ${tree.label} (${tree.dir}) into ${outDir}`);
  await run(join(tree.dir, 'node_modules/.bin/vite'), ['build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], tree.dir);
}

async function compareBrowser() {
  const work = mkdtempSync(join(tmpdir(), 'bench-compare-'));
  const outDirs = { old: join(work, 'old'), new: join(work, 'new') };
  for (const tree of trees) await buildTree(tree, outDirs[tree.label]);
  const servers = await Promise.all(
    trees.map((tree) => preview({ configFile: false, root: work, logLevel: 'warn', build: { outDir: outDirs[tree.label] }, preview: { port: 4400, strictPort: false, host: '127.0.0.1' } })),
  );
  const urls = { old: servers[0]!.resolvedUrls!.local[0]!, new: servers[1]!.resolvedUrls!.local[0]! };
  const browser = await launchChromium();
  const sizes: object[] = [];
  const loads: { modules: number; loadBefore: number[]; loadAfter: number[] }[] = [];
  try {
    for (const n of SIZES) {
      const runs: Record<'old' | 'new', Figures[]> = { old: [], new: [] };
      const loadBefore = load();
      for (let r = 0; r < RUNS; r++) {
        for (const tree of orderOf(r)) {
          log(`browser, ${n} modules, run ${r + 1}/${RUNS}: ${tree.label}`);
          runs[tree.label].push(await measurePage(browser, `${urls[tree.label]}?generate=${n}`, n, true));
        }
      }
      loads.push({ modules: n, loadBefore, loadAfter: load() });
      sizes.push({ modules: n, ...compareFigures(runs.old, runs.new) });
    }
  } finally {
    await browser.close();
    await Promise.all(servers.map((s) => new Promise<void>((done) => s.httpServer.close(() => done()))));
  }
  const js = { old: initialJsGzipKB(outDirs.old), new: initialJsGzipKB(outDirs.new) };
  rmSync(work, { recursive: true, force: true });
  return { chromium: browser.version(), runsPerTree: RUNS, initialJsGzipKB: { ...js, ratio: round(js.new / js.old, 3) }, sizes, loads };
}

async function main() {
  if (!argValue('--old')) throw new Error('usage: npm run bench:compare -- --old <tree> [--new <tree>] [--engine | --browser] [--markdown]');
  const out: Record<string, unknown> = {
    benchmark: 'compare',
    date: new Date().toISOString(),
    trees: Object.fromEntries(trees.map((t) => [t.label, t.dir])),
    rounds: ROUNDS,
    loadBefore: load(),
  };
  if (!onlyBrowser) out.engine = await compareEngine();
  if (!onlyEngine) out.browser = await compareBrowser();
  out.loadAfter = load();
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  if (process.argv.includes('--markdown')) {
    const engine = out.engine as { figures: Comparison[] } | undefined;
    if (engine) process.stderr.write(`\n${formatTable(engine.figures)}\n`);
    const browser = out.browser as { sizes: { modules: number; figures: Comparison[] }[] } | undefined;
    for (const size of browser?.sizes ?? []) process.stderr.write(`\n${size.modules} modules\n${formatTable(size.figures)}\n`);
  }
}

main().catch((error) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
