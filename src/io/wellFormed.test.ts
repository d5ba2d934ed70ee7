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
  // Without zod at all (plainFile.ts): it answers for fewer files, and never otherwise.
  const plain = readWellFormed(read(text));
  const zod = schema.safeParse(read(text));
  if (!zod.success) {
    expect(fast).toBeNull();
    expect(plain).toBeNull();
    return false;
  }
  if (plain !== null) expect(plain).toStrictEqual(zod.data);
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

describe('readWellFormed without zod: the name, settings and scenarios read as zod reads them', () => {
  /** A random flow at the current version with scenarios, a budget and unknown keys (the settings zod-free). */
  const plainFile = (flow: Parameters<typeof serializeFlow>[0]): Json => read(serializeFlow(flow));

  it('reads generated and random files with their settings and scenarios as zod does, and most of them without zod', () => {
    let answered = 0;
    fc.assert(
      fc.property(flowArbitrary, (flow) => {
        const text = serializeFlow(flow);
        agrees(text);
        if (readWellFormed(read(text)) !== null) answered++;
      }),
      { numRuns: 100 },
    );
    expect(answered).toBeGreaterThan(50);
    const file = plainFile(generateFlow({ modules: 40, seed: 2, rangeShare: 0.3 }));
    file.scenarios = [
      { id: 's1', name: 'Busy month', overrides: { runsPerMonth: { min: 1, likely: 2, max: 3 }, modules: { m2: { retries: 0.1, tag: 1 } }, edges: { e1: { passRate: 0.5, note: 'x' } }, extra: true }, colour: 'red' },
      { id: 's2', name: 'Bare' },
    ];
    (file.settings as Json).budget = { amount: 10, unit: 'dollars', note: 'q' };
    (file.settings as Json).later = [1];
    file.zeta = { any: 'thing' };
    const text = JSON.stringify(file);
    expect(agrees(text)).toBe(true);
    expect(readWellFormed(read(text))).not.toBeNull();
  });

  it("leaves a rate card or a platform table to zod, and gives zod's answer with the schema", () => {
    for (const [where, value] of [
      ['settings', { rateCard: { baseCredits: { code: 2 } } }],
      ['settings', { platforms: { make: { unitsPerRun: 1 } } }],
      ['scenarios', [{ id: 's1', name: 'A', overrides: { rateCard: { dollarsPerCredit: 0.01 } } }]],
    ] as const) {
      const file = plainFile(generateFlow({ modules: 12, seed: 1 }));
      file[where] = value;
      const text = JSON.stringify(file);
      expect(readWellFormed(read(text))).toBeNull();
      expect(agrees(text)).toBe(true);
    }
  });

  it('leaves every broken name, setting or scenario to zod (which says what is wrong)', () => {
    const breaks: ((file: Json, settings: Json, overrides: Json) => void)[] = [
      (f) => (f.name = 5),
      (f) => (f.name = 'x'.repeat(100_000)),
      (f) => (f.settings = []),
      (_f, s) => (s.runsPerMonth = -1),
      (_f, s) => (s.runsPerMonth = { min: 3, likely: 1, max: 2 }),
      (_f, s) => (s.budget = { amount: 5 }),
      (_f, s) => (s.budget = { amount: -5, unit: 'credits' }),
      (_f, s) => (s.budget = { amount: 5, unit: 'euros' }),
      (f) => (f.scenarios = {}),
      (f) => ((f.scenarios as Json[])[0]!.id = ''),
      (f) => delete (f.scenarios as Json[])[0]!.name,
      (f) => ((f.scenarios as Json[])[0]!.overrides = 'none'),
      (_f, _s, o) => (o.runsPerMonth = 'many'),
      (_f, _s, o) => (o.modules = { m1: { retries: -1 } }),
      (_f, _s, o) => (o.modules = { m1: 7 }),
      (_f, _s, o) => (o.edges = { e1: {} }),
      (_f, _s, o) => (o.edges = { e1: { passRate: 1.5 } }),
      (_f, _s, o) => (o.edges = []),
    ];
    for (const [i, change] of breaks.entries()) {
      const file = read(serializeFlow(generateFlow({ modules: 12, seed: 1 })));
      const overrides: Json = { runsPerMonth: 10, modules: { m1: { retries: 0.1 } }, edges: { e1: { passRate: 0.5 } } };
      file.scenarios = [{ id: 's1', name: 'A', overrides }];
      (file.settings as Json).budget = { amount: 5, unit: 'credits' };
      expect(agrees(JSON.stringify(file))).toBe(true);
      change(file, file.settings as Json, overrides);
      const text = JSON.stringify(file);
      expect([i, readWellFormed(read(text)) === null, schema.safeParse(read(text)).success]).toEqual([i, true, false]);
    }
  });

  it('agrees with zod on random flows with one field of the name, settings or a scenario set to any JSON value or removed', () => {
    const fields = ['name', 'settings', 'runsPerMonth', 'budget', 'amount', 'unit', 'scenarios', 'id', 'overrides', 'modules', 'edges', 'retries', 'passRate', 'format', 'version'];
    fc.assert(
      fc.property(flowArbitrary, fc.nat(), fc.constantFrom(...fields), fc.option(fc.jsonValue(), { nil: undefined }), (flow, at, field, value) => {
        const file = read(serializeFlow(flow));
        // The file, its settings, its budget, a scenario or its overrides (or one of its overridden modules).
        const scenarios = Array.isArray(file.scenarios) ? (file.scenarios as Json[]) : [];
        const scenario = scenarios[at % Math.max(1, scenarios.length)];
        const overrides = scenario?.overrides as Json | undefined;
        const overridden = overrides?.modules ? Object.values(overrides.modules as Json)[0] : undefined;
        const settings = file.settings as Json;
        const targets = [file, settings, settings.budget, scenario, overrides, overridden].filter((t): t is Json => typeof t === 'object' && t !== null);
        const target = targets[at % targets.length]!;
        if (value === undefined) delete target[field];
        else target[field] = value;
        agrees(JSON.stringify(file));
      }),
      { numRuns: 300 },
    );
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
