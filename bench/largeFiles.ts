/**
 * The large flow files of issue 18 item 9, as the walk-through built them: a long chain, a file
 * with tens of thousands of edges, a router with tens of thousands of routes, and a file with tens
 * of thousands of structural errors; plus the generator's realistic 10,000-module flow. Used by
 * the import hand-over measurement (bench/browser/handover.ts), the e2e import spec and the tests.
 * Every file is written at the current version with `serializeFlow`, so it opens without notes.
 */
import type { Edge, Flow, Module } from '../src/model/types';
import { FLOW_FORMAT } from '../src/model/types';
import { generateFlow } from '../src/model/generate';
import { CURRENT_VERSION } from '../src/io/migrations';

export type LargeFileKind = 'generated' | 'chain' | 'edges' | 'routes' | 'errors';

const COLUMNS = 100;

function at(i: number): { x: number; y: number } {
  return { x: (i % COLUMNS) * 260, y: Math.floor(i / COLUMNS) * 160 };
}

function flowOf(name: string, modules: Module[], edges: Edge[]): Flow {
  return { format: FLOW_FORMAT, version: CURRENT_VERSION, name, settings: { runsPerMonth: 1000 }, modules, edges };
}

function step(i: number, name = `Step ${i}`): Module {
  return { id: `m${i}`, type: 'action', name, position: at(i), assumptions: { durationSec: 1 } };
}

function trigger(i: number, name = `Trigger ${i}`): Module {
  return { id: `m${i}`, type: 'trigger', name, position: at(i) };
}

/** A trigger and `modules - 1` actions, each after the one before. */
export function chainFlow(modules: number): Flow {
  const list: Module[] = [trigger(1, 'Start')];
  const edges: Edge[] = [];
  for (let i = 2; i <= modules; i++) {
    list.push(step(i));
    edges.push({ id: `e${i}`, source: `m${i - 1}`, target: `m${i}` });
  }
  return flowOf(`Chain of ${modules}`, list, edges);
}

/**
 * About `edges` edges among few modules: a trigger feeding `left` modules, each of which feeds
 * every one of the `right` modules (a complete bipartite layer: left × right edges).
 */
export function edgesFlow(edges: number): Flow {
  const left = Math.max(1, Math.round(Math.sqrt(edges * 0.8)));
  const right = Math.max(1, Math.floor((edges - left) / left));
  const modules: Module[] = [trigger(1, 'Start')];
  const list: Edge[] = [];
  for (let a = 0; a < left; a++) {
    const id = 2 + a;
    modules.push(step(id, `Left ${a + 1}`));
    list.push({ id: `t${a}`, source: 'm1', target: `m${id}` });
  }
  for (let b = 0; b < right; b++) modules.push(step(2 + left + b, `Right ${b + 1}`));
  for (let a = 0; a < left; a++) {
    for (let b = 0; b < right; b++) list.push({ id: `e${a}_${b}`, source: `m${2 + a}`, target: `m${2 + left + b}` });
  }
  return flowOf(`${list.length} edges`, modules, list);
}

/** A trigger, one standard router, and `routes` routes from it, each to a module of its own. */
export function routesFlow(routes: number): Flow {
  const modules: Module[] = [trigger(1, 'Start'), { id: 'm2', type: 'router', name: 'Router', position: at(2), config: { mode: 'standard' } }];
  const edges: Edge[] = [{ id: 'e1', source: 'm1', target: 'm2' }];
  for (let r = 1; r <= routes; r++) {
    const id = 2 + r;
    modules.push(step(id, `Route ${r}`));
    edges.push({ id: `r${r}`, source: 'm2', target: `m${id}`, route: { priority: r, passRate: 0.5, fallback: false } });
  }
  return flowOf(`Router with ${routes} routes`, modules, edges);
}

/** `errors + 1` triggers and nothing else: every extra trigger is a structural error ("two triggers"). */
export function errorsFlow(errors: number): Flow {
  const modules: Module[] = [];
  for (let i = 1; i <= errors + 1; i++) modules.push(trigger(i));
  return flowOf(`${errors} structural errors`, modules, []);
}

/** The flow of a kind at a size (modules for generated and chain; edges, routes or errors for the others). */
export function largeFlow(kind: LargeFileKind, size: number): Flow {
  switch (kind) {
    case 'generated':
      return generateFlow({ modules: size, seed: 1 });
    case 'chain':
      return chainFlow(size);
    case 'edges':
      return edgesFlow(size);
    case 'routes':
      return routesFlow(size);
    case 'errors':
      return errorsFlow(size);
  }
}
