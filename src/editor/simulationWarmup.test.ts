import { describe, expect, it } from 'vitest';
import { createEditorStore } from '../store/editor';
import { generateFlow } from '../model/generate';
import type { Flow } from '../model/types';
import { warmOnOpen, WARM_FROM_MODULES } from './simulationWarmup';

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
