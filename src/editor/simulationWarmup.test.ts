import { describe, expect, it } from 'vitest';
import { createEditorStore } from '../store/editor';
import { generateFlow } from '../model/generate';
import type { Flow } from '../model/types';
import type { SimulationResult } from '../cost/simulate';
import { SimulationClient, type SimulationRequest } from '../workers/simulationClient';
import { fakeWorkers } from '../workers/testing';
import { AHEAD_MAX_WORK, simulateOnOpen, warmOnOpen, WARM_FROM_MODULES, type AheadClient } from './simulationWarmup';

/** An idle scheduler the test runs by hand. */
function manualIdle() {
  const tasks: { task: () => void; cancelled: boolean }[] = [];
  return {
    idle: (task: () => void) => {
      const entry = { task, cancelled: false };
      tasks.push(entry);
      return () => {
        entry.cancelled = true;
      };
    },
    /** Runs the tasks still due; how many ran. */
    flush: () => {
      const due = tasks.splice(0).filter((t) => !t.cancelled);
      for (const t of due) t.task();
      return due.length;
    },
  };
}

const large = generateFlow({ modules: WARM_FROM_MODULES, seed: 2 });
const small = generateFlow({ modules: 10, seed: 2 });

describe('the simulation warmed when a flow opens', () => {
  it('warms in a quiet moment for the flow open now and for each flow opened later, if it is large enough', () => {
    const store = createEditorStore(large);
    const warmed: Flow[] = [];
    const { idle, flush } = manualIdle();
    const stop = warmOnOpen(store, (flow) => warmed.push(flow), idle);
    expect(warmed).toEqual([]);
    expect(flush()).toBe(1);
    expect(warmed).toEqual([large]);

    // An edit is not an opening: nothing more.
    store.getState().edit('rename', (draft) => {
      draft.name = 'renamed';
    });
    expect(flush()).toBe(0);

    // A small flow opens: nothing; a large one: warmed once, even when opened twice before the quiet moment.
    store.getState().loadFlow(small, 'open');
    expect(flush()).toBe(0);
    const other = generateFlow({ modules: 2 * WARM_FROM_MODULES, seed: 3 });
    store.getState().loadFlow(large, 'open');
    store.getState().loadFlow(other, 'open');
    expect(flush()).toBe(1);
    expect(warmed.at(-1)).toBe(store.getState().flow);
    expect(warmed.at(-1)!.modules).toHaveLength(2 * WARM_FROM_MODULES);

    // Stopped (the editor disposed): a pending warm-up never happens.
    store.getState().loadFlow(large, 'open');
    stop();
    expect(flush()).toBe(0);
    store.getState().loadFlow(other, 'open');
    expect(flush()).toBe(0);
    expect(warmed).toHaveLength(2);
  });
});

describe('the what-if panel’s simulated runs ahead when a flow opens', () => {
  /** A client that notes what it is asked; `running` is the request it runs. */
  function notingClient() {
    const asked: string[] = [];
    let running: SimulationRequest | null = null;
    const client: AheadClient = {
      run: (request) => {
        asked.push(`run ${request.flow.name} ${request.samples}`);
        running = request;
      },
      warm: (request) => asked.push(`warm ${request.flow.name} ${request.samples}`),
      cancelUnlessFor: (request) => {
        asked.push(`cancel unless ${request.flow.name}`);
        running = null;
      },
      isRunning: (request) => running === request,
    };
    return { asked, client, finish: () => (running = null) };
  }

  function setUp(flow: Flow, samples: number) {
    const store = createEditorStore(flow);
    const { idle, flush } = manualIdle();
    const noting = notingClient();
    let scenario = false;
    const stop = simulateOnOpen(
      store,
      () => noting.client,
      () => (scenario ? null : { flow: store.getState().flow, samples, seed: 1 }),
      () => samples,
      idle,
      manualIdle().idle,
    );
    return { store, flush, stop, ...noting, showScenario: () => (scenario = true) };
  }

  it('simulates the panel’s runs of a flow within AHEAD_MAX_WORK in a quiet moment; warms for a larger one or one with a scenario shown', () => {
    const modules = WARM_FROM_MODULES;
    const within = Math.floor(AHEAD_MAX_WORK / modules);
    const small = setUp(large, within);
    expect(small.asked).toEqual([]);
    small.flush();
    expect(small.asked).toEqual([`run ${large.name} ${within}`]);

    const big = setUp(large, within + 1);
    big.flush();
    expect(big.asked).toEqual([`warm ${large.name} ${within + 1}`]);

    const shown = setUp(large, 100);
    shown.showScenario();
    shown.flush();
    expect(shown.asked).toEqual([`warm ${large.name} 100`]);
  });

  it('stops a run ahead when the flow is edited while it goes, and warms for the edited flow; a finished one stays', () => {
    const going = setUp(large, 100);
    going.flush();
    going.store.getState().edit('rename', (draft) => {
      draft.name = 'edited';
    });
    expect(going.asked).toEqual([`run ${large.name} 100`, 'cancel unless edited']);

    const done = setUp(large, 100);
    done.flush();
    done.finish();
    done.store.getState().edit('rename', (draft) => {
      draft.name = 'edited';
    });
    expect(done.asked).toEqual([`run ${large.name} 100`]);
  });

  it('gives the panel opened later the result simulated ahead, without running again', () => {
    const workers = fakeWorkers();
    const client = new SimulationClient({ createWorker: workers.create, workers: 1 });
    const store = createEditorStore(large);
    const { idle, flush } = manualIdle();
    simulateOnOpen(store, () => client, () => ({ flow: store.getState().flow, samples: 500, seed: 7 }), () => 500, idle, manualIdle().idle);
    flush();
    const worker = workers.made[0]!;
    const asked = worker.posted.filter((m) => m.type === 'run');
    expect(asked).toHaveLength(1);
    const result = { samples: 500, seed: 7, runs: new Float64Array(0) } as unknown as SimulationResult;
    worker.reply({ type: 'done', id: 1, result });
    // The panel's request: the same flow, samples and seed.
    client.run({ flow: store.getState().flow, samples: 500, seed: 7 });
    expect(worker.posted.filter((m) => m.type === 'run')).toHaveLength(1);
    expect(client.getState()).toMatchObject({ status: 'done', result });
  });

  it('starts the workers without work at the first idle moment, and the runs asked later go to them', () => {
    const workers = fakeWorkers();
    const client = new SimulationClient({ createWorker: workers.create, workers: 2 });
    const store = createEditorStore(large);
    const ahead = manualIdle();
    const start = manualIdle();
    const samples = 10_000; // 10,000 runs of 100 modules: shared between the two workers
    const stop = simulateOnOpen(store, () => client, () => ({ flow: store.getState().flow, samples, seed: 7 }), () => samples, ahead.idle, start.idle);
    expect(workers.made).toHaveLength(0);
    expect(start.flush()).toBe(1);
    expect(workers.made).toHaveLength(2);
    expect(workers.made.flatMap((w) => w.posted)).toEqual([]); // no work: no flow posted, nothing walked
    // A click before the work ahead: the runs go to the workers already started.
    client.run({ flow: store.getState().flow, samples, seed: 7 });
    expect(workers.made).toHaveLength(2);
    expect(workers.made.map((w) => w.posted.map((m) => m.type))).toEqual([['share-of-runs'], ['share-of-runs']]);
    // Started once per opening; a small flow starts none.
    expect(start.flush()).toBe(0);
    store.getState().loadFlow(small, 'open');
    expect(start.flush()).toBe(0);
    stop();
  });
});
