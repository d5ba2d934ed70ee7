/**
 * CLI wall time, a 10-module file against a 10,000-module file (issue 19: the large file's extra
 * time <= 150 ms). Writes both files (generateFlow + serializeFlow) to a temporary directory, then
 * runs the cost command with `--json` on each, interleaved, `runs` times, and prints JSON: the
 * median wall time of each, the extra time, and the load average.
 *
 *   npx tsx bench/cliWall.ts [runs=9] [largeModules=10000]
 *   CLI_START=node npx tsx bench/cliWall.ts      # `node --import tsx src/cli/cost.ts` (no npm in front)
 *   CLI_ROOTS=../other-tree,. npx tsx bench/cliWall.ts   # two trees side by side, interleaved (CLI_START=node)
 *   CLI_CHRT=10 npx tsx bench/cliWall.ts         # each run under `chrt -r 10` (Linux, root): see below
 *
 * The default start is the documented one, `npm run --silent cost -- <file> --json`. Each run is
 * timed by /usr/bin/time too: on a loaded machine the processes' CPU time (user + system, npm's and
 * node's) says more than the wall time, which is mostly waiting for a core. On Linux each run also
 * gives the cost command's main-thread CPU time (bench/cliMainThread.mjs, preloaded through
 * NODE_OPTIONS): the part of the CPU time that a quiet machine's wall time is made of, since V8's
 * compiler and garbage-collector threads run beside it. `mainCpu.extraMs` is the median of each
 * round's large-minus-small difference.
 *
 * CLI_CHRT=<priority> runs each command (npm, node and all their threads) in the real-time
 * round-robin class at that priority (`chrt -r`), ahead of every ordinary process: on a machine
 * loaded by other work (load 10–25 on 2 cores) the runs then take about what they take on a quiet
 * one (docs/performance.md, session 13). It takes the cores from everything else while it runs
 * (the kernel keeps 5 % for them), so it is for a shared machine's side-by-side figures, not for
 * habitual use; it needs root (or CAP_SYS_NICE).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateFlow } from '../src/model/generate';
import { serializeFlow } from '../src/io/serialize';

const runs = Number(process.argv[2] ?? 9);
const large = Number(process.argv[3] ?? 10_000);
const roots = (process.env.CLI_ROOTS ?? '.').split(',').map((r) => resolve(r));
const start = roots.length > 1 ? 'node' : (process.env.CLI_START ?? 'npm');

const dir = mkdtempSync(join(tmpdir(), 'cf-cli-wall-'));
function fileOf(modules: number): string {
  const path = join(dir, `flow-${modules}.json`);
  writeFileSync(path, serializeFlow(generateFlow({ modules, seed: 1 })));
  return path;
}
const files = { small: fileOf(10), large: fileOf(large) };

const timeFile = join(dir, 'time.txt');
const mainCpuFile = join(dir, 'main-cpu.txt');
const preload = pathToFileURL(join(import.meta.dirname, 'cliMainThread.mjs')).href;
const env = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${preload}`.trim(), CLI_MAIN_CPU_FILE: mainCpuFile };

/** One run: wall milliseconds, CPU milliseconds (user + system) as /usr/bin/time counts them, and the command's main-thread CPU. */
function once(root: string, file: string): Run {
  writeFileSync(mainCpuFile, '');
  const began = performance.now();
  const options = { cwd: root, stdio: 'ignore' as const, env };
  const command = start === 'node' ? ['node', '--import', 'tsx', 'src/cli/cost.ts', file, '--json'] : ['npm', 'run', '--silent', 'cost', '--', file, '--json'];
  const priority = process.env.CLI_CHRT ? ['chrt', '-r', process.env.CLI_CHRT] : [];
  execFileSync('/usr/bin/time', ['-f', '%U %S', '-o', timeFile, ...priority, ...command], options);
  const wall = performance.now() - began;
  const [user, system] = readFileSync(timeFile, 'utf8').trim().split(/\s+/).slice(-2).map(Number);
  const main = Number(readFileSync(mainCpuFile, 'utf8').trim().split('\n').pop() || NaN);
  return { wall, cpu: ((user ?? NaN) + (system ?? NaN)) * 1000, main };
}

type Run = { wall: number; cpu: number; main: number };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const loadBefore = loadavg()[0]!;
const times = roots.map(() => ({ small: [] as Run[], large: [] as Run[] }));
// Warm the file cache and tsx's compile cache first.
for (const root of roots) {
  once(root, files.small);
  once(root, files.large);
}
for (let i = 0; i < runs; i++)
  roots.forEach((root, r) => {
    times[r]!.small.push(once(root, files.small));
    times[r]!.large.push(once(root, files.large));
  });
console.log(
  JSON.stringify({
    when: new Date().toISOString(),
    start,
    ...(process.env.CLI_CHRT ? { chrt: `-r ${process.env.CLI_CHRT}` } : {}),
    runs,
    largeModules: large,
    load1: { before: loadBefore, after: loadavg()[0] },
    trees: roots.map((root, r) => {
      const { small, large: big } = times[r]!;
      const of = (runs: Run[], key: keyof Run) => Math.round(median(runs.map((x) => x[key])));
      return {
        root,
        wall: { smallMedianMs: of(small, 'wall'), largeMedianMs: of(big, 'wall'), extraMs: of(big, 'wall') - of(small, 'wall') },
        cpu: { smallMedianMs: of(small, 'cpu'), largeMedianMs: of(big, 'cpu'), extraMs: of(big, 'cpu') - of(small, 'cpu') },
        mainCpu: { smallMedianMs: of(small, 'main'), largeMedianMs: of(big, 'main'), extraMs: Math.round(median(big.map((x, i) => x.main - small[i]!.main))) },
        small: small.map((x) => [Math.round(x.wall), Math.round(x.cpu), Math.round(x.main)]),
        large: big.map((x) => [Math.round(x.wall), Math.round(x.cpu), Math.round(x.main)]),
      };
    }),
  }),
);
