/**
 * Auto-layout: a layered, top-down arrangement by elkjs. elkjs is large, so it is loaded
 * only when the user asks for a layout, and it runs in a Web Worker (elk's own worker script),
 * so a layout of thousands of modules never holds up a frame; it can be cancelled. The result
 * is a list of moves that the command applies as one undo step; the layout keeps the flow's
 * top-left corner where it was.
 *
 * This module is not in the first download: the registry's engine (layoutEngine.ts, laterEngine)
 * loads it with the first layout, or as soon as a flow to lay out ahead opens.
 */
import type { ElkNode } from 'elkjs/lib/elk-api';
import type ElkApi from 'elkjs/lib/elk-api';
import type { Flow } from '../model/types';
import { moveModules, type Move } from '../store/operations';
import type { EditorStore } from '../store/editor';
import type { WorkAhead } from '../store/openedFlowWork';
import { elkGraphOf, LayoutCancelled, type LayoutEngine, type LayoutOptions, type SizedEngine } from './layoutEngine';

export { elkGraphOf, LayoutCancelled, type LayoutEngine, type LayoutOptions, type SizedEngine } from './layoutEngine';

type ElkConstructor = typeof ElkApi;

/** A layout engine that can get ready before it is asked (load elk, start its worker, lay a flow out ahead). */
export interface PreparedEngine extends LayoutEngine {
  prepare(): void;
  /**
   * Lays `graph` out ahead, in the worker, and keeps elk's answer: a layout later asked of the same
   * graph takes it (waiting for it while it is computed); any other graph is laid out by the same,
   * now warm, worker. Nothing is applied: the user's modules move only when a layout is asked.
   * `stop()` of what it returns ends the worker while no layout has asked for that answer (a drag
   * started meanwhile gets the core back); a later layout or warm-up starts a new worker.
   */
  warm(graph: ElkNode): WorkAhead;
}

interface ElkWorker {
  elk: InstanceType<ElkConstructor>;
  /** Rejects when the worker fails (elk's API alone would wait for ever). */
  failed: Promise<never>;
}

/**
 * The graph elk was last asked to lay out (ahead by `warm`, or by a layout): its key (the graph as
 * JSON) and elk's answer, from one worker. A layout or a warm-up of the same graph takes that answer.
 */
interface Asked {
  key: string;
  answer: Promise<ElkNode>;
  session: Promise<ElkWorker>;
  /** A layout waits for this answer: it is not only ahead any more, and is not stopped for input. */
  taken: boolean;
  settled: boolean;
}

/** What a worker needs to offer elk's API and the engine (a browser Worker; tests give elk's in-thread one). */
type WorkerLike = Pick<Worker, 'postMessage' | 'terminate' | 'addEventListener'>;

const browserWorker = (url: string): WorkerLike => new Worker(url);

/**
 * The layout engine where Web Workers exist: elk's own worker script (elk-worker.min.js, loaded on
 * first use) in a worker of its own, so the page never waits for it. The worker is kept between
 * layouts (elk loaded, its code compiled and warm: a second layout is much faster than the first);
 * `prepare()` starts it ahead (the pointer on the Auto-layout button) and `warm(graph)` lays a flow out
 * ahead (the page idle after a flow opens). Cancelling ends the worker (elk cannot stop midway); so
 * does a failure; the next layout starts a new one.
 */
export function createWorkerEngine(newWorker: (url: string) => WorkerLike = browserWorker): PreparedEngine {
  let current: Promise<ElkWorker> | null = null;
  let last: Asked | null = null;
  const start = async (): Promise<ElkWorker> => {
    const [{ default: ELK }, { default: workerUrl }] = await Promise.all([
      import('elkjs/lib/elk-api.js') as Promise<{ default: ElkConstructor }>,
      import('elkjs/lib/elk-worker.min.js?url') as Promise<{ default: string }>,
    ]);
    let worker: WorkerLike | null = null;
    const elk = new ELK({ workerFactory: () => (worker = newWorker(workerUrl)) as Worker });
    const failed = new Promise<never>((_, reject) =>
      worker?.addEventListener('error', (event) => {
        event.preventDefault();
        reject(new Error('The layout engine failed to load.'));
      }),
    );
    failed.catch(() => undefined); // observed when a layout waits on it
    return { elk, failed };
  };
  const end = (session: Promise<ElkWorker>) => {
    if (current === session) current = null;
    if (last?.session === session) last = null;
    void session.then(({ elk }) => elk.terminateWorker(), () => undefined);
  };
  /**
   * elk's answer for `graph` from this session's worker: the one last asked when it is the same graph
   * (laid out ahead, or asked by a layout, maybe still in flight), else elk is asked. `taken`: a layout waits for it.
   */
  const answerFor = (session: Promise<ElkWorker>, graph: ElkNode, taken: boolean): Asked => {
    const key = JSON.stringify(graph);
    if (last?.session === session && last.key === key) {
      last.taken ||= taken;
      return last;
    }
    const answer = session.then(({ elk, failed }) => Promise.race([elk.layout(graph), failed]));
    const asked: Asked = { key, session, answer, taken, settled: false };
    last = asked;
    const settled = () => void (asked.settled = true);
    // A failure ends the worker (a layout waiting reports it); a layout asked later starts a new one.
    answer.then(settled, () => (settled(), end(session)));
    return asked;
  };
  const engine = async (graph: ElkNode, signal: AbortSignal): Promise<ElkNode> => {
    const session = (current ??= start());
    try {
      const { answer } = answerFor(session, graph, true);
      return await new Promise<ElkNode>((resolve, reject) => {
        if (signal.aborted) reject(new LayoutCancelled());
        signal.addEventListener('abort', () => reject(new LayoutCancelled()), { once: true });
        answer.then(resolve, reject);
      });
    } catch (error) {
      end(session);
      throw error;
    }
  };
  return Object.assign(engine, {
    prepare: () => {
      current ??= start();
    },
    warm: (graph: ElkNode): WorkAhead => {
      const session = (current ??= start());
      const ahead = answerFor(session, graph, false);
      return {
        done: ahead.answer.catch(() => undefined),
        stop: () => {
          if (ahead.taken || ahead.settled || last !== ahead) return false;
          end(session);
          return true;
        },
      };
    },
  });
}

/** The layout engine without Web Workers (tests, old browsers): elk on this thread. */
export const mainThreadEngine: LayoutEngine = async (graph, signal) => {
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  if (signal.aborted) throw new LayoutCancelled();
  const laidOut = await new ELK().layout(graph);
  if (signal.aborted) throw new LayoutCancelled();
  return laidOut;
};

/**
 * The engine an editor uses: elk in its worker where there are workers (kept warm between layouts,
 * started ahead by `prepare`), else elk on this thread.
 */
export function createLayoutEngine(): SizedEngine {
  if (typeof Worker === 'undefined') return mainThreadEngine;
  const elk = createWorkerEngine();
  return Object.assign((graph: ElkNode, signal: AbortSignal) => elk(graph, signal), { prepare: () => elk.prepare(), warm: (graph: ElkNode) => elk.warm(graph) });
}

/**
 * Computes new positions for every module: layered, top-down, anchored at the old top-left corner.
 * Off the page's thread where Web Workers exist; `signal` cancels (rejects with LayoutCancelled).
 */
export async function computeLayout(
  flow: Pick<Flow, 'modules' | 'edges'>,
  options: LayoutOptions = {},
  run: { signal?: AbortSignal; engine?: LayoutEngine } = {},
): Promise<Move[]> {
  if (flow.modules.length === 0) return [];
  const signal = run.signal ?? new AbortController().signal;
  if (signal.aborted) throw new LayoutCancelled();
  const laidOut = await (run.engine ?? createLayoutEngine())(elkGraphOf(flow, options), signal);
  return movesOf(flow, laidOut.children ?? []);
}

/**
 * Applies a layout computed from `before` as one undo step ("Auto-layout"): to every module when the
 * flow is still `before`, else (it changed while elk worked) only to the modules that still exist.
 */
export function applyLayout(store: EditorStore, before: Flow, moves: readonly Move[]): void {
  const state = store.getState();
  if (state.flow !== before) {
    const ids = new Set(state.flow.modules.map((m) => m.id));
    state.edit('Auto-layout', (draft) => moveModules(draft, moves.filter((m) => ids.has(m.id))));
  } else {
    state.edit('Auto-layout', (draft) => moveModules(draft, moves));
  }
}

/** The moves that put each module where elk placed it, shifted so the flow keeps its top-left corner. */
function movesOf(flow: Pick<Flow, 'modules'>, placed: readonly ElkNode[]): Move[] {
  let minX = Infinity;
  let minY = Infinity;
  for (const m of flow.modules) {
    minX = Math.min(minX, m.position.x);
    minY = Math.min(minY, m.position.y);
  }
  let left = Infinity;
  let top = Infinity;
  for (const c of placed) {
    left = Math.min(left, c.x ?? 0);
    top = Math.min(top, c.y ?? 0);
  }
  const dx = (Number.isFinite(minX) ? minX : 0) - left;
  const dy = (Number.isFinite(minY) ? minY : 0) - top;
  return placed.map((c) => ({ id: c.id, position: { x: Math.round((c.x ?? 0) + dx), y: Math.round((c.y ?? 0) + dy) } }));
}
