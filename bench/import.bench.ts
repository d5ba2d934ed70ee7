/** Registers the import benchmark (bench/import.ts) with `npm run bench`. */
import { measureImport } from './import';
import type { Benchmark } from './registry';

export const benchmark: Benchmark = {
  name: 'importFile',
  run: () => ({ description: 'parseFlow + validateFlow of a generated flow file, ms', '10000': measureImport({ modules: 10_000 }) }),
};
