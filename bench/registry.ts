/**
 * The benchmark registry. Each benchmark is `{ name, run(): object | Promise<object> }`; run.ts
 * runs every benchmark exported (as `benchmarks: Benchmark[]` or `benchmark: Benchmark`) by a
 * `bench/*.bench.ts` file and prints one JSON object `{ machine, <name>: <result>, … }`.
 * To add one (e.g. import parse), create `bench/import.bench.ts` exporting `benchmark`.
 */
export interface Benchmark {
  name: string;
  run(): object | Promise<object>;
}

export interface Timing {
  /** Milliseconds. */
  median: number;
  p90: number;
  min: number;
  runs: number;
}

function nearestRank(sorted: number[], q: number): number {
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1]!;
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;

/**
 * Times `fn` after `warmup` untimed calls. `setup` (not timed) runs before every call and its
 * result is passed to `fn`, e.g. to make a fresh edit each time.
 */
export function measure<S>(fn: (state: S) => unknown, options: { runs: number; warmup: number; setup?: () => S }): Timing {
  const { runs, warmup, setup } = options;
  let sink = 0;
  for (let i = 0; i < warmup; i++) {
    const out = fn(setup ? setup() : (undefined as S));
    sink += out === undefined ? 0 : 1;
  }
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const state = setup ? setup() : (undefined as S);
    const t0 = performance.now();
    const out = fn(state);
    times.push(performance.now() - t0);
    sink += out === undefined ? 0 : 1;
  }
  if (sink < 0) console.error(sink); // keeps results alive
  times.sort((a, b) => a - b);
  return { median: round(nearestRank(times, 0.5)), p90: round(nearestRank(times, 0.9)), min: round(times[0]!), runs };
}
