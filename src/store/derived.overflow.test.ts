import { describe, expect, it } from 'vitest';
import { createEditorStore } from './editor';
import { createDerived } from './derived';
import { createFlowChecker } from '../cost/check';
import { nestedLoopsFlow } from '../cost/testing/nestedLoops';

describe('the problems the app shows (issue 18 item 8)', () => {
  it('include a figure too large for a number, on the module whose assumption overflowed', () => {
    const state = createEditorStore(nestedLoopsFlow(60, 1e6)).getState();
    const { selectModuleProblems, selectProblems } = createDerived({ flowChecker: createFlowChecker });
    expect(selectProblems(state).map((p) => p.code)).toContain('overflow');
    const onModule = selectModuleProblems(state, 'it52');
    expect(onModule).toContainEqual(expect.objectContaining({ code: 'overflow', field: 'assumptions.iterations' }));
    expect(onModule.find((p) => p.code === 'overflow')!.message).toMatch(/the iterations \(1,000,000\) make the executions/);
  });
});
