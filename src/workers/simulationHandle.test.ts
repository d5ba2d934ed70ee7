import { describe, expect, it, vi } from 'vitest';
import type { Flow } from '../model/types';
import type { SimulationResult } from '../cost/simulate';
import { SimulationClient, type SimulateFn } from './simulationClient';
import { laterSimulation, SIMULATION_NOT_DOWNLOADED } from './simulationHandle';
import { fakeWorkers } from './testing';

const flowNamed = (name: string): Flow => ({ format: 'creditflow', version: 2, name, settings: {}, modules: [], edges: [] });
const resultFor = (flow: Flow, seed: number) => ({ seed, mean: seed, p50: flow.name.length, nodes: [] }) as unknown as SimulationResult;

/** A code download the test settles: `arrive()` brings the client's code, `fail()` says it did not download. */
function heldCode(make: () => SimulationClient) {
  const asks: { resolve: (m: () => SimulationClient) => void; reject: (e: Error) => void }[] = [];
  const load = vi.fn(() => new Promise<() => SimulationClient>((resolve, reject) => asks.push({ resolve, reject })));
  return {
    load,
    arrive: async () => {
      asks.shift()!.resolve(make);
      await Promise.resolve();
      await Promise.resolve();
    },
    fail: async () => {
      asks.shift()!.reject(new Error('Failed to fetch dynamically imported module'));
      await Promise.resolve();
      await Promise.resolve();
    },
  };
}

describe('the simulation handle (its client code loads with the first ask)', () => {
  it('asks for no code until runs (or the workers) are asked for', () => {
    const code = heldCode(() => new SimulationClient({ createWorker: null }));
    const handle = laterSimulation(code.load);
    expect(handle.getState().status).toBe('idle');
    expect(code.load).not.toHaveBeenCalled();
  });

  it('a run asked before the code is here shows running, then runs once the code arrives, and readers are told', async () => {
    vi.useFakeTimers();
    const simulate = vi.fn<SimulateFn>((flow, o) => resultFor(flow, o.seed));
    const code = heldCode(() => new SimulationClient({ createWorker: null, simulate }));
    const handle = laterSimulation(code.load);
    const told = vi.fn();
    handle.subscribe(told);
    const request = { flow: flowNamed('first'), samples: 100, seed: 3 };
    handle.run(request);
    handle.run(request); // asked twice meanwhile: one run
    expect(handle.getState().status).toBe('running');
    expect(handle.isRunning(request)).toBe(true);
    expect(code.load).toHaveBeenCalledTimes(1);
    await code.arrive();
    vi.runAllTimers();
    expect(simulate).toHaveBeenCalledTimes(1);
    expect(handle.getState()).toMatchObject({ status: 'done', resultOf: request });
    expect(handle.getOutcome().result!.seed).toBe(3);
    expect(told).toHaveBeenCalled();
    vi.useRealTimers();
  });

  it('an edit meanwhile drops the stale run; the workers warm for the new flow once the code is here', async () => {
    const workers = fakeWorkers();
    const code = heldCode(() => new SimulationClient({ createWorker: workers.create, workers: 1 }));
    const handle = laterSimulation(code.load);
    handle.run({ flow: flowNamed('before'), samples: 100, seed: 1 });
    handle.cancelUnlessFor({ flow: flowNamed('edited'), samples: 100, seed: 1 });
    expect(handle.getState().status).toBe('idle');
    await code.arrive();
    expect(workers.made).toHaveLength(1);
    expect(workers.made[0]!.posted.map((m) => m.type)).toEqual(['warm']);
  });

  it('the workers asked to start before the code is here start once it is', async () => {
    const workers = fakeWorkers();
    const code = heldCode(() => new SimulationClient({ createWorker: workers.create, workers: 1 }));
    const handle = laterSimulation(code.load);
    handle.prestart({ flow: flowNamed('big'), samples: 100 });
    expect(workers.made).toHaveLength(0);
    await code.arrive();
    expect(workers.made).toHaveLength(1);
    expect(workers.made[0]!.posted).toEqual([]);
  });

  it('a code that does not download ends the run asked in a message, not a crash; the next ask tries again and runs', async () => {
    vi.useFakeTimers();
    const simulate = vi.fn<SimulateFn>((flow, o) => resultFor(flow, o.seed));
    const code = heldCode(() => new SimulationClient({ createWorker: null, simulate }));
    const handle = laterSimulation(code.load);
    const request = { flow: flowNamed('offline'), samples: 100, seed: 1 };
    handle.run(request);
    await code.fail();
    expect(handle.getState()).toMatchObject({ status: 'error', error: SIMULATION_NOT_DOWNLOADED, result: null });
    handle.run(request);
    expect(handle.getState().status).toBe('running');
    expect(code.load).toHaveBeenCalledTimes(2);
    await code.arrive();
    vi.runAllTimers();
    expect(handle.getState()).toMatchObject({ status: 'done', resultOf: request });
    vi.useRealTimers();
  });

  it('disposed while the code loads: no client is made, nothing runs', async () => {
    const make = vi.fn(() => new SimulationClient({ createWorker: null }));
    const code = heldCode(make);
    const handle = laterSimulation(code.load);
    handle.run({ flow: flowNamed('x'), samples: 10, seed: 1 });
    handle.dispose();
    await code.arrive();
    expect(make).not.toHaveBeenCalled();
  });
});
