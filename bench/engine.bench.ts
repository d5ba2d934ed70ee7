/** Cost engine benchmarks: full pass, incremental pass after one edit. */
import { generateFlow } from '../src/model/generate';
import type { Flow, Module } from '../src/model/types';
import { priceFlow, priceWithPlan } from '../src/cost/price';
import { compileFlow } from '../src/model/compiled';
import { createPricer } from '../src/cost/pricer';
import { measure, type Benchmark } from './registry';

const SEED = 1;

/** The flow with one assumption of one module changed, immutably (as the editor's store does). */
export function editOne(flow: Flow, step: number): Flow {
  const modules = flow.modules.slice();
  const i = 1 + ((step * 7919) % (modules.length - 1));
  const m = modules[i]!;
  modules[i] = { ...m, assumptions: { ...m.assumptions, durationSec: 1 + (step % 17) } } as Module;
  return { ...flow, modules };
}

export const benchmarks: Benchmark[] = [
  {
    name: 'fullCostPass',
    run() {
      const out: Record<string, object> = {};
      for (const modules of [100, 1000, 10000]) {
        const flow = generateFlow({ modules, seed: SEED });
        const runs = modules >= 10000 ? 100 : 300;
        const fromScratch = measure(() => priceFlow(flow), { warmup: 30, runs });
        const plan = compileFlow(flow);
        const withCompiledPlan = measure(() => priceWithPlan(flow, plan), { warmup: 30, runs });
        const compile = measure(() => compileFlow(flow), { warmup: 30, runs });
        out[String(modules)] = { modules, edges: flow.edges.length, fromScratch, withCompiledPlan, compile };
      }
      return {
        description:
          'ms per full cost pass. fromScratch = priceFlow (compile structure + count + price every module); withCompiledPlan = the full numeric pass over every module and edge with the structure (indices, topological order, loops) precompiled; compile = compileFlow alone',
        ...out,
      };
    },
  },
  {
    name: 'incrementalAfterEdit',
    run() {
      const out: Record<string, object> = {};
      for (const modules of [1000, 10000]) {
        const base = generateFlow({ modules, seed: SEED });
        const pricer = createPricer();
        pricer.price(base);
        let step = 0;
        const incremental = measure((flow: Flow) => pricer.price(flow), { warmup: 20, runs: 60, setup: () => editOne(base, ++step) });
        const full = measure((flow: Flow) => priceFlow(flow), { warmup: 20, runs: 60, setup: () => editOne(base, ++step) });
        out[String(modules)] = { modules, incremental, fullRecompute: full, compiles: pricer.compiles };
      }
      return {
        description:
          'price after one assumption edit, ms: incremental = createPricer() reusing the compiled structure (numeric pass only); fullRecompute = priceFlow from scratch',
        ...out,
      };
    },
  },
];
