/**
 * Simulated runs with 1 and 2 threads, as the CLI walks them (issue 19: 10,000 runs × 1,000
 * modules ≤ 0.4 s with workers in parallel, × 10,000 modules ≤ 5 s; the same numbers whatever
 * the thread count). Each measurement is a fresh process (the CLI's case: nothing compiled yet),
 * the sizes and thread counts interleaved round by round; prints one JSON object with the median
 * wall and CPU milliseconds of each (CPU of the main thread and its worker threads), whether every
 * result was the same as one thread's, and the load average before and after.
 *
 *   npx tsx bench/simulationThreads.ts [--rounds 5] [--modules 1000,10000] [--threads 1,2] [--samples 10000]
 *
 * Thread counts above 1 use the CLI's own thresholds (CLI_WORK_PER_SHARE); `shares` says how many
 * shares the runs went in, `walkedHere` how many of them the main thread walked itself,
 * `threadLoad` how the threads loaded the engine ('bundle': the cached script of
 * src/cli/threadScript.ts, made by the first measurement after a source changed; 'tsx').
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { generateFlow } from '../src/model/generate';
import { simulateInThreads } from '../src/cli/simulationThreads';

interface One {
  modules: number;
  threads: number;
  wallMs: number;
  cpuMs: number;
  shares: number;
  walkedHere: number;
  /** How the threads loaded the engine ('' with one thread). */
  threadLoad: string;
  digest: string;
}

function flag(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at !== -1 && process.argv[at + 1] ? process.argv[at + 1]! : fallback;
}

/** One measurement in this process: generate, then time simulateInThreads. */
function measureOne(modules: number, threads: number, samples: number): One {
  const flow = generateFlow({ modules, seed: 1, rangeShare: 0.15 });
  let shares = 1;
  let walkedHere = 0;
  let threadLoad = '';
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const outcome = simulateInThreads(flow, {
    samples,
    seed: 1,
    threads,
    onShare: (_, by) => {
      shares++;
      if (by === 'this thread') walkedHere++;
    },
    onThreadLoad: (load) => (threadLoad = load),
  });
  const wallMs = performance.now() - t0;
  const used = process.cpuUsage(cpu);
  if (!outcome.ok) throw new Error(outcome.error.message);
  const r = outcome.result;
  const hash = createHash('sha256');
  hash.update(Buffer.from(r.runs.buffer, r.runs.byteOffset, r.runs.byteLength));
  hash.update(Buffer.from(Float64Array.from(r.nodes.flatMap((n) => [n.mean, n.p10, n.p90])).buffer));
  // process.cpuUsage covers every thread of the process.
  return { modules, threads, wallMs: Math.round(wallMs), cpuMs: Math.round((used.user + used.system) / 1000), shares, walkedHere, threadLoad, digest: hash.digest('hex').slice(0, 16) };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[(s.length - 1) >> 1]!;
};

if (process.argv[2] === '--one') {
  console.log(JSON.stringify(measureOne(Number(process.argv[3]), Number(process.argv[4]), Number(process.argv[5]))));
} else {
  const rounds = Number(flag('rounds', '5'));
  const sizes = flag('modules', '1000,10000').split(',').map(Number);
  const threadCounts = flag('threads', '1,2').split(',').map(Number);
  const samples = Number(flag('samples', '10000'));
  const self = fileURLToPath(import.meta.url);
  const loadBefore = loadavg()[0]!;
  const all: One[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const modules of sizes) {
      for (const threads of round % 2 === 0 ? threadCounts : [...threadCounts].reverse()) {
        const child = spawnSync(process.execPath, [...process.execArgv, self, '--one', String(modules), String(threads), String(samples)], { encoding: 'utf8' });
        if (child.status !== 0) throw new Error(child.stderr);
        all.push(JSON.parse(child.stdout.trim().split('\n').pop()!) as One);
      }
    }
  }
  const figures = sizes.flatMap((modules) =>
    threadCounts.map((threads) => {
      const mine = all.filter((m) => m.modules === modules && m.threads === threads);
      const oneThread = all.filter((m) => m.modules === modules && m.threads === threadCounts[0]);
      return {
        modules,
        threads,
        samples,
        wallMs: median(mine.map((m) => m.wallMs)),
        wallMsEach: mine.map((m) => m.wallMs),
        cpuMs: median(mine.map((m) => m.cpuMs)),
        shares: mine[0]!.shares,
        walkedHere: median(mine.map((m) => m.walkedHere)),
        threadLoad: [...new Set(mine.map((m) => m.threadLoad))].join(','),
        sameAsOneThread: mine.every((m) => m.digest === oneThread[0]!.digest),
      };
    }),
  );
  console.log(JSON.stringify({ when: new Date().toISOString(), rounds, loadBefore, loadAfter: loadavg()[0], figures }, null, 2));
}
