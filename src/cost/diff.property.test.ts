import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { validFlowArbitrary } from '../model/testing/arbitraries';
import type { Flow, Module } from '../model/types';
import { diffFlows, sameNumber } from './diff';

// Property tests run many flows; allow for a busy machine.
const SLOW = { timeout: 60_000 };

/**
 * A second version of a flow: some modules dropped (with their edges), some assumptions
 * scaled, some modules of another generated flow added under fresh ids.
 */
const editedPair = fc
  .tuple(
    validFlowArbitrary({ maxModules: 80 }),
    validFlowArbitrary({ maxModules: 20 }),
    fc.array(fc.nat(), { maxLength: 6 }),
    fc.array(fc.tuple(fc.nat(), fc.double({ min: 0.1, max: 5, noNaN: true })), { maxLength: 6 }),
  )
  .map(([flow, extra, drops, scales]): [Flow, Flow] => {
    const after = structuredClone(flow);
    const dropped = new Set(drops.map((i) => after.modules[i % after.modules.length]?.id));
    after.modules = after.modules.filter((m) => !dropped.has(m.id));
    after.edges = after.edges.filter((e) => !dropped.has(e.source) && !dropped.has(e.target));
    for (const [i, factor] of scales) {
      const m = after.modules[i % Math.max(1, after.modules.length)];
      if (m) m.assumptions = { ...m.assumptions, durationSec: (i % 7) * factor };
    }
    for (const m of extra.modules) after.modules.push({ ...m, id: `new-${m.id}` } as Module);
    for (const e of extra.edges) after.edges.push({ ...e, id: `new-${e.id}`, source: `new-${e.source}`, target: `new-${e.target}` });
    return [flow, after];
  });

describe('diffFlows properties over generated flows', () => {
  it('a flow against itself, or a deep copy of it: every module and edge unchanged, every delta exactly zero', SLOW, () => {
    fc.assert(
      fc.property(validFlowArbitrary({ maxModules: 120 }), (flow) => {
        for (const other of [flow, structuredClone(flow)]) {
          const diff = diffFlows(flow, other);
          expect(diff.modules).toHaveLength(flow.modules.length);
          for (const m of diff.modules) {
            expect(m.status).toBe('unchanged');
            expect(m.delta).toEqual({ executions: 0, credits: 0 });
            expect(m.edits).toEqual([]);
          }
          expect(diff.edges.every((e) => e.status === 'unchanged' && e.edits.length === 0)).toBe(true);
          expect(diff.delta).toEqual({ total: 0, perMonth: 0, percent: 0 });
          expect(diff.assumptionsChanged).toBe(0);
          expect(diff.rateCardChanged).toBe(false);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('added + removed + changed + unchanged is the union of the ids, each id once, each on the right side', SLOW, () => {
    fc.assert(
      fc.property(fc.oneof(editedPair, fc.tuple(validFlowArbitrary({ maxModules: 60 }), validFlowArbitrary({ maxModules: 60 }))), ([a, b]) => {
        const diff = diffFlows(a, b);
        const before = new Set(a.modules.map((m) => m.id));
        const after = new Set(b.modules.map((m) => m.id));
        const union = new Set([...before, ...after]);
        const { added, removed, changed, unchanged } = diff.moduleCounts;
        expect(added + removed + changed + unchanged).toBe(union.size);
        const ids = diff.modules.map((m) => m.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(new Set(ids)).toEqual(union);
        for (const m of diff.modules) {
          expect(m.status === 'added').toBe(!before.has(m.id));
          expect(m.status === 'removed').toBe(!after.has(m.id));
          if (m.status === 'unchanged') {
            expect(sameNumber(m.before!.credits, m.after!.credits) && sameNumber(m.before!.executions, m.after!.executions)).toBe(true);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('the module deltas add up to the total delta, sorted largest first; swapping the sides negates it', SLOW, () => {
    fc.assert(
      fc.property(editedPair, ([a, b]) => {
        const diff = diffFlows(a, b);
        const sum = diff.modules.reduce((s, m) => s + m.delta.credits, 0);
        expect(sameNumber(sum + diff.before.total, diff.after.total)).toBe(true);
        for (let i = 1; i < diff.modules.length; i++)
          expect(Math.abs(diff.modules[i - 1]!.delta.credits)).toBeGreaterThanOrEqual(Math.abs(diff.modules[i]!.delta.credits));
        const back = diffFlows(b, a);
        expect(back.delta.total + diff.delta.total).toBe(0);
        expect(back.moduleCounts).toEqual({ ...diff.moduleCounts, added: diff.moduleCounts.removed, removed: diff.moduleCounts.added });
      }),
      { numRuns: 60 },
    );
  });
});
