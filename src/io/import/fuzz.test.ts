/**
 * Mutated fixtures: any value of the right top-level shape, however broken inside, imports
 * without an unexpected failure, and what it imports has no structural error (error edges aside).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFlow } from '../parse';
import { serializeFlow } from '../serialize';
import { importFlow } from './index';
import { fixture, structuralErrors } from './testing';

type Json = unknown;

/** Every path to a value inside `v` (objects and lists), capped. */
function paths(v: Json, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (out.length > 2000) return out;
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...at, i], out));
  else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) paths(x, [...at, k], out);
  return out;
}

function replaced(v: Json, path: (string | number)[], value: Json): Json {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(v)) return v.map((x, i) => (i === head ? replaced(x, rest, value) : x));
  if (typeof v === 'object' && v !== null) return { ...(v as Record<string, Json>), [head!]: replaced((v as Record<string, Json>)[head!], rest, value) };
  return v;
}

const FIXTURES = ['altan-invoice-chaser.json', 'altan-every-row.json', 'n8n-every-row.json', 'n8n-one-branch-if.json', 'make-every-row.json', 'make-scheduled-poll.json'];

describe('mutated fixtures', () => {
  it.each(FIXTURES)('%s: imported with no structural error, or refused with a reason; never an unexpected failure', (name) => {
    const base = fixture(name);
    const all = paths(base).filter((p) => p.length > 0);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(all.length - 1), fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(null, '', -1, 1e308, [], {}, 'n8n-nodes-base.if', 'builtin:BasicRouter', 'router'))), { minLength: 1, maxLength: 4 }),
        (mutations) => {
          let value = base;
          for (const [i, v] of mutations) value = replaced(value, all[i]!, v);
          const result = importFlow(value);
          if (!result.ok) {
            expect(result.errors[0]!.message).not.toMatch(/unexpected problem/);
            return;
          }
          expect(structuralErrors(result.flow)).toEqual([]);
          // …and it is a flow file today's reader opens.
          const reread = parseFlow(serializeFlow(result.flow));
          expect(reread.ok ? [] : reread.errors.map((e) => e.message)).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  }, 60_000); // well under a second each on a quiet machine; a loaded one may take ten times that
});
