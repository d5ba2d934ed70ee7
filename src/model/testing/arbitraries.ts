/**
 * fast-check arbitraries of flows, shared by the engine's property tests, the io round-trip
 * tests and the fuzz tests. A valid flow is drawn as (size, seed, share of ranges) and built by
 * the deterministic generator, so every drawn flow satisfies every structural rule of
 * cost-model.md §4 and fast-check reports the failing size and seed.
 */
import fc from 'fast-check';
import { generateFlow } from '../generate';
import type { Flow } from '../types';

export interface FlowArbitraryOptions {
  /** Fewest and most modules (defaults 1 and 60). */
  minModules?: number;
  maxModules?: number;
  /** Whether assumptions and pass rates may be ranges (flow file version 2). Default true. */
  ranges?: boolean;
}

/** The recipe of a generated flow: shrinks towards fewer modules and seed 0. */
export function flowRecipeArbitrary(options: FlowArbitraryOptions = {}) {
  return fc.record({
    modules: fc.integer({ min: options.minModules ?? 1, max: options.maxModules ?? 60 }),
    seed: fc.integer({ min: 0, max: 0x7fffffff }),
    rangeShare: options.ranges === false ? fc.constant(0) : fc.constantFrom(0, 0.15, 0.5),
  });
}

/** Structurally valid, realistic flows (trigger, chains, routers, loops, filters, merges). */
export function validFlowArbitrary(options: FlowArbitraryOptions = {}): fc.Arbitrary<Flow> {
  return flowRecipeArbitrary(options).map((recipe) => generateFlow(recipe));
}

/**
 * Flows that fit the types but may break structural rules: a valid flow with edges added
 * (possibly creating cycles, second incoming edges, edges into the trigger), removed or
 * pointed at missing modules, and aggregators pointed at other modules.
 */
export function brokenFlowArbitrary(options: FlowArbitraryOptions = {}): fc.Arbitrary<Flow> {
  return fc
    .tuple(
      validFlowArbitrary(options),
      fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean()), { maxLength: 6 }),
      fc.array(fc.nat(), { maxLength: 4 }),
      fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 3 }),
    )
    .map(([flow, added, removed, retargeted]) => {
      const n = flow.modules.length;
      const edges = flow.edges.slice();
      for (const r of removed) if (edges.length > 0) edges.splice(r % edges.length, 1);
      added.forEach(([a, b, missing], i) => {
        const source = flow.modules[a % n]!.id;
        const target = missing ? `missing-${b}` : flow.modules[b % n]!.id;
        edges.push({ id: `x${i}`, source, target });
      });
      const modules = flow.modules.map((m) => m);
      for (const [a, b] of retargeted) {
        const i = a % n;
        const m = modules[i]!;
        if (m.type === 'aggregator') modules[i] = { ...m, config: { iteratorId: modules[b % n]!.id } };
      }
      return { ...flow, modules, edges };
    });
}
