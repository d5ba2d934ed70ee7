/**
 * Which modules each edit touched. The derived selectors compare a flow with the one they last
 * saw to decide whether to recompute (a drag only moves modules; an assumption edit changes no
 * name): module by module, that is a pass over 10,000 modules on every edit. The store notes, for
 * each flow an edit, undo or redo makes, the flow it came from and the modules its patches reach
 * into, so that a selector looks at those modules only (`modulesTouchedBetween`).
 */
import type { Patch } from 'immer';
import type { Flow } from '../model/types';

const made = new WeakMap<Flow, { from: Flow; modules: readonly number[] }>();

/** How many edits back `modulesTouchedBetween` follows before it says "not known". */
const MAX_STEPS = 32;

/**
 * Notes that `to` was made from `from` by `patches`, when every patch reaches inside one module
 * (`modules/<index>/…`): the list of modules, the other modules, edges, settings and scenarios
 * are then the same objects in both. Any other patch notes nothing.
 */
export function noteFlowChange(from: Flow, to: Flow, patches: readonly Patch[]): void {
  if (from === to) return;
  const touched = new Set<number>();
  for (const p of patches) {
    const [top, index] = p.path;
    if (top !== 'modules' || typeof index !== 'number' || p.path.length < 3) return;
    touched.add(index);
  }
  made.set(to, { from, modules: [...touched] });
}

/**
 * The indexes of the modules that may differ between `from` and `to` (every other module, and
 * everything outside the modules, is the same object in both), when `to` came from `from` by
 * noted changes; else undefined, and the caller compares the two flows itself.
 */
export function modulesTouchedBetween(from: Flow, to: Flow): readonly number[] | undefined {
  if (from === to) return [];
  const touched: number[] = [];
  let at = to;
  for (let steps = 0; steps < MAX_STEPS; steps++) {
    const step = made.get(at);
    if (!step) return undefined;
    for (const i of step.modules) touched.push(i);
    if (step.from === from) return touched;
    at = step.from;
  }
  return undefined;
}
