/**
 * `npm run bench`: runs every benchmark of every `bench/*.bench.ts` file (see registry.ts) and
 * prints one JSON object on stdout. Progress goes to stderr. Timings live here, never in unit tests.
 * `BENCH_ONLY=name1,name2` runs only those benchmarks.
 */
import { cpus } from 'node:os';
import { loadBenchmarks } from './benchmarks';

async function main(): Promise<void> {
  const benchmarks = await loadBenchmarks(import.meta.dirname);
  const only = process.env.BENCH_ONLY?.split(',').filter(Boolean);
  const result: Record<string, unknown> = {
    machine: { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', date: new Date().toISOString() },
  };
  for (const b of benchmarks) {
    if (only && !only.includes(b.name)) continue;
    process.stderr.write(`bench: ${b.name}…\n`);
    try {
      result[b.name] = await b.run();
    } catch (error) {
      result[b.name] = { error: error instanceof Error ? error.message : String(error) };
    }
  }
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

void main();
