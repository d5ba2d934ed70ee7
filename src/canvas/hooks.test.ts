import { describe, expect, it } from 'vitest';
import { createEditorStore } from '../store/editor';
import { createDerived } from '../store/derived';
import { createFlowChecker } from '../cost/check';
import type { Flow } from '../model/types';
import { edgeProblems, moduleProblems } from './hooks';

const flow: Flow = {
  format: 'creditflow',
  version: 1,
  name: 'Problems',
  settings: {},
  modules: [
    { id: 'a', type: 'trigger', name: 'Start', position: { x: 0, y: 0 } },
    { id: 'b', type: 'action', name: 'Reached', position: { x: 0, y: 160 } },
    { id: 'c', type: 'action', name: 'Lonely', position: { x: 300, y: 160 } },
  ],
  edges: [{ id: 'e1', source: 'a', target: 'b', filter: { mode: 'break', passRate: 1.5 } }],
};

describe('problem markers', () => {
  // The flow's problems, as the canvas reads them from its editor.
  const state = createDerived({ flowChecker: createFlowChecker }).selectProblems(createEditorStore(flow).getState());

  it('pins a module-level problem to its module only', () => {
    const onC = moduleProblems(state, 'c');
    expect(onC.map((p) => p.code)).toContain('unreachable');
    expect(moduleProblems(state, 'a')).toHaveLength(0);
  });

  it('pins an edge problem to the edge, not to the modules it joins', () => {
    expect(edgeProblems(state, 'e1').length).toBeGreaterThan(0);
    expect(edgeProblems(state, 'e1').every((p) => p.edgeId === 'e1')).toBe(true);
    expect(moduleProblems(state, 'b').filter((p) => p.edgeId !== undefined)).toHaveLength(0);
  });

  it('hands out the same list while the problems are the same', () => {
    expect(moduleProblems(state, 'c')).toBe(moduleProblems(state, 'c'));
  });
});
