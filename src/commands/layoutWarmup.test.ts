import { describe, expect, it, vi } from 'vitest';
import * as elkWorkerScript from 'elkjs/lib/elk-worker.js';
import { emptyFlow } from '../store/editor';
import { connect } from '../store/operations';
import { addModule } from '../store/moduleRecipes';
import { generateFlow } from '../model/generate';
import type { Flow } from '../model/types';
import { createWorkerEngine, elkGraphOf, LayoutCancelled } from './layout';
import { warmGraphOf, warmLayoutOnOpen, WARM_FROM, WARM_UP_TO, type WhenIdle } from './layoutWarmup';
import { testHost } from './testing';

/** A chain of `modules` modules, all in one row (the layout has something to do). */
function rowOf(modules: number, name = 'Row'): Flow {
  const flow = emptyFlow(name);
  for (let i = 0; i < modules; i++) addModule(flow, i === 0 ? 'trigger' : 'action', { x: 300 * i, y: 0 });
  for (let i = 1; i < modules; i++) connect(flow, `m${i}`, `m${i + 1}`);
  return flow;
}

/** Idle tasks held until the test says the page is idle. */
function heldIdle() {
  const tasks = new Set<() => unknown>();
  const whenIdle: WhenIdle = (task) => {
    tasks.add(task);
    return () => tasks.delete(task);
  };
  return { whenIdle, pending: () => tasks.size, idle: () => [...tasks].forEach((task) => (tasks.delete(task), task())) };
}

type InThisThread = new (url: string) => { postMessage(message: unknown): void; onmessage: (answer: { data: unknown }) => void };
const script = elkWorkerScript as unknown as { Worker?: InThisThread; default?: { Worker: InThisThread } };
const ElkInThisThread = (script.Worker ?? script.default!.Worker)!;

/**
 * Workers that run elk's worker script on this thread (elk's own stand-in for a Web Worker), noting
 * what elk's API asks of each and how many layouts each has answered. `failFirst`: the first worker
 * fails (an error event, as a script that cannot load) when asked its first layout.
 */
function elkWorkers({ failFirst = false } = {}) {
  const made: { asked: string[]; answered: number; terminated: boolean }[] = [];
  const newWorker = () => {
    const inner = new ElkInThisThread('');
    let onError: ((event: Event) => void) | null = null;
    const record = {
      asked: [] as string[],
      answered: 0,
      terminated: false,
    };
    const fails = failFirst && made.length === 0;
    made.push(record);
    return {
      set onmessage(receive: (answer: { data: { id: number } }) => void) {
        inner.onmessage = (answer) => {
          if (record.terminated) return;
          if (record.asked[(answer.data as { id: number }).id] === 'layout') record.answered++;
          receive(answer as { data: { id: number } });
        };
      },
      postMessage: (message: { cmd: string }) => {
        record.asked.push(message.cmd);
        if (fails && message.cmd === 'layout') onError?.(new Event('error'));
        else inner.postMessage(message);
      },
      terminate: () => void (record.terminated = true),
      addEventListener: (type: string, listener: (event: Event) => void) => {
        if (type === 'error') onError = listener;
      },
    } as unknown as Worker;
  };
  return { made, newWorker, layoutsAsked: () => made.flatMap((w) => w.asked).filter((cmd) => cmd === 'layout').length };
}

/** An editor with elk's workers (on this thread) that warms on open, the page not idle yet, with `flow` just opened. */
function editorOpening(flow: Flow) {
  const elk = elkWorkers();
  const engine = createWorkerEngine(elk.newWorker);
  const host = testHost({ layoutEngine: engine });
  const idle = heldIdle();
  warmLayoutOnOpen(host.store, engine, idle.whenIdle);
  host.store.getState().loadFlow(flow, 'Open');
  return { elk, host, idle };
}

describe('auto-layout warm-up: what is laid out ahead', () => {
  it('a flow of 100 to 2,000 modules is laid out ahead whole; a smaller or a larger one is not', () => {
    expect(warmGraphOf(rowOf(WARM_FROM - 1))).toBeNull();
    for (const flow of [rowOf(WARM_FROM), generateFlow({ modules: WARM_UP_TO, seed: 3 })]) expect(warmGraphOf(flow)).toEqual(elkGraphOf(flow));
    expect(warmGraphOf(generateFlow({ modules: WARM_UP_TO + 1, seed: 3 }))).toBeNull();
  });
});

describe('auto-layout warm-up: when a flow opens', () => {
  it('lays the opened flow out ahead once the page is idle, in the worker, and never moves a module', async () => {
    const { elk, host, idle } = editorOpening(rowOf(WARM_FROM + 20));
    const opened = host.store.getState().flow;
    const history = host.store.getState().past.length;
    // Nothing before the page is idle: no worker in the way of the flow's first paint.
    expect(elk.made).toHaveLength(0);
    idle.idle();
    await vi.waitFor(() => expect(elk.made[0]?.answered).toBe(1), { timeout: 30_000 });
    expect(elk.made).toHaveLength(1);
    expect(host.store.getState().flow).toBe(opened);
    expect(host.store.getState().past).toHaveLength(history);
  }, 60_000);

  it('edits do not start a warm-up; a small flow opened starts no worker; a second open calls off one not yet run', () => {
    const warmed: unknown[] = [];
    const engine = Object.assign(() => Promise.reject(new Error('not asked')), { warm: (graph: unknown) => void warmed.push(graph) });
    const host = testHost({ flow: rowOf(3) });
    const idle = heldIdle();
    warmLayoutOnOpen(host.store, engine, idle.whenIdle);
    host.store.getState().edit('Move', (draft) => void (draft.modules[0]!.position = { x: 5, y: 5 }));
    expect(idle.pending()).toBe(0);
    host.store.getState().loadFlow(rowOf(WARM_FROM + 1, 'First'), 'Open');
    host.store.getState().loadFlow(rowOf(WARM_FROM + 2, 'Second'), 'Open');
    expect(idle.pending()).toBe(1);
    idle.idle();
    expect(warmed).toEqual([elkGraphOf(rowOf(WARM_FROM + 2))]);
    host.store.getState().loadFlow(rowOf(WARM_FROM - 1), 'Open');
    idle.idle();
    expect(warmed).toHaveLength(1);
  });
});

describe("auto-layout warm-up: elk's worker", () => {
  const graph = elkGraphOf(rowOf(30));
  const never = () => new AbortController().signal;

  it('a layout asked of the flow laid out ahead takes that answer: one worker, elk asked once, the same positions', async () => {
    const elk = elkWorkers();
    const engine = createWorkerEngine(elk.newWorker);
    engine.warm(graph);
    engine.warm(graph); // the same flow opened again: nothing more
    // Asked while elk still works on the warm-up: it waits for it.
    const laidOut = await engine(graph, never());
    expect(elk.made).toHaveLength(1);
    expect(elk.layoutsAsked()).toBe(1);
    const cold = await createWorkerEngine(elkWorkers().newWorker)(graph, never());
    expect(laidOut.children).toEqual(cold.children);
  }, 60_000);

  it('a layout of another flow asked while warming runs in the same worker, after the warm-up', async () => {
    const elk = elkWorkers();
    const engine = createWorkerEngine(elk.newWorker);
    engine.warm(graph);
    const other = elkGraphOf(rowOf(12));
    const laidOut = await engine(other, never());
    expect(laidOut.children!.map((c) => c.id)).toEqual(other.children!.map((c) => c.id));
    expect(elk.made).toHaveLength(1);
    expect(elk.made[0]!.asked).toEqual(['register', 'layout', 'layout']);
  }, 60_000);

  it('Cancel while the layout waits on the warm-up rejects at once and ends the worker; the next layout starts a new one', async () => {
    const elk = elkWorkers();
    const engine = createWorkerEngine(elk.newWorker);
    engine.warm(graph);
    const abort = new AbortController();
    const asked = engine(graph, abort.signal);
    abort.abort();
    await expect(asked).rejects.toBeInstanceOf(LayoutCancelled);
    await vi.waitFor(() => expect(elk.made[0]!.terminated).toBe(true), { timeout: 10_000 });
    await expect(engine(graph, never())).resolves.toMatchObject({ id: 'root' });
    expect(elk.made).toHaveLength(2);
  }, 60_000);

  it('a warm-up stopped (a drag began) ends its worker; the layout asked later starts a new one, with the same answer', async () => {
    const elk = elkWorkers();
    const engine = createWorkerEngine(elk.newWorker);
    const ahead = engine.warm(graph);
    expect(ahead.stop()).toBe(true);
    await vi.waitFor(() => expect(elk.made[0]!.terminated).toBe(true), { timeout: 10_000 });
    const laidOut = await engine(graph, never());
    expect(elk.made).toHaveLength(2);
    const cold = await createWorkerEngine(elkWorkers().newWorker)(graph, never());
    expect(laidOut.children).toEqual(cold.children);
  }, 60_000);

  it('a warm-up a layout waits for, or one done, is not stopped: the click still takes its answer', async () => {
    const elk = elkWorkers();
    const engine = createWorkerEngine(elk.newWorker);
    const ahead = engine.warm(graph);
    const asked = engine(graph, never());
    expect(ahead.stop()).toBe(false);
    await expect(asked).resolves.toMatchObject({ id: 'root' });
    expect(elk.made).toHaveLength(1);
    expect(elk.layoutsAsked()).toBe(1);
    expect(elk.made[0]!.terminated).toBe(false);

    const done = engine.warm(elkGraphOf(rowOf(12)));
    await done.done;
    expect(done.stop()).toBe(false);
    expect(elk.made[0]!.terminated).toBe(false);
  }, 60_000);

  it('a warm-up asked after a click on the same flow (the click came first) takes the click\'s answer: elk asked once', async () => {
    const elk = elkWorkers();
    const engine = createWorkerEngine(elk.newWorker);
    const asked = engine(graph, never());
    const ahead = engine.warm(graph);
    expect(ahead.stop()).toBe(false);
    await asked;
    await ahead.done;
    expect(elk.made).toHaveLength(1);
    expect(elk.layoutsAsked()).toBe(1);
  }, 60_000);

  it('a warm-up whose worker fails says nothing, and the next layout starts a new worker', async () => {
    const elk = elkWorkers({ failFirst: true });
    const engine = createWorkerEngine(elk.newWorker);
    engine.warm(graph);
    await vi.waitFor(() => expect(elk.made[0]!.terminated).toBe(true), { timeout: 10_000 });
    await expect(engine(graph, never())).resolves.toMatchObject({ id: 'root' });
    expect(elk.made).toHaveLength(2);
  }, 60_000);
});

describe('auto-layout after a warm-up', () => {
  it('the command applies the answer laid out ahead as one undo step, without asking elk again', async () => {
    const { elk, host, idle } = editorOpening(rowOf(WARM_FROM + 5));
    idle.idle();
    await host.commands.run('view.autoLayout');
    expect(elk.layoutsAsked()).toBe(1);
    expect(host.store.getState().past.at(-1)?.label).toBe('Auto-layout');
    const ys = host.store.getState().flow.modules.map((m) => m.position.y);
    expect(new Set(ys).size).toBeGreaterThan(1);
  }, 60_000);
});
