import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileFlow, compileGraph, compileWork, UNKNOWN_KIND, type CompiledFlow } from './compiled';
import { inSlices } from './stepwise';
import { MODULE_TYPES } from './types';
import { validateFlowWithGraph } from './validate';
import { brokenFlowArbitrary, validFlowArbitrary } from './testing/arbitraries';
import { flowArbitrary } from '../io/testing/flowArbitrary';
import { generateFlow } from './generate';
import type { Flow } from './types';

const ids = (modules: { id: string }[], list: ArrayLike<number>) => Array.from(list, (v) => modules[v]!.id);

describe('compileGraph', () => {
  it('orders modules topologically, marks cycles and leaves edges to missing modules out', () => {
    const modules = [{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }, { id: 'e' }];
    const edges = [
      { source: 'a', target: 'b' },
      { source: 'c', target: 'd' },
      { source: 'd', target: 'c' },
      { source: 'd', target: 'e' },
      { source: 'b', target: 'gone' },
    ];
    const g = compileGraph(modules, edges);
    expect(ids(modules, g.topological)).toEqual(['a', 'b']);
    expect(ids(modules, [0, 1, 2, 3, 4].filter((v) => g.cyclic[v] === 1))).toEqual(['c', 'd', 'e']);
    expect(g.edgeSource[4]).toBe(-1);
    expect(g.edgeTarget[4]).toBe(-1);
    expect(g.outStart[2]! - g.outStart[1]!).toBe(0); // b's edge to a missing module is not adjacency
  });

  it('gives a duplicate id no edges: the first module with the id has them', () => {
    const modules = [{ id: 'a' }, { id: 'b' }, { id: 'a' }];
    const g = compileGraph(modules, [{ source: 'a', target: 'b' }]);
    expect(g.index.get('a')).toBe(0);
    expect(g.edgeSource[0]).toBe(0);
    expect(g.outStart[3]! - g.outStart[2]!).toBe(0);
  });

  it("given each edge's ends already looked up (validation's), builds the very graph it builds looking them up", () => {
    const id = fc.constantFrom('a', 'b', 'c', 'd', 'e');
    fc.assert(
      fc.property(fc.uniqueArray(id, { minLength: 1 }), fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 12 }), (names, pairs) => {
        const modules = names.map((name) => ({ id: name }));
        const edges = pairs.map(([s, t]) => ({ source: names[s % names.length]!, target: names[t % names.length]! }));
        const alone = compileGraph(modules, edges);
        const ends = { source: Int32Array.from(edges, (e) => alone.index.get(e.source)!), target: Int32Array.from(edges, (e) => alone.index.get(e.target)!) };
        const { index, ...given } = compileGraph(modules, edges, alone.index, ends);
        const { index: aloneIndex, ...looked } = alone;
        expect(given).toEqual(looked);
        expect(index).toBe(aloneIndex);
      }),
    );
  });
});

describe('compileFlow', () => {
  it('pairs each aggregator of a generated flow with an iterator it is inside of', () => {
    const flow: Flow = generateFlow({ modules: 300, seed: 5 });
    const plan = compileFlow(flow);
    let closing = 0;
    for (let v = 0; v < plan.size; v++) {
      const m = flow.modules[v]!;
      if (m.type !== 'aggregator' || plan.closes[v] === -1) continue;
      closing++;
      expect(flow.modules[plan.closes[v]!]!.id).toBe(m.config.iteratorId);
    }
    expect(closing).toBeGreaterThan(0);
    expect(plan.order.length).toBe(flow.modules.length); // a generated flow is valid: everything runs
  });

  it('resolves every edge end, id and kind as a plain lookup would, whatever the ids (repeated, empty, missing) and the edge order', () => {
    const id = fc.constantFrom('a', 'b', 'c', 'd', '', 'trigger');
    const type = fc.constantFrom('trigger', 'action', 'iterator', 'aggregator', 'router', 'search', 'code', 'no-such-kind');
    fc.assert(
      fc.property(
        fc.array(fc.record({ id, type }), { maxLength: 12 }),
        fc.array(fc.record({ source: fc.oneof(id, fc.constant(undefined)), target: id }), { maxLength: 20 }),
        (modules, ends) => {
          const edges = ends.map((end, e) => ({ id: `e${e}`, ...end }));
          const plan = compileFlow({ modules, edges } as unknown as Flow);
          const first = (x: unknown) => {
            const i = modules.findIndex((m) => m.id === x);
            return typeof x === 'string' && i !== -1 ? i : -1;
          };
          expect(Array.from(plan.edgeSource, (s, e) => (s === -1 || plan.edgeTarget[e] === -1 ? -1 : s))).toEqual(
            edges.map((edge) => (first(edge.target) === -1 ? -1 : first(edge.source))),
          );
          expect(Array.from(plan.edgeTarget, (t, e) => (plan.edgeSource[e] === -1 ? -1 : t))).toEqual(
            edges.map((edge) => (first(edge.source) === -1 ? -1 : first(edge.target))),
          );
          expect(plan.ids).toEqual(modules.map((m) => m.id));
          expect(Array.from(plan.kinds)).toEqual(modules.map((m) => (MODULE_TYPES as readonly string[]).indexOf(m.type)).map((k) => (k === -1 ? UNKNOWN_KIND : k)));
          expect(plan.trigger).toBe(modules.findIndex((m, i) => m.type === 'trigger' && first(m.id) === i));
        },
      ),
    );
  });

  it("given validation's graph, compiles the very structure it compiles alone (the command prices with it)", () => {
    const same = (flow: Flow) => {
      const { graph } = validateFlowWithGraph(flow);
      const alone = compileFlow(flow);
      if (!graph) return false;
      const shared = compileFlow(flow, graph);
      const { edgeIndex: a, index: ai, ...restAlone } = alone;
      const { edgeIndex: b, index: bi, ...restShared } = shared;
      expect(restShared).toEqual(restAlone);
      expect(bi.ids).toEqual(ai.ids);
      expect(b().ids).toEqual(a().ids);
      return true;
    };
    let given = 0;
    fc.assert(fc.property(fc.oneof(validFlowArbitrary(), brokenFlowArbitrary(), flowArbitrary), (flow) => void (same(flow) && given++)));
    expect(same(generateFlow({ modules: 300, seed: 4 }))).toBe(true);
    expect(given).toBeGreaterThan(10);
    // The graph of fewer modules and edges (as when validation drops some) is not taken.
    const flow = generateFlow({ modules: 20, seed: 2 });
    const kept = new Set(flow.modules.slice(0, 19).map((m) => m.id));
    const { graph } = validateFlowWithGraph({ ...flow, modules: flow.modules.slice(0, 19), edges: flow.edges.filter((e) => kept.has(e.source) && kept.has(e.target)) });
    expect(graph?.size).toBe(19);
    expect(compileFlow(flow, graph)).toMatchObject({ ids: flow.modules.map((m) => m.id), order: compileFlow(flow).order });
  });
});

describe('compileWork in slices', () => {
  /** A plan's data (its lazy edge index aside, checked apart). */
  const planData = ({ edgeIndex, ...plan }: CompiledFlow) => ({ ...plan, edgeIds: edgeIndex().ids });

  it('compiles, a slice of any size at a time, the very plan compileFlow does (its edges indexed ahead or not)', () => {
    fc.assert(
      fc.property(fc.oneof(validFlowArbitrary({ maxModules: 40 }), brokenFlowArbitrary({ maxModules: 30 })), fc.integer({ min: 1, max: 50 }), fc.boolean(), (flow, slice, indexEdges) => {
        const steps = inSlices(compileWork(flow, undefined, indexEdges), slice);
        let next = steps.next();
        while (!next.done) next = steps.next();
        expect(planData(next.value)).toEqual(planData(compileFlow(flow)));
      }),
      { numRuns: 150 },
    );
  });
});
