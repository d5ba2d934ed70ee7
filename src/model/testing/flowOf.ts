import type { Assumptions, Edge, Flow, Module, ModuleType } from '../types';

/** Test helper: a flow from compact module and edge specs (engine, what-if and panel tests). */
export type Spec = [id: string, type: ModuleType, assumptions?: Assumptions, config?: Record<string, unknown>];

export function flowOf(
  specs: Spec[],
  edges: (Partial<Edge> & { source: string; target: string })[],
  settings: Flow['settings'] = {},
): Flow {
  const modules = specs.map(([id, type, assumptions, config], i) => {
    const m: Record<string, unknown> = { id, type, name: id, position: { x: 0, y: i * 100 } };
    if (assumptions) m.assumptions = assumptions;
    if (config) m.config = config;
    return m as unknown as Module;
  });
  return {
    format: 'creditflow',
    version: 2,
    name: 'test',
    settings,
    modules,
    edges: edges.map((e, i) => ({ id: e.id ?? `e${i + 1}`, ...e })),
  };
}

export const chain = (...ids: string[]) => ids.slice(1).map((id, i) => ({ source: ids[i]!, target: id }));

/** A trigger, a loop of three items over one action, then an action: seven steps in a trace. */
export const smallLoop = () =>
  flowOf(
    [
      ['t', 'trigger'],
      ['i', 'iterator', { iterations: 3 }],
      ['a', 'action'],
      ['g', 'aggregator', undefined, { iteratorId: 'i' }],
      ['z', 'action'],
    ],
    chain('t', 'i', 'a', 'g', 'z'),
  );
