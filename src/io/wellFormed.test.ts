import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readWellFormed } from './wellFormed';
import { schemaFor } from './schema';
import { CURRENT_VERSION } from './migrations';
import { serializeFlow } from './serialize';
import { parseFlow } from './parse';
import { flowArbitrary } from './testing/flowArbitrary';
import { exampleFile } from './testing/exampleFlow';
import { generateFlow } from '../model/generate';

type Json = Record<string, unknown>;
const schema = schemaFor(CURRENT_VERSION)!;

/** The file as JSON.parse gives it (a fresh copy: neither reader may see the other's objects). */
const read = (text: string): Json => JSON.parse(text) as Json;

/**
 * The fast path and zod agree: when the fast path answers, zod accepts the file and gives the very
 * same value, keys in the same order; when zod refuses the file, the fast path does not answer.
 * Returns whether the fast path answered.
 */
function agrees(text: string): boolean {
  const fast = readWellFormed(read(text), schema);
  const zod = schema.safeParse(read(text));
  if (!zod.success) {
    expect(fast).toBeNull();
    return false;
  }
  if (fast === null) return false;
  expect(JSON.stringify(fast)).toBe(JSON.stringify(zod.data));
  expect(fast).toStrictEqual(zod.data);
  return true;
}

const current = (file: Json): string => JSON.stringify({ ...file, version: CURRENT_VERSION });

describe('readWellFormed: the schema fast path gives what zod gives', () => {
  it('reads generated flows of every size and mix as zod does, without zod', () => {
    for (const [modules, seed, rangeShare] of [
      [12, 1, 0],
      [90, 3, 0.5],
      [400, 11, 0.3],
      [2000, 5, 0.2],
    ] as const) {
      expect(agrees(serializeFlow(generateFlow({ modules, seed, rangeShare })))).toBe(true);
    }
  });

  it('fills in the defaults as zod does: names, positions, configs, fallbacks, the edge list', () => {
    const file = exampleFile();
    delete file.modules[0]!.name;
    delete file.modules[2]!.position;
    delete file.modules[1]!.config;
    delete file.modules[4]!.config;
    const route = file.edges[1]!.route as Json;
    delete route.fallback;
    expect(agrees(current(file))).toBe(true);
    const bare: Json = { ...file };
    delete bare.edges;
    delete bare.settings;
    delete bare.name;
    expect(agrees(current(bare))).toBe(true);
  });

  it('keeps unknown keys after the known ones, in the file order, and orders known keys as zod does', () => {
    const file = exampleFile();
    file.modules = file.modules.map((m) => ({ zeta: 1, ...Object.fromEntries(Object.entries(m).reverse()), alpha: [1] }));
    file.edges = file.edges.map((e) => ({ note: 'x', ...Object.fromEntries(Object.entries(e).reverse()) }));
    (file.modules[0]!.position as Json).z = 3;
    (file.modules[0]!.assumptions as Json).colour = 'red';
    expect(agrees(current(file))).toBe(true);
  });

  it('gives a fallback route without a share a share of 0, written last, as zod does', () => {
    const file = exampleFile();
    file.edges[1]!.route = { priority: 2, fallback: true, tag: 'x' };
    expect(agrees(current(file))).toBe(true);
  });

  it('reads a version 3 trigger schedule and error branches as zod does', () => {
    const file = exampleFile();
    file.modules[0]!.config = { schedule: '*/5 * * * *', note: 1 };
    file.edges[2]!.error = true;
    file.modules[3]!.assumptions = { failureRate: 0.1, pages: { min: 1, likely: 2, max: 3 } };
    expect(agrees(current(file))).toBe(true);
  });

  it('leaves every broken module or edge to zod (which says what is wrong)', () => {
    const breaks: ((file: ReturnType<typeof exampleFile>) => void)[] = [
      (f) => (f.modules[1]!.type = 'robot'),
      (f) => (f.modules[1]!.id = ''),
      (f) => (f.modules[1]!.name = 5),
      (f) => (f.modules[1]!.position = { x: 'a', y: 0 }),
      (f) => (f.modules[3]!.assumptions = { durationSec: -1 }),
      (f) => (f.modules[3]!.assumptions = { durationSec: { min: 3, likely: 1, max: 2 } }),
      (f) => (f.modules[1]!.config = { mode: 'fast' }),
      (f) => (f.modules[1]!.config = null),
      (f) => (f.modules[4]!.config = { iteratorId: 7 }),
      (f) => (f.modules[0]!.config = { schedule: 5 }),
      (f) => (f.edges[0]!.filter = { mode: 'break' }),
      (f) => (f.edges[1]!.route = { priority: 1, fallback: false }),
      (f) => (f.edges[1]!.route = { priority: 1, passRate: 0.5, fallback: 'no' }),
      (f) => (f.edges[2]!.error = 'yes'),
      (f) => (f.edges[2]!.source = 3),
      (f) => (f.modules = {} as never),
      (f) => (f.edges = 'none' as never),
      (f) => (f.modules[2] = [] as never),
    ];
    for (const change of breaks) {
      const file = exampleFile();
      change(file);
      const text = current(file);
      expect(readWellFormed(read(text), schema)).toBeNull();
      expect(parseFlow(text).ok).toBe(false);
    }
  });

  it('agrees with zod on random flows, written in order or not', () => {
    fc.assert(
      fc.property(flowArbitrary, fc.boolean(), (flow, ordered) => {
        agrees(ordered ? serializeFlow(flow) : JSON.stringify({ ...flow, version: CURRENT_VERSION }));
      }),
      { numRuns: 150 },
    );
  });

  it('agrees with zod on random flows with one field of a module or an edge set to any JSON value or removed', () => {
    const fields = ['id', 'type', 'name', 'position', 'assumptions', 'config', 'source', 'target', 'filter', 'route', 'error', 'x', 'mode', 'passRate', 'fallback', 'priority', 'durationSec', 'iteratorId', 'schedule', 'conditions'];
    fc.assert(
      fc.property(flowArbitrary, fc.nat(), fc.constantFrom(...fields), fc.option(fc.jsonValue(), { nil: undefined }), (flow, at, field, value) => {
        const file = read(serializeFlow(flow));
        const items = [...(file.modules as Json[]), ...(file.edges as Json[])];
        if (items.length === 0) return;
        // The item itself, or one of the objects inside it (position, assumptions, config, filter, route).
        const item = items[at % items.length]!;
        const inner = Object.values(item).filter((v): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v));
        const target = at % 3 === 0 && inner.length > 0 ? inner[at % inner.length]! : item;
        if (value === undefined) delete target[field];
        else target[field] = value;
        agrees(JSON.stringify(file));
      }),
      { numRuns: 400 },
    );
    // 400 flows read twice (2.6 s alone at load 24): past Vitest's 5 s on a loaded machine (load 24 on 2 cores).
  }, 60_000);
});

describe('readWellFormed: no copy of what is already in the schema order', () => {
  it('gives a file written by serializeFlow its own parsed modules and edges, and copies the ones out of order', () => {
    const raw = read(serializeFlow(generateFlow({ modules: 60, seed: 4, rangeShare: 0.4 })));
    const flow = readWellFormed(raw, schema)!;
    expect(flow.edges).toBe(raw.edges);
    // serializeFlow writes a router's and an aggregator's config before its assumptions; zod the other way round.
    const inOrder = (m: Json) => !('config' in m && 'assumptions' in m) || Object.keys(m).indexOf('assumptions') < Object.keys(m).indexOf('config');
    const modules = raw.modules as Json[];
    expect(modules.filter(inOrder).length).toBeGreaterThan(modules.length / 2);
    modules.forEach((m, i) => expect((flow.modules as Json[])[i] === m).toBe(inOrder(m)));
    const shuffled = read(serializeFlow(generateFlow({ modules: 60, seed: 4, rangeShare: 0.4 })));
    const first = (shuffled.modules as Json[])[0]!;
    (shuffled.modules as Json[])[0] = Object.fromEntries(Object.entries(first).reverse());
    const reordered = readWellFormed(shuffled, schema)!;
    expect(reordered.modules).not.toBe(shuffled.modules);
    expect((reordered.modules as Json[])[0]).not.toBe((shuffled.modules as Json[])[0]);
    expect((reordered.modules as Json[])[1]).toBe((shuffled.modules as Json[])[1]);
    expect(Object.keys((reordered.modules as Json[])[0]!)).toEqual(Object.keys(first));
  });
});
