/** Registers the foreign-format import benchmark (bench/importFormats.ts) with `npm run bench`. */
import { measureForeignImport } from './importFormats';
import type { Benchmark } from './registry';

export const benchmark: Benchmark = {
  name: 'importN8n',
  run: () => ({
    description: 'importText (parse + detect + map + repair) + validateFlow of a generated n8n workflow, ms; target ≤ 300 ms for 1,000 nodes',
    '100': measureForeignImport({ nodes: 100 }),
    '1000': measureForeignImport({ nodes: 1000 }),
  }),
};
