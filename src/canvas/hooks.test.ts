import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createEditorStore } from '../store/editor';
import type { Flow } from '../model/types';
import { edgeProblems, moduleProblems, sameShareLabel } from './hooks';
import { percent } from './labels';

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
  const state = createEditorStore(flow).getState();

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

describe('share labels', () => {
  it('says two shares are alike exactly when the badge writes them alike', () => {
    const share = fc.double({ min: 0, max: 1, noNaN: true });
    // Pairs close together (either side of a rounding boundary) as well as far apart.
    const near = fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.double({ min: -2e-4, max: 2e-4, noNaN: true }), fc.double({ min: -2e-4, max: 2e-4, noNaN: true }))
      .map(([tenths, d1, d2]) => [Math.max(0, (tenths + 0.5) / 1000 + d1 / 1000), Math.max(0, (tenths + 0.5) / 1000 + d2 / 1000)] as const);
    fc.assert(
      fc.property(fc.oneof(fc.tuple(share, share), near), ([a, b]) => {
        expect(sameShareLabel(a, b)).toBe(percent(a) === percent(b));
      }),
      { numRuns: 20_000 },
    );
    expect(sameShareLabel(0.12345, 0.12346)).toBe(true);
    expect(sameShareLabel(0.1234, 0.1236)).toBe(false);
    expect(sameShareLabel(0.0125, 0.0125)).toBe(true);
  });
});
