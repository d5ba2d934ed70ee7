import { describe, expect, it } from 'vitest';
import { toSimulationReport } from './simulation';
import type { SimulationResult } from '../cost/simulate';

describe('toSimulationReport', () => {
  it('keeps exactly the fields of cost-model §6, unrounded', () => {
    const result = {
      samples: 10,
      seed: 2,
      mean: 1 / 3,
      p50: 0.25,
      p90: 0.9,
      p99: 0.99,
      stdError: 0.01,
      histogram: [],
      nodes: [{ id: 'm1', mean: 1 / 7, p10: 0, p90: 0.5 }],
      perMonth: { p50: 100 / 3, p90: 90 },
      runs: new Float64Array(10),
      executionsPerRun: 3,
      nodeQuantileSamples: 10,
    } satisfies SimulationResult;
    expect(toSimulationReport(result)).toEqual({
      samples: 10,
      seed: 2,
      mean: 1 / 3,
      p50: 0.25,
      p90: 0.9,
      p99: 0.99,
      nodes: [{ id: 'm1', mean: 1 / 7, p90: 0.5 }],
      perMonth: { p50: 100 / 3, p90: 90 },
    });
  });
});
