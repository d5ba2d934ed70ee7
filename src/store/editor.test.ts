import { describe, expect, it } from 'vitest';
import { createEditorStore, emptyFlow, HISTORY_LIMIT } from './editor';
import { connect, moveModules, removeElements } from './operations';
import { addModule } from './moduleRecipes';
import { setAssumption } from './inspectorRecipes';
import { addScenario, removeScenario } from './scenarioRecipes';
import type { Flow } from '../model/types';

function twoModuleFlow(): Flow {
  const flow = emptyFlow('Two');
  addModule(flow, 'trigger', { x: 0, y: 0 });
  addModule(flow, 'action', { x: 0, y: 160 });
  return flow;
}

/** A deep, plain copy to compare documents by value. */
const snapshot = (flow: Flow) => JSON.parse(JSON.stringify(flow)) as Flow;

describe('edit and history', () => {
  it('records one undo step per edit, with its label', () => {
    const store = createEditorStore(twoModuleFlow());
    store.getState().edit('Set duration', (d) => setAssumption(d, 'm2', 'durationSec', 3));
    store.getState().edit('Move', (d) => moveModules(d, [{ id: 'm2', position: { x: 10, y: 10 } }]));
    const { past, canUndo, canRedo } = store.getState();
    expect(past.map((s) => s.label)).toEqual(['Set duration', 'Move']);
    expect(canUndo).toBe(true);
    expect(canRedo).toBe(false);
  });

  it('records nothing for an edit that changes nothing', () => {
    const store = createEditorStore(twoModuleFlow());
    const before = store.getState().flow;
    store.getState().edit('Nothing', () => undefined);
    store.getState().edit('Same value', (d) => moveModules(d, [{ id: 'm2', position: { x: 0, y: 160 } }]));
    expect(store.getState().flow).toBe(before);
    expect(store.getState().past).toHaveLength(0);
    expect(store.getState().canUndo).toBe(false);
  });

  it('records nothing when a setter refuses the value, and returns the error', () => {
    const store = createEditorStore(twoModuleFlow());
    const error = store.getState().edit('Set duration', (d) => setAssumption(d, 'm2', 'durationSec', Number.NaN));
    expect(error).toEqual({ field: 'assumptions.durationSec', message: expect.stringContaining('number') });
    expect(store.getState().past).toHaveLength(0);
  });

  it('undo and redo restore the exact documents', () => {
    const store = createEditorStore(twoModuleFlow());
    const docs = [snapshot(store.getState().flow)];
    store.getState().edit('Connect', (d) => connect(d, 'm1', 'm2'));
    docs.push(snapshot(store.getState().flow));
    store.getState().edit('Retries', (d) => setAssumption(d, 'm2', 'retries', { min: 0, likely: 0.1, max: 1 }));
    docs.push(snapshot(store.getState().flow));
    store.getState().edit('Delete', (d) => removeElements(d, { modules: ['m1'] }));
    docs.push(snapshot(store.getState().flow));

    for (let i = docs.length - 2; i >= 0; i--) {
      store.getState().undo();
      expect(store.getState().flow).toEqual(docs[i]);
    }
    expect(store.getState().canUndo).toBe(false);
    store.getState().undo(); // nothing left: no change
    expect(store.getState().flow).toEqual(docs[0]);
    for (let i = 1; i < docs.length; i++) {
      store.getState().redo();
      expect(store.getState().flow).toEqual(docs[i]);
    }
    expect(store.getState().canRedo).toBe(false);
  });

  it('a new edit clears what could be redone', () => {
    const store = createEditorStore(twoModuleFlow());
    store.getState().edit('A', (d) => setAssumption(d, 'm2', 'durationSec', 3));
    store.getState().undo();
    expect(store.getState().canRedo).toBe(true);
    store.getState().edit('B', (d) => setAssumption(d, 'm2', 'payloadKB', 50));
    expect(store.getState().canRedo).toBe(false);
    expect(store.getState().future).toHaveLength(0);
    store.getState().redo();
    expect(store.getState().flow.modules[1]?.assumptions).toEqual({ payloadKB: 50 });
  });

  it('merges every edit of a gesture into one step (a drag)', () => {
    const store = createEditorStore(twoModuleFlow());
    const start = snapshot(store.getState().flow);
    store.getState().beginGesture('Move modules');
    for (let i = 1; i <= 30; i++) {
      store.getState().edit('Move', (d) => moveModules(d, [{ id: 'm2', position: { x: i * 5, y: 160 + i } }]));
    }
    store.getState().endGesture();
    expect(store.getState().past).toHaveLength(1);
    expect(store.getState().past[0]?.label).toBe('Move modules');
    expect(store.getState().flow.modules[1]?.position).toEqual({ x: 150, y: 190 });
    store.getState().undo();
    expect(store.getState().flow).toEqual(start);
    store.getState().redo();
    expect(store.getState().flow.modules[1]?.position).toEqual({ x: 150, y: 190 });
  });

  it('a gesture that changes nothing records nothing; a second begin closes the first as its own step', () => {
    const store = createEditorStore(twoModuleFlow());
    store.getState().beginGesture('Drag');
    store.getState().endGesture();
    expect(store.getState().past).toHaveLength(0);
    store.getState().beginGesture('First');
    store.getState().edit('a', (d) => setAssumption(d, 'm2', 'durationSec', 1.5));
    store.getState().beginGesture('Second'); // its end was lost
    store.getState().edit('b', (d) => setAssumption(d, 'm2', 'durationSec', 2.5));
    store.getState().edit('c', (d) => setAssumption(d, 'm2', 'payloadKB', 3));
    store.getState().endGesture();
    store.getState().endGesture(); // stray: harmless
    store.getState().edit('d', (d) => setAssumption(d, 'm2', 'retries', 1));
    expect(store.getState().past.map((s) => s.label)).toEqual(['First', 'Second', 'd']);
  });

  it('undo during a gesture first closes it', () => {
    const store = createEditorStore(twoModuleFlow());
    const start = snapshot(store.getState().flow);
    store.getState().beginGesture('Typing');
    store.getState().edit('a', (d) => setAssumption(d, 'm2', 'durationSec', 7));
    store.getState().undo();
    expect(store.getState().flow).toEqual(start);
    expect(store.getState().gesture).toBeNull();
    store.getState().endGesture(); // stray end: harmless
    expect(store.getState().canRedo).toBe(true);
  });

  it('restores the selection around a step and drops ids that no longer exist', () => {
    const store = createEditorStore(twoModuleFlow());
    store.getState().setSelection({ modules: ['m2'] });
    store.getState().edit('Delete', (d) => removeElements(d, { modules: ['m2'] }));
    expect(store.getState().selection.modules).toEqual([]);
    store.getState().undo();
    expect(store.getState().selection.modules).toEqual(['m2']);
  });

  it('loadFlow replaces the document in one undoable step and clears the selection', () => {
    const store = createEditorStore(twoModuleFlow());
    const start = snapshot(store.getState().flow);
    store.getState().selectAll();
    expect(store.getState().selection.modules).toEqual(['m1', 'm2']);
    const other = emptyFlow('Other');
    store.getState().loadFlow(other, 'Open sample');
    expect(store.getState().flow).toEqual(other);
    expect(store.getState().selection).toEqual({ modules: [], edges: [] });
    store.getState().undo();
    expect(store.getState().flow).toEqual(start);
    store.getState().redo();
    expect(store.getState().flow.name).toBe('Other');
  });

  it('keeps the document frozen, so no one can change it behind the history', () => {
    const store = createEditorStore(twoModuleFlow());
    store.getState().edit('a', (d) => setAssumption(d, 'm2', 'durationSec', 7));
    expect(Object.isFrozen(store.getState().flow.modules[1])).toBe(true);
  });

  it('keeps at most HISTORY_LIMIT steps', () => {
    const store = createEditorStore(twoModuleFlow());
    for (let i = 0; i < HISTORY_LIMIT + 5; i++) {
      store.getState().edit('Move', (d) => moveModules(d, [{ id: 'm1', position: { x: i + 1, y: 0 } }]));
    }
    expect(store.getState().past).toHaveLength(HISTORY_LIMIT);
  });

  it('forgets the active scenario when an edit or an undo takes the scenario away', () => {
    const store = createEditorStore(twoModuleFlow());
    const id = store.getState().edit('Add scenario', (d) => {
      const r = addScenario(d, { name: 'Busy' });
      return r.ok ? r.id : '';
    });
    store.getState().setActiveScenario(id);
    store.getState().edit('Delete scenario', (d) => removeScenario(d, id));
    expect(store.getState().ui.activeScenarioId).toBeNull();
    store.getState().undo();
    store.getState().setActiveScenario(id);
    store.getState().undo();
    expect(store.getState().flow.scenarios).toBeUndefined();
    expect(store.getState().ui.activeScenarioId).toBeNull();
  });

  it('loading another flow shows its base, even when it has a scenario with the same id', () => {
    const store = createEditorStore(twoModuleFlow());
    store.getState().edit('Add scenario', (d) => addScenario(d, { name: 'Busy' }));
    store.getState().setActiveScenario('s1');
    const other = twoModuleFlow();
    other.scenarios = [{ id: 's1', name: 'Other', overrides: { runsPerMonth: 5 } }];
    store.getState().loadFlow(other, 'Import');
    expect(store.getState().ui.activeScenarioId).toBeNull();
  });

  it('the UI slice and the selection never enter the history', () => {
    const store = createEditorStore(twoModuleFlow());
    store.getState().setHeatmap(true);
    store.getState().setSnapToGrid(false);
    store.getState().openDialog('search');
    store.getState().showToast('info', 'hello');
    store.getState().setSelection({ modules: ['m1'] });
    expect(store.getState().past).toHaveLength(0);
    const ui = store.getState().ui;
    expect(ui).toMatchObject({ heatmap: true, snapToGrid: false, dialog: { kind: 'search' }, toast: { kind: 'info', message: 'hello' } });
    store.getState().closeDialog();
    store.getState().clearToast();
    expect(store.getState().ui.dialog).toBeNull();
    expect(store.getState().ui.toast).toBeNull();
  });
});
