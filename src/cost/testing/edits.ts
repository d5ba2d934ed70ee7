/**
 * Random edits of a flow for property tests of incremental work (pricing, platform units): each
 * made immutably, as the editor's store makes it (new arrays, new objects where something changed).
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import type { FlowCost } from '../types';
import type { Pricer } from '../pricer';
import { priceFlow } from '../price';
import { costData } from './costData';
import type { Edge, Estimate, Flow, Module } from '../../model/types';

const estimate = fc.oneof(
  fc.double({ min: 0, max: 500, noNaN: true }),
  fc.constantFrom(0, 1, 0.1, 0.2, 1e-9, 3),
  fc.tuple(fc.double({ min: 0, max: 10, noNaN: true }), fc.double({ min: 0, max: 10, noNaN: true })).map(([a, b]): Estimate => {
    const [min, max] = a <= b ? [a, b] : [b, a];
    return { min, likely: (min + max) / 2, max };
  }),
);
const share = fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 0.5, 1));

export type Edit =
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

export const editArbitrary: fc.Arbitrary<Edit> = fc.oneof(
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
export function applyEdit(flow: Flow, edit: Edit): Flow {
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


/**
 * Applies `edits` one after the other and checks, after each, that `pricer` prices the flow as a
 * full pass (priceFlow) does, every figure to the last bit; gives the last flow.
 */
export function expectEditsPricedInFull(pricer: Pricer, start: Flow, edits: readonly Edit[]): Flow {
  let flow = start;
  for (const edit of edits) {
    flow = applyEdit(flow, edit);
    expectSameCost(pricer.price(flow), priceFlow(flow));
  }
  return flow;
}

/** Every figure of two costs alike, to the last bit. */
export function expectSameCost(actual: FlowCost, expected: FlowCost): void {
  expect(costData(actual)).toStrictEqual(costData(expected));
  // toStrictEqual treats +0 and −0 as different, and NaN as NaN: Object.is, not ===.
  expect(Object.is(actual.total, expected.total)).toBe(true);
}
