import { afterEach, describe, expect, it, vi } from 'vitest';
import { chain, flowOf } from '../model/testing/flowOf';
import { createEditorStore } from './editor';
import { createTraceSlot, SPEEDS } from './trace';
import { nextItemStep, previousItemStep, runningTotals } from './tracePlayer';
import { simulate } from '../cost/simulate';
import { applyScenario } from '../model/scenario';
import type { Trace } from '../cost/trace';

const loop = () =>
  flowOf(
    [
      ['t', 'trigger'],
      ['i', 'iterator', { iterations: { min: 2, likely: 3, max: 6 } }],
      ['a', 'action'],
      ['b', 'action'],
      ['g', 'aggregator', undefined, { iteratorId: 'i' }],
      ['z', 'action'],
    ],
    chain('t', 'i', 'a', 'b', 'g', 'z'),
  );

const trace = (items: number[][]): Trace => ({ seed: 1, total: 0, steps: items.map((item) => ({ moduleId: 'm', item, credits: 1, outcome: 'passed' })) });

describe('the trace slot', () => {
  it('traces the flow on the canvas with its scenario; the last running total is the first simulated run', async () => {
    const base = loop();
    const flow = { ...base, scenarios: [{ id: 's1', name: 'Busy', overrides: { modules: { i: { iterations: 9 } } } }] };
    const store = createEditorStore(flow);
    store.getState().setActiveScenario('s1');
    const slot = createTraceSlot(store);
    await slot.run(4);
    const view = slot.store.getState();
    expect(view.seed).toBe(4);
    expect(view.trace!.steps.filter((s) => s.moduleId === 'a')).toHaveLength(9);
    expect(view.running[view.running.length - 1]).toBe(view.trace!.total);
    const scenarioFlow = applyScenario(flow, flow.scenarios[0]!);
    expect(view.trace!.total).toBeCloseTo(simulate(scenarioFlow, { samples: 1, seed: 4 }).runs[0]!, 9);
  });

  it('steps forward and back within the trace, to the first and last step, and to the next run', async () => {
    const slot = createTraceSlot(createEditorStore(loop()));
    await slot.run(1);
    const count = slot.store.getState().trace!.steps.length;
    slot.step(-1);
    expect(slot.store.getState().index).toBe(0);
    slot.step(3);
    expect(slot.store.getState().index).toBe(3);
    slot.last();
    expect(slot.store.getState().index).toBe(count - 1);
    slot.step(1);
    expect(slot.store.getState().index).toBe(count - 1);
    slot.first();
    expect(slot.store.getState().index).toBe(0);
    await slot.nextRun();
    expect(slot.store.getState().seed).toBe(2);
  });

  it('while the tracer loads (first use), only the run asked for last shows, and the next run follows the one asked for', async () => {
    const slot = createTraceSlot(createEditorStore(loop()));
    const first = slot.run(5);
    const next = slot.nextRun();
    await Promise.all([first, next]);
    expect(slot.store.getState().seed).toBe(6);
    expect(slot.store.getState().trace!.seed).toBe(6);
  });

  it('goes stale when a module, an edge, the rate card or the scenario changes, not when the flow is renamed; tracing again makes it current', async () => {
    const base = loop();
    const flow = { ...base, scenarios: [{ id: 's1', name: 'Busy', overrides: { modules: { i: { iterations: 4 } } } }] };
    const store = createEditorStore(flow);
    store.getState().setActiveScenario('s1');
    const slot = createTraceSlot(store);
    await slot.run(1);
    // A scenario applied is not a change.
    expect(slot.store.getState().stale).toBe(false);
    expect(slot.store.getState().path.edgeFirst.size).toBeGreaterThan(0);
    store.getState().edit('Rename', (d) => void (d.name = 'Other'));
    expect(slot.store.getState().stale).toBe(false);
    store.getState().edit('Edit', (d) => void (d.modules[2]!.name = 'A2'));
    expect(slot.store.getState().stale).toBe(true);
    await slot.run();
    expect(slot.store.getState().stale).toBe(false);
    store.getState().setActiveScenario(null);
    expect(slot.store.getState().stale).toBe(true);
    await slot.run();
    store.getState().edit('Rate card', (d) => void (d.settings.rateCard = { time: { creditsPerDoubling: 2, referenceSec: 1 } }));
    expect(slot.store.getState().stale).toBe(true);
  });

  it("answers before its code is here (no steps, nothing to play); a tracer that does not download is said, and the next run traces", async () => {
    const slot = createTraceSlot(createEditorStore(loop()));
    slot.step(1);
    slot.play();
    slot.setSpeed(5);
    expect(slot.hasSteps()).toBe(false);
    expect(slot.canPlay()).toBe(false);
    expect(slot.store.getState()).toMatchObject({ index: 0, playing: false, speed: 5 });
    vi.doMock('./tracePlayer', () => {
      throw new Error('Failed to fetch dynamically imported module');
    });
    try {
      await slot.run(3);
      expect(slot.store.getState().trace).toBeNull();
      expect(slot.store.getState().error).toMatch(/The tracer could not load/);
    } finally {
      vi.doUnmock('./tracePlayer');
    }
    await slot.run(3);
    expect(slot.store.getState().error).toBeNull();
    expect(slot.hasSteps()).toBe(true);
    expect(slot.store.getState().speed).toBe(5);
  });

  it('says why a run cannot be traced', async () => {
    const flow = flowOf([['t', 'trigger'], ['i', 'iterator', { iterations: 1e7 }], ['a', 'action']], chain('t', 'i', 'a'));
    const slot = createTraceSlot(createEditorStore(flow));
    await slot.run(1);
    expect(slot.store.getState().trace).toBeNull();
    expect(slot.store.getState().error).toMatch(/too many to trace/);
    expect(slot.hasSteps()).toBe(false);
  });
});

describe('the trace player', () => {
  afterEach(() => void vi.useRealTimers());

  /** A slot with a trace of the loop flow traced (seed 1), fake timers on; its step count. */
  async function traced() {
    const editor = createEditorStore(loop());
    const slot = createTraceSlot(editor);
    await slot.run(1);
    vi.useFakeTimers();
    return { editor, slot, count: slot.store.getState().trace!.steps.length };
  }
  const index = (slot: ReturnType<typeof createTraceSlot>) => slot.store.getState().index;

  it('moves one step every 1/speed seconds and stops at the last step, leaving no timer', async () => {
    const { slot, count } = await traced();
    expect(slot.store.getState().speed).toBe(2);
    slot.play();
    expect(slot.store.getState().playing).toBe(true);
    vi.advanceTimersByTime(499);
    expect(index(slot)).toBe(0);
    vi.advanceTimersByTime(1);
    expect(index(slot)).toBe(1);
    vi.advanceTimersByTime(500 * count);
    expect(index(slot)).toBe(count - 1);
    expect(slot.store.getState().playing).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a faster speed steps faster, also while playing; pause stops the timer; a speed not offered is ignored', async () => {
    const { slot } = await traced();
    slot.play();
    vi.advanceTimersByTime(500);
    expect(index(slot)).toBe(1);
    slot.setSpeed(10);
    vi.advanceTimersByTime(300);
    expect(index(slot)).toBe(4);
    slot.pause();
    expect(slot.store.getState().playing).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(1000);
    expect(index(slot)).toBe(4);
    slot.setSpeed(3);
    expect(slot.store.getState().speed).toBe(10);
    expect(SPEEDS).toContain(slot.store.getState().speed);
  });

  it('playing from the last step starts again from the first', async () => {
    const { slot } = await traced();
    slot.last();
    slot.play();
    expect(index(slot)).toBe(0);
    vi.advanceTimersByTime(500);
    expect(index(slot)).toBe(1);
    slot.pause();
  });

  it('stops when the flow changes and cannot start while the trace is stale; a new trace starts paused at the chosen speed', async () => {
    const { editor, slot } = await traced();
    slot.setSpeed(5);
    slot.play();
    vi.advanceTimersByTime(200);
    expect(index(slot)).toBe(1);
    editor.getState().edit('Rename', (d) => void (d.modules[2]!.name = 'Score'));
    expect(slot.store.getState().playing).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
    slot.play();
    expect(slot.store.getState().playing).toBe(false);
    expect(slot.canPlay()).toBe(false);
    vi.useRealTimers();
    await slot.run();
    vi.useFakeTimers();
    slot.play();
    expect(slot.store.getState().playing).toBe(true);
    vi.useRealTimers();
    await slot.nextRun();
    expect(slot.store.getState()).toMatchObject({ playing: false, speed: 5, index: 0 });
  });
});

describe('stepping by loop item', () => {
  const t = trace([[], [], [0], [0], [1], [1], [2], []]);
  it('goes to the first step of the next item, then past the loop, and stays at the last step', () => {
    expect(nextItemStep(t, 0)).toBe(2);
    expect(nextItemStep(t, 2)).toBe(4);
    expect(nextItemStep(t, 5)).toBe(6);
    expect(nextItemStep(t, 6)).toBe(7);
    expect(nextItemStep(t, 7)).toBe(7);
  });
  it('goes back to the first step of the item before', () => {
    expect(previousItemStep(t, 5)).toBe(2);
    expect(previousItemStep(t, 4)).toBe(2);
    expect(previousItemStep(t, 2)).toBe(0);
    expect(previousItemStep(t, 0)).toBe(0);
  });
  it('running totals add the steps in order', () => {
    expect(Array.from(runningTotals(t))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
