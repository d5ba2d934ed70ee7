import { describe, expect, it } from 'vitest';
import { createEditorStore, emptyFlow } from './editor';
import { importFlow } from '../io/import/index';
import { parseFlow } from '../io/parse';
import { serializeFlow } from '../io/serialize';
import { priceFlow } from '../cost/price';
import { validateFlow } from '../model/validate';
import { connect, moveModules, nextId, removeElements, setBudget, setRunsPerMonth } from './operations';
import { addModule } from './moduleRecipes';
import { iteratorsUpstreamOf, renameModule, setAggregatorIterator, setAssumption, setFilter, setRateCard, setRoute, setRouterMode } from './inspectorRecipes';
import { addScenario, removeScenario, updateScenario, setScenarioOverride } from './scenarioRecipes';
import type { Flow } from '../model/types';
import { produce } from 'immer';

function chain(...types: Parameters<typeof addModule>[1][]): Flow {
  const flow = emptyFlow('Chain');
  types.forEach((t, i) => addModule(flow, t, { x: 0, y: i * 100 }));
  for (let i = 1; i < types.length; i++) {
    const result = connect(flow, `m${i}`, `m${i + 1}`);
    if (!result.ok) throw new Error(result.reason);
  }
  return flow;
}

describe('addModule', () => {
  it('gives new unique ids and names from the kind label, with default config', () => {
    const flow = emptyFlow();
    expect(addModule(flow, 'action', { x: 1, y: 2 })).toBe('m1');
    expect(addModule(flow, 'action', { x: 1, y: 2 })).toBe('m2');
    expect(addModule(flow, 'router', { x: 1, y: 2 })).toBe('m3');
    expect(addModule(flow, 'aggregator', { x: 0, y: 0 })).toBe('m4');
    expect(flow.modules.map((m) => m.name)).toEqual(['Action', 'Action 2', 'Router', 'Aggregator']);
    expect(flow.modules[2]).toMatchObject({ type: 'router', config: { mode: 'standard' } });
    expect(flow.modules[3]).toMatchObject({ type: 'aggregator', config: { iteratorId: '' } });
    expect(flow.modules[0]?.position).toEqual({ x: 1, y: 2 });
  });

  it('numbers after the highest id in use and never reuses a taken one', () => {
    expect(nextId('m', ['m1', 'm7', 'x99', 'm3'])).toBe('m8');
    expect(nextId('e', [])).toBe('e1');
  });
});

describe('connect', () => {
  it('adds an edge when the rules allow it and refuses with the reason otherwise', () => {
    const flow = chain('trigger', 'action', 'action');
    expect(flow.edges).toHaveLength(2);
    const into = connect(flow, 'm1', 'm3');
    expect(into.ok ? '' : into.reason).toMatch(/only one incoming edge/);
    addModule(flow, 'action', { x: 0, y: 0 }); // m4
    const branch = connect(flow, 'm1', 'm4');
    expect(branch.ok ? '' : branch.reason).toMatch(/router/i);
    const back = connect(flow, 'm3', 'm1');
    expect(back.ok).toBe(false);
    expect(flow.edges).toHaveLength(2);
  });

  it('gives an edge out of a router a route', () => {
    const flow = chain('trigger', 'router', 'action');
    expect(flow.edges[1]?.route).toMatchObject({ priority: 1, fallback: false });
  });

  it('closes the nearest iterator upstream when connecting into an aggregator without one', () => {
    const flow = chain('trigger', 'iterator', 'action', 'aggregator');
    const aggregator = flow.modules[3]!;
    expect(aggregator.type === 'aggregator' && aggregator.config.iteratorId).toBe('m2');
    expect(iteratorsUpstreamOf(flow, 'm4').map((m) => m.id)).toEqual(['m2']);
  });
});

describe('connect into a module that holds the filter of its connection to come (incomingFilter)', () => {
  // A Make module after a router in the same list is imported unconnected; the filter of its incoming
  // connection stays on it (io/import/make.ts) until a connection is drawn into it.
  const at = (x: number) => ({ designer: { x, y: 0 } });
  const slack = (id: number, x: number, extra: Record<string, unknown> = {}) => ({ id, module: 'slack:CreateMessage', version: 1, mapper: {}, metadata: at(x), ...extra });
  const big = { name: 'big', conditions: [[{ a: '{{1.n}}', o: 'number:greater', b: '5' }]] };
  const CONDITIONS = { '@and': [{ '{{[1].n}}': { _gt: 5 } }] };
  /** The imported flow, as the app holds it once saved and reopened (the key is one the file reader keeps). */
  function importedFlow(): Flow {
    const result = importFlow({
      name: 'After',
      flow: [
        { id: 1, module: 'gateway:CustomWebHook', version: 1, parameters: {}, metadata: at(0) },
        { id: 2, module: 'builtin:BasicRouter', version: 1, mapper: null, metadata: at(300), routes: [{ flow: [slack(3, 600)] }] },
        slack(5, 900, { filter: big }),
      ],
      metadata: { version: 1, scenario: {}, designer: { orphans: [] } },
    });
    if (!result.ok) throw new Error('not imported');
    const read = parseFlow(serializeFlow(result.flow));
    if (!read.ok) throw new Error(read.errors[0]!.message);
    return read.value;
  }
  const held = (flow: Flow, id: string) => (flow.modules.find((m) => m.id === id) as unknown as Record<string, unknown>).incomingFilter;

  it('the first connection drawn into it takes the filter, which then prices; the module no longer holds it', () => {
    const flow = importedFlow();
    expect(held(flow, '5')).toEqual({ mode: 'break', passRate: 0.5, conditions: CONDITIONS });
    const done = connect(flow, '3', '5');
    expect(done.ok).toBe(true);
    const edge = flow.edges.find((e) => e.source === '3' && e.target === '5')!;
    expect(edge.filter).toEqual({ mode: 'break', passRate: 0.5, conditions: CONDITIONS });
    expect(held(flow, '5')).toBeUndefined();
    expect(priceFlow(flow).byId.get('5')!.executions).toBe(0.5);
    expect(validateFlow(flow).filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('from a router, it becomes the route’s condition (as Make reads a route’s first filter), with its pass rate', () => {
    const flow = importedFlow();
    // 0.3, not the import's 0.5: a new standard route starts at 50 % itself, so 0.5 could not tell.
    (flow.modules.find((m) => m.id === '5') as unknown as Record<string, unknown>).incomingFilter = { mode: 'break', passRate: 0.3, conditions: CONDITIONS };
    connect(flow, '2', '5');
    const edge = flow.edges.find((e) => e.source === '2' && e.target === '5')!;
    expect(edge.filter).toBeUndefined();
    expect(edge.route).toMatchObject({ conditions: CONDITIONS, passRate: 0.3, fallback: false });
    expect(held(flow, '5')).toBeUndefined();
  });

  it('an error branch has no filter: the module keeps it for a later connection', () => {
    const flow = importedFlow();
    connect(flow, '3', '5', { error: true });
    expect(flow.edges.find((e) => e.target === '5')).toMatchObject({ error: true });
    expect(flow.edges.find((e) => e.target === '5')!.filter).toBeUndefined();
    expect(held(flow, '5')).toEqual({ mode: 'break', passRate: 0.5, conditions: CONDITIONS });
  });

  it('one the file reader would refuse on an edge (a pass rate of 7) is not put on the edge; it stays where it is', () => {
    const flow = importedFlow();
    (flow.modules.find((m) => m.id === '5') as unknown as Record<string, unknown>).incomingFilter = { mode: 'break', passRate: 7 };
    connect(flow, '3', '5');
    expect(flow.edges.find((e) => e.target === '5')!.filter).toBeUndefined();
    expect(held(flow, '5')).toEqual({ mode: 'break', passRate: 7 });
  });

  it('Undo of the connection gives the filter back to the module', () => {
    const store = createEditorStore();
    store.getState().resetFlow(importedFlow());
    store.getState().edit('Connect', (d) => connect(d, '3', '5'));
    expect(held(store.getState().flow, '5')).toBeUndefined();
    store.getState().undo();
    expect(held(store.getState().flow, '5')).toEqual({ mode: 'break', passRate: 0.5, conditions: CONDITIONS });
  });
});

describe('removeElements', () => {
  it('removes the edges of removed modules and clears aggregators that closed a removed iterator', () => {
    const flow = chain('trigger', 'iterator', 'action', 'aggregator', 'response');
    removeElements(flow, { modules: ['m2'] });
    expect(flow.modules.map((m) => m.id)).toEqual(['m1', 'm3', 'm4', 'm5']);
    expect(flow.edges.map((e) => [e.source, e.target])).toEqual([
      ['m3', 'm4'],
      ['m4', 'm5'],
    ]);
    const aggregator = flow.modules.find((m) => m.id === 'm4')!;
    expect(aggregator.type === 'aggregator' && aggregator.config.iteratorId).toBe('');
  });

  it('removes single edges and the scenario overrides of what it removes', () => {
    const flow = chain('trigger', 'action', 'action');
    const result = addScenario(flow, {
      name: 'Busy',
      overrides: { modules: { m2: { durationSec: 5 }, m3: { durationSec: 1 } }, edges: { e1: { passRate: 0.5 } } },
    });
    expect(result.ok).toBe(true);
    removeElements(flow, { edges: ['e1'], modules: ['m3'] });
    expect(flow.edges).toEqual([]);
    expect(flow.scenarios?.[0]?.overrides).toEqual({ modules: { m2: { durationSec: 5 } }, edges: {} });
  });
});

describe('setters refuse invalid numbers', () => {
  it('setAssumption: NaN, Infinity, negative, above the limit, bad ranges', () => {
    const flow = chain('trigger', 'iterator');
    const before = JSON.stringify(flow);
    for (const bad of [Number.NaN, Infinity, -1, 'x' as unknown as number]) {
      expect(setAssumption(flow, 'm2', 'durationSec', bad)).toMatchObject({ field: 'assumptions.durationSec' });
    }
    expect(setAssumption(flow, 'm2', 'iterations', 1e12)?.message).toMatch(/at most 1,000,000/);
    expect(setAssumption(flow, 'm2', 'retries', { min: 2, likely: 1, max: 3 })?.message).toMatch(/min ≤ likely ≤ max/);
    expect(setAssumption(flow, 'nope', 'retries', 1)?.message).toMatch(/no module/);
    expect(JSON.stringify(flow)).toBe(before);
  });

  it('setAssumption: sets a number or a range, and undefined goes back to the default', () => {
    const flow = chain('trigger', 'action');
    expect(setAssumption(flow, 'm2', 'durationSec', 2.5)).toBeUndefined();
    expect(setAssumption(flow, 'm2', 'payloadKB', { min: 1, likely: 2, max: 3 })).toBeUndefined();
    expect(flow.modules[1]?.assumptions).toEqual({ durationSec: 2.5, payloadKB: { min: 1, likely: 2, max: 3 } });
    setAssumption(flow, 'm2', 'durationSec', undefined);
    setAssumption(flow, 'm2', 'payloadKB', undefined);
    expect(flow.modules[1]).not.toHaveProperty('assumptions');
  });

  it('setFilter: pass rate in 0..1, no filter on a route, no skip into a loop module', () => {
    const flow = chain('trigger', 'action', 'router', 'iterator');
    expect(setFilter(flow, 'e1', { mode: 'break', passRate: 1.5 })?.field).toBe('filter.passRate');
    expect(setFilter(flow, 'e1', { mode: 'break', passRate: -0.1 })?.field).toBe('filter.passRate');
    expect(setFilter(flow, 'e2', { mode: 'skip', passRate: 0.5 })?.field).toBe('filter.mode');
    expect(setFilter(flow, 'e3', { mode: 'break', passRate: 0.5 })?.message).toMatch(/route/);
    expect(flow.edges.every((e) => e.filter === undefined)).toBe(true);
    expect(setFilter(flow, 'e1', { mode: 'skip', passRate: 0.25, conditions: { '@and': [] } })).toBeUndefined();
    expect(flow.edges[0]?.filter).toEqual({ mode: 'skip', passRate: 0.25, conditions: { '@and': [] } });
    // Leaving conditions out keeps them; an explicit undefined drops them.
    setFilter(flow, 'e1', { mode: 'break', passRate: 0.5 });
    expect(flow.edges[0]?.filter?.conditions).toEqual({ '@and': [] });
    setFilter(flow, 'e1', { mode: 'break', passRate: 0.5, conditions: undefined });
    expect(flow.edges[0]?.filter).toEqual({ mode: 'break', passRate: 0.5 });
    setFilter(flow, 'e1', undefined);
    expect(flow.edges[0]).not.toHaveProperty('filter');
  });

  it('setRoute: checks values, and at most one route of a router is the fallback', () => {
    const flow = chain('trigger', 'router', 'action');
    addModule(flow, 'action', { x: 0, y: 0 }); // m4
    expect(connect(flow, 'm2', 'm4').ok).toBe(true); // e3
    expect(setRoute(flow, 'e2', { passRate: 2 })?.field).toBe('route.passRate');
    expect(setRoute(flow, 'e2', { priority: 2e9 })?.field).toBe('route.priority');
    expect(setRoute(flow, 'e2', { priority: Number.NaN })?.field).toBe('route.priority');
    expect(setRoute(flow, 'e1', { passRate: 0.5 })?.message).toMatch(/router/);
    expect(setRoute(flow, 'e2', { fallback: true })).toBeUndefined();
    expect(setRoute(flow, 'e3', { fallback: true })).toBeUndefined();
    expect(flow.edges.map((e) => e.route?.fallback)).toEqual([undefined, false, true]);
    expect(setRouterMode(flow, 'm2', 'exclusive')).toBeUndefined();
    expect(setRouterMode(flow, 'm3', 'exclusive')?.field).toBe('config.mode');
  });

  it('setRunsPerMonth and setRateCard refuse bad numbers and change nothing then', () => {
    const flow = chain('trigger');
    expect(setRunsPerMonth(flow, -5)?.field).toBe('settings.runsPerMonth');
    expect(setRunsPerMonth(flow, 3000)).toBeUndefined();
    expect(flow.settings.runsPerMonth).toBe(3000);
    expect(setRateCard(flow, { time: { referenceSec: 0 } })?.field).toBe('rateCard.time.referenceSec');
    expect(setRateCard(flow, { baseCredits: { code: 2 }, dollarsPerCredit: Number.NaN })?.field).toBe('rateCard.dollarsPerCredit');
    expect(flow.settings.rateCard).toBeUndefined();
    expect(setRateCard(flow, { baseCredits: { code: 2 } })).toBeUndefined();
    expect(setRateCard(flow, { baseCredits: { search: 3 }, time: { referenceSec: 5 } })).toBeUndefined();
    expect(flow.settings.rateCard).toEqual({ baseCredits: { code: 2, search: 3 }, time: { referenceSec: 5 } });
    expect(setRateCard(flow, { baseCredits: { code: undefined, search: undefined }, time: undefined })).toBeUndefined();
    expect(flow.settings.rateCard).toBeUndefined();
  });

  it('setBudget refuses a negative or non-numeric amount', () => {
    const flow = chain('trigger');
    expect(setBudget(flow, { amount: -1, unit: 'credits' })?.field).toBe('settings.budget.amount');
    expect(setBudget(flow, { amount: Number.NaN, unit: 'dollars' })?.field).toBe('settings.budget.amount');
    expect(flow.settings.budget).toBeUndefined();
    expect(setBudget(flow, { amount: 500, unit: 'dollars' })).toBeUndefined();
    expect(flow.settings.budget).toEqual({ amount: 500, unit: 'dollars' });
    setBudget(flow, undefined);
    expect(flow.settings).toEqual({});
  });

  it('renameModule, setAggregatorIterator, moveModules', () => {
    const flow = chain('trigger', 'iterator', 'aggregator');
    expect(renameModule(flow, 'm1', '   ')?.field).toBe('name');
    expect(renameModule(flow, 'm1', 'x'.repeat(1000))?.field).toBe('name');
    expect(renameModule(flow, 'm1', '  Webhook ')).toBeUndefined();
    expect(flow.modules[0]?.name).toBe('Webhook');
    expect(setAggregatorIterator(flow, 'm3', 'm1')?.field).toBe('config.iteratorId');
    expect(setAggregatorIterator(flow, 'm3', '')).toBeUndefined();
    moveModules(flow, [
      { id: 'm1', position: { x: 5, y: 6 } },
      { id: 'm2', position: { x: Number.NaN, y: 0 } },
    ]);
    expect(flow.modules[0]?.position).toEqual({ x: 5, y: 6 });
    expect(flow.modules[1]?.position).toEqual({ x: 0, y: 100 });
  });
});

describe('scenarios', () => {
  it('adds, updates and removes scenarios, refusing bad overrides', () => {
    const flow = chain('trigger', 'iterator');
    const bad = addScenario(flow, { name: 'Bad', overrides: { modules: { m2: { iterations: -1 } } } });
    expect(bad.ok).toBe(false);
    expect(addScenario(flow, { name: '  ' }).ok).toBe(false);
    expect(addScenario(flow, { name: 'Ghost', overrides: { modules: { m9: { iterations: 1 } } } }).ok).toBe(false);
    expect(flow.scenarios).toBeUndefined();
    const ok = addScenario(flow, { name: 'Black Friday', overrides: { runsPerMonth: 5000, modules: { m2: { iterations: 200 } } } });
    expect(ok).toEqual({ ok: true, id: 's1' });
    expect(updateScenario(flow, 's1', { overrides: { runsPerMonth: Number.NaN } })?.field).toBe('overrides.runsPerMonth');
    expect(updateScenario(flow, 's1', { name: 'Cyber Monday' })).toBeUndefined();
    expect(flow.scenarios?.[0]).toEqual({
      id: 's1',
      name: 'Cyber Monday',
      overrides: { runsPerMonth: 5000, modules: { m2: { iterations: 200 } } },
    });
    removeScenario(flow, 's1');
    expect(flow.scenarios).toBeUndefined();
  });
});

describe('setScenarioOverride', () => {
  it('sets and removes one override at a time, drops an emptied module entry, and refuses a bad value without a change', () => {
    const base = chain('trigger', 'iterator', 'action');
    addScenario(base, { name: 'What if', overrides: { runsPerMonth: 100 } });
    // Inside immer, as the editor runs it (the overrides read from the draft).
    const step = (flow: Flow, change: Parameters<typeof setScenarioOverride>[2]) => {
      let error: ReturnType<typeof setScenarioOverride>;
      const next = produce(flow, (d) => {
        error = setScenarioOverride(d, 's1', change);
      });
      return { next, error: error! };
    };
    let { next, error } = step(base, { kind: 'assumption', moduleId: 'm2', key: 'iterations', value: { min: 5, likely: 10, max: 50 } });
    expect(error).toBeUndefined();
    expect(next.scenarios![0]!.overrides).toEqual({ runsPerMonth: 100, modules: { m2: { iterations: { min: 5, likely: 10, max: 50 } } } });
    ({ next, error } = step(next, { kind: 'runsPerMonth', value: undefined }));
    expect(next.scenarios![0]!.overrides).toEqual({ modules: { m2: { iterations: { min: 5, likely: 10, max: 50 } } } });
    ({ next, error } = step(next, { kind: 'assumption', moduleId: 'm2', key: 'iterations', value: undefined }));
    expect(next.scenarios![0]!.overrides).toEqual({ modules: {} });
    const refused = step(next, { kind: 'passRate', edgeId: 'e1', value: 1.5 });
    expect(refused.error?.field).toBe('overrides.edges.e1.passRate');
    expect(refused.next).toBe(next);
    expect(step(next, { kind: 'runsPerMonth', value: 5 }).next.scenarios![0]!.overrides.runsPerMonth).toBe(5);
    expect(setScenarioOverride(structuredClone(next), 's9', { kind: 'runsPerMonth', value: 5 })?.field).toBe('scenario');
  });
});

