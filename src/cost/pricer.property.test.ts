import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { validFlowArbitrary, brokenFlowArbitrary } from '../model/testing/arbitraries';
import type { Flow, Module } from '../model/types';
import { editArbitrary, expectEditsPricedInFull } from './testing/edits';
import { priceFlow } from './price';
import { createPricer } from './pricer';
import { costData } from './testing/costData';

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
          expect(costData(pricer.price(start))).toStrictEqual(costData(priceFlow(start)));
          expectEditsPricedInFull(pricer, start, edits);
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
    expect(costData(second)).toStrictEqual(costData(priceFlow({ ...base, modules })));
  });

  it('a change of a count (a failure share) prices every module again', () => {
    const pricer = createPricer();
    const base = validFlowOf(100);
    pricer.price(base);
    const at = base.modules.findIndex((m, i) => i > 0 && m.type === 'action');
    const modules = base.modules.slice();
    modules[at] = { ...modules[at]!, assumptions: { ...modules[at]!.assumptions, failureRate: 0.25 } } as Module;
    const flow = { ...base, modules };
    expect(costData(pricer.price(flow))).toStrictEqual(costData(priceFlow(flow)));
    expect(pricer.fullPasses).toBe(2);
  });
});

function validFlowOf(modules: number): Flow {
  return fc.sample(validFlowArbitrary({ minModules: modules, maxModules: modules }), { seed: 7, numRuns: 1 })[0]!;
}
