import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { brokenFlowArbitrary, validFlowArbitrary } from '../model/testing/arbitraries';
import { priceFlow } from './price';
import { sensitivityOf } from './sensitivity';
import { lintFlow } from './lint';

/** Relative tolerance for comparing monthly totals that went through different float paths. */
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

describe('sensitivity on generated flows', () => {
  it('each bar spans its two ends and the base month; the ends bracket the base (monotone) for every input but an exclusive route, sorted by swing', () => {
    fc.assert(
      fc.property(validFlowArbitrary({ maxModules: 30 }), (flow) => {
        const { base, bars } = sensitivityOf(flow, { top: 1000 });
        expect(close(base, priceFlow(flow).perMonth)).toBe(true);
        const modules = new Map(flow.modules.map((m) => [m.id, m]));
        const edges = new Map(flow.edges.map((e) => [e.id, e]));
        // A route of an exclusive router takes its share from the routes after it and the fallback,
        // so the month may rise and then fall along its sweep; every other input moves it one way.
        const exclusiveRoute = (edgeId: string | undefined) => {
          const edge = edgeId === undefined ? undefined : edges.get(edgeId);
          const source = edge?.route ? modules.get(edge.source) : undefined;
          return source?.type === 'router' && (source.config as { mode?: unknown } | undefined)?.mode === 'exclusive';
        };
        for (const bar of bars) {
          expect(bar.low).toBe(Math.min(bar.atFrom, bar.atTo, base));
          expect(bar.high).toBe(Math.max(bar.atFrom, bar.atTo, base));
          if (!exclusiveRoute(bar.target.edgeId)) {
            const [lo, hi] = bar.atFrom <= bar.atTo ? [bar.atFrom, bar.atTo] : [bar.atTo, bar.atFrom];
            expect(lo <= base || close(lo, base)).toBe(true);
            expect(hi >= base || close(hi, base)).toBe(true);
          }
          expect(bar.swing).toBeCloseTo(bar.high - bar.low, 6);
          expect(bar.swing).toBeGreaterThan(0);
        }
        for (let i = 1; i < bars.length; i++) expect(bars[i - 1]!.swing).toBeGreaterThanOrEqual(bars[i]!.swing);
      }),
      { numRuns: 25 },
    );
  });
});

describe('cost lint on generated flows', () => {
  it('never throws, and every fix saves something (unreachable modules: exactly 0)', () => {
    fc.assert(
      fc.property(fc.oneof(validFlowArbitrary({ maxModules: 40 }), brokenFlowArbitrary({ maxModules: 25 })), (flow) => {
        const findings = lintFlow(flow);
        const month = priceFlow(flow).perMonth;
        for (const f of findings) {
          expect(Number.isFinite(f.savings)).toBe(true);
          if (f.rule === 'unreachable') expect(f.savings).toBe(0);
          else {
            expect(f.savings).toBeGreaterThan(0);
            expect(f.savings <= month || close(f.savings, month)).toBe(true);
          }
          expect(f.moduleId ?? f.edgeId).toBeDefined();
          expect(f.message.length).toBeGreaterThan(0);
        }
        for (let i = 1; i < findings.length; i++) expect(findings[i - 1]!.savings).toBeGreaterThanOrEqual(findings[i]!.savings);
      }),
      { numRuns: 40 },
    );
  });
});
