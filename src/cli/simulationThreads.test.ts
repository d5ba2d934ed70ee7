import { describe, expect, it } from 'vitest';
import { generateFlow } from '../model/generate';
import { trySimulate, type RunRange } from '../cost/simulate';
import { simulateInThreads } from './simulationThreads';

describe('simulated runs shared between threads (CLI)', () => {
  it('give the outcome of one thread, wherever each share is walked', { timeout: 120_000 }, () => {
    const flow = generateFlow({ modules: 60, seed: 3, rangeShare: 0.4 });
    const options = { samples: 2000, seed: 5 };
    const walked: [RunRange, string][] = [];
    const loads: string[] = [];
    const shared = simulateInThreads(flow, {
      ...options,
      threads: 3,
      workPerShare: 10_000,
      onShare: (share, by) => walked.push([share, by]),
      onThreadLoad: (load) => loads.push(load),
    });
    expect(shared).toEqual(trySimulate(flow, options));
    // The threads load the engine bundled (threadScript.ts), not through tsx.
    expect(loads).toEqual(['bundle']);
    // Two shares besides this thread's first one, each walked (by its thread, or here when it did not start).
    expect(walked.map(([share]) => share.from > 0)).toEqual([true, true]);
  });

  it('small work stays in one thread; a refusal comes back as the engine words it', () => {
    const flow = generateFlow({ modules: 20, seed: 1 });
    const walked: unknown[] = [];
    expect(simulateInThreads(flow, { samples: 500, seed: 1, threads: 4, onShare: (s) => walked.push(s) })).toEqual(trySimulate(flow, { samples: 500, seed: 1 }));
    expect(walked).toEqual([]);
    const huge = { ...flow, modules: flow.modules.map((m) => (m.type === 'iterator' ? { ...m, assumptions: { ...m.assumptions, iterations: 1e9 } } : m)) };
    const refused = simulateInThreads(huge, { samples: 5000, seed: 1, threads: 2, workPerShare: 1 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'too-much-work' } });
  });
});
