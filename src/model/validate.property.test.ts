import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PROBLEM_CODES, validateFlow } from './validate';
import { generateFlow } from './generate';
import { buildGraph, reachableFrom } from './graph';
import { brokenFlowArbitrary, validFlowArbitrary } from './testing/arbitraries';
import { flowArbitrary as schemaFlowArbitrary } from '../io/testing/flowArbitrary';
import { MODULE_TYPES, type Edge, type Flow, type Module, type ModuleType } from './types';

/**
 * A small local generator of structurally valid flows, built from fast-check choices so
 * failures shrink: each new module hangs under an earlier one that may still branch
 * (routers always, others while they have no outgoing edge); an aggregator closes an
 * iterator above it; an octopus may merge two open ends.
 */
const stepArb = fc.record({
  type: fc.constantFrom<ModuleType>(...MODULE_TYPES.filter((t) => t !== 'trigger')),
  parent: fc.nat(),
  second: fc.nat(),
  rate: fc.double({ min: 0, max: 1, noNaN: true }),
  filter: fc.constantFrom<'none' | 'break' | 'skip'>('none', 'break', 'skip'),
  exclusive: fc.boolean(),
  iterations: fc.double({ min: 0, max: 1000, noNaN: true }),
  retries: fc.double({ min: 0, max: 3, noNaN: true }),
});

type Step = typeof stepArb extends fc.Arbitrary<infer T> ? T : never;

function buildValidFlow(steps: Step[]): Flow {
  const modules: Module[] = [{ id: 'm0', type: 'trigger', name: 'Start', position: { x: 0, y: 0 } }];
  const edges: Edge[] = [];
  const outCount = new Map<string, number>([['m0', 0]]);
  /** Iterators above each module, nearest last. */
  const loops = new Map<string, string[]>([['m0', []]]);
  const routerShare = new Map<string, number>();
  const open = (): Module[] => modules.filter((m) => m.type === 'router' || (outCount.get(m.id) ?? 0) === 0);
  steps.forEach((step, i) => {
    const id = `m${i + 1}`;
    const candidates = open();
    const parent = candidates[step.parent % candidates.length]!;
    let type = step.type;
    if (type === 'aggregator' && (loops.get(parent.id) ?? []).length === 0) type = 'action';
    const base = { id, name: `${type} ${i + 1}`, position: { x: 0, y: i * 10 }, assumptions: { retries: step.retries } };
    let module: Module;
    if (type === 'router') module = { ...base, type, config: { mode: step.exclusive ? 'exclusive' : 'standard' } };
    else if (type === 'aggregator') module = { ...base, type, config: { iteratorId: loops.get(parent.id)!.at(-1)! } };
    else if (type === 'iterator') module = { ...base, type, assumptions: { ...base.assumptions, iterations: step.iterations } };
    else module = { ...base, type } as Module;
    const connect = (from: Module, edgeId: string): void => {
      const e: Edge = { id: edgeId, source: from.id, target: id };
      if (from.type === 'router') {
        const mode = (from as Extract<Module, { type: 'router' }>).config.mode;
        const used = routerShare.get(from.id) ?? 0;
        const passRate = mode === 'exclusive' ? Math.min(step.rate, Math.max(0, 1 - used)) * 0.999 : step.rate;
        routerShare.set(from.id, used + passRate);
        e.route = { priority: (outCount.get(from.id) ?? 0) + 1, passRate, fallback: false };
      } else if (step.filter !== 'none') {
        const mode = step.filter === 'skip' && !['router', 'iterator', 'aggregator'].includes(type) ? 'skip' : 'break';
        e.filter = { mode, passRate: step.rate };
      }
      edges.push(e);
      outCount.set(from.id, (outCount.get(from.id) ?? 0) + 1);
    };
    connect(parent, `e${i + 1}`);
    if (type === 'octopus') {
      const others = open().filter((m) => m.id !== parent.id);
      if (others.length > 0) connect(others[step.second % others.length]!, `e${i + 1}b`);
    }
    modules.push(module);
    outCount.set(id, 0);
    const above = loops.get(parent.id) ?? [];
    loops.set(id, type === 'iterator' ? [...above, id] : type === 'aggregator' ? above.slice(0, -1) : above);
  });
  return { format: 'creditflow', version: 1, name: 'Generated', settings: { runsPerMonth: 100 }, modules, edges };
}

const validFlowArb = fc.array(stepArb, { maxLength: 40 }).map(buildValidFlow);

/** Ways to break a flow: delete, retype, duplicate, rewire. Each is a path and what to do there. */
const mutationArb = fc.record({
  kind: fc.constantFrom('delete', 'replace', 'duplicate', 'rewire', 'drop-module'),
  which: fc.nat(),
  field: fc.nat(),
  junk: fc.anything({ maxDepth: 3, withNullPrototype: true, withBigInt: false }),
});

type Mutation = typeof mutationArb extends fc.Arbitrary<infer T> ? T : never;

function mutate(flow: Flow, mutations: Mutation[]): Flow {
  const copy = structuredClone(flow) as unknown as Record<string, unknown>;
  for (const m of mutations) {
    const modules = copy.modules as unknown[];
    const edges = copy.edges as unknown[];
    if (!Array.isArray(modules) || !Array.isArray(edges)) break;
    const all = [...modules, ...edges];
    if (all.length === 0) break;
    const target = all[m.which % all.length];
    switch (m.kind) {
      case 'delete':
      case 'replace': {
        if (typeof target !== 'object' || target === null) break;
        // pick a field, possibly nested one level (assumptions, config, route, filter)
        const obj = target as Record<string, unknown>;
        const keys = Object.keys(obj);
        if (keys.length === 0) break;
        const key = keys[m.field % keys.length]!;
        const inner = obj[key];
        if (typeof inner === 'object' && inner !== null && m.field % 2 === 0 && Object.keys(inner).length > 0) {
          const innerKeys = Object.keys(inner);
          const k2 = innerKeys[m.field % innerKeys.length]!;
          if (m.kind === 'delete') delete (inner as Record<string, unknown>)[k2];
          else (inner as Record<string, unknown>)[k2] = m.junk;
        } else if (m.kind === 'delete') delete obj[key];
        else obj[key] = m.junk;
        break;
      }
      case 'duplicate':
        if (m.which % 2 === 0 && modules.length > 0) modules.push(structuredClone(modules[m.field % modules.length]));
        else if (edges.length > 0) edges.push(structuredClone(edges[m.field % edges.length]));
        break;
      case 'rewire': {
        const ids = modules.map((x) => (x as { id?: unknown })?.id);
        const e = edges[m.which % Math.max(1, edges.length)] as Record<string, unknown> | undefined;
        if (e && typeof e === 'object') {
          e[m.field % 2 === 0 ? 'source' : 'target'] = ids[m.field % Math.max(1, ids.length)] ?? 'nowhere';
        }
        break;
      }
      case 'drop-module':
        modules.splice(m.which % modules.length, 1);
        break;
    }
  }
  return copy as unknown as Flow;
}

function wellFormed(problems: ReturnType<typeof validateFlow>): void {
  for (const p of problems) {
    // the last-resort catch must never be what handles a generated input
    expect(p.code, p.message).not.toBe('validation-failed');
    expect(PROBLEM_CODES).toHaveProperty(p.code);
    expect(p.severity).toBe(PROBLEM_CODES[p.code as keyof typeof PROBLEM_CODES]);
    expect(typeof p.message).toBe('string');
    expect(p.message.length).toBeGreaterThan(0);
    expect(p.message).not.toContain('undefined');
    expect(p.message).not.toContain('[object Object]');
  }
}

describe('validateFlow, properties', () => {
  it('finds no problem in valid flows from the local generator', () => {
    fc.assert(
      fc.property(validFlowArb, (flow) => {
        // the generator may leave an iterator with nothing after it: the one warning allowed
        const problems = validateFlow(flow).filter((p) => p.code !== 'iterator-empty-loop');
        expect(problems).toEqual([]);
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('finds no problem in valid flows from generateFlow', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 300 }), (seed, size) => {
        const flow = generateFlow({ modules: size, seed });
        const problems = validateFlow(flow);
        expect(problems.filter((p) => size > 0 || p.code !== 'no-trigger')).toEqual([]);
      }),
      { numRuns: 100 },
    );
  }, 60_000);

  it('finds no problem in the shared valid-flow arbitrary (ranges included)', () => {
    fc.assert(
      fc.property(validFlowArbitrary({ maxModules: 120 }), (flow) => {
        expect(validateFlow(flow)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  }, 60_000);

  it('never throws on the shared broken-flow arbitrary, and names what was broken', () => {
    fc.assert(
      fc.property(brokenFlowArbitrary({ maxModules: 60 }), (flow) => {
        const problems = validateFlow(flow);
        wellFormed(problems);
        const ids = new Set(flow.modules.map((m) => m.id));
        const dangling = flow.edges.filter((e) => !ids.has(e.target)).map((e) => e.id);
        expect(problems.filter((p) => p.code === 'edge-missing-module').map((p) => p.edgeId).sort()).toEqual(dangling.sort());
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('never throws on flows that fit the file schema (io arbitrary)', () => {
    fc.assert(
      fc.property(schemaFlowArbitrary, (flow) => {
        wellFormed(validateFlow(flow));
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('never throws on mutated flows, and every problem is well formed and points at something real', () => {
    fc.assert(
      fc.property(validFlowArb, fc.array(mutationArb, { minLength: 1, maxLength: 6 }), (flow, mutations) => {
        const broken = mutate(flow, mutations);
        const problems = validateFlow(broken);
        wellFormed(problems);
        const moduleIds = new Set((broken.modules as unknown[]).map((m) => (m as { id?: unknown })?.id));
        const edgeIds = new Set((broken.edges as unknown[]).map((e) => (e as { id?: unknown })?.id));
        for (const p of problems) {
          if (p.moduleId !== undefined) expect(moduleIds.has(p.moduleId)).toBe(true);
          if (p.edgeId !== undefined) expect(edgeIds.has(p.edgeId)).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  }, 120_000);

  it('never throws on arbitrary JSON-like values', () => {
    const loose = fc.record({
      modules: fc.array(fc.anything({ maxDepth: 3 }), { maxLength: 8 }),
      edges: fc.array(fc.anything({ maxDepth: 3 }), { maxLength: 8 }),
      settings: fc.anything({ maxDepth: 2 }),
    });
    fc.assert(
      fc.property(fc.oneof(loose, fc.anything()), (doc) => {
        wellFormed(validateFlow(doc as unknown as Flow));
      }),
      { numRuns: 500 },
    );
  }, 60_000);

  it('agrees with buildGraph on cycles and with reachableFrom on unreachable modules', () => {
    fc.assert(
      fc.property(validFlowArb, fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 6 }), (flow, extra) => {
        const ids = flow.modules.map((m) => m.id);
        extra.forEach(([a, b], i) => flow.edges.push({ id: `x${i}`, source: ids[a % ids.length]!, target: ids[b % ids.length]! }));
        const problems = validateFlow(flow);
        const graph = buildGraph(flow);
        const loops = problems.filter((p) => p.code === 'cycle' || p.code === 'self-loop');
        expect(loops.length > 0).toBe(graph.cyclic.size > 0);
        const reached = reachableFrom(graph, 'm0');
        const unreachable = problems.filter((p) => p.code === 'unreachable').map((p) => p.moduleId);
        expect(unreachable).toEqual(ids.filter((id) => !reached.has(id)));
      }),
      { numRuns: 500 },
    );
  }, 60_000);
});
