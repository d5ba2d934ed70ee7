import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Flow, ModuleType } from '../model/types';
import { priceFlow } from '../cost/price';
import { createEditorStore, emptyFlow, type EditorStore } from './editor';
import { connect, removeElements, setRunsPerMonth } from './operations';
import { addModule } from './moduleRecipes';
import { setAssumption } from './inspectorRecipes';
import { createHistoryCosts, creditsPerMonth } from './stepCosts';

const perMonth = (flow: Flow) => priceFlow(structuredClone(flow) as Flow).perMonth;

function startingFlow(): Flow {
  const flow = emptyFlow('Steps');
  addModule(flow, 'trigger', { x: 0, y: 0 });
  addModule(flow, 'action', { x: 0, y: 160 });
  connect(flow, 'm1', 'm2');
  setRunsPerMonth(flow, 1000);
  return flow;
}

/** A price function that counts its calls. */
function countingPrice() {
  const counter = { calls: 0, price: (flow: Flow) => (counter.calls++, creditsPerMonth(flow)) };
  return counter;
}

describe('the cost of each undo step', () => {
  it('gives each step its label and its change of credits per month, checked against pricing each document', () => {
    const store = createEditorStore(startingFlow());
    const docs = [store.getState().flow];
    store.getState().edit('Add AI agent', (d) => {
      const id = addModule(d, 'ai_agent', { x: 0, y: 320 });
      connect(d, 'm2', id);
    });
    docs.push(store.getState().flow);
    store.getState().edit('Set duration', (d) => setAssumption(d, 'm2', 'durationSec', 30));
    docs.push(store.getState().flow);

    const costs = createHistoryCosts()(store.getState());
    expect(costs.steps.map((s) => s.label)).toEqual(['Add AI agent', 'Set duration']);
    expect(costs.start).toBe(perMonth(docs[0]!));
    costs.steps.forEach((s, i) => {
      expect(s.before).toBe(perMonth(docs[i]!));
      expect(s.after).toBe(perMonth(docs[i + 1]!));
      expect(s.delta).toBe(s.after - s.before);
      expect(s.position).toBe(i + 1);
      expect(s.undone).toBe(false);
    });
    expect(costs.steps[0]!.delta).toBeGreaterThan(0);
    expect(costs.current).toBe(2);
  });

  it('lists undone steps after the past, in redo order, marked undone, with the same numbers', () => {
    const store = createEditorStore(startingFlow());
    store.getState().edit('One', (d) => setAssumption(d, 'm2', 'durationSec', 10));
    store.getState().edit('Two', (d) => setAssumption(d, 'm2', 'durationSec', 40));
    const select = createHistoryCosts();
    const before = select(store.getState());
    store.getState().undo();
    store.getState().undo();
    const after = select(store.getState());
    expect(after.current).toBe(0);
    expect(after.steps.map((s) => [s.label, s.undone])).toEqual([
      ['One', true],
      ['Two', true],
    ]);
    expect(after.steps.map((s) => s.delta)).toEqual(before.steps.map((s) => s.delta));
  });

  it('prices only the new document after an edit, and nothing on undo, redo or a jump', () => {
    const store = createEditorStore(startingFlow());
    const counter = countingPrice();
    const select = createHistoryCosts(counter.price);
    store.getState().edit('One', (d) => setAssumption(d, 'm2', 'durationSec', 10));
    select(store.getState());
    expect(counter.calls).toBe(2); // the start and now
    store.getState().edit('Two', (d) => setAssumption(d, 'm2', 'durationSec', 20));
    select(store.getState());
    expect(counter.calls).toBe(3);
    store.getState().undo();
    select(store.getState());
    store.getState().redo();
    select(store.getState());
    store.getState().goTo(0);
    select(store.getState());
    expect(counter.calls).toBe(3);
  });

  it('hands out the same object while the history is the same (a render does not recompute)', () => {
    const store = createEditorStore(startingFlow());
    store.getState().edit('One', (d) => setAssumption(d, 'm2', 'durationSec', 10));
    const select = createHistoryCosts();
    expect(select(store.getState())).toBe(select(store.getState()));
  });

  it('an empty history has no steps and the current cost as its start', () => {
    const store = createEditorStore(startingFlow());
    const costs = createHistoryCosts()(store.getState());
    expect(costs.steps).toEqual([]);
    expect(costs.start).toBe(perMonth(store.getState().flow));
  });
});

describe('goTo: jump to a point of the history in one change', () => {
  it('undoes or redoes to the position and notifies once', () => {
    const store = createEditorStore(startingFlow());
    const docs = [store.getState().flow];
    for (const value of [5, 10, 15]) {
      store.getState().edit(`Duration ${value}`, (d) => setAssumption(d, 'm2', 'durationSec', value));
      docs.push(store.getState().flow);
    }
    let notified = 0;
    const stop = store.subscribe(() => notified++);
    store.getState().goTo(1);
    expect(notified).toBe(1);
    expect(store.getState().flow).toEqual(docs[1]);
    expect(store.getState().past.map((s) => s.label)).toEqual(['Duration 5']);
    expect(store.getState().canRedo).toBe(true);
    store.getState().goTo(3);
    expect(store.getState().flow).toEqual(docs[3]);
    expect(store.getState().canRedo).toBe(false);
    store.getState().goTo(-4); // clamped to the start
    expect(store.getState().flow).toEqual(docs[0]);
    expect(store.getState().canUndo).toBe(false);
    store.getState().redo();
    expect(store.getState().flow).toEqual(docs[1]);
    stop();
  });

  it('an edit after a jump back drops the steps that were undone', () => {
    const store = createEditorStore(startingFlow());
    store.getState().edit('One', (d) => setAssumption(d, 'm2', 'durationSec', 5));
    store.getState().edit('Two', (d) => setAssumption(d, 'm2', 'durationSec', 6));
    store.getState().goTo(1);
    store.getState().edit('Three', (d) => setAssumption(d, 'm2', 'retries', 1));
    expect(store.getState().past.map((s) => s.label)).toEqual(['One', 'Three']);
    expect(store.getState().future).toEqual([]);
  });
});

// A random session of edits, undos, redos and jumps.
type Action =
  | { kind: 'add'; type: ModuleType }
  | { kind: 'assume'; at: number; value: number }
  | { kind: 'remove'; at: number }
  | { kind: 'runs'; value: number }
  | { kind: 'undo' }
  | { kind: 'redo' }
  | { kind: 'jump'; to: number };

const actionArbitrary: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), type: fc.constantFrom<ModuleType>('action', 'search', 'ai_agent', 'iterator', 'router') }),
  fc.record({ kind: fc.constant('assume' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 120 }) }),
  fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('runs' as const), value: fc.integer({ min: 1, max: 100_000 }) }),
  fc.constant({ kind: 'undo' as const }),
  fc.constant({ kind: 'redo' as const }),
  fc.record({ kind: fc.constant('jump' as const), to: fc.nat() }),
);

function play(store: EditorStore, action: Action): void {
  const state = store.getState();
  const ids = state.flow.modules.map((m) => m.id);
  const pick = (at: number) => ids[at % Math.max(1, ids.length)];
  switch (action.kind) {
    case 'add':
      state.edit('Add', (d) => {
        const id = addModule(d, action.type, { x: 0, y: d.modules.length * 160 });
        const last = d.modules[d.modules.length - 2];
        if (last) connect(d, last.id, id);
      });
      break;
    case 'assume': {
      const id = pick(action.at);
      if (id) state.edit('Assume', (d) => setAssumption(d, id, 'durationSec', action.value));
      break;
    }
    case 'remove': {
      const id = pick(action.at);
      if (id) state.edit('Remove', (d) => removeElements(d, { modules: [id] }));
      break;
    }
    case 'runs':
      state.edit('Runs', (d) => setRunsPerMonth(d, action.value));
      break;
    case 'undo':
      state.undo();
      break;
    case 'redo':
      state.redo();
      break;
    case 'jump':
      state.goTo(action.to % (state.past.length + state.future.length + 1));
      break;
  }
}

describe('step costs over random sessions', () => {
  it('the deltas of the steps up to now add up to the change from the first document to the current one, and every number is the price of its document', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(fc.array(actionArbitrary, { minLength: 1, maxLength: 25 }), (actions) => {
        const store = createEditorStore(startingFlow());
        const first = store.getState().flow;
        const select = createHistoryCosts();
        for (const action of actions) {
          play(store, action);
          select(store.getState()); // incremental: priced step by step, as the list is rendered
        }
        const state = store.getState();
        const costs = select(state);
        const applied = costs.steps.filter((s) => !s.undone);
        const sum = applied.reduce((total, s) => total + s.delta, 0);
        const change = perMonth(state.flow) - perMonth(first);
        expect(Math.abs(sum - change)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(change), perMonth(first)));
        // Incremental equals from scratch: a fresh selector (nothing cached) gives the same numbers.
        const fresh = createHistoryCosts()(state);
        expect(fresh.steps.map((s) => [s.before, s.after])).toEqual(costs.steps.map((s) => [s.before, s.after]));
        // Each step's "after" is the price of the document goTo shows for it.
        for (const s of costs.steps) {
          const probe = createEditorStore(state.flow);
          probe.setState({ past: state.past, future: state.future });
          probe.getState().goTo(s.position);
          expect(s.after).toBe(perMonth(probe.getState().flow));
        }
      }),
      { numRuns: 60 },
    );
  });
});
