/**
 * Fuzzing the file layer (issue 6): generated valid flows, serialized, then mutated (a field
 * deleted, retyped or duplicated, the text cut or a byte changed) and taken through import,
 * validation and pricing, as the CLI and the import dialog do. Never an uncaught exception;
 * always either a priced flow with finite credits or located errors.
 * 10,000 files, as issue 6 asks, in every `npm test` (about 10 s); FUZZ_RUNS=N for another count.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseFlow } from './parse';
import { serializeFlow } from './serialize';
import { validateFlow } from '../model/validate';
import { priceFlow } from '../cost/price';
import { generateFlow } from '../model/generate';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);

type Json = unknown;

/** Every path to a value in a JSON document (iteratively). */
function pathsOf(root: Json): (string | number)[][] {
  const out: (string | number)[][] = [];
  const stack: [Json, (string | number)[]][] = [[root, []]];
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    if (path.length > 0) out.push(path);
    if (Array.isArray(value)) value.forEach((v, i) => stack.push([v, [...path, i]]));
    else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) stack.push([v, [...path, k]]);
  }
  return out;
}

function parentOf(root: Json, path: (string | number)[]): [Record<string | number, Json>, string | number] {
  let at = root as Record<string | number, Json>;
  for (const seg of path.slice(0, -1)) at = at[seg] as Record<string | number, Json>;
  return [at, path[path.length - 1]!];
}

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('retype' as const), at: fc.nat(), value: fc.oneof(fc.jsonValue({ maxDepth: 1 }), fc.constantFrom('NaN', -1, 1e12, 2, '', null, {}, [])) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('byte' as const), at: fc.nat(), char: fc.constantFrom('{', '}', '"', ',', ':', 'x', '\n', '\\', '0') }),
);

interface Mutation {
  kind: 'delete' | 'retype' | 'duplicate' | 'cut' | 'byte';
  at: number;
  value?: Json;
  char?: string;
}

function mutate(text: string, m: Mutation): string {
  if (m.kind === 'cut') return text.slice(0, m.at % text.length);
  if (m.kind === 'byte') {
    const at = m.at % text.length;
    return text.slice(0, at) + m.char! + text.slice(at + 1);
  }
  const doc = JSON.parse(text) as Json;
  const paths = pathsOf(doc);
  const path = paths[m.at % paths.length]!;
  const [parent, key] = parentOf(doc, path);
  if (m.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  } else if (m.kind === 'retype') parent[key] = m.value;
  else if (Array.isArray(parent)) parent.splice(Number(key), 0, structuredClone(parent[Number(key)]));
  else parent[key] = structuredClone(parent[key]);
  return JSON.stringify(doc, null, 2);
}

describe('fuzz: mutated flow files through import, validation and pricing', { timeout: 300_000 }, () => {
  it(`${RUNS} mutated files: a priced flow or located errors, never an exception`, () => {
    const seen = { priced: 0, structural: 0, refused: 0 };
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 3 }), (modules, seed, mutations) => {
        let text = serializeFlow(generateFlow({ modules, seed, rangeShare: 0.3 }));
        for (const m of mutations) {
          try {
            JSON.parse(text);
          } catch {
            break; // already not JSON: further structural mutations cannot apply
          }
          text = mutate(text, m);
        }
        const result = parseFlow(text);
        if (!result.ok) {
          seen.refused++;
          expect(result.errors.length).toBeGreaterThan(0);
          for (const e of result.errors) {
            expect(e.message.length).toBeGreaterThan(0);
            expect(e.line !== undefined || e.path !== '' || /^(The file is empty|…and \d+ more)/.test(e.message)).toBe(true);
          }
          return;
        }
        const problems = validateFlow(result.value);
        for (const p of problems) expect(p.message.length).toBeGreaterThan(0);
        if (problems.some((p) => p.severity === 'error')) {
          seen.structural++;
          return;
        }
        seen.priced++;
        const cost = priceFlow(result.value);
        expect(Number.isFinite(cost.total)).toBe(true);
        expect(cost.total).toBeGreaterThanOrEqual(0);
        for (const n of cost.nodes) expect(Number.isFinite(n.credits) && n.credits >= 0).toBe(true);
      }),
      { numRuns: RUNS },
    );
    // The mutations must reach every outcome, or the test proves little.
    expect(seen.priced).toBeGreaterThan(0);
    expect(seen.structural).toBeGreaterThan(0);
    expect(seen.refused).toBeGreaterThan(0);
  });
});
