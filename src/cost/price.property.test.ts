import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { brokenFlowArbitrary, validFlowArbitrary } from '../model/testing/arbitraries';
import type { Estimate, Flow, Module } from '../model/types';
import { priceFlow } from './price';
import type { FlowCost } from './types';

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/** Modules whose chain of enclosing loops contains `iteratorId` (the loop's body, nested loops included). */
function bodyOf(cost: FlowCost, iteratorId: string): string[] {
  const out: string[] = [];
  for (const node of cost.nodes) {
    let loop = node.loopId;
    for (let guard = 0; loop !== undefined && guard < 100; guard++) {
      if (loop === iteratorId) {
        out.push(node.id);
        break;
      }
      loop = cost.byId.get(loop)?.loopId;
    }
  }
  return out;
}

const double = (e: Estimate): Estimate => (typeof e === 'number' ? 2 * e : { min: 2 * e.min, likely: 2 * e.likely, max: 2 * e.max });

// Property tests run many flows; allow for a busy machine.
const SLOW = { timeout: 60_000 };

describe('priceFlow properties over generated valid flows', () => {
  it('every credit figure is finite and ≥ 0, the total is the sum of the nodes, and nothing warns', SLOW, () => {
    fc.assert(
      fc.property(validFlowArbitrary({ maxModules: 120 }), (flow) => {
        const cost = priceFlow(flow);
        let sum = 0;
        for (const node of cost.nodes) {
          for (const v of [node.executions, node.attempt, node.surcharge, node.credits, node.retryFactor]) {
            expect(Number.isFinite(v)).toBe(true);
            expect(v).toBeGreaterThanOrEqual(0);
          }
          sum += node.credits;
        }
        expect(close(cost.total, sum)).toBe(true);
        expect(cost.warnings).toEqual([]);
        expect(cost.nodes).toHaveLength(flow.modules.length);
        for (const e of flow.edges) {
          const f = cost.edges.get(e.id)!;
          expect(f.passed).toBeLessThanOrEqual(f.count + 1e-12);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("doubling a loop's iterations doubles its body's executions", SLOW, () => {
    fc.assert(
      fc.property(validFlowArbitrary({ minModules: 5, maxModules: 80 }), fc.nat(), (flow, pick) => {
        const iterators = flow.modules.filter((m) => m.type === 'iterator');
        fc.pre(iterators.length > 0);
        const it = iterators[pick % iterators.length]!;
        const before = priceFlow(flow);
        const N = it.assumptions?.iterations ?? 10;
        const doubled: Flow = {
          ...flow,
          modules: flow.modules.map((m): Module => (m === it ? { ...m, assumptions: { ...m.assumptions, iterations: double(N) } } : m)),
        };
        const after = priceFlow(doubled);
        const body = bodyOf(before, it.id);
        expect(body.length).toBeGreaterThan(0);
        for (const id of body) expect(close(after.byId.get(id)!.executions, 2 * before.byId.get(id)!.executions)).toBe(true);
        // Outside the loop nothing before the iterator moves.
        expect(after.byId.get(it.id)!.executions).toBe(before.byId.get(it.id)!.executions);
      }),
      { numRuns: 150 },
    );
  });

  it('a filter whose pass rate is 1 costs exactly what no filter costs', SLOW, () => {
    fc.assert(
      fc.property(validFlowArbitrary({ minModules: 3, maxModules: 80 }), (flow) => {
        const always: Flow = { ...flow, edges: flow.edges.map((e) => (e.filter ? { ...e, filter: { ...e.filter, passRate: 1 } } : e)) };
        const none: Flow = { ...flow, edges: flow.edges.map(({ filter: _filter, ...e }) => e) };
        const a = priceFlow(always);
        const b = priceFlow(none);
        expect(a.total).toBe(b.total);
        expect(a.nodes.map((n) => n.executions)).toEqual(b.nodes.map((n) => n.executions));
      }),
      { numRuns: 100 },
    );
  });

  it('never throws on structurally broken flows, and what it prices stays finite and ≥ 0', SLOW, () => {
    fc.assert(
      fc.property(brokenFlowArbitrary({ maxModules: 40 }), (flow) => {
        const cost = priceFlow(flow);
        expect(Number.isFinite(cost.total)).toBe(true);
        expect(cost.total).toBeGreaterThanOrEqual(0);
        for (const w of cost.warnings) expect(w.message.length).toBeGreaterThan(10);
      }),
      { numRuns: 200 },
    );
  });
});
