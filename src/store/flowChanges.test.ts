import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createEditorStore } from './editor';
import { moveModules, removeElements } from './operations';
import { addModule } from './moduleRecipes';
import { renameModule, setAssumption } from './inspectorRecipes';
import { createDerived, onlyPositionsChanged } from './derived';
import { modulesTouchedBetween } from './flowChanges';
import { generateFlow } from '../model/generate';
import type { Flow } from '../model/types';

const step = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('assumption' as const), at: fc.nat(), value: fc.integer({ min: 1, max: 30 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('move' as const), at: fc.nat(), x: fc.integer({ min: -50, max: 50 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('rename' as const), at: fc.nat(), name: fc.constantFrom('A', 'B', 'Send') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('add' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('undo' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('redo' as const) }) },
);

/** The same flow as a new object: no change is noted for it, so a comparison with it looks at every module. */
const unnoted = (flow: Flow): Flow => ({ ...flow });

describe('modulesTouchedBetween (the modules each edit reached into)', () => {
  it('names the module an assumption edit, a move, an undo and a redo touched, and nothing for a change of the list', () => {
    const store = createEditorStore(generateFlow({ modules: 30, seed: 2 }));
    const id = (i: number) => store.getState().flow.modules[i]!.id;
    const a = store.getState().flow;
    store.getState().edit('Duration', (d) => void setAssumption(d, id(7), 'durationSec', 11));
    const b = store.getState().flow;
    expect(modulesTouchedBetween(a, b)).toEqual([7]);
    store.getState().edit('Move', (d) => moveModules(d, [{ id: id(3), position: { x: 1, y: 2 } }]));
    const c = store.getState().flow;
    expect([...modulesTouchedBetween(a, c)!].sort()).toEqual([3, 7]);
    store.getState().undo();
    expect(modulesTouchedBetween(c, store.getState().flow)).toEqual([3]);
    store.getState().redo();
    // Through the undo and the redo: module 3 each time.
    expect([...new Set(modulesTouchedBetween(c, store.getState().flow))]).toEqual([3]);
    const before = store.getState().flow;
    store.getState().edit('Add', (d) => void addModule(d, 'action', { x: 0, y: 0 }));
    expect(modulesTouchedBetween(before, store.getState().flow)).toBeUndefined();
    expect(modulesTouchedBetween(a, unnoted(a))).toBeUndefined();
  });

  it('lets the selectors give what a comparison of every module gives, after any run of edits, undos and redos', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 25 }), (steps) => {
        const store = createEditorStore(generateFlow({ modules: 12, seed: 4 }));
        const derived = createDerived();
        let previous = store.getState().flow;
        for (const s of steps) {
          const { flow } = store.getState();
          const id = (at: number) => flow.modules[at % flow.modules.length]!.id;
          if (s.kind === 'assumption') store.getState().edit('Duration', (d) => void setAssumption(d, id(s.at), 'durationSec', s.value));
          else if (s.kind === 'move') store.getState().edit('Move', (d) => moveModules(d, [{ id: id(s.at), position: { x: s.x, y: 0 } }]));
          else if (s.kind === 'rename') store.getState().edit('Rename', (d) => void renameModule(d, id(s.at), s.name));
          else if (s.kind === 'add') store.getState().edit('Add', (d) => void addModule(d, 'action', { x: 0, y: 0 }));
          else if (s.kind === 'remove' && flow.modules.length > 2) store.getState().edit('Remove', (d) => removeElements(d, { modules: [id(s.at)] }));
          else if (s.kind === 'undo') store.getState().undo();
          else if (s.kind === 'redo') store.getState().redo();
          const now = store.getState();
          expect(onlyPositionsChanged(previous, now.flow)).toBe(onlyPositionsChanged(unnoted(previous), unnoted(now.flow)));
          const drawn = derived.selectDrawnModules(now);
          expect(drawn.map((m) => [m.id, m.type, m.name, m.position])).toEqual(now.flow.modules.map((m) => [m.id, m.type, m.name, m.position]));
          expect([...derived.selectModuleNames(now)]).toEqual([...new Map(now.flow.modules.map((m) => [m.id, m.name])).entries()]);
          previous = now.flow;
        }
      }),
      { numRuns: 150 },
    );
  });
});
