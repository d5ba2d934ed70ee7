// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { simulate, BLOCK_RUNS, type RunChunk } from '../cost/simulate';
import { generateFlow } from '../model/generate';
import type { Flow } from '../model/types';
import { POST_TASK_MS, POST_WHOLE_ITEMS, SimulationClient, WARM_FLOW_MODULES, type WorkerLike } from './simulationClient';
import { FLOW_SLICE } from './flowParts';
import { createSimulationServer } from './simulationServer';
import { sharesFor, workerCount, WORK_PER_SHARE } from './shares';
import type { ShareMessage, WorkerReply, WorkerRequest } from './protocol';
import { fakeWorkers, type FakeWorker } from './testing';
import { inWalkMemory } from '../cost/simulation/walkWasm';

/**
 * A transfer list as Chromium takes it: a WebAssembly memory's buffer cannot be transferred there
 * (DataCloneError), though Node copies it without a word.
 */
function movable(transfer: Transferable[]): Transferable[] {
  for (const b of transfer) {
    if (b instanceof ArrayBuffer && inWalkMemory(new Uint8Array(b, 0, 0))) throw new DOMException('A WebAssembly memory’s buffer cannot be transferred.', 'DataCloneError');
  }
  return transfer;
}

/**
 * A worker in this thread: messages are cloned as postMessage clones them (buffers listed as
 * transferred are moved, and unusable after) and delivered when `pump` is called.
 */
class LoopbackWorker implements WorkerLike {
  static all: LoopbackWorker[] = [];
  /** Messages posted to any loopback worker so far. */
  static posts = 0;
  onmessage: ((event: MessageEvent<WorkerReply>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  terminated = false;
  received: WorkerRequest[] = [];
  private inbox: WorkerRequest[] = [];
  private outbox: WorkerReply[] = [];
  private readonly serve = createSimulationServer({
    reply: (message, transfer = []) => this.outbox.push(structuredClone(message, { transfer: movable(transfer) })),
    progressIntervalMs: 0,
  });
  constructor() {
    LoopbackWorker.all.push(this);
  }
  postMessage(message: WorkerRequest, transfer: Transferable[] = []): void {
    LoopbackWorker.posts++;
    this.inbox.push(structuredClone(message, { transfer }));
  }
  terminate(): void {
    this.terminated = true;
  }
  /** Delivers every message, both ways, until all are quiet. */
  static pump(): void {
    for (let busy = true; busy; ) {
      busy = false;
      for (const w of LoopbackWorker.all) {
        if (w.terminated) continue;
        const request = w.inbox.shift();
        if (request) {
          busy = true;
          w.received.push(request);
          w.serve(request);
        }
        const reply = w.outbox.shift();
        if (reply) {
          busy = true;
          w.onmessage?.({ data: reply } as MessageEvent<WorkerReply>);
        }
      }
    }
  }
}

/** Delivers the messages, task after task, until the client's run has ended. */
async function settle(client: SimulationClient): Promise<void> {
  for (;;) {
    LoopbackWorker.pump();
    if (client.getState().status !== 'running') return;
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

function newClient(workers: number): SimulationClient {
  LoopbackWorker.all = [];
  return new SimulationClient({ createWorker: () => new LoopbackWorker(), workers });
}

const flow: Flow = generateFlow({ modules: 120, seed: 4, rangeShare: 0.4 });
// Enough work for three shares.
const samples = Math.ceil((3 * WORK_PER_SHARE) / flow.modules.length) + 5;

describe('sharesFor and workerCount', () => {
  it('one share for small work; for large work as many as workers, of whole blocks, covering every run', () => {
    expect(sharesFor(10_000, 10, 4)).toEqual([{ from: 0, to: 10_000 }]);
    const shares = sharesFor(10_000, 1_000, 4);
    expect(shares).toHaveLength(4);
    expect(shares[0]!.from).toBe(0);
    expect(shares.at(-1)!.to).toBe(10_000);
    for (const s of shares.slice(1)) expect(s.from % BLOCK_RUNS).toBe(0);
    // Never more shares than blocks.
    expect(sharesFor(300, 100_000, 8)).toHaveLength(2);
  });

  it('gives the lead one block fewer than an even split, while it still holds the runs kept per module', () => {
    // 40 blocks: 20 and 20 even; the lead also keeps 4,000 runs' samples, takes their percentiles and merges.
    expect(sharesFor(10_000, 1_000, 2)).toEqual([
      { from: 0, to: 19 * BLOCK_RUNS },
      { from: 19 * BLOCK_RUNS, to: 10_000 },
    ]);
    // 800 modules: 5,000 runs kept; 19 blocks (4,864 runs) would not hold them all.
    expect(sharesFor(10_000, 800, 2)[0]).toEqual({ from: 0, to: 20 * BLOCK_RUNS });
    // An odd count of blocks: 5 and 4 even, 4 and 5 here.
    expect(sharesFor(9 * BLOCK_RUNS, 1_000, 2)[0]).toEqual({ from: 0, to: 4 * BLOCK_RUNS });
    // A lead already shorter than another share (3, 4, 3 blocks) stays as it is.
    expect(sharesFor(10 * BLOCK_RUNS, 1_000, 3)).toEqual([
      { from: 0, to: 3 * BLOCK_RUNS },
      { from: 3 * BLOCK_RUNS, to: 7 * BLOCK_RUNS },
      { from: 7 * BLOCK_RUNS, to: 10 * BLOCK_RUNS },
    ]);
  });

  it('uses the cores the browser reports, at least 2 and at most 8', () => {
    expect(workerCount(1)).toBe(2);
    expect(workerCount(6)).toBe(6);
    expect(workerCount(64)).toBe(8);
    expect(workerCount(Number.NaN)).toBe(2);
  });
});

describe('a simulation shared between workers', () => {
  it('gives the very result one pass gives, for 1, 2 and 3 workers', { timeout: 120_000 }, () => {
    const one = simulate(flow, { samples, seed: 11 });
    for (const workers of [1, 2, 3]) {
      const client = newClient(workers);
      client.run({ flow, samples, seed: 11 });
      LoopbackWorker.pump();
      expect(LoopbackWorker.all).toHaveLength(workers);
      expect(client.getState()).toMatchObject({ status: 'done', progress: 1, ranOn: 'worker' });
      expect(client.getState().result).toEqual(one);
      if (workers > 1) {
        // Each worker walked a share of whole blocks; the lead got the others' shares.
        const asked = LoopbackWorker.all.map((w) => w.received[0] as ShareMessage);
        expect(asked.map((m) => m.type)).toEqual(Array(workers).fill('share-of-runs'));
        expect(asked[0]!.from).toBe(0);
        expect(asked.at(-1)!.to).toBe(samples);
        expect(LoopbackWorker.all[0]!.received.filter((m) => m.type === 'share')).toHaveLength(workers - 1);
      }
    }
  });

  it('a new request ends every worker of the shared run in flight; the next run starts new ones', { timeout: 120_000 }, () => {
    const client = newClient(3);
    client.run({ flow, samples, seed: 1 });
    const first = [...LoopbackWorker.all];
    expect(first).toHaveLength(3);
    client.run({ flow, samples, seed: 2 });
    expect(first.every((w) => w.terminated)).toBe(true);
    LoopbackWorker.pump();
    expect(client.getState().result!.seed).toBe(2);
  });
});

describe('the workers warmed ahead of the runs', () => {
  it('are started and warmed once, then take the runs (no new worker), with the very result of one pass for 2 and 4 workers', { timeout: 120_000 }, () => {
    // Enough work for four shares.
    const many = Math.ceil((4 * WORK_PER_SHARE) / flow.modules.length) + 7;
    const one = simulate(flow, { samples: many, seed: 9 });
    for (const workers of [2, 4]) {
      const warmed: number[] = [];
      LoopbackWorker.all = [];
      const client = new SimulationClient({ createWorker: () => new LoopbackWorker(), workers, onWarmed: (n) => warmed.push(n) });
      client.warm({ flow, samples: many });
      client.warm({ flow, samples: many });
      expect(LoopbackWorker.all).toHaveLength(workers);
      LoopbackWorker.pump();
      expect(client.warmWorkers()).toBe(workers);
      expect(warmed.at(-1)).toBe(workers);
      // Each worker warmed once, on a few runs of the flow.
      for (const w of LoopbackWorker.all) {
        const warms = w.received.filter((m) => m.type === 'warm');
        expect(warms).toHaveLength(1);
        expect(warms[0]).toMatchObject({ flow: { name: flow.name } });
        expect((warms[0] as { runs: number }).runs).toBeLessThanOrEqual(BLOCK_RUNS);
      }
      expect(client.getState().status).toBe('idle');
      client.run({ flow, samples: many, seed: 9 });
      LoopbackWorker.pump();
      expect(LoopbackWorker.all).toHaveLength(workers);
      expect(client.getState()).toMatchObject({ status: 'done', ranOn: 'worker' });
      expect(client.getState().result).toEqual(one);
    }
  });

  it('are as many as a run of the flow would use (one for small work), and none are warmed while a run goes', () => {
    const workers = fakeWorkers();
    const client = new SimulationClient({ createWorker: workers.create, workers: 4 });
    client.warm({ flow, samples: 100 });
    expect(workers.made).toHaveLength(1);
    expect(workers.made[0]!.posted.map((m) => m.type)).toEqual(['warm']);
    client.run({ flow, samples, seed: 3 });
    expect(workers.made).toHaveLength(3);
    client.warm({ flow, samples: 4 * samples });
    expect(workers.made).toHaveLength(3);
    expect(workers.made.flatMap((w) => w.posted.map((m) => m.type))).toEqual(['warm', 'share-of-runs', 'share-of-runs', 'share-of-runs']);
  });

  it('are started again and warmed when a run is stopped for an edit, before the edit’s run is asked for', () => {
    const workers = fakeWorkers();
    const client = new SimulationClient({ createWorker: workers.create, workers: 2 });
    client.run({ flow, samples, seed: 3 });
    expect(workers.made).toHaveLength(2);
    const edited = { ...flow, name: 'edited' };
    client.cancelUnlessFor({ flow: edited, samples, seed: 3 });
    expect(workers.made.slice(0, 2).every((w) => w.terminated)).toBe(true);
    expect(workers.made.slice(2).map((w) => w.posted)).toEqual([
      [{ type: 'warm', flow: edited, runs: expect.any(Number) }],
      [{ type: 'warm', flow: edited, runs: expect.any(Number) }],
    ]);
    client.run({ flow: edited, samples, seed: 3 });
    expect(workers.made).toHaveLength(4);
  });

  it("of a flow too large to post in one task, warm on its first modules and the edges between them, and then run the whole flow", { timeout: 120_000 }, async () => {
    const large = generateFlow({ modules: WARM_FLOW_MODULES + 500, seed: 6, rangeShare: 0.4 });
    LoopbackWorker.all = [];
    const client = new SimulationClient({ createWorker: () => new LoopbackWorker(), workers: 2 });
    client.warm({ flow: large, samples: 20 });
    LoopbackWorker.pump();
    const warms = LoopbackWorker.all.flatMap((w) => w.received.filter((m) => m.type === 'warm'));
    expect(warms.length).toBeGreaterThan(0);
    for (const warm of warms) {
      expect(warm.flow.modules).toEqual(large.modules.slice(0, WARM_FLOW_MODULES));
      const ids = new Set(warm.flow.modules.map((m) => m.id));
      expect(warm.flow.edges).toEqual(large.edges.filter((e) => ids.has(e.source) && ids.has(e.target)));
    }
    expect(client.warmWorkers()).toBe(warms.length);
    client.run({ flow: large, samples: 20, seed: 5 });
    await settle(client);
    expect(client.getState()).toMatchObject({ status: 'done', ranOn: 'worker' });
    expect(client.getState().result).toEqual(simulate(large, { samples: 20, seed: 5 }));
  });

  it('are none where there are no workers', () => {
    const client = new SimulationClient({ createWorker: null });
    client.warm({ flow, samples });
    expect(client.warmWorkers()).toBe(0);
    expect(client.getState().status).toBe('idle');
  });
});

describe('a large flow posted to the workers', () => {
  it('goes in parts of FLOW_SLICE modules or edges, no more than one a task when each takes POST_TASK_MS, and the workers simulate the very same flow', { timeout: 120_000 }, async () => {
    const big = generateFlow({ modules: 2 * FLOW_SLICE + 10, seed: 6, rangeShare: 0.3 });
    const runs = Math.ceil((2 * WORK_PER_SHARE) / big.modules.length) + BLOCK_RUNS;
    LoopbackWorker.all = [];
    LoopbackWorker.posts = 0;
    let clock = 0;
    const client = new SimulationClient({ createWorker: () => new LoopbackWorker(), workers: 2, now: () => (clock += POST_TASK_MS) });
    client.run({ flow: big, samples: runs, seed: 5 });
    expect(LoopbackWorker.all).toHaveLength(2);
    // Each worker: the modules' parts, the edges' parts, then its share of the runs.
    const perWorker = Math.ceil(big.modules.length / FLOW_SLICE) + Math.ceil(big.edges.length / FLOW_SLICE) + 1;
    const posted: number[] = [LoopbackWorker.posts];
    while (LoopbackWorker.posts < 2 * perWorker) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      posted.push(LoopbackWorker.posts);
    }
    // One message a task, never the flow whole.
    expect(posted).toEqual(Array.from({ length: 2 * perWorker }, (_, i) => i + 1));
    await settle(client);
    for (const worker of LoopbackWorker.all) {
      const parts = worker.received.filter((m) => m.type === 'flow-part');
      expect(parts.every((m) => m.items.length <= FLOW_SLICE)).toBe(true);
      const share = worker.received.find((m) => m.type === 'share-of-runs') as ShareMessage;
      expect(share.flow.modules).toEqual([]);
    }
    expect(client.getState()).toMatchObject({ status: 'done', ranOn: 'worker' });
    expect(client.getState().result).toEqual(simulate(big, { samples: runs, seed: 5 }));
  });

  it('a flow of POST_WHOLE_ITEMS modules and edges or fewer goes whole, in the task that asks for the runs', () => {
    const modest = generateFlow({ modules: FLOW_SLICE, seed: 6 });
    expect(modest.edges.length).toBeGreaterThan(FLOW_SLICE);
    expect(modest.modules.length + modest.edges.length).toBeLessThanOrEqual(POST_WHOLE_ITEMS);
    const workers = fakeWorkers();
    const client = new SimulationClient({ createWorker: workers.create, workers: 2 });
    client.run({ flow: modest, samples: Math.ceil((2 * WORK_PER_SHARE) / modest.modules.length) + BLOCK_RUNS, seed: 5 });
    expect(workers.made).toHaveLength(2);
    for (const worker of workers.made) expect(worker.posted).toMatchObject([{ type: 'share-of-runs', flow: modest }]);
    client.dispose();
  });

  it('stops posting when a newer run supersedes it', async () => {
    const big = generateFlow({ modules: 2 * FLOW_SLICE + 10, seed: 7 });
    LoopbackWorker.all = [];
    LoopbackWorker.posts = 0;
    let clock = 0;
    const client = new SimulationClient({ createWorker: () => new LoopbackWorker(), workers: 1, now: () => (clock += POST_TASK_MS) });
    client.run({ flow: big, samples: 10, seed: 5 });
    const first = LoopbackWorker.all[0]!;
    await new Promise((resolve) => setTimeout(resolve, 0));
    const posts = LoopbackWorker.posts;
    client.run({ flow, samples: 10, seed: 5 });
    expect(first.terminated).toBe(true);
    await settle(client);
    // The new run's one message; nothing more of the big flow.
    expect(LoopbackWorker.posts).toBe(posts + 1);
    expect(client.getState().result).toEqual(simulate(flow, { samples: 10, seed: 5 }));
  });
  it('posts nothing more to workers dropped while it posts (a worker that fails to start): the run goes on the page', async () => {
    const big = generateFlow({ modules: 2 * FLOW_SLICE + 10, seed: 7 });
    const workers = fakeWorkers();
    let clock = 0;
    const client = new SimulationClient({ createWorker: workers.create, workers: 2, now: () => (clock += POST_TASK_MS) });
    client.run({ flow: big, samples: Math.ceil((2 * WORK_PER_SHARE) / big.modules.length) + BLOCK_RUNS, seed: 5 });
    expect(workers.made).toHaveLength(2);
    const [lead, other] = workers.made as [FakeWorker, FakeWorker];
    expect(lead.posted).toHaveLength(1);
    // The lead's script fails to load: every worker is dropped, the runs go to the page's thread.
    lead.onerror!({ preventDefault() {} } as ErrorEvent);
    expect(lead.terminated && other.terminated).toBe(true);
    for (let i = 0; i < 10; i++) await new Promise((resolve) => setTimeout(resolve, 0));
    expect(lead.posted).toHaveLength(1);
    expect(other.posted).toHaveLength(0);
    expect(client.getState().ranOn).toBe('main-thread');
    client.dispose();
  });
});

describe('the client with fake workers in a shared run', () => {
  const chunkOf = (from: number, to: number): RunChunk => ({
    from,
    to,
    runs: new Float64Array(to - from),
    blockSums: new Float64Array(0),
    nodeSamples: new Float32Array(0),
    executions: 0,
  });

  it('weighs each share’s progress by its runs, and hands a finished share to the lead', () => {
    const workers = fakeWorkers();
    const client = new SimulationClient({ createWorker: workers.create, workers: 2 });
    client.run({ flow, samples, seed: 3 });
    const [lead, other] = workers.made as [FakeWorker, FakeWorker];
    const share = other.posted[0] as ShareMessage;
    const leadRuns = share.from;
    lead.reply({ type: 'progress', id: 1, progress: 0.5 });
    expect(client.getState().progress).toBeCloseTo((0.5 * leadRuns) / samples, 12);
    other.reply({ type: 'chunk', id: 1, chunk: chunkOf(share.from, share.to) });
    expect(client.getState().progress).toBeCloseTo((0.5 * leadRuns + (samples - leadRuns)) / samples, 12);
    expect(lead.posted[1]).toMatchObject({ type: 'share', id: 1, chunk: { from: share.from, to: share.to } });
    expect(client.getState().status).toBe('running');
  });

  it('an error in one share shows its message and ends the other workers', () => {
    const workers = fakeWorkers();
    const client = new SimulationClient({ createWorker: workers.create, workers: 2 });
    client.run({ flow, samples, seed: 3 });
    workers.made[1]!.reply({ type: 'error', id: 1, message: 'One simulated run executed more than 5e+7 modules' });
    expect(client.getState()).toMatchObject({ status: 'error', error: 'One simulated run executed more than 5e+7 modules' });
    expect(workers.made.every((w) => w.terminated)).toBe(true);
  });
});
