/** Simulated runs benchmark (cost-model §6): 10,000 runs of a generated 1,000-module flow. */
import { generateFlow } from '../src/model/generate';
import { SampleBuffers, simulate } from '../src/cost/simulate';
import { priceFlow } from '../src/cost/price';
import { measure, type Benchmark } from './registry';

export const benchmarks: Benchmark[] = [
  {
    name: 'simulation',
    run() {
      const out: Record<string, object> = {};
      for (const rangeShare of [0.15, 0]) {
        const flow = generateFlow({ modules: 1000, seed: 1, rangeShare });
        const buffers = new SampleBuffers();
        let executionsPerRun = 0;
        let mean = 0;
        const timing = measure(
          () => {
            const result = simulate(flow, { samples: 10_000, seed: 1, buffers });
            executionsPerRun = result.executionsPerRun;
            mean = result.mean;
            return result;
          },
          { warmup: 1, runs: 5 },
        );
        const cpuStart = process.cpuUsage();
        simulate(flow, { samples: 10_000, seed: 1, buffers });
        const cpu = process.cpuUsage(cpuStart);
        out[rangeShare > 0 ? 'withRanges' : 'pointValues'] = {
          modules: flow.modules.length,
          samples: 10_000,
          rangeShare,
          executionsPerRun: Math.round(executionsPerRun),
          mean,
          pointEstimate: priceFlow(flow).total,
          ...timing,
          cpuMs: Math.round((cpu.user + cpu.system) / 1000),
        };
      }
      return { description: 'ms for 10,000 simulated runs of a generated 1,000-module flow (seed 1), wall clock; cpuMs = CPU time of one more call', ...out };
    },
  },
];
