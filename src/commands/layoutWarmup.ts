/**
 * Auto-layout's warm-up (issue 19: a session's first layout of 1,000 modules ≤ 1 s). elk is Java
 * compiled to JavaScript: its first layout in a fresh worker pays for V8 compiling it (about 2 s of
 * CPU at 1,000 modules, against about 0.4 s once warm), and a small layout ahead buys little of that
 * (a 50- or 200-module one: the next 1,000-module layout still costs 1.5–1.8 s). So when a flow of
 * `WARM_FROM` modules or more opens, elk's worker lays the flow itself out while the page is idle,
 * and keeps the answer: Auto-layout clicked on the same flow takes it (or waits for it), and after an
 * edit the worker that lays out the changed flow has already run elk once. The warm-up never moves a
 * module (only the command applies a layout), never runs on the page's thread (engines without a
 * worker do not warm), and starts as soon as the page is idle after the flow's first paint (a click
 * about a second later then finds elk half done, not cold). It gives the cores back to a person: it
 * waits while they drag, pan, zoom with the wheel or hold a key down (not for a pointer merely
 * moved, a click, typing or a shortcut), and a drag begun while elk works ahead ends that worker (elk cannot pause); it starts
 * again 1.5 s after the drag (store/openedFlowWork.ts). A click on Auto-layout meanwhile takes the
 * answer in flight, which is then no longer stopped for input. Small flows
 * are not warmed (their layout is quick, and most sessions would start elk for nothing), nor flows
 * past `WARM_UP_TO` modules: elk's layout of them costs seconds of CPU that a user who opens a huge flow
 * to look at it should not pay, on a machine busy with that flow (a small part laid out ahead would
 * buy only 20–30 % of elk's first layout).
 */
import type { ElkNode } from 'elkjs/lib/elk-api';
import type { Flow } from '../model/types';
import type { EditorStore } from '../store/editor';
import { elkGraphOf, type SizedEngine } from './layoutEngine';
import { pageIdle, whenFlowOpens, type WhenIdle } from '../store/openedFlowWork';

export type { WhenIdle };

/** Flows smaller than this are not laid out ahead. */
export const WARM_FROM = 100;
/** Flows larger than this are not laid out ahead either. */
export const WARM_UP_TO = 2000;

/**
 * The layout ahead waits at most this long (ms) for the page to be idle after a flow opens: a page
 * that paints a large flow in slices is seldom idle, and every 100 ms of head start is 100 ms less
 * for a click soon after opening to wait (on the page's thread it costs only elk's graph and its key).
 */
export const AHEAD_WAIT_MS = 500;

/** Whether a flow is laid out ahead: neither small nor huge. */
const laidOutAhead = (flow: Pick<Flow, 'modules'>): boolean => flow.modules.length >= WARM_FROM && flow.modules.length <= WARM_UP_TO;

/** The graph elk lays out ahead for a flow: the flow's own, or none when the flow is small or huge. */
export function warmGraphOf(flow: Pick<Flow, 'modules' | 'edges'>): ElkNode | null {
  return laidOutAhead(flow) ? elkGraphOf(flow) : null;
}

/**
 * Each time a flow opens in `store` (a new flow, the sample, a file, a restored one), and for the
 * flow open now, lays it out ahead with `engine` once the page is idle. Returns a function that stops it.
 */
export function warmLayoutOnOpen(store: EditorStore, engine: SizedEngine, idle: WhenIdle = pageIdle(AHEAD_WAIT_MS, { waitFromStart: false, yieldToInput: true })): () => void {
  const warm = engine.warm;
  if (!warm) return () => undefined;
  // An engine whose code loads later (layoutEngine.ts) starts loading it as such a flow opens, not at the quiet moment.
  const wants = (flow: Flow) => {
    const wanted = laidOutAhead(flow);
    if (wanted) engine.load?.();
    return wanted;
  };
  return whenFlowOpens(store, wants, (flow) => warm(elkGraphOf(flow)), idle);
}
