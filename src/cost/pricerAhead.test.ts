import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createPricer } from './pricer';
import { priceFlow } from './price';
import { generateFlow } from '../model/generate';
import { brokenFlowArbitrary, validFlowArbitrary } from '../model/testing/arbitraries';
import type { Flow } from '../model/types';
import { editArbitrary, expectEditsPricedInFull, expectSameCost } from './testing/edits';
import { costData } from './testing/costData';

// Property tests run many flows; allow for a busy machine.
const SLOW = { timeout: 120_000 };

/** Runs a pricer's steps to their end; gives how many steps there were. */
function stepsOf(steps: Generator<void, void, void>): number {
  let count = 0;
  while (!steps.next().done) count++;
  return count + 1;
}

describe('a pricer asked to price a flow ahead, in steps', () => {
  it('hands out, for that flow, the cost priceFlow works out, without compiling or pricing it again', () => {
    const flow = generateFlow({ modules: 400, seed: 11, rangeShare: 0.3 });
    const pricer = createPricer();
    stepsOf(pricer.priceInSteps(flow, undefined, 37));
    expect([pricer.compiles, pricer.fullPasses]).toEqual([1, 0]);
    const cost = pricer.price(flow);
    expect(costData(cost)).toStrictEqual(costData(priceFlow(flow)));
    expect([pricer.compiles, pricer.fullPasses]).toEqual([1, 1]);
    // Asked again: the same cost, from the pricer's memory.
    expect(pricer.price(flow)).toBe(cost);
  });

  it('takes a step for each slice of modules or edges: more steps for smaller slices', () => {
    const flow = generateFlow({ modules: 400, seed: 3 });
    const few = stepsOf(createPricer().priceInSteps(flow, undefined, 2_000));
    const many = stepsOf(createPricer().priceInSteps(flow, undefined, 50));
    // Compiling and pricing each read every module and edge several times: more than 400 / 50 steps.
    expect(many).toBeGreaterThan(flow.modules.length / 50);
    expect(few).toBeLessThan(many);
  });

  it('does not hand out what it priced ahead for another flow, nor for the same modules under other settings or another rate card', () => {
    const flow = generateFlow({ modules: 120, seed: 5 });
    const other = generateFlow({ modules: 90, seed: 6 });
    const moreRuns: Flow = { ...flow, settings: { ...flow.settings, runsPerMonth: 123 } };
    for (const [priced, asked, options] of [
      [flow, other, undefined],
      [flow, moreRuns, undefined],
      [flow, flow, { rateCard: { dollarsPerCredit: 0.5 } }],
    ] as const) {
      const pricer = createPricer();
      stepsOf(pricer.priceInSteps(priced));
      expect(costData(pricer.price(asked, options))).toStrictEqual(costData(priceFlow(asked, options)));
      expect(pricer.compiles).toBe(2);
    }
  });

  it('is used once at most: asked for another flow first, it prices the flow it had priced ahead afresh', () => {
    const first = generateFlow({ modules: 50, seed: 1 });
    const other = generateFlow({ modules: 60, seed: 2 });
    const pricer = createPricer();
    stepsOf(pricer.priceInSteps(first));
    expect(costData(pricer.price(other))).toStrictEqual(costData(priceFlow(other)));
    expect(costData(pricer.price(first))).toStrictEqual(costData(priceFlow(first)));
    expect(pricer.compiles).toBe(3);
  });

  for (const [name, flows] of [
    ['valid flows', validFlowArbitrary({ maxModules: 40 })],
    ['flows with problems', brokenFlowArbitrary({ maxModules: 30 })],
  ] as const) {
    it(`${name}: priced in slices of any size, every figure is priceFlow's to the last bit, and so after every edit`, SLOW, () => {
      fc.assert(
        fc.property(flows, fc.integer({ min: 1, max: 60 }), fc.array(editArbitrary, { maxLength: 12 }), (start, slice, edits) => {
          const pricer = createPricer();
          stepsOf(pricer.priceInSteps(start, undefined, slice));
          expectSameCost(pricer.price(start), priceFlow(start));
          expect(pricer.compiles).toBe(1);
          expectEditsPricedInFull(pricer, start, edits);
        }),
        { numRuns: 120 },
      );
    });
  }
});
