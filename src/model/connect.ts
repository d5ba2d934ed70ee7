/**
 * The rules for a new edge, checked live while the user drags one (so they are cheap and
 * never throw), and the edge a valid drag creates.
 */
import { describeModule, kindNoun, nameOrId } from './describe';
import { canFail, type Edge, type Flow, type Module } from './types';

export type ConnectCheck = { ok: true } | { ok: false; reason: string };

type FlowShape = Pick<Flow, 'modules' | 'edges'>;

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function findModule(flow: FlowShape, id: string): Module | undefined {
  for (const m of flow.modules) if (m.id === id) return m;
  return undefined;
}

/** What kind of edge is drawn: a normal one, or an error branch (from a module's error handle, version 3). */
export interface ConnectOptions {
  error?: boolean;
}

/**
 * Whether an edge from `sourceId` to `targetId` may be added, and if not, why, in the user's words.
 * An error edge (cost-model.md §7) leaves only a kind that can fail, at most one per module; like
 * any edge it counts as an incoming edge of its target and may not close a loop.
 */
export function canConnect(flow: FlowShape, sourceId: string, targetId: string, options: ConnectOptions = {}): ConnectCheck {
  const source = findModule(flow, sourceId);
  const target = findModule(flow, targetId);
  if (!source || !target) return { ok: false, reason: 'That module is no longer in the flow.' };
  if (sourceId === targetId) return { ok: false, reason: 'A module cannot connect to itself; loops are iterators.' };
  if (target.type === 'trigger') return { ok: false, reason: 'Nothing can lead into the trigger: it starts the flow.' };
  const error = options.error === true;
  if (error && !canFail(source.type))
    return { ok: false, reason: `${capitalise(kindNoun(source.type))} cannot fail, so it has no error branch.` };
  let incoming = 0;
  let outgoing = 0;
  for (const e of flow.edges) {
    if (e.source === sourceId && e.target === targetId) {
      return { ok: false, reason: `${describeModule(source)} is already connected to ${describeModule(target)}.` };
    }
    if (e.target === targetId) incoming++;
    if (e.source === sourceId && (e.error === true) === error) outgoing++;
  }
  if (error && outgoing > 0) return { ok: false, reason: `${describeModule(source)} already has an error branch.` };
  if (incoming > 0 && target.type !== 'octopus') {
    return {
      ok: false,
      reason: `${capitalise(kindNoun(target.type))} can have only one incoming edge; use an octopus to merge.`,
    };
  }
  if (outgoing > 0 && source.type !== 'router') {
    return { ok: false, reason: `Only routers branch: add a router after ${nameOrId(source)}.` };
  }
  if (reaches(flow, targetId, sourceId)) {
    return { ok: false, reason: 'That would make a loop back; loops are iterators.' };
  }
  return { ok: true };
}

/**
 * Targets by source. canConnect runs on every pointer move while an edge is dragged, so the
 * map is kept per edges array — only for frozen arrays (the store's committed documents), since
 * an array that can still change (an immer draft) would make a kept map wrong.
 */
const adjacencyCache = new WeakMap<readonly Edge[], ReadonlyMap<string, string[]>>();

function adjacencyOf(edges: readonly Edge[]): ReadonlyMap<string, string[]> {
  const kept = adjacencyCache.get(edges);
  if (kept) return kept;
  const outgoing = new Map<string, string[]>();
  for (const e of edges) {
    const list = outgoing.get(e.source);
    if (list) list.push(e.target);
    else outgoing.set(e.source, [e.target]);
  }
  if (Object.isFrozen(edges)) adjacencyCache.set(edges, outgoing);
  return outgoing;
}

/** Whether `to` can be reached from `from` along the flow's edges. */
function reaches(flow: FlowShape, from: string, to: string): boolean {
  const outgoing = adjacencyOf(flow.edges);
  const seen = new Set<string>([from]);
  const stack = [from];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id === to) return true;
    for (const next of outgoing.get(id) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return false;
}

/** Pass rate a new route of a standard router starts with, and the most a new exclusive route gets. */
export const DEFAULT_ROUTE_PASS_RATE = 0.5;

/**
 * The edge a valid connection creates, with id `id`. An edge leaving a router gets a route:
 * the next priority, not the fallback, and a pass rate of 50 %; an error edge has neither — in exclusive mode at most
 * what the other routes leave free, so their shares stay ≤ 100 %. Pure: the flow is not changed.
 */
export function newEdgeFor(flow: FlowShape, sourceId: string, targetId: string, id: string, options: ConnectOptions = {}): Edge {
  const edge: Edge = { id, source: sourceId, target: targetId };
  if (options.error === true) {
    edge.error = true;
    return edge;
  }
  const source = findModule(flow, sourceId);
  if (!source || source.type !== 'router') return edge;
  let maxPriority = 0;
  let shared = 0;
  for (const e of flow.edges) {
    if (e.source !== sourceId || !e.route) continue;
    const { priority, passRate, fallback } = e.route;
    if (typeof priority === 'number' && Number.isFinite(priority)) maxPriority = Math.max(maxPriority, priority);
    if (fallback) continue;
    const likely = typeof passRate === 'number' ? passRate : passRate?.likely;
    if (typeof likely === 'number' && Number.isFinite(likely) && likely > 0) shared += likely;
  }
  let passRate = DEFAULT_ROUTE_PASS_RATE;
  if (source.config.mode === 'exclusive') {
    const free = Math.max(0, 1 - shared);
    // Round to a billionth to drop float noise (1 − 0.8 = 0.19999999999999996 becomes 0.2); what is
    // left over is far below the 1e-9 that validation allows on the sum.
    passRate = Math.min(DEFAULT_ROUTE_PASS_RATE, Math.round(free * 1e9) / 1e9);
  }
  edge.route = { priority: Math.floor(maxPriority) + 1, passRate, fallback: false };
  return edge;
}
