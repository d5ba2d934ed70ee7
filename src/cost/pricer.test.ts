import { describe, expect, it } from 'vitest';
import { generateFlow } from '../model/generate';
import type { Flow } from '../model/types';
import { priceFlow } from './price';
import { createPricer } from './pricer';

function plain(cost: ReturnType<typeof priceFlow>) {
  return { total: cost.total, nodes: cost.nodes, edges: [...cost.edges.values()], warnings: cost.warnings };
}

describe('createPricer (incremental)', () => {
  it('reuses the structure after value edits and equals a full recompute', () => {
    const pricer = createPricer();
    let flow: Flow = generateFlow({ modules: 300, seed: 11 });
    expect(plain(pricer.price(flow))).toEqual(plain(priceFlow(flow)));
    // Edit one assumption, immutably (as the store does): new modules array, one new module.
    for (let step = 0; step < 20; step++) {
      const i = (step * 37) % flow.modules.length;
      const modules = flow.modules.slice();
      modules[i] = { ...modules[i]!, assumptions: { ...modules[i]!.assumptions, durationSec: step + 1, iterations: step % 5 } };
      const edges = flow.edges.slice();
      const e = (step * 13) % edges.length;
      if (!edges[e]!.route) edges[e] = { ...edges[e]!, filter: { mode: step % 2 ? 'skip' : 'break', passRate: 0.5 } };
      flow = { ...flow, modules, edges };
      expect(plain(pricer.price(flow))).toEqual(plain(priceFlow(flow)));
    }
    expect(pricer.compiles).toBe(1);
  });

  it('keeps the NodeCost object of every module whose figures did not change', () => {
    const pricer = createPricer();
    const flow = generateFlow({ modules: 200, seed: 4 });
    const first = pricer.price(flow);
    // Change the payload of the last module: nothing else moves.
    const last = flow.modules.length - 1;
    const modules = flow.modules.slice();
    modules[last] = { ...modules[last]!, assumptions: { ...modules[last]!.assumptions, payloadKB: 999 } };
    const second = pricer.price({ ...flow, modules });
    for (let i = 0; i < last; i++) expect(second.nodes[i]).toBe(first.nodes[i]);
    expect(second.nodes[last]).not.toBe(first.nodes[last]);
    expect(second.nodes[last]!.inputs.payloadKB).toBe(999);
  });

  it('recompiles when the structure changes', () => {
    const pricer = createPricer();
    const flow = generateFlow({ modules: 50, seed: 3 });
    pricer.price(flow);
    const cut = { ...flow, edges: flow.edges.slice(0, -1) };
    expect(plain(pricer.price(cut))).toEqual(plain(priceFlow(cut)));
    const rewired = { ...flow, edges: flow.edges.map((e, i) => (i === 0 ? { ...e, target: flow.modules[5]!.id } : e)) };
    expect(plain(pricer.price(rewired))).toEqual(plain(priceFlow(rewired)));
    expect(pricer.compiles).toBe(3);
  });
});
