import { describe, expect, it } from 'vitest';
import type { Flow } from '../model/types';
import { priceFlow } from '../cost/price';
import { createEditorStore, emptyFlow } from './editor';
import { createDerived } from './derived';
import { connect, setRunsPerMonth } from './operations';
import { addModule } from './moduleRecipes';
import { renameModule, setAssumption } from './inspectorRecipes';
import { compareFlows, createCompareSelectors } from './compare';

/** trigger → action → search, 1,000 runs a month. */
function current(): Flow {
  const flow = emptyFlow('Now');
  addModule(flow, 'trigger', { x: 0, y: 0 });
  addModule(flow, 'action', { x: 0, y: 160 });
  addModule(flow, 'search', { x: 0, y: 320 });
  connect(flow, 'm1', 'm2');
  connect(flow, 'm2', 'm3');
  setRunsPerMonth(flow, 1000);
  return flow;
}

/** The same flow as a file had it: an AI agent after the action instead of the search, the action slower. */
function older(): Flow {
  const flow = current();
  flow.modules = flow.modules.filter((m) => m.id !== 'm3');
  flow.edges = flow.edges.filter((e) => e.target !== 'm3');
  const id = addModule(flow, 'ai_agent', { x: 300, y: 320 }, { id: 'agent' });
  connect(flow, 'm2', id);
  flow.edges[flow.edges.length - 1]!.id = 'to-agent';
  setAssumption(flow, 'm2', 'durationSec', 60);
  return flow;
}

describe('compareFlows: the document against another flow', () => {
  it('marks a module only in the document added, draws the other flow’s own as a ghost where it was, marks a cost change', () => {
    const base = older();
    const view = compareFlows({ flow: base, label: 'old.json' }, current());
    const ghost = base.modules.find((m) => m.type === 'ai_agent')!;
    expect(view.label).toBe('old.json');
    expect(view.modules.get('m3')).toMatchObject({ status: 'added', tag: 'Added' });
    expect(view.ghosts.modules.map((m) => [m.id, m.position])).toEqual([[ghost.id, { x: 300, y: 320 }]]);
    const removedEdge = base.edges.find((e) => e.target === ghost.id)!;
    expect(view.ghosts.edges.map((e) => e.id)).toEqual([removedEdge.id]);
    const added = view.diff.edges.find((e) => e.status === 'added')!;
    expect(view.edges.get(added.id)).toMatchObject({ status: 'added' });
    const action = view.modules.get('m2')!;
    expect(action.status).toBe('changed');
    expect(action.detail).toContain('assumptions changed: durationSec');
    expect(action.detail).toContain('cost changed');
    expect(action.tag).toMatch(/^[+−][\d.,]+ cr$/);
    expect(view.modules.has('m1')).toBe(false);
    expect(view.summary).toContain('+1 module, −1 module');
    expect(view.diff.before.perMonth).toBe(priceFlow(base).perMonth);
  });

  it('a module edited at the same cost is marked "Edited", a move is not marked', () => {
    const base = current();
    const now = current();
    renameModule(now, 'm2', 'Send mail');
    now.modules[2]!.position = { x: 500, y: 500 };
    const view = compareFlows({ flow: base, label: 'same' }, now);
    expect(view.modules.get('m2')).toMatchObject({ status: 'edited', tag: 'Edited', detail: expect.stringContaining('renamed') });
    expect(view.modules.has('m3')).toBe(false);
    expect(view.ghosts.modules).toEqual([]);
  });

  it('a flow compared with itself marks nothing and has no ghosts', () => {
    const view = compareFlows({ flow: current(), label: 'copy' }, current());
    expect(view.modules.size).toBe(0);
    expect(view.edges.size).toBe(0);
    expect(view.ghosts).toEqual({ modules: [], edges: [] });
    expect(view.summary).toBe('no changes');
  });
});

describe('compare mode in the editor: derived, never in the document', () => {
  it('compares two versions with each other, leaving the document aside: nothing marked, no ghosts, edits change nothing', () => {
    const store = createEditorStore(current());
    const derived = createDerived({ compareSelectors: createCompareSelectors });
    const newer = current();
    setAssumption(newer, 'm2', 'durationSec', 90);
    store.getState().setCompare({ flow: older(), label: 'Version A', against: { flow: newer, label: 'Version B' } });
    const view = derived.selectCompare(store.getState())!;
    expect(view).toMatchObject({ label: 'Version A', against: 'Version B' });
    // Version B against version A, whatever the document is.
    expect(view.diff.moduleCounts).toMatchObject({ added: 1, removed: 1, changed: 1 });
    expect(view.diff.after.perMonth).toBe(priceFlow(newer).perMonth);
    expect(view.diff.before.perMonth).toBe(priceFlow(older()).perMonth);
    expect(view.diff.modules.find((m) => m.id === 'm2')!.delta.credits).toBeGreaterThan(0);
    // The canvas shows the document, which is neither side: no marks, no ghosts.
    expect(view.modules.size + view.edges.size + view.ghosts.modules.length + view.ghosts.edges.length).toBe(0);
    expect(derived.selectModuleMark(store.getState(), 'm3')).toBeUndefined();
    store.getState().edit('Retries', (d) => setAssumption(d, 'm2', 'retries', 3));
    expect(derived.selectCompare(store.getState())).toBe(view);
  });

  it('is null until started, follows edits while on, and ends on End compare or a new document', () => {
    const store = createEditorStore(current());
    const derived = createDerived({ compareSelectors: createCompareSelectors });
    expect(derived.selectCompare(store.getState())).toBeNull();
    const flowBefore = store.getState().flow;
    store.getState().setCompare({ flow: older(), label: 'old.json' });
    expect(store.getState().flow).toBe(flowBefore); // the document is untouched
    expect(store.getState().past).toEqual([]); // and so is its history
    const first = derived.selectCompare(store.getState())!;
    expect(first.diff.moduleCounts).toMatchObject({ added: 1, removed: 1 });
    expect(derived.selectCompare(store.getState())).toBe(first); // memoised

    // Editing keeps the comparison live: the module the file had comes back, its ghost goes.
    const ghostId = first.ghosts.modules[0]!.id;
    store.getState().edit('Add it back', (d) => {
      d.modules.push(structuredClone(older().modules.find((m) => m.id === ghostId)!));
    });
    const live = derived.selectCompare(store.getState())!;
    expect(live.ghosts.modules).toEqual([]);
    expect(live.diff.moduleCounts.removed).toBe(0);
    expect(live.diff.after.perMonth).toBe(priceFlow(store.getState().flow).perMonth);

    store.getState().setCompare(null);
    expect(derived.selectCompare(store.getState())).toBeNull();

    store.getState().setCompare({ flow: older(), label: 'old.json' });
    store.getState().loadFlow(current(), 'Open sample');
    expect(store.getState().ui.compare).toBeNull();
  });

  it('a module’s mark is the same object while it says the same, so its node does not re-render', () => {
    const store = createEditorStore(current());
    const derived = createDerived({ compareSelectors: createCompareSelectors });
    store.getState().setCompare({ flow: older(), label: 'old.json' });
    const mark = derived.selectModuleMark(store.getState(), 'm3');
    store.getState().edit('Retries', (d) => setAssumption(d, 'm2', 'retries', 1));
    expect(derived.selectModuleMark(store.getState(), 'm3')).toBe(mark);
    expect(derived.selectModuleMark(store.getState(), 'm1')).toBeUndefined();
  });

  it('a move during compare does not recompute the comparison', () => {
    const store = createEditorStore(current());
    const derived = createDerived({ compareSelectors: createCompareSelectors });
    store.getState().setCompare({ flow: older(), label: 'old.json' });
    const view = derived.selectCompare(store.getState());
    store.getState().edit('Move', (d) => {
      d.modules[0]!.position = { x: 48, y: 0 };
    });
    expect(derived.selectCompare(store.getState())).toBe(view);
  });
});

describe('compare mode’s code, loaded when a comparison is first asked for (not in the first download)', () => {
  it('is not loaded while nothing is compared; once asked for, the comparison shows when it has loaded and the editor is told', async () => {
    const store = createEditorStore(current());
    let asked = 0;
    let told = 0;
    let arrive: () => void = () => {};
    const derived = createDerived({
      compareSelectors: (flowOf, costOf) =>
        new Promise((resolve) => {
          asked++;
          arrive = () => resolve(createCompareSelectors(flowOf, costOf));
        }),
      loaded: () => told++,
    });
    expect(derived.selectCompare(store.getState())).toBeNull();
    expect(derived.selectModuleMark(store.getState(), 'm3')).toBeUndefined();
    expect(asked).toBe(0);
    store.getState().setCompare({ flow: older(), label: 'old.json' });
    expect(derived.selectCompare(store.getState())).toBeNull();
    expect(derived.selectModuleMark(store.getState(), 'm3')).toBeUndefined();
    expect(asked).toBe(1);
    arrive();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(told).toBe(1);
    const view = derived.selectCompare(store.getState())!;
    expect(view.diff.moduleCounts).toMatchObject({ added: 1, removed: 1 });
    expect(view.costChange).toMatch(/credits\/month|no cost change/);
    expect(derived.selectModuleMark(store.getState(), 'm3')?.status).toBe('added');
    store.getState().setCompare(null);
    expect(derived.selectCompare(store.getState())).toBeNull();
    expect(asked).toBe(1);
  });
});
