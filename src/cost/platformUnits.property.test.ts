import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { validFlowArbitrary } from '../model/testing/arbitraries';
import { createPricer } from './pricer';
import { createPlatformUnits, platformUnits } from './platforms';
import { platformTableOf } from './platformTable';
import { applyEdit, editArbitrary } from './testing/edits';

describe('createPlatformUnits: the memo equals platformUnits after any edits', () => {
  it('every module’s units and the sums per run, to the last bit', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(validFlowArbitrary({ maxModules: 40 }), fc.array(editArbitrary, { maxLength: 20 }), (start, edits) => {
        const pricer = createPricer();
        const units = createPlatformUnits();
        let flow = start;
        let table = platformTableOf(flow);
        for (const edit of [undefined, ...edits]) {
          if (edit) flow = applyEdit(flow, edit);
          // A new table object now and then: the memo starts afresh on another table.
          if (edit?.kind === 'rate card') table = platformTableOf(flow);
          const cost = pricer.price(flow);
          expect(units(flow, cost, table)).toStrictEqual(platformUnits(flow, cost, table));
        }
      }),
      { numRuns: 120 },
    );
  });

  it('keeps the units of every module an edit did not reach', () => {
    const flow = fc.sample(validFlowArbitrary({ minModules: 200, maxModules: 200 }), { seed: 3, numRuns: 1 })[0]!;
    const pricer = createPricer();
    const units = createPlatformUnits();
    const table = platformTableOf(flow);
    const first = units(flow, pricer.price(flow), table);
    const edited = applyEdit(flow, { kind: 'assumption', at: 57, key: 'durationSec', value: 123 });
    const second = units(edited, pricer.price(edited), table);
    expect(second.modules.filter((m, i) => m !== first.modules[i]).map((m) => m.id)).toEqual([flow.modules[57]!.id]);
    expect(second).toStrictEqual(platformUnits(edited, pricer.price(edited), table));
  });
});
