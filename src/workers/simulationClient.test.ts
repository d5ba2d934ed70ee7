// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, renderHook } from '@testing-library/react';
import type { Flow } from '../model/types';
import type { SimulationResult } from '../cost/simulate';
import { simulate, startSimulation } from '../cost/simulate';
import { generateFlow } from '../model/generate';
import { PAGE_PROGRESS_MS, POST_TASK_MS, SimulationClient, useSimulation, type SimulateFn } from './simulationClient';
import { packNodes } from './nodeFigures';
import type { WorkerReply } from './protocol';
import { fakeWorkers } from './testing';

function flowNamed(name: string): Flow {
  return { format: 'creditflow', version: 2, name, settings: {}, modules: [], edges: [] };
}

/** A result that says which flow and seed it was made for (mean = seed, p50 = name length). */
function resultFor(flow: Flow, seed: number, samples: number): SimulationResult {
  return {
    samples,
    seed,
    mean: seed,
    p50: flow.name.length,
    p90: flow.name.length,
    p99: flow.name.length,
    stdError: 0,
    histogram: [],
    nodes: [],
    perMonth: { p50: 0, p90: 0 },
    runs: new Float64Array(0),
  } as unknown as SimulationResult;
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('SimulationClient on the main thread (no Worker)', () => {
  it('runs the latest request only: a superseded one never starts', () => {
    const simulate = vi.fn<SimulateFn>((flow, o) => resultFor(flow, o.seed, o.samples));
    const client = new SimulationClient({ createWorker: null, simulate });
    client.run({ flow: flowNamed('old'), samples: 100, seed: 1 });
    client.run({ flow: flowNamed('newer'), samples: 100, seed: 2 });
    expect(client.getState().status).toBe('running');
    vi.runAllTimers();
    expect(simulate).toHaveBeenCalledTimes(1);
    expect(simulate.mock.calls[0]![0].name).toBe('newer');
    expect(client.getState()).toMatchObject({ status: 'done', progress: 1, ranOn: 'main-thread' });
    expect(client.getState().result!.seed).toBe(2);
  });

  it('a run superseded while it goes is told to stop and never reports', () => {
    const client = new SimulationClient({
      createWorker: null,
      simulate: (flow, o) => {
        if (flow.name === 'stale') {
          // An edit arrives while this run goes.
          client.run({ flow: flowNamed('fresh'), samples: 10, seed: 9 });
          expect(o.shouldStop!()).toBe(true);
          return resultFor(flow, o.seed, o.samples);
        }
        expect(o.shouldStop!()).toBe(false);
        return resultFor(flow, o.seed, o.samples);
      },
    });
    client.run({ flow: flowNamed('stale'), samples: 10, seed: 1 });
    vi.runOnlyPendingTimers();
    expect(client.getState().result).toBeNull();
    expect(client.getState().status).toBe('running');
    vi.runAllTimers();
    expect(client.getState().result!.seed).toBe(9);
  });

  it('reports progress as a share and errors as messages', () => {
    const seen: number[] = [];
    const client = new SimulationClient({
      createWorker: null,
      simulate: (_flow, o) => {
        o.onProgress!(25, 100);
        seen.push(client.getState().progress);
        throw new Error('bad flow');
      },
    });
    client.run({ flow: flowNamed('x'), samples: 100, seed: 1 });
    vi.runAllTimers();
    expect(seen).toEqual([0.25]);
    expect(client.getState()).toMatchObject({ status: 'error', error: 'bad flow' });
  });

  it('does not run the same request twice, and keeps the last result while a new run goes', () => {
    const simulate = vi.fn<SimulateFn>((flow, o) => resultFor(flow, o.seed, o.samples));
    const client = new SimulationClient({ createWorker: null, simulate });
    const flow = flowNamed('same');
    client.run({ flow, samples: 100, seed: 1 });
    vi.runAllTimers();
    client.run({ flow, samples: 100, seed: 1 });
    vi.runAllTimers();
    expect(simulate).toHaveBeenCalledTimes(1);
    client.run({ flow, samples: 100, seed: 3 });
    expect(client.getState()).toMatchObject({ status: 'running' });
    expect(client.getState().result!.seed).toBe(1);
    vi.runAllTimers();
    expect(client.getState().result!.seed).toBe(3);
  });

  it('cancel drops the run in flight', () => {
    const simulate = vi.fn<SimulateFn>((flow, o) => resultFor(flow, o.seed, o.samples));
    const client = new SimulationClient({ createWorker: null, simulate });
    client.run({ flow: flowNamed('x'), samples: 100, seed: 1 });
    client.cancel();
    vi.runAllTimers();
    expect(simulate).not.toHaveBeenCalled();
    expect(client.getState().status).toBe('idle');
  });
});

describe('SimulationClient with a worker', () => {
  it('posts the request, shows progress, and keeps the answer', () => {
    const workers = fakeWorkers();
    const client = new SimulationClient({ createWorker: workers.create, simulate: () => null });
    const flow = flowNamed('w');
    client.run({ flow, samples: 500, seed: 4 });
    const worker = workers.made[0]!;
    expect(worker.posted).toEqual([{ type: 'run', id: 1, flow, samples: 500, seed: 4 }]);
    worker.reply({ type: 'progress', id: 1, progress: 0.5 });
    expect(client.getState()).toMatchObject({ status: 'running', progress: 0.5, ranOn: 'worker' });
    worker.reply({ type: 'done', id: 1, result: resultFor(flow, 4, 500) });
    expect(client.getState()).toMatchObject({ status: 'done', progress: 1 });
    // An idle worker is reused for the next run.
    client.run({ flow: flowNamed('w2'), samples: 500, seed: 4 });
    expect(workers.made).toHaveLength(1);
    expect(worker.terminated).toBe(false);
  });

  it('shows the workers’ progress at most every PAGE_PROGRESS_MS, the end at once; the outcome stays one object meanwhile', () => {
    const workers = fakeWorkers();
    let clock = 0;
    const client = new SimulationClient({ createWorker: workers.create, workers: 1, now: () => clock });
    const flow = flowNamed('p');
    const changes: number[] = [];
    client.subscribe(() => changes.push(client.getState().progress));
    client.run({ flow, samples: 500, seed: 4 });
    const outcome = client.getOutcome();
    expect(outcome.status).toBe('running');
    const worker = workers.made[0]!;
    const before = changes.length;
    // Twenty progress messages 20 ms apart (400 ms): shown at 20 ms, then at the first PAGE_PROGRESS_MS later (280 ms).
    for (let i = 1; i <= 20; i++) {
      clock += 20;
      worker.reply({ type: 'progress', id: 1, progress: i / 20 });
    }
    const shownAt = 20 + Math.ceil(PAGE_PROGRESS_MS / 20) * 20;
    expect(changes.slice(before)).toEqual([0.05, shownAt / 400]);
    expect(client.getState().progress).toBe(shownAt / 400);
    expect(client.getOutcome()).toBe(outcome);
    clock += 5;
    worker.reply({ type: 'done', id: 1, result: resultFor(flow, 4, 500) });
    expect(client.getState()).toMatchObject({ status: 'done', progress: 1 });
    expect(client.getOutcome()).not.toBe(outcome);
    expect(client.getOutcome()).toMatchObject({ status: 'done' });
    // A new run shows its first progress at once.
    client.run({ flow: flowNamed('p2'), samples: 500, seed: 4 });
    clock += 1;
    worker.reply({ type: 'progress', id: 2, progress: 0.1 });
    expect(client.getState().progress).toBe(0.1);
    expect(client.isRunning({ flow, samples: 500, seed: 4 })).toBe(false);
  });

  it('stops a run for another request at once, keeping the last result; a run for the same request goes on', () => {
    const workers = fakeWorkers();
    const client = new SimulationClient({ createWorker: workers.create, simulate: () => null });
    const first = flowNamed('a');
    client.run({ flow: first, samples: 10, seed: 1 });
    workers.made[0]!.reply({ type: 'done', id: 1, result: resultFor(first, 1, 10) });
    const edited = flowNamed('ab');
    client.run({ flow: edited, samples: 10, seed: 1 });
    client.cancelUnlessFor({ flow: edited, samples: 10, seed: 1 });
    expect(client.getState().status).toBe('running');
    expect(workers.made[0]!.terminated).toBe(false);
    // The flow is edited again: the busy worker is ended, the answer of the first flow stays.
    client.cancelUnlessFor({ flow: flowNamed('abc'), samples: 10, seed: 1 });
    expect(workers.made[0]!.terminated).toBe(true);
    expect(client.getState()).toMatchObject({ status: 'done' });
    expect(client.getState().result!.p50).toBe(1);
  });

  it('an error from the worker replaces the old result with its message', () => {
    const workers = fakeWorkers();
    const client = new SimulationClient({ createWorker: workers.create, simulate: () => null });
    client.run({ flow: flowNamed('a'), samples: 10, seed: 1 });
    const worker = workers.made[0]!;
    worker.reply({ type: 'done', id: 1, result: resultFor(flowNamed('a'), 1, 10) });
    client.run({ flow: flowNamed('huge'), samples: 10, seed: 1 });
    worker.reply({ type: 'error', id: 2, message: 'Too much work to simulate' });
    expect(client.getState()).toMatchObject({ status: 'error', error: 'Too much work to simulate', result: null });
  });

  it('a request the engine refused is not run again when asked for again (the panels and the bands ask for the same runs)', () => {
    const workers = fakeWorkers();
    const client = new SimulationClient({ createWorker: workers.create, simulate: () => null });
    const request = { flow: flowNamed('huge'), samples: 10, seed: 1 };
    client.run(request);
    const worker = workers.made[0]!;
    worker.reply({ type: 'error', id: 1, message: 'Too much work to simulate' });
    client.run({ ...request });
    expect(worker.posted).toHaveLength(1);
    expect(client.getState()).toMatchObject({ status: 'error', error: 'Too much work to simulate' });
    // Another request (an edit) runs.
    client.run({ ...request, seed: 2 });
    expect(worker.posted).toHaveLength(2);
    expect(client.getState().status).toBe('running');
  });

  it('a new request terminates the busy worker and ignores anything the stale run says', () => {
    const workers = fakeWorkers();
    const client = new SimulationClient({ createWorker: workers.create, simulate: () => null });
    client.run({ flow: flowNamed('stale'), samples: 500, seed: 1 });
    const first = workers.made[0]!;
    const onStale = first.onmessage!;
    client.run({ flow: flowNamed('fresh'), samples: 500, seed: 2 });
    expect(first.terminated).toBe(true);
    const second = workers.made[1]!;
    expect(second.posted[0]).toMatchObject({ id: 2, seed: 2 });
    // A late message of the stale run (already queued before terminate) changes nothing.
    onStale({ data: { type: 'done', id: 1, result: resultFor(flowNamed('stale'), 1, 500) } } as MessageEvent<WorkerReply>);
    second.reply({ type: 'progress', id: 1, progress: 0.9 });
    expect(client.getState()).toMatchObject({ status: 'running', progress: 0, result: null });
    second.reply({ type: 'done', id: 2, result: resultFor(flowNamed('fresh'), 2, 500) });
    expect(client.getState().result!.seed).toBe(2);
  });

  it('falls back to the main thread when the worker fails to start', () => {
    const simulate = vi.fn<SimulateFn>((flow, o) => resultFor(flow, o.seed, o.samples));
    const workers = fakeWorkers();
    const client = new SimulationClient({ createWorker: workers.create, simulate });
    client.run({ flow: flowNamed('x'), samples: 100, seed: 7 });
    workers.made[0]!.onerror!({ preventDefault() {} } as ErrorEvent);
    expect(workers.made[0]!.terminated).toBe(true);
    vi.runAllTimers();
    expect(simulate).toHaveBeenCalledTimes(1);
    expect(client.getState()).toMatchObject({ status: 'done', ranOn: 'main-thread' });
    // From then on, no new worker is tried.
    client.run({ flow: flowNamed('y'), samples: 100, seed: 7 });
    expect(workers.made).toHaveLength(1);
  });

  it('falls back to the main thread when making a worker throws', () => {
    const simulate = vi.fn<SimulateFn>((flow, o) => resultFor(flow, o.seed, o.samples));
    const client = new SimulationClient({
      createWorker: () => {
        throw new Error('no workers here');
      },
      simulate,
    });
    client.run({ flow: flowNamed('x'), samples: 100, seed: 7 });
    vi.runAllTimers();
    expect(client.getState()).toMatchObject({ status: 'done', ranOn: 'main-thread' });
  });
});

describe('the answer of a large flow', () => {
  /** A result of `modules` modules whose figures are awkward doubles (−0, NaN, tiny, huge). */
  function bigResult(flow: Flow) {
    const awkward = [-0, Number.NaN, 5e-324, 1.7976931348623157e308, 0.1 + 0.2];
    const nodes = flow.modules.map((m, v) => ({ id: m.id, mean: awkward[v % 5]!, p10: v / 7, p90: -v * 1e-9 }));
    return { ...resultFor(flow, 4, 100), nodes } as SimulationResult;
  }

  it('comes packed from the worker and is read a slice a task, to the same doubles; the panel sees it only whole', () => {
    const workers = fakeWorkers();
    let clock = 0;
    // Each reading of the clock is POST_TASK_MS later: one step of nodes per task.
    const client = new SimulationClient({ createWorker: workers.create, workers: 1, now: () => (clock += POST_TASK_MS) });
    const flow = generateFlow({ modules: 5_000, seed: 1 });
    client.run({ flow, samples: 100, seed: 4 });
    const whole = bigResult(flow);
    const { result, figures } = packNodes(whole);
    workers.made[0]!.reply({ type: 'done', id: 1, result, nodeFigures: figures });
    let tasks = 1;
    while (client.getState().status === 'running' && tasks < 100) {
      vi.runOnlyPendingTimers();
      tasks++;
    }
    expect(tasks).toBeGreaterThan(1);
    expect(client.getState().status).toBe('done');
    expect(client.getState().result).toEqual(whole);
    expect(Object.is(client.getState().result!.nodes[0]!.mean, -0)).toBe(true);
  });

  it('a run asked while the answer is read: the old answer never shows', () => {
    const workers = fakeWorkers();
    let clock = 0;
    const client = new SimulationClient({ createWorker: workers.create, workers: 1, now: () => (clock += POST_TASK_MS) });
    const flow = generateFlow({ modules: 5_000, seed: 1 });
    client.run({ flow, samples: 100, seed: 4 });
    const { result, figures } = packNodes(bigResult(flow));
    workers.made[0]!.reply({ type: 'done', id: 1, result, nodeFigures: figures });
    client.run({ flow, samples: 100, seed: 5 });
    vi.runAllTimers();
    expect(client.getState()).toMatchObject({ status: 'running', result: null });
  });
});

describe('useSimulation', () => {
  it('runs at once for the first flow and for new samples or seed; after an edit, 300 ms after the last one, once', () => {
    const simulate = vi.fn<SimulateFn>((flow, o) => resultFor(flow, o.seed, o.samples));
    const client = new SimulationClient({ createWorker: null, simulate });
    const { result, rerender } = renderHook(({ flow, seed }) => useSimulation(flow, { samples: 100, seed, client }), {
      initialProps: { flow: flowNamed('a'), seed: 5 },
    });
    // A panel opening: its run is asked for at once.
    expect(result.current.status).toBe('running');
    act(() => vi.advanceTimersByTime(0));
    expect(simulate.mock.calls.map(([flow]) => flow.name)).toEqual(['a']);
    act(() => vi.advanceTimersByTime(200));
    rerender({ flow: flowNamed('ab'), seed: 5 });
    act(() => vi.advanceTimersByTime(200));
    rerender({ flow: flowNamed('abc'), seed: 5 });
    act(() => vi.advanceTimersByTime(299));
    expect(simulate).toHaveBeenCalledTimes(1);
    act(() => vi.advanceTimersByTime(1));
    expect(result.current.status).toBe('running');
    act(() => vi.runAllTimers());
    expect(simulate).toHaveBeenCalledTimes(2);
    expect(simulate.mock.calls[1]![0].name).toBe('abc');
    expect(result.current).toMatchObject({ status: 'done' });
    expect(result.current.result!.p50).toBe(3);
    // Another seed for the same flow: at once.
    rerender({ flow: result.current.resultOf!.flow, seed: 6 });
    act(() => vi.advanceTimersByTime(0));
    expect(simulate).toHaveBeenCalledTimes(3);
    expect(simulate.mock.calls[2]![1].seed).toBe(6);
  });

  it('is not up to date with a result of another flow: it says running until its own run answers', () => {
    const simulate = vi.fn<SimulateFn>((flow, o) => resultFor(flow, o.seed, o.samples));
    const client = new SimulationClient({ createWorker: null, simulate });
    const first = flowNamed('a');
    const { result, rerender } = renderHook(({ flow }) => useSimulation(flow, { samples: 100, seed: 5, client }), {
      initialProps: { flow: first },
    });
    act(() => vi.runAllTimers());
    expect(result.current.status).toBe('done');
    expect(result.current.resultOf?.flow).toBe(first);
    // Another flow (an import, an edit): during the debounce the old answer is not "up to date".
    rerender({ flow: flowNamed('abcd') });
    expect(result.current.status).toBe('running');
    expect(result.current.result!.p50).toBe(1);
    act(() => vi.runAllTimers());
    expect(result.current.status).toBe('done');
    expect(result.current.result!.p50).toBe(4);
    // Seen with another seed, the same flow's answer is not up to date either.
    const shown = result.current.resultOf!.flow;
    const { result: other } = renderHook(() => useSimulation(shown, { samples: 100, seed: 6, client }));
    expect(other.current.status).toBe('running');
  });

  it('does not run when disabled or without a flow', () => {
    const simulate = vi.fn<SimulateFn>((flow, o) => resultFor(flow, o.seed, o.samples));
    const client = new SimulationClient({ createWorker: null, simulate });
    renderHook(() => useSimulation(null, { samples: 100, seed: 5, client }));
    renderHook(() => useSimulation(flowNamed('x'), { samples: 100, seed: 5, client, enabled: false }));
    act(() => vi.runAllTimers());
    expect(simulate).not.toHaveBeenCalled();
  });
});

describe('SimulationClient on the main thread with the engine: in chunks', () => {
  const flow = generateFlow({ modules: 60, seed: 3, rangeShare: 0.15 });
  /** A clock that moves 10 ms per reading: with chunkMs 16, each chunk does two steps of 25 runs. */
  const ticking = () => {
    let t = 0;
    return () => (t += 10);
  };
  const counting = () => {
    const steps: number[] = [];
    const start: typeof startSimulation = (f, o) => {
      const s = startSimulation(f, o);
      const step = s.step.bind(s);
      s.step = (count) => {
        steps.push(count);
        return step(count);
      };
      return s;
    };
    return { steps, start };
  };

  it('gives the page its thread back between chunks, reports progress after each, and ends with the one-pass result', () => {
    const { steps, start } = counting();
    const client = new SimulationClient({ createWorker: null, startSimulation: start, chunkMs: 16, now: ticking() });
    const progress: number[] = [];
    client.subscribe(() => progress.push(client.getState().progress));
    client.run({ flow, samples: 500, seed: 4 });
    vi.advanceTimersToNextTimer();
    expect(steps).toHaveLength(2);
    expect(client.getState()).toMatchObject({ status: 'running', progress: 0.1, ranOn: 'main-thread' });
    expect(vi.getTimerCount()).toBe(1); // the next chunk waits in a task of its own
    vi.runAllTimers();
    expect(steps).toHaveLength(20);
    expect(client.getState().status).toBe('done');
    const shares = progress.filter((p) => p > 0 && p < 1);
    expect(shares).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
    const onePass = simulate(flow, { samples: 500, seed: 4 });
    expect(Array.from(client.getState().result!.runs)).toEqual(Array.from(onePass.runs));
    expect(client.getState().result!.nodes).toEqual(onePass.nodes);
  });

  it('cancel stops between chunks: no further runs, no result', () => {
    const { steps, start } = counting();
    const client = new SimulationClient({ createWorker: null, startSimulation: start, chunkMs: 16, now: ticking() });
    client.run({ flow, samples: 500, seed: 4 });
    vi.advanceTimersToNextTimer();
    vi.advanceTimersToNextTimer();
    expect(steps).toHaveLength(4);
    client.cancel();
    vi.runAllTimers();
    expect(steps).toHaveLength(4);
    expect(client.getState()).toMatchObject({ status: 'idle', result: null, progress: 0 });
  });

  it('a new request supersedes the chunked run in flight, which never reports', () => {
    const { steps, start } = counting();
    const client = new SimulationClient({ createWorker: null, startSimulation: start, chunkMs: 16, now: ticking() });
    client.run({ flow, samples: 500, seed: 4 });
    vi.advanceTimersToNextTimer();
    client.run({ flow, samples: 100, seed: 8 });
    vi.runAllTimers();
    expect(steps).toHaveLength(2 + 4);
    expect(client.getState().result!.seed).toBe(8);
    expect(client.getState().result!.samples).toBe(100);
  });

  it('a refusal of the engine shows as an error (the engine loaded on first use)', async () => {
    const huge = { ...flow, modules: flow.modules.map((m) => (m.type === 'iterator' ? { ...m, assumptions: { iterations: 1e9 } } : m)) };
    const client = new SimulationClient({ createWorker: null });
    client.run({ flow: huge, samples: 10_000, seed: 1 });
    await vi.waitFor(() => {
      vi.runAllTimers();
      expect(client.getState().status).toBe('error');
    });
    expect(client.getState().error).toMatch(/Too much work/);
  });

  it('the engine loaded on first use gives the same result as the engine itself; a run cancelled while it loads never reports', async () => {
    const client = new SimulationClient({ createWorker: null });
    client.run({ flow, samples: 200, seed: 3 });
    client.cancel();
    client.run({ flow, samples: 100, seed: 5 });
    await vi.waitFor(() => {
      vi.runAllTimers();
      expect(client.getState().status).toBe('done');
    });
    expect(client.getState().result).toEqual(simulate(flow, { samples: 100, seed: 5 }));
    expect(client.getState().resultOf).toMatchObject({ samples: 100, seed: 5 });
  });
});
