/** A flow for overflow tests: a trigger, `depth` nested iterators of `items` each, and one action inside the innermost. */
import type { Assumptions, Flow, Module } from '../../model/types';

export function nestedLoopsFlow(depth: number, items: number, action: Assumptions = {}): Flow {
  const modules: Module[] = [{ id: 't', type: 'trigger', name: 'Start', position: { x: 0, y: 0 } }];
  const edges: Flow['edges'] = [];
  let last = 't';
  for (let i = 1; i <= depth; i++) {
    modules.push({ id: `it${i}`, type: 'iterator', name: `Loop ${i}`, position: { x: 0, y: 100 * i }, assumptions: { iterations: items } });
    edges.push({ id: `e${i}`, source: last, target: `it${i}` });
    last = `it${i}`;
  }
  modules.push({ id: 'a', type: 'action', name: 'Send email', position: { x: 0, y: 100 * (depth + 1) }, assumptions: action });
  edges.push({ id: 'ea', source: last, target: 'a' });
  return { format: 'creditflow', version: 2, name: 'Deep', settings: {}, modules, edges };
}
