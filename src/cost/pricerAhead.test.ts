import { describe, expect, it } from 'vitest';
import { createPricer } from './pricer';
import { priceFlow } from './price';
import { generateFlow } from '../model/generate';

/** The figures of a cost (its look-up functions aside), as the pricer's own tests compare them. */
function plain(cost: ReturnType<typeof priceFlow>) {
  return { total: cost.total, perMonth: cost.perMonth, nodes: cost.nodes, edges: [...cost.edges.values()], warnings: cost.warnings };
}

describe('a pricer asked to compile a flow ahead', () => {
  it('prices that flow as priceFlow does, without compiling it again', () => {
    const flow = generateFlow({ modules: 400, seed: 11, rangeShare: 0.3 });
    const pricer = createPricer();
    pricer.compileAhead(flow);
    expect(pricer.compiles).toBe(1);
    expect(plain(pricer.price(flow))).toEqual(plain(priceFlow(flow)));
    expect(pricer.compiles).toBe(1);
  });

  it('compiles again for another flow, and for the next new flow after that price', () => {
    const first = generateFlow({ modules: 50, seed: 1 });
    const other = generateFlow({ modules: 60, seed: 2 });
    const pricer = createPricer();
    pricer.compileAhead(first);
    expect(plain(pricer.price(other))).toEqual(plain(priceFlow(other)));
    expect(pricer.compiles).toBe(2);
    // The plan compiled ahead is used once at most: the first flow is compiled afresh.
    expect(plain(pricer.price(first))).toEqual(plain(priceFlow(first)));
    expect(pricer.compiles).toBe(3);
  });
});
