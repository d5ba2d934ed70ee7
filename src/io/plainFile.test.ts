import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readPlainFlow } from './plainFile';
import { parseFlow } from './parse';
import { serializeFlow } from './serialize';
import { flowArbitrary } from './testing/flowArbitrary';
import { generateFlow } from '../model/generate';
import { MAX_MODULES } from './limits';
import leadEnrichment from './samples/lead-enrichment.json';

type Json = Record<string, unknown>;

/**
 * The plain read never disagrees with parseFlow: when it answers, parseFlow accepts the text with
 * no warning and no migration and gives the very same flow. Returns whether it answered.
 */
function agrees(text: string): boolean {
  const plain = readPlainFlow(text);
  if (plain === null) return false;
  const parsed = parseFlow(text);
  expect(parsed.ok).toBe(true);
  if (!parsed.ok) return true;
  expect(parsed.warnings).toBeUndefined();
  expect(parsed.migratedFrom).toBeUndefined();
  expect(plain).toStrictEqual(parsed.value);
  return true;
}

const file = (modules = 12): Json => JSON.parse(serializeFlow(generateFlow({ modules, seed: 3, rangeShare: 0.3 }))) as Json;

describe('readPlainFlow: a flow file read without zod', () => {
  it('reads what the app writes (the autosave, an export) and the default sample as parseFlow does', () => {
    for (const modules of [1, 12, 300, 2000]) expect(agrees(JSON.stringify(file(modules)))).toBe(true);
    expect(agrees(JSON.stringify(leadEnrichment))).toBe(true);
    fc.assert(
      fc.property(flowArbitrary, (flow) => void agrees(serializeFlow(flow))),
      { numRuns: 100 },
    );
  });

  it('leaves to parseFlow every text it would refuse, warn about or migrate', () => {
    const withKey = (text: string) => text.replace('{', '{"a":1,"a":2,');
    const bad: string[] = [
      '',
      '   ',
      'not json',
      'null',
      '[]',
      '"text"',
      withKey(JSON.stringify(file())),
      JSON.stringify({ ...file(), version: 2 }),
      JSON.stringify({ ...file(), version: 1 }),
      JSON.stringify({ ...file(), version: 4 }),
      JSON.stringify({ ...file(), format: 'other' }),
      JSON.stringify({ ...file(), modules: [...(file().modules as Json[]), (file().modules as Json[])[0]] }),
      JSON.stringify({ ...file(), edges: [{ id: 'x', source: 'm1', target: 'nowhere' }] }),
      JSON.stringify({ ...file(), settings: { runsPerMonth: -1 } }),
      JSON.stringify({ ...file(), name: 7 }),
      JSON.stringify(file()).replace('"modules"', '"__proto__":{"x":1},"modules"'),
      JSON.stringify(file()).replace('"modules"', '"constructor":1,"modules"'),
      JSON.stringify({ ...file(), modules: Array.from({ length: MAX_MODULES + 1 }, (_, i) => ({ id: `m${i}`, type: 'action' })) }),
      JSON.stringify({ ...file(), deep: JSON.parse('['.repeat(300) + ']'.repeat(300)) }),
    ];
    for (const [i, text] of bad.entries()) {
      const parsed = parseFlow(text);
      expect([i, readPlainFlow(text), !parsed.ok || parsed.warnings !== undefined || parsed.migratedFrom !== undefined]).toEqual([i, null, true]);
    }
    // A byte order mark, which parseFlow takes off: left to it too (the app never writes one).
    expect(readPlainFlow(`\uFEFF${JSON.stringify(file())}`)).toBeNull();
  });

  it('agrees with parseFlow on random files with any field set to any JSON value or removed', () => {
    fc.assert(
      fc.property(flowArbitrary, fc.nat(), fc.string({ maxLength: 12 }), fc.option(fc.jsonValue(), { nil: undefined }), (flow, at, key, value) => {
        const json = JSON.parse(serializeFlow(flow)) as Json;
        // Any object in the file: the file itself, its settings, a module, an edge, a scenario or one inside them.
        const objects: Json[] = [];
        const walk = (v: unknown) => {
          if (typeof v !== 'object' || v === null) return;
          if (!Array.isArray(v)) objects.push(v as Json);
          Object.values(v).forEach(walk);
        };
        walk(json);
        const target = objects[at % objects.length]!;
        const field = at % 2 === 0 ? (Object.keys(target)[at % Math.max(1, Object.keys(target).length)] ?? key) : key;
        if (value === undefined) delete target[field];
        else target[field] = value;
        agrees(JSON.stringify(json));
      }),
      { numRuns: 400 },
    );
  }, 60_000);
});
