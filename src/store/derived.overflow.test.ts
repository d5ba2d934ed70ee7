import { describe, expect, it } from 'vitest';
import { createEditorStore, emptyFlow } from './editor';
import { addModule, connect } from './operations';
import { selectModuleProblems, selectProblems } from './derived';

describe('the problems the app shows (issue 18 item 8)', () => {
  it('include a figure too large for a number, on the module whose assumption overflowed', () => {
    const flow = emptyFlow('Huge');
    addModule(flow, 'trigger', { x: 0, y: 0 }); // m1
    addModule(flow, 'action', { x: 0, y: 100 }); // m2
    connect(flow, 'm1', 'm2');
    flow.modules[1]!.assumptions = { extraCredits: 1e308 };
    const state = createEditorStore(flow).getState();
    expect(selectProblems(state).map((p) => p.code)).toContain('overflow');
    const onModule = selectModuleProblems(state, 'm2');
    expect(onModule).toContainEqual(expect.objectContaining({ code: 'overflow', field: 'assumptions.extraCredits' }));
    expect(onModule.find((p) => p.code === 'overflow')!.message).toMatch(/extra credits \(1e\+308\)/);
  });
});
