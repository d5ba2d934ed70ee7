import { describe, expect, it } from 'vitest';
import { createEditorStore } from './editor';
import { addModule } from './moduleRecipes';
import { flowTooLarge, MAX_EDGES, MAX_MODULES } from '../io/limits';
import { chainFlow } from '../../bench/largeFiles';

describe('the editor and the module and edge limits of a flow (issue 18 items 5 and 9)', { timeout: 120_000 }, () => {
  it('the editor makes no flow larger than the file reader opens: an add past the limit changes nothing and says why', () => {
    const store = createEditorStore(chainFlow(MAX_MODULES));
    const before = store.getState().flow;
    store.getState().edit('Add module', (draft) => addModule(draft, 'action', { x: 0, y: 400 }));
    expect(store.getState().flow).toBe(before);
    expect(store.getState().canUndo).toBe(false);
    expect(store.getState().ui.toast?.message).toBe(`${flowTooLarge(MAX_MODULES + 1, 0)!.message} Nothing was added.`);
    // What does not grow the flow still works at the limit.
    store.getState().edit('Rename', (draft) => {
      draft.modules[1]!.name = 'Renamed';
    });
    expect(store.getState().flow.modules[1]!.name).toBe('Renamed');
    // Nor does a connection past the edge limit get made.
    const flow = chainFlow(4);
    while (flow.edges.length < MAX_EDGES) flow.edges.push({ id: `x${flow.edges.length}`, source: 'm1', target: 'm2' });
    const wide = createEditorStore(flow);
    wide.getState().edit('Paste', (draft) => void draft.edges.push({ id: 'pasted', source: 'm2', target: 'm4' }));
    expect(wide.getState().flow.edges).toHaveLength(MAX_EDGES);
    expect(wide.getState().ui.toast?.message).toBe(`${flowTooLarge(4, MAX_EDGES + 1)!.message} Nothing was added.`);
  });
});
