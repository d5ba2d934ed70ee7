import { beforeEach, describe, expect, it } from 'vitest';
import { createEditorStore, emptyFlow } from './editor';
import { connect, moveModules } from './operations';
import { addModule } from './moduleRecipes';
import { renameModule, setAssumption } from './inspectorRecipes';
import { addScenario } from './scenarioRecipes';
import { setPlatformPlan } from './platformPlans';
import { comparePlatforms } from '../cost/platforms';
import { createPlatformsSelector } from './platformsSelector';
import { createDerived, onlyPositionsChanged, type Derived } from './derived';
import { priceFlow } from '../cost/price';
import { validateFlow } from '../model/validate';
import { generateFlow } from '../model/generate';
import { checkFlow, createFlowChecker, type FlowChecker } from '../cost/check';
import { applyScenario } from '../model/scenario';
import type { Flow } from '../model/types';
import { costData } from '../cost/testing/costData';

/** Each test reads through a fresh set of caches, as a fresh editor would. */
let derived: Derived;
beforeEach(() => {
  derived = createDerived({ flowChecker: createFlowChecker });
});

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

describe('selectFlowCost', () => {
  it('equals a full recompute and is cached on the flow', () => {
    const store = createEditorStore(loop());
    const cost = derived.selectFlowCost(store.getState());
    expect(costData(cost)).toEqual(costData(priceFlow(structuredClone(store.getState().flow))));
    expect(derived.selectFlowCost(store.getState())).toBe(cost);
    store.getState().edit('Duration', (d) => setAssumption(d, 'm3', 'durationSec', 9));
    const next = derived.selectFlowCost(store.getState());
    expect(next).not.toBe(cost);
    expect(costData(next)).toEqual(costData(priceFlow(structuredClone(store.getState().flow))));
  });

  it('reuses the cost when only positions changed (a drag), and not otherwise', () => {
    const store = createEditorStore(loop());
    const cost = derived.selectFlowCost(store.getState());
    const before = store.getState().flow;
    store.getState().edit('Move', (d) => moveModules(d, [{ id: 'm3', position: { x: 50, y: 50 } }]));
    expect(onlyPositionsChanged(before, store.getState().flow)).toBe(true);
    expect(derived.selectFlowCost(store.getState())).toBe(cost);
    expect(costData(cost)).toEqual(costData(priceFlow(structuredClone(store.getState().flow))));
    const moved = store.getState().flow;
    store.getState().edit('Rename', (d) => renameModule(d, 'm3', 'Send'));
    expect(onlyPositionsChanged(moved, store.getState().flow)).toBe(false);
  });

  it('prices the active scenario', () => {
    const store = createEditorStore(loop());
    const id = store.getState().edit('Scenario', (d) => {
      const r = addScenario(d, { name: 'Busy', overrides: { modules: { m2: { iterations: 40 } } } });
      return r.ok ? r.id : '';
    });
    const base = derived.selectFlowCost(store.getState());
    store.getState().setActiveScenario(id);
    const busy = derived.selectFlowCost(store.getState());
    const flow = structuredClone(store.getState().flow);
    expect(costData(busy)).toEqual(costData(priceFlow(applyScenario(flow, flow.scenarios![0]!))));
    expect(busy.byId.get('m3')!.executions).toBe(4 * base.byId.get('m3')!.executions);
  });
});

describe('per-node selectors', () => {
  it('problems: the list equals validateFlow; a module’s problems are stable across unrelated edits', () => {
    const store = createEditorStore(loop());
    const all = derived.selectProblems(store.getState());
    expect(all.some((p) => p.moduleId === 'm4' && p.code === 'unreachable')).toBe(true);
    const m4 = derived.selectModuleProblems(store.getState(), 'm4');
    expect(m4.length).toBeGreaterThan(0);
    store.getState().edit('Duration', (d) => setAssumption(d, 'm3', 'durationSec', 30));
    expect(derived.selectModuleProblems(store.getState(), 'm4')).toBe(m4);
    store.getState().edit('Connect', (d) => connect(d, 'm3', 'm4'));
    expect(derived.selectModuleProblems(store.getState(), 'm4')).toEqual([]);
  });

  it('problems after each of a run of assumption, structure and scenario edits equal checkFlow of that flow from scratch', () => {
    const store = createEditorStore(generateFlow({ modules: 80, seed: 5 }));
    const fresh = () => {
      const state = store.getState();
      const scenario = state.flow.scenarios?.find((s) => s.id === state.ui.activeScenarioId);
      return checkFlow(structuredClone(state.flow), scenario && structuredClone(scenario));
    };
    const ids = store.getState().flow.modules.map((m) => m.id);
    expect(derived.selectProblems(store.getState())).toEqual(fresh());
    ids.slice(0, 12).forEach((id, k) => {
      // A search's pages, and pages or a failure rate where they are not used: problems come and go.
      if (k % 3 === 0) store.getState().edit('Pages', (d) => void setAssumption(d, id, 'pages', k));
      else if (k % 3 === 1) store.getState().edit('Failure', (d) => void setAssumption(d, id, 'failureRate', 0.1));
      else store.getState().edit('Duration', (d) => void setAssumption(d, id, 'durationSec', k + 1));
      expect(derived.selectProblems(store.getState())).toEqual(fresh());
    });
    expect(derived.selectProblems(store.getState()).some((p) => p.code === 'failure-rate-unused' || p.code === 'pages-unused')).toBe(true);
    store.getState().edit('Connect', (d) => void connect(d, ids[5]!, ids[70]!));
    expect(derived.selectProblems(store.getState())).toEqual(fresh());
  });
});

describe('module names', () => {
  it('are the same Map across a drag and an assumption edit, and a new one after a rename', () => {
    const store = createEditorStore(loop());
    const names = derived.selectModuleNames(store.getState());
    expect(names.get('m3')).toBe(store.getState().flow.modules[2]!.name);
    store.getState().edit('Move', (d) => moveModules(d, [{ id: 'm3', position: { x: 40, y: 40 } }]));
    store.getState().edit('Duration', (d) => setAssumption(d, 'm3', 'durationSec', 30));
    expect(derived.selectModuleNames(store.getState())).toBe(names);
    store.getState().edit('Rename', (d) => renameModule(d, 'm3', 'Enrich'));
    const after = derived.selectModuleNames(store.getState());
    expect(after).not.toBe(names);
    expect(after.get('m3')).toBe('Enrich');
  });
});

describe('module names worked out ahead in steps', () => {
  it('take one step per slice, and leave in the cache the very Map of one pass', () => {
    const flow = generateFlow({ modules: 25, seed: 4 });
    // A duplicated id: the first module's name wins, as in one pass.
    const modules = [...flow.modules, { ...flow.modules[3]!, name: 'Second of the id' }];
    const state = { flow: { ...flow, modules } };
    const steps = derived.moduleNamesInSteps(state, 10);
    expect(steps).toHaveLength(Math.ceil(modules.length / 10) + 1);
    for (const step of steps) step();
    const names = derived.selectModuleNames(state);
    expect([...names]).toEqual([...createDerived().selectModuleNames(state)]);
    expect(names.get(flow.modules[3]!.id)).toBe(flow.modules[3]!.name);
    // The steps' Map, from the cache: selectModuleNames gives it again without naming anew.
    expect(derived.selectModuleNames(state)).toBe(names);
  });
});

describe('the modules as drawn', () => {
  it('stay the same array across an assumption edit, and change with a move, a rename or a new module', () => {
    const store = createEditorStore(loop());
    const drawn = derived.selectDrawnModules(store.getState());
    store.getState().edit('Duration', (d) => setAssumption(d, 'm3', 'durationSec', 30));
    expect(store.getState().flow.modules).not.toBe(drawn);
    expect(derived.selectDrawnModules(store.getState())).toBe(drawn);
    store.getState().edit('Move', (d) => moveModules(d, [{ id: 'm3', position: { x: 40, y: 40 } }]));
    const moved = derived.selectDrawnModules(store.getState());
    expect(moved).not.toBe(drawn);
    expect(moved.find((m) => m.id === 'm3')!.position).toEqual({ x: 40, y: 40 });
    store.getState().edit('Rename', (d) => renameModule(d, 'm3', 'Enrich'));
    expect(derived.selectDrawnModules(store.getState()).find((m) => m.id === 'm3')!.name).toBe('Enrich');
  });
});

describe('the flow ignoring positions', () => {
  it('stays the same object across moves and changes with anything that prices', () => {
    const store = createEditorStore(loop());
    const before = derived.selectFlowIgnoringPositions(store.getState());
    store.getState().edit('Move', (d) => moveModules(d, [{ id: 'm2', position: { x: 9, y: 9 } }]));
    expect(derived.selectFlowIgnoringPositions(store.getState())).toBe(before);
    store.getState().edit('Duration', (d) => setAssumption(d, 'm3', 'durationSec', 12));
    const after = derived.selectFlowIgnoringPositions(store.getState());
    expect(after).not.toBe(before);
    expect(after).toBe(store.getState().flow);
  });
});

describe('validation after paint (the app)', () => {
  it('keeps the last problems through the edit, then validates once and tells every subscriber', () => {
    const store = createEditorStore(loop());
    const before = derived.selectProblems(store.getState());
    const tasks: (() => void)[] = [];
    const stop = derived.validateAfterPaint(store, (task) => tasks.push(task));
    try {
      expect(before.some((p) => p.moduleId === 'm4' && p.code === 'unreachable')).toBe(true);
      let notified = 0;
      store.subscribe(() => notified++);
      store.getState().edit('Connect', (d) => connect(d, 'm3', 'm4'));
      store.getState().edit('Duration', (d) => setAssumption(d, 'm3', 'durationSec', 30));
      // The edits' frames: the old problems, one validation scheduled for both.
      expect(derived.selectProblems(store.getState())).toBe(before);
      expect(tasks).toHaveLength(1);
      notified = 0;
      tasks.shift()!();
      expect(notified).toBe(1);
      const after = derived.selectProblems(store.getState());
      expect(after).toEqual(validateFlow(store.getState().flow));
      expect(after.some((p) => p.moduleId === 'm4' && p.code === 'unreachable')).toBe(false);
    } finally {
      stop();
    }
  });
});

describe('the validation loaded on first need (its code is not in the first download)', () => {
  /** A checker that arrives when the test says so, and how many times it was asked for. */
  function lateChecker() {
    const asked: { resolve: (c: FlowChecker) => void; reject: (e: unknown) => void }[] = [];
    const make = () => new Promise<FlowChecker>((resolve, reject) => void asked.push({ resolve, reject }));
    return { asked, make };
  }
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

  it('shows no problems until the code is there, then tells the editor, and the problems are checkFlow’s', async () => {
    const store = createEditorStore(loop());
    const late = lateChecker();
    let told = 0;
    const lazy = createDerived({ flowChecker: late.make, loaded: () => told++ });
    const first = lazy.selectProblems(store.getState());
    expect(first).toEqual([]);
    // The same list until something changes (a store subscription must see a stable value), asked for once.
    expect(lazy.selectProblems(store.getState())).toBe(first);
    expect(late.asked).toHaveLength(1);
    late.asked[0]!.resolve(createFlowChecker());
    await settle();
    expect(told).toBe(1);
    const problems = lazy.selectProblems(store.getState());
    expect(problems).toEqual(checkFlow(store.getState().flow));
    expect(problems.some((p) => p.moduleId === 'm4' && p.code === 'unreachable')).toBe(true);
    expect(lazy.selectModuleProblems(store.getState(), 'm4').length).toBeGreaterThan(0);
  });

  it('in the app, validates after the next paint once the code is there and touches the store', async () => {
    const store = createEditorStore(loop());
    const late = lateChecker();
    const lazy = createDerived({ flowChecker: late.make });
    const tasks: (() => void)[] = [];
    const stop = lazy.validateAfterPaint(store, (task) => tasks.push(task));
    try {
      expect(lazy.selectProblems(store.getState())).toEqual([]);
      late.asked[0]!.resolve(createFlowChecker());
      await settle();
      expect(tasks).toHaveLength(1);
      let notified = 0;
      store.subscribe(() => notified++);
      tasks.shift()!();
      expect(notified).toBe(1);
      expect(lazy.selectProblems(store.getState())).toEqual(checkFlow(store.getState().flow));
    } finally {
      stop();
    }
  });

  it('asks again on the next need when the code did not download', async () => {
    const store = createEditorStore(loop());
    const late = lateChecker();
    const lazy = createDerived({ flowChecker: late.make });
    lazy.selectProblems(store.getState());
    late.asked[0]!.reject(new Error('offline'));
    await settle();
    expect(lazy.selectProblems(store.getState())).toEqual([]);
    expect(late.asked).toHaveLength(2);
    late.asked[1]!.resolve(createFlowChecker());
    await settle();
    expect(lazy.selectProblems(store.getState())).toEqual(checkFlow(store.getState().flow));
  });
});

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
