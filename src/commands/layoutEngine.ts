/**
 * Auto-layout as the first download has it: the graph elk is given for a flow (the warm-up makes it
 * when a flow opens), the engine's types, and an engine whose code (layout.ts: elk's worker, the
 * layout's moves) loads on first use: the first layout waits for it, and a flow to lay out ahead
 * starts loading it as it opens, so the warm-up at the page's first quiet moment is not later for it.
 */
import type { ElkNode } from 'elkjs/lib/elk-api';
import type { Flow } from '../model/types';
import type { WorkAhead } from '../store/openedFlowWork';
import type { LoadedOnce } from '../scheduling/loadOnce';

export interface LayoutOptions {
  /** Size the canvas draws a module at (elk needs it to keep modules apart). */
  nodeWidth?: number;
  nodeHeight?: number;
  /** Gap between modules of one layer, and between layers. */
  nodeGap?: number;
  layerGap?: number;
}

export const DEFAULT_LAYOUT: Required<LayoutOptions> = { nodeWidth: 240, nodeHeight: 80, nodeGap: 48, layerGap: 72 };

/** Lays out an elk graph; `signal` aborts it (the promise then rejects with LayoutCancelled). */
export type LayoutEngine = (graph: ElkNode, signal: AbortSignal) => Promise<ElkNode>;

/** The layout was cancelled (by the user, or by a newer layout). */
export class LayoutCancelled extends Error {
  constructor() {
    super('The auto-layout was cancelled.');
    this.name = 'LayoutCancelled';
  }
}

/**
 * A layout engine that can get ready for a flow of so many modules before it is asked (`prepare`),
 * and lay a graph out ahead, off the page's thread (`warm`: only engines with a worker offer it);
 * `load` fetches an engine's code ahead when it loads later (laterEngine).
 */
export type SizedEngine = LayoutEngine & { prepare?(modules: number): void; warm?(graph: ElkNode): WorkAhead | void; load?(): void };

/** The elk graph for a flow (exported for tests). */
export function elkGraphOf(flow: Pick<Flow, 'modules' | 'edges'>, options: LayoutOptions = {}): ElkNode {
  const o = { ...DEFAULT_LAYOUT, ...options };
  const ids = new Set<string>();
  const children: ElkNode[] = [];
  for (const m of flow.modules) {
    if (ids.has(m.id)) continue;
    ids.add(m.id);
    children.push({ id: m.id, width: o.nodeWidth, height: o.nodeHeight });
  }
  const edgeIds = new Set<string>();
  const edges = flow.edges
    .filter((e) => ids.has(e.source) && ids.has(e.target) && e.source !== e.target && !edgeIds.has(e.id) && edgeIds.add(e.id))
    .map((e) => ({ id: `edge:${e.id}`, sources: [e.source], targets: [e.target] }));
  return {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.spacing.nodeNode': String(o.nodeGap),
      'elk.layered.spacing.nodeNodeBetweenLayers': String(o.layerGap),
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
    },
    children,
    edges,
  };
}


/** What laterEngine needs of layout.ts. */
export interface LayoutCode {
  createLayoutEngine(): SizedEngine;
}

/** An engine that loads its code on first use (or when `load()` is called) and then hands over to layout.ts's. */
export type LaterEngine = SizedEngine & { load(): void };

/**
 * The registry's engine: layout.ts's (elk in its worker, kept warm) once `code` has loaded. A layout,
 * a `prepare` or a warm-up asked before waits for it; a warm-up stopped meanwhile starts nothing.
 * Where there are no Web Workers it offers no warm-up, as layout.ts's engine does not.
 */
export function laterEngine(code: LoadedOnce<LayoutCode>): LaterEngine {
  let real: SizedEngine | null = null;
  const now = (): SizedEngine | null => {
    const loaded = code.loaded();
    return loaded ? (real ??= loaded.createLayoutEngine()) : null;
  };
  const loading = (): Promise<SizedEngine> => code.get().then((loaded) => (real ??= loaded.createLayoutEngine()));
  const engine: LayoutEngine = (graph, signal) => now()?.(graph, signal) ?? loading().then((e) => e(graph, signal));
  const load = () => void loading().catch(() => undefined);
  const prepare = (modules: number) => {
    const e = now();
    if (e) e.prepare?.(modules);
    else void loading().then((loaded) => loaded.prepare?.(modules), () => undefined);
  };
  if (typeof Worker === 'undefined') return Object.assign(engine, { load, prepare });
  const warm = (graph: ElkNode): WorkAhead | void => {
    const e = now();
    if (e) return e.warm?.(graph);
    let stopped = false;
    let ahead: WorkAhead | void;
    const done = loading()
      .then((loaded) => {
        if (stopped) return;
        ahead = loaded.warm?.(graph);
        return ahead?.done;
      })
      .catch(() => undefined);
    return {
      done,
      // Before its code is here nothing has started: stopping it is calling it off.
      stop: () => (ahead ? ahead.stop() : stopped ? false : (stopped = true)),
    };
  };
  return Object.assign(engine, { load, prepare, warm });
}
