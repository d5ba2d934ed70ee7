import { describe, expect, it } from 'vitest';
import { createEditorStore } from './editor';
import { addModule } from './operations';
import { MAX_EDGES, MAX_MODULES } from '../io/limits';
import { chainFlow } from '../../bench/largeFiles';

describe('the editor and the module and edge limits of a flow (issue 18 items 5 and 9)', () => {
  it('the editor makes no flow larger than the file reader opens: an add past the limit changes nothing and says why', () => {
    const store = createEditorStore(chainFlow(MAX_MODULES));
    const before = store.getState().flow;
    store.getState().edit('Add module', (draft) => addModule(draft, 'action', { x: 0, y: 400 }));
    expect(store.getState().flow).toBe(before);
    expect(store.getState().canUndo).toBe(false);
    expect(store.getState().ui.toast?.message).toBe(
      'The flow has 20,001 modules; the limit is 20,000 modules in one flow. Split it into smaller flows. Nothing was added.',
    );
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
    expect(wide.getState().ui.toast?.message).toMatch(/^The flow has 40,001 connections/);
  });
});
