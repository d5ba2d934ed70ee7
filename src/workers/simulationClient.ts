import type { Flow } from '../model/types';
import type { SampleBuffers, SimulationInProgress, SimulationResult, startSimulation } from '../cost/simulate';
import { chunkTransfer, progressShare } from './protocol';
import { BLOCK_RUNS, sharesFor, workerCount, type Share } from './shares';
import type { WorkerReply, WorkerRequest } from './protocol';
import { FLOW_SLICE, flowInParts } from './flowParts';
import type { WorkerPort } from './workerSlot';
import { createStateCell } from './stateCell';
import { nodesIn, unpackNodes } from './nodeFigures';
import { slicesOf } from '../scheduling/slices';
import { IDLE_STATE, sameRuns, type SimulationHandle, type SimulationRequest, type SimulationState } from './simulationHandle';

export { useSimulation, useSimulationOutcome, type UseSimulationOptions } from './useSimulation';

/**
 * Runs simulated runs (cost/simulate.ts) off the main thread and keeps the latest answer.
 *
 * - One run at a time: a new request supersedes the one in flight. Busy workers are terminated
 *   (a synchronous simulation cannot read a cancel message), and fresh ones are started on demand;
 *   replies carry the request id, so anything a superseded run still says is dropped.
 * - A large simulation (see shares.ts) is shared between several workers, up to `workers` (by
 *   default as many as `navigator.hardwareConcurrency`, at least 2): each walks whole blocks of
 *   runs, the others hand their share to the lead (the worker with run 0), which merges them into
 *   the very result one worker would give (cost/simulation/blocks.ts).
 * - Where `Worker` is missing (tests, old browsers) or the worker fails to start, the simulation
 *   runs on the main thread in chunks of about `chunkMs` (16 ms), each in a task of its own
 *   (setTimeout 0), so the page stays responsive; progress is reported after each chunk, and a
 *   superseded or cancelled run stops at the next chunk (or, within one, at the next run) and
 *   never reports. The engine itself is loaded (dynamic import) when a run first falls back to the
 *   main thread: the worker has its own copy, and the page's first bundle stays without it.
 * - The same request twice in a row (same flow object, samples, seed) does not run again, nor does
 *   a request the engine has just refused (the same refusal would come back).
 * - While a new run is going, the previous result stays on show (status `running`).
 * - The workers' progress reaches the state at most every PAGE_PROGRESS_MS: each state change
 *   renders the panels that read it on the page's thread, and at the workers' pace (every 50 ms
 *   from each) those renders took a core from the walk on a two-core machine (issue 19).
 *   `getOutcome` is the state without the progress, for readers that do not show it (the bands).
 */

export { IDLE_STATE, type SimulationRequest, type SimulationState, type SimulationStatus } from './simulationHandle';

/** The part of `Worker` this client uses (a fake in tests). */
export type WorkerLike = WorkerPort<WorkerRequest, WorkerReply>;

export type SimulateFn = (
  flow: Flow,
  options: {
    samples: number;
    seed: number;
    onProgress?: (done: number, total?: number) => void;
    shouldStop?: () => boolean;
  },
) => SimulationResult | null | undefined;

export interface SimulationClientOptions {
  /** Makes a worker; null = never use one. Default: the Vite module worker when `Worker` exists. */
  createWorker?: (() => WorkerLike) | null;
  /** Most workers one simulation is shared between (default: workerCount(), see shares.ts). */
  workers?: number;
  /**
   * A simulation to use on the main thread in one pass instead of the engine's (tests). Without it,
   * the engine's simulation runs in chunks.
   */
  simulate?: SimulateFn;
  /** The engine's chunked simulation on the main thread (default `startSimulation`, loaded on first use). */
  startSimulation?: typeof startSimulation;
  /** Main thread: how long one chunk may run before the page gets the thread back (default 16 ms). */
  chunkMs?: number;
  /** Clock in ms for the chunks (default performance.now). */
  now?: () => number;
  /** Told each time a worker has warmed up (see SimulationClient.warm), with how many are warm. */
  onWarmed?: (workers: number) => void;
}

/** Module-runs a worker walks to warm up: enough for V8 to compile the walk, a few ms of work. */
export const WARM_WORK = 200_000;

/**
 * The most modules a warm-up posts: above it a worker warms on the flow's first modules and the
 * edges between them (`warmingFlow`). Posting a flow to a worker clones it on the page's thread,
 * one task: at 100,000 modules that held the page hundreds of ms for a warm-up that only needs
 * the worker started, the engine loaded and the walk compiled, which a few thousand modules do.
 */
export const WARM_FLOW_MODULES = 2_000;

/** The flow a worker warms on: `flow` itself, or for a larger flow its first WARM_FLOW_MODULES modules and the edges between them. */
export function warmingFlow(flow: Flow): Flow {
  if (flow.modules.length <= WARM_FLOW_MODULES) return flow;
  const modules = flow.modules.slice(0, WARM_FLOW_MODULES);
  const ids = new Set(modules.map((m) => m.id));
  const edges = flow.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
  return { format: flow.format, version: flow.version, name: flow.name, settings: flow.settings, modules, edges };
}

/**
 * The workers' progress updates the state at most this often (ms): each update renders the
 * what-if panel on the page's thread while the workers walk (at 1,000 modules, two workers each
 * posting every 50 ms kept the page's thread busy through the whole run).
 */
export const PAGE_PROGRESS_MS = 250;

/**
 * A flow of at most this many modules and edges together is posted whole, in the task that asks for
 * the runs (a few ms): its runs start at once. In parts, a task a part, the last part of a
 * 1,000-module flow waited behind the click's render of the what-if panel (0.3–0.4 s at load).
 */
export const POST_WHOLE_ITEMS = 3_000;

/** How long one task of the page may post a large flow's parts, or read the answer's per-module figures, before the next task goes on (ms). */
export const POST_TASK_MS = 10;

/** Modules' figures put back per step when reading the workers' answer (the clock is read between steps). */
const NODES_PER_STEP = 2_000;

/** Runs simulated per step inside a chunk (the clock is read between steps). */
const RUNS_PER_STEP = 25;

function defaultCreateWorker(): (() => WorkerLike) | null {
  if (typeof Worker === 'undefined') return null;
  return () =>
    new Worker(new URL('./simulation.worker.ts', import.meta.url), { type: 'module' }) as unknown as WorkerLike;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : 'The simulation failed.';
}

export class SimulationClient implements SimulationHandle {
  private readonly cell = createStateCell<SimulationState>(IDLE_STATE);
  private readonly createWorker: (() => WorkerLike) | null;
  private readonly simulate: SimulateFn | null;
  private start: typeof startSimulation | null;
  private readonly chunkMs: number;
  private readonly now: () => number;
  /** The workers made so far; the first is the lead of a shared simulation. */
  private pool: WorkerLike[] = [];
  private readonly workers: number;
  private workerBroken = false;
  /** Id of the request whose answer we want; every other id is stale. */
  private current = 0;
  /** Id the workers are busy with, or 0. */
  private workerBusyWith = 0;
  /** The shares of the runs in flight on the workers, by worker, with the progress of each. */
  private shares: (Share & { progress: number })[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** The next task posting a large flow's parts (postInTasks). */
  private postTimer: ReturnType<typeof setTimeout> | null = null;
  /** The next task reading the per-module figures of the workers' answer (readNodes). */
  private readTimer: ReturnType<typeof setTimeout> | null = null;
  /** Flows posted in parts so far (each posting's flowId). */
  private flowsPosted = 0;
  private last: SimulationRequest | null = null;
  /** The spare samples buffer of the simulations run on the page's thread (see SampleBuffers). */
  private buffers: SampleBuffers | undefined;
  /** Workers of the pool asked to warm up, and those that did (see warm). */
  private readonly warming = new WeakSet<WorkerLike>();
  private readonly warmed = new Set<WorkerLike>();
  private readonly onWarmed: ((workers: number) => void) | undefined;
  /** When the workers' progress last reached the state (see PAGE_PROGRESS_MS). */
  private progressShownAt = -Infinity;
  /** The last state handed out by getOutcome. */
  private outcome: SimulationState = IDLE_STATE;

  constructor(options: SimulationClientOptions = {}) {
    this.createWorker = options.createWorker === undefined ? defaultCreateWorker() : options.createWorker;
    this.workers = Math.max(1, Math.floor(options.workers ?? workerCount()));
    this.simulate = options.simulate ?? null;
    this.start = options.startSimulation ?? null;
    this.chunkMs = options.chunkMs ?? 16;
    this.now = options.now ?? (() => (typeof performance !== 'undefined' ? performance.now() : Date.now()));
    this.onWarmed = options.onWarmed;
  }

  /**
   * Starts and warms, ahead of the runs, the workers a simulation of `request` would be shared
   * between: each loads the engine and walks a few runs of the flow (WARM_WORK module-runs at
   * most; of its first WARM_FLOW_MODULES modules for a larger flow, see warmingFlow), so that V8 has compiled the walk when the runs are asked for and a run pays only for
   * its walk. Does nothing while a run goes (its workers warm themselves), for workers already
   * warm or warming, and where there are no workers.
   */
  warm(request: Pick<SimulationRequest, 'flow' | 'samples'>): void {
    if (this.workerBusyWith !== 0 || !this.createWorker || this.workerBroken) return;
    const count = sharesFor(request.samples, Math.max(1, request.flow.modules.length), this.workers).length;
    const flow = warmingFlow(request.flow);
    const runs = Math.max(1, Math.min(BLOCK_RUNS, Math.ceil(WARM_WORK / Math.max(1, flow.modules.length))));
    for (let i = 0; i < count; i++) {
      const worker = this.ensureWorker(i);
      if (!worker) return;
      if (this.warming.has(worker)) continue;
      try {
        worker.postMessage({ type: 'warm', flow, runs });
        this.warming.add(worker);
      } catch {
        // The flow cannot be cloned into a worker: the run will find out and use the main thread.
        return;
      }
    }
  }

  /**
   * Starts the workers a simulation of `request` would be shared between, without work: each loads
   * its script and the engine now (about 0.1–0.4 s after it is made, on its own thread), so that runs
   * asked later begin with their walk. Cheap beside `warm`, which also walks (V8 then compiles the
   * walk, hundreds of ms of CPU a worker). Does nothing while a run goes, for workers already made,
   * and where there are no workers.
   */
  prestart(request: Pick<SimulationRequest, 'flow' | 'samples'>): void {
    if (this.workerBusyWith !== 0 || !this.createWorker || this.workerBroken) return;
    const count = sharesFor(request.samples, Math.max(1, request.flow.modules.length), this.workers).length;
    for (let i = 0; i < count; i++) if (!this.ensureWorker(i)) return;
  }

  /** Whether the run in flight is the one `request` asks (sameRuns: run() takes a second ask of it as the first). */
  isRunning(request: SimulationRequest): boolean {
    return this.last !== null && sameRuns(this.last, request) && this.cell.get().status === 'running';
  }

  /** How many workers of the pool have warmed up (see warm). */
  warmWorkers(): number {
    return this.warmed.size;
  }

  getState = (): SimulationState => this.cell.get();

  /**
   * The state, the same object as long as only the progress changed: for readers that show the
   * result, not the progress (useSimulationOutcome), so that they do not render with each step.
   */
  getOutcome = (): SimulationState => {
    const state = this.cell.get();
    const o = this.outcome;
    const same =
      o.status === state.status &&
      o.result === state.result &&
      o.error === state.error &&
      o.ranOn === state.ranOn &&
      o.resultOf === state.resultOf &&
      (o.errorOf ?? null) === (state.errorOf ?? null);
    if (!same) this.outcome = state;
    return this.outcome;
  };

  subscribe = (listener: () => void): (() => void) => this.cell.subscribe(listener);

  private set(patch: Partial<SimulationState>): void {
    this.cell.set(patch);
  }

  /** Starts a run for `request`, superseding any run in flight. */
  run(request: SimulationRequest): void {
    const last = this.last;
    if (
      last &&
      sameRuns(last, request) &&
      // running or done; or refused by the engine, which would refuse it again
      (this.cell.get().status !== 'error' || this.cell.get().errorOf === last)
    ) {
      return;
    }
    this.stopCurrent();
    this.last = request;
    const id = ++this.current;
    this.set({ status: 'running', progress: 0, error: null, errorOf: null });
    this.progressShownAt = -Infinity;
    if (this.runOnWorkers(id, request)) return;
    this.runOnMainThread(id, request);
  }

  /** Posts the request to the workers (one, or several for shares); false when there are none to use. */
  private runOnWorkers(id: number, request: SimulationRequest): boolean {
    const shares = sharesFor(request.samples, request.flow.modules.length, this.workers);
    const workers: WorkerLike[] = [];
    for (let i = 0; i < shares.length; i++) {
      const worker = this.ensureWorker(i);
      if (!worker) break;
      workers.push(worker);
    }
    if (workers.length === 0) return false;
    // Fewer workers than shares (one could not be made): all the runs on the first.
    const parts = workers.length === shares.length ? shares : [{ from: 0, to: request.samples }];
    this.workerBusyWith = id;
    this.shares = parts.map((share) => ({ ...share, progress: 0 }));
    this.set({ ranOn: 'worker' });
    const { flow, samples, seed } = request;
    const items = flow.modules.length + flow.edges.length;
    const posting = flowInParts(++this.flowsPosted, flow, items <= POST_WHOLE_ITEMS ? items : FLOW_SLICE);
    const runs = parts.map(
      (share): WorkerRequest =>
        parts.length === 1
          ? { type: 'run', id, ...posting.posted, samples, seed }
          : { type: 'share-of-runs', id, ...posting.posted, samples, seed, ...share, shares: parts.length },
    );
    if (posting.count === 0) {
      try {
        runs.forEach((run, i) => workers[i]!.postMessage(run));
        return true;
      } catch {
        // The flow could not be cloned into a worker, or a worker is gone: run here instead.
        this.dropWorkers();
        this.workerBroken = true;
        return false;
      }
    }
    this.postInTasks(id, request, workers, runs, posting);
    return true;
  }

  /**
   * Posts a large flow's parts and then its run to each worker in turn (flowParts.ts), a few
   * messages a task (about POST_TASK_MS), so that no task of the page clones more than a part or
   * so: one post of a 100,000-module flow held the page 330–850 ms. A superseded run stops posting.
   */
  private postInTasks(id: number, request: SimulationRequest, workers: WorkerLike[], runs: WorkerRequest[], posting: ReturnType<typeof flowInParts>): void {
    const perWorker = posting.count + 1;
    function* messages(): Generator<void, void, void> {
      const total = runs.length * perWorker;
      for (let next = 0; ; yield) {
        const k = next % perWorker;
        workers[Math.floor(next / perWorker)]!.postMessage(k < posting.count ? posting.part(k) : runs[Math.floor(next / perWorker)]!);
        if (++next >= total) return;
      }
    }
    const slices = slicesOf(messages(), POST_TASK_MS, () => this.now());
    const post = (): void => {
      this.postTimer = null;
      if (id !== this.current) return;
      let posted: { value: void } | undefined;
      try {
        posted = slices.next();
      } catch {
        // As for a flow posted whole: run here instead.
        this.dropWorkers();
        this.workerBroken = true;
        this.runOnMainThread(id, request);
        return;
      }
      if (!posted) this.postTimer = setTimeout(post, 0);
    };
    post();
  }

  /**
   * Stops the run in flight when it is for another request than `request` (a flow since edited):
   * its answer could only be stale, and a worker simulating a large flow takes a core that the
   * page needs. The last result stays on show.
   */
  cancelUnlessFor(request: SimulationRequest): void {
    const last = this.last;
    if (this.cell.get().status !== 'running' || !last) return;
    if (last.flow === request.flow && last.samples === request.samples && last.seed === request.seed) return;
    this.cancel();
    // The run for `request` comes after a pause (useSimulation's debounce): new workers warm meanwhile.
    this.warm(request);
  }

  /** Stops the run in flight (its answer will never show) and forgets the last request. */
  cancel(): void {
    this.stopCurrent();
    this.current++;
    this.last = null;
    if (this.cell.get().status === 'running') this.set({ status: this.cell.get().result ? 'done' : 'idle', progress: 0 });
  }

  /** Cancels and lets the workers go. The client stays usable (a new run starts new workers). */
  dispose(): void {
    this.cancel();
    this.dropWorkers();
  }

  private stopCurrent(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.stopPosting();
    if (this.readTimer !== null) {
      clearTimeout(this.readTimer);
      this.readTimer = null;
    }
    if (this.workerBusyWith !== 0) {
      // A synchronous simulation cannot read a cancel message: end the workers.
      this.dropWorkers();
    }
  }

  /** Stops posting a large flow's parts (postInTasks): its workers are let go, or its run superseded. */
  private stopPosting(): void {
    if (this.postTimer === null) return;
    clearTimeout(this.postTimer);
    this.postTimer = null;
  }

  /** Lets every worker go; whatever was still to be posted to them is not. */
  private dropWorkers(): void {
    this.stopPosting();
    const pool = this.pool;
    this.pool = [];
    this.warmed.clear();
    this.workerBusyWith = 0;
    this.shares = [];
    for (const worker of pool) {
      worker.onmessage = null;
      worker.onerror = null;
      worker.terminate();
    }
  }

  /** Worker `index` of the pool, made if need be; null when workers cannot be used. */
  private ensureWorker(index: number): WorkerLike | null {
    const made = this.pool[index];
    if (made) return made;
    if (!this.createWorker || this.workerBroken || index !== this.pool.length) return null;
    try {
      const worker = this.createWorker();
      worker.onmessage = (event) => this.onReply(index, event.data);
      worker.onerror = (event) => this.onWorkerError(event);
      this.pool.push(worker);
      return worker;
    } catch {
      // The first worker: none can be made here. A later one: the pool stays as large as it is.
      if (index === 0) this.workerBroken = true;
      return null;
    }
  }

  private onReply(index: number, reply: WorkerReply): void {
    if (reply.type === 'warmed') {
      const worker = this.pool[index];
      if (worker) this.warmed.add(worker);
      this.onWarmed?.(this.warmed.size);
      return;
    }
    if (reply.id !== this.current) return; // a superseded run
    const share = this.shares[index];
    if (reply.type === 'progress') {
      if (share) share.progress = reply.progress;
      const now = this.now();
      if (now - this.progressShownAt < PAGE_PROGRESS_MS) return;
      this.progressShownAt = now;
      this.set({ progress: this.sharedProgress() });
    } else if (reply.type === 'chunk') {
      // A share done: the lead merges it.
      if (share) share.progress = 1;
      const lead = this.pool[0];
      if (lead) lead.postMessage({ type: 'share', id: reply.id, chunk: reply.chunk }, chunkTransfer(reply.chunk));
      // Once per share: shown at once.
      this.progressShownAt = this.now();
      this.set({ progress: this.sharedProgress() });
    } else if (reply.type === 'done') {
      this.workerBusyWith = 0;
      this.shares = [];
      const request = this.last;
      const show = (result: SimulationResult) => this.set({ status: 'done', progress: 1, result, error: null, resultOf: request });
      if (reply.nodeFigures) this.readNodes(reply.id, reply.result, reply.nodeFigures, request?.flow.modules ?? [], show);
      else show(reply.result);
    } else {
      // Other workers may still walk their shares of a refused run: end them.
      if (this.shares.length > 1) this.dropWorkers();
      this.workerBusyWith = 0;
      this.shares = [];
      // An old result would describe another flow: show the reason instead.
      this.set({ status: 'error', error: reply.message, result: null, resultOf: null, errorOf: this.last });
    }
  }

  /**
   * Puts the workers' per-module figures back into the result (nodeFigures.ts), a slice a task of
   * about POST_TASK_MS (all at once when they fit, as a flow of a few thousand modules does), then
   * hands it to `show`; a superseded run stops reading.
   */
  private readNodes(id: number, packed: SimulationResult, figures: Float64Array, modules: readonly { id: string }[], show: (result: SimulationResult) => void): void {
    const count = nodesIn(figures);
    const nodes: SimulationResult['nodes'] = [];
    function* unpacking(): Generator<void, void, void> {
      for (;;) {
        unpackNodes(figures, modules, nodes.length, Math.min(count, nodes.length + NODES_PER_STEP), nodes);
        if (nodes.length >= count) return;
        yield;
      }
    }
    const slices = slicesOf(unpacking(), POST_TASK_MS, () => this.now());
    const read = (): void => {
      this.readTimer = null;
      if (id !== this.current) return;
      if (slices.next()) show({ ...packed, nodes });
      else this.readTimer = setTimeout(read, 0);
    };
    read();
  }

  /** Progress of the runs on the workers: each share's progress weighed by its runs. */
  private sharedProgress(): number {
    let runs = 0;
    let done = 0;
    for (const share of this.shares) {
      runs += share.to - share.from;
      done += (share.to - share.from) * share.progress;
    }
    return progressShare(done, runs);
  }

  /** A worker script failed to load or threw outside a run: use the main thread from now on. */
  private onWorkerError(event: ErrorEvent): void {
    event.preventDefault?.();
    const id = this.workerBusyWith;
    this.dropWorkers();
    this.workerBroken = true;
    if (id !== 0 && id === this.current && this.last) this.runOnMainThread(id, this.last);
  }

  private runOnMainThread(id: number, request: SimulationRequest): void {
    this.set({ ranOn: 'main-thread' });
    if (this.simulate) {
      this.runInOnePass(id, request, this.simulate);
      return;
    }
    if (this.start) {
      this.runInChunks(id, request, this.start);
      return;
    }
    import('../cost/simulate').then(
      (engine) => {
        this.start ??= engine.startSimulation;
        this.buffers ??= new engine.SampleBuffers();
        if (id === this.current) this.runInChunks(id, request, this.start);
      },
      (error: unknown) => {
        if (id !== this.current) return;
        // Not the engine's answer: the same request may be asked again (the load is tried again).
        this.last = null;
        this.set({ status: 'error', error: messageOf(error), result: null, resultOf: null, errorOf: request });
      },
    );
  }

  /** The engine's simulation on the main thread, in chunks of about `chunkMs`, each in a task of its own. */
  private runInChunks(id: number, request: SimulationRequest, start: typeof startSimulation): void {
    let simulation: SimulationInProgress | null = null;
    const chunk = (): void => {
      this.timer = null;
      if (id !== this.current) return;
      try {
        simulation ??= start(request.flow, {
          samples: request.samples,
          seed: request.seed,
          buffers: this.buffers,
          shouldStop: () => id !== this.current,
        });
        const started = this.now();
        let finished = false;
        do finished = simulation.step(RUNS_PER_STEP);
        while (!finished && this.now() - started < this.chunkMs);
        if (id !== this.current) return;
        if (!finished) {
          // Give the page its thread back; the next chunk goes in a later task.
          this.set({ progress: progressShare(simulation.done, simulation.total) });
          this.timer = setTimeout(chunk, 0);
          return;
        }
        this.set({ status: 'done', progress: 1, result: simulation.result(), error: null, resultOf: request });
      } catch (error) {
        if (id === this.current) this.set({ status: 'error', error: messageOf(error), result: null, resultOf: null, errorOf: request });
      }
    };
    this.timer = setTimeout(chunk, 0);
  }

  /** A given (test) simulation, in one pass in a later task. */
  private runInOnePass(id: number, request: SimulationRequest, simulate: SimulateFn): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      if (id !== this.current) return;
      try {
        const result = simulate(request.flow, {
          samples: request.samples,
          seed: request.seed,
          onProgress: (done, total) => {
            if (id === this.current) this.set({ progress: progressShare(done, total) });
          },
          shouldStop: () => id !== this.current,
        });
        if (id !== this.current) return;
        if (!result) {
          this.set({ status: 'error', error: 'The simulation stopped before it finished.' });
          return;
        }
        this.set({ status: 'done', progress: 1, result, error: null, resultOf: request });
      } catch (error) {
        if (id === this.current) this.set({ status: 'error', error: messageOf(error), result: null, resultOf: null, errorOf: request });
      }
    }, 0);
  }
}
