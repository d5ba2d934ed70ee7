import { describe, expect, it } from 'vitest';
import { createEditorStore, emptyFlow } from './editor';
import { addModule, connect, moveModules, setAssumption, setPlatformPlan } from './operations';
import { comparePlatforms } from '../cost/platforms';
import { createDerived } from './derived';
import { createPlatformsSelector } from './platformsSelector';
import type { Flow } from '../model/types';

function loop(): Flow {
  const flow = emptyFlow('Loop');
  addModule(flow, 'trigger', { x: 0, y: 0 }); // m1
  addModule(flow, 'iterator', { x: 0, y: 100 }); // m2
  addModule(flow, 'action', { x: 0, y: 200 }); // m3
  addModule(flow, 'response', { x: 300, y: 0 }); // m4, unconnected
  connect(flow, 'm1', 'm2');
  connect(flow, 'm2', 'm3');
  return flow;
}

describe('createPlatformsSelector', () => {
  it('is the engine’s comparison of the flow on the canvas, the same object across moves, new after a price or a plan changes', () => {
    const store = createEditorStore(loop());
    const selectPlatforms = createPlatformsSelector(createDerived());
    const first = selectPlatforms(store.getState());
    expect(first.platforms).toEqual(comparePlatforms(store.getState().flow).platforms);
    store.getState().edit('Move', (d) => moveModules(d, [{ id: 'm3', position: { x: 40, y: 40 } }]));
    expect(selectPlatforms(store.getState())).toBe(first);
    store.getState().edit('Plan', (d) => void setPlatformPlan(d, 'n8n', 0, { monthlyPrice: 1 }));
    const planned = selectPlatforms(store.getState());
    expect(planned).not.toBe(first);
    expect(planned.platforms.n8n.dollarsPerMonth).toBe(1);
    store.getState().edit('Iterations', (d) => void setAssumption(d, 'm2', 'iterations', 7));
    expect(selectPlatforms(store.getState()).platforms.make.perRun).toBe(comparePlatforms(store.getState().flow).platforms.make.perRun);
  });
});
