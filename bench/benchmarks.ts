/**
 * Loads every benchmark exported by the `*.bench.ts` files of a folder (see registry.ts), in file
 * order. `npm run bench` runs them; run as a script (`tsx bench/benchmarks.ts <folder>`), it prints
 * their names as JSON, which is how bench/compare.ts learns what another tree's `npm run bench` has.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Benchmark } from './registry';

export async function loadBenchmarks(dir: string): Promise<Benchmark[]> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort();
  const benchmarks: Benchmark[] = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as { benchmarks?: Benchmark[]; benchmark?: Benchmark };
    if (mod.benchmarks) benchmarks.push(...mod.benchmarks);
    if (mod.benchmark) benchmarks.push(mod.benchmark);
  }
  return benchmarks;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const dir = resolve(process.argv[2] ?? import.meta.dirname);
  void loadBenchmarks(dir).then((list) => process.stdout.write(`${JSON.stringify(list.map((b) => b.name))}\n`));
}
