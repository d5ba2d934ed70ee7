import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { validFlowArbitrary, brokenFlowArbitrary } from '../model/testing/arbitraries';
import type { Edge, Estimate, Flow, Module } from '../model/types';
import { priceFlow } from './price';
import { createPricer } from './pricer';
import type { FlowCost } from './types';

/** Everything a cost says, as plain data (the maps as arrays). */
function plain(cost: FlowCost) {
  return {
    total: cost.total,
    runsPerMonth: cost.runsPerMonth,
    perMonth: cost.perMonth,
    dollarsPerRun: cost.dollarsPerRun,
    dollarsPerMonth: cost.dollarsPerMonth,
    nodes: cost.nodes.map((n) => ({ ...n, inputs: { ...n.inputs } })),
    byId: [...cost.byId.entries()].map(([id, n]) => [id, n.credits]),
    edges: [...cost.edges.values()].map((e) => ({ ...e })),
    warnings: cost.warnings,
    rateCard: cost.rateCard,
  };
}

const estimate = fc.oneof(
  fc.double({ min: 0, max: 500, noNaN: true }),
  fc.constantFrom(0, 1, 0.1, 0.2, 1e-9, 3),
  fc.tuple(fc.double({ min: 0, max: 10, noNaN: true }), fc.double({ min: 0, max: 10, noNaN: true })).map(([a, b]): Estimate => {
    const [min, max] = a <= b ? [a, b] : [b, a];
    return { min, likely: (min + max) / 2, max };
  }),
);
const share = fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 0.5, 1));

type Edit =
  | { kind: 'assumption'; at: number; key: string; value: Estimate }
  | { kind: 'name'; at: number; name: string }
  | { kind: 'same values'; at: number }
  | { kind: 'edge'; at: number; passRate: number; mode: 'skip' | 'break' }
  | { kind: 'error edge'; at: number; error: boolean }
  | { kind: 'runs'; runs: number }
  | { kind: 'rate card'; code: number }
  | { kind: 'router mode'; exclusive: boolean }
  | { kind: 'cut edge' };

const KEYS = ['durationSec', 'payloadKB', 'retries', 'extraCredits', 'pages', 'failureRate', 'iterations'];

const editArbitrary: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('assumption' as const), at: fc.nat(), key: fc.constantFrom(...KEYS), value: estimate }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('name' as const), at: fc.nat(), name: fc.string({ maxLength: 6 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('same values' as const), at: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('edge' as const), at: fc.nat(), passRate: share, mode: fc.constantFrom('skip' as const, 'break' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('error edge' as const), at: fc.nat(), error: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('runs' as const), runs: fc.integer({ min: 0, max: 100_000 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rate card' as const), code: fc.double({ min: 0, max: 5, noNaN: true }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('router mode' as const), exclusive: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cut edge' as const) }) },
);

/** The flow after one edit, made immutably as the editor's store makes it (new arrays, new objects where changed). */
function apply(flow: Flow, edit: Edit): Flow {
  const n = flow.modules.length;
  const withModule = (at: number, change: (m: Module) => Module): Flow => {
    if (n === 0) return flow;
    const modules = flow.modules.slice();
    modules[at % n] = change(modules[at % n]!);
    return { ...flow, modules };
  };
  const withEdge = (at: number, change: (e: Edge) => Edge): Flow => {
    if (flow.edges.length === 0) return flow;
    const edges = flow.edges.slice();
    edges[at % edges.length] = change(edges[at % edges.length]!);
    return { ...flow, edges };
  };
  switch (edit.kind) {
    case 'assumption':
      return withModule(edit.at, (m) => ({ ...m, assumptions: { ...m.assumptions, [edit.key]: edit.value } }) as Module);
    case 'name':
      return withModule(edit.at, (m) => ({ ...m, name: edit.name }));
    case 'same values':
      return withModule(edit.at, (m) => ({ ...m, assumptions: m.assumptions ? { ...m.assumptions } : undefined }) as Module);
    case 'edge':
      return withEdge(edit.at, (e) =>
        e.route ? { ...e, route: { ...e.route, passRate: edit.passRate } } : { ...e, filter: { mode: edit.mode, passRate: edit.passRate } },
      );
    case 'error edge':
      return withEdge(edit.at, (e) => (edit.error ? { ...e, error: true } : { ...e, error: undefined }));
    case 'runs':
      return { ...flow, settings: { ...flow.settings, runsPerMonth: edit.runs } };
    case 'rate card':
      return { ...flow, settings: { ...flow.settings, rateCard: { baseCredits: { code: edit.code } } } };
    case 'router mode': {
      const at = flow.modules.findIndex((m) => m.type === 'router');
      if (at === -1) return flow;
      return withModule(at, (m) => ({ ...m, config: { mode: edit.exclusive ? 'exclusive' : 'all' } }) as Module);
    }
    case 'cut edge':
      return { ...flow, edges: flow.edges.slice(0, -1) };
  }
}

// Property tests run many flows; allow for a busy machine.
const SLOW = { timeout: 120_000 };

describe('createPricer: incremental pricing equals a full pass after any edits', () => {
  for (const [name, flows] of [
    ['valid flows', validFlowArbitrary({ maxModules: 40 })],
    ['flows with problems', brokenFlowArbitrary({ maxModules: 30 })],
  ] as const) {
    it(`${name}: every figure, to the last bit, after every edit of a random sequence`, SLOW, () => {
      fc.assert(
        fc.property(flows, fc.array(editArbitrary, { maxLength: 25 }), (start, edits) => {
          const pricer = createPricer();
          let flow = start;
          expect(plain(pricer.price(flow))).toStrictEqual(plain(priceFlow(flow)));
          for (const edit of edits) {
            flow = apply(flow, edit);
            const incremental = pricer.price(flow);
            const full = priceFlow(flow);
            expect(plain(incremental)).toStrictEqual(plain(full));
            // toStrictEqual treats +0 and −0 as different, and NaN as NaN: Object.is, not ===.
            expect(Object.is(incremental.total, full.total)).toBe(true);
          }
        }),
        { numRuns: 150 },
      );
    });
  }

  it('an edit that moves no count prices only the changed module and keeps every other node', () => {
    const pricer = createPricer();
    const base = validFlowOf(300);
    const first = pricer.price(base);
    const at = base.modules.findIndex((m, i) => i > 0 && m.type === 'action');
    const modules = base.modules.slice();
    modules[at] = { ...modules[at]!, assumptions: { ...modules[at]!.assumptions, durationSec: 77 } } as Module;
    const second = pricer.price({ ...base, modules });
    expect(pricer.fullPasses).toBe(1);
    expect(second.nodes.filter((node, i) => node !== first.nodes[i]).map((node) => node.id)).toEqual([modules[at]!.id]);
    expect(second.edges).toBe(first.edges);
    expect(plain(second)).toStrictEqual(plain(priceFlow({ ...base, modules })));
  });

  it('a change of a count (a failure share) prices every module again', () => {
    const pricer = createPricer();
    const base = validFlowOf(100);
    pricer.price(base);
    const at = base.modules.findIndex((m, i) => i > 0 && m.type === 'action');
    const modules = base.modules.slice();
    modules[at] = { ...modules[at]!, assumptions: { ...modules[at]!.assumptions, failureRate: 0.25 } } as Module;
    const flow = { ...base, modules };
    expect(plain(pricer.price(flow))).toStrictEqual(plain(priceFlow(flow)));
    expect(pricer.fullPasses).toBe(2);
  });
});

function validFlowOf(modules: number): Flow {
  return fc.sample(validFlowArbitrary({ minModules: modules, maxModules: modules }), { seed: 7, numRuns: 1 })[0]!;
}
