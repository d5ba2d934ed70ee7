/**
 * Import benchmark: parse + validate of a generated 10,000-module flow file (the text the
 * user opens), as the app and the CLI do on import. Run by `npm run bench` through
 * bench/import.bench.ts; call `measureImport()` directly for other sizes.
 */
import { generateFlow } from '../src/model/generate';
import { validateFlow } from '../src/model/validate';
import { parseFlow } from '../src/io/parse';
import { serializeFlow } from '../src/io/serialize';
import { measure, type Timing } from './registry';

export interface ImportTiming extends Timing {
  modules: number;
  edges: number;
  /** Size of the file in bytes (UTF-8). */
  bytes: number;
  /** Median milliseconds of parseFlow alone and of validateFlow alone. */
  parseMedian: number;
  validateMedian: number;
}

/** Median (and p90, min) milliseconds of parseFlow(text) + validateFlow(flow) on a generated file. */
export function measureImport(options: { modules?: number; seed?: number; runs?: number; warmup?: number } = {}): ImportTiming {
  const { modules = 10_000, seed = 1, runs = 15, warmup = 3 } = options;
  const flow = generateFlow({ modules, seed });
  const text = serializeFlow(flow);
  const check = parseFlow(text);
  if (!check.ok) throw new Error(`generated file does not import: ${check.errors[0]?.message ?? ''}`);
  const both = measure(
    () => {
      const result = parseFlow(text);
      if (!result.ok) throw new Error('import failed');
      return validateFlow(result.value);
    },
    { runs, warmup },
  );
  const parseOnly = measure(() => parseFlow(text), { runs, warmup });
  const validateOnly = measure(() => validateFlow(check.value), { runs, warmup });
  return {
    modules,
    edges: flow.edges.length,
    bytes: new TextEncoder().encode(text).length,
    ...both,
    parseMedian: parseOnly.median,
    validateMedian: validateOnly.median,
  };
}
