/**
 * Compare mode: the document against another flow (a file, a version), derived and never
 * stored. The other flow sits in the UI slice (`ui.compare`, outside the document and its
 * history); everything the canvas and the compare panel show comes from `compareFlows(base,
 * flow)` below, so an edit during a comparison simply shows the comparison of the new document.
 *
 * The other flow is the old side ("before"), the document the new side ("after"): a module only
 * in the document is `added` (outlined on the canvas), one only in the other flow `removed`
 * (drawn as a ghost where it was), one whose cost differs `changed`, one whose assumptions,
 * name, kind or settings differ at the same cost `edited`.
 */
import type { Edge, Flow, Module } from '../model/types';
import type { FlowCost } from '../cost/types';
import { diffFlows, type FlowDiff, type ModuleDiff, type EdgeDiff } from '../cost/diff';
import { summarizeDiff, formatCreditsChange, describeCostChange } from '../cost/diffSummary';
import { formatCredits } from '../cost/format';
import { priceFlow } from '../cost/price';
import type { CompareBase, EditorState } from './editor';

/** How the canvas marks a module or an edge of the document; unmarked ones are the same on both sides. */
export type MarkStatus = 'added' | 'changed' | 'edited';

export interface CompareMark {
  status: MarkStatus;
  /**
   * The word on the marker, so the mark never rests on colour alone: "Added", "+2.8 cr", "Edited";
   * empty on an edge added with an added module (the module's marker says it; the edge keeps its colour and its detail).
   */
  tag: string;
  /** What changed, for the marker's tooltip and screen readers. */
  detail: string;
}

export interface CompareView {
  /** What the document is compared with ("old-flow.json", a version's name). */
  label: string;
  /** When two flows are compared with each other (not the document): the new side's name. */
  against?: string;
  base: Flow;
  diff: FlowDiff;
  /** "+1 module, −1 module, 2 assumptions changed: +1,240 credits/month (+8.1 %)". */
  summary: string;
  /** What it does to credits per month: "+1,240 credits/month (+8.1 %)", "no cost change". */
  costChange: string;
  /** Marks of the document's modules and edges that differ (by id). */
  modules: ReadonlyMap<string, CompareMark>;
  edges: ReadonlyMap<string, CompareMark>;
  /** What only the other flow has, drawn as ghosts where it was (not editable). */
  ghosts: { modules: readonly Module[]; edges: readonly Edge[] };
}

/** What a module's edits say, in words: "assumptions changed: durationSec, outputItems; renamed". */
function editWords(entry: ModuleDiff | EdgeDiff): string {
  const assumptions: string[] = [];
  const other: string[] = [];
  for (const edit of entry.edits) {
    if (edit.startsWith('assumptions.')) assumptions.push(edit.slice('assumptions.'.length));
    else if (edit === 'passRate') assumptions.push('pass rate');
    else if (edit === 'name') other.push('renamed');
    else if (edit === 'type') other.push('kind changed');
    else if (edit === 'config') other.push('settings changed');
    else if (edit === 'source' || edit === 'target') other.push('reconnected');
    else if (edit === 'filter' || edit === 'route') other.push(`${edit} changed`);
  }
  const parts = assumptions.length > 0 ? [`assumptions changed: ${assumptions.join(', ')}`] : [];
  return [...parts, ...[...new Set(other)]].join('; ');
}

/** Whether the edits say something beyond a move. */
function editedBeyondPosition(entry: ModuleDiff | EdgeDiff): boolean {
  return entry.edits.some((edit) => edit !== 'position');
}

function moduleMark(entry: ModuleDiff): CompareMark | undefined {
  if (entry.status === 'added') {
    return { status: 'added', tag: 'Added', detail: `Added: not in the flow compared with (${formatCredits(entry.delta.credits)} credits per run)` };
  }
  const words = editWords(entry);
  if (entry.status === 'changed') {
    const cost = `cost changed: ${formatCredits(entry.before?.credits ?? 0)} → ${formatCredits(entry.after?.credits ?? 0)} credits per run`;
    return { status: 'changed', tag: `${formatCreditsChange(entry.delta.credits)} cr`, detail: `Changed: ${words ? `${words}; ` : ''}${cost}` };
  }
  if (entry.status === 'unchanged' && editedBeyondPosition(entry)) {
    return { status: 'edited', tag: 'Edited', detail: `Edited, same cost: ${words}` };
  }
  return undefined;
}

function edgeMark(entry: EdgeDiff): CompareMark | undefined {
  if (entry.status === 'added') return { status: 'added', tag: 'Added', detail: 'Added: not in the flow compared with' };
  const words = editWords(entry);
  if (entry.status === 'changed') return { status: 'changed', tag: 'Changed', detail: `Changed${words ? `: ${words}` : ': carries another number of bundles'}` };
  if (entry.status === 'unchanged' && entry.edits.length > 0) return { status: 'edited', tag: 'Edited', detail: `Edited, same cost: ${words}` };
  return undefined;
}

/**
 * The comparison of `flow` (the document, new side) with `base` (old side). `flowCost` is the
 * document's cost when the caller has it (the editor's incremental pricer); `baseCost` likewise.
 * When `base.against` is set, `flow` is that flow, not the document: the view then marks nothing
 * and draws no ghosts (the canvas shows the document, which is neither side).
 */
export function compareFlows(base: CompareBase, flow: Flow, costs: { flowCost?: FlowCost; baseCost?: FlowCost } = {}): CompareView {
  const diff = diffFlows(base.flow, flow, {
    ...(costs.baseCost ? { beforeCost: costs.baseCost } : {}),
    ...(costs.flowCost ? { afterCost: costs.flowCost } : {}),
  });
  const modules = new Map<string, CompareMark>();
  const edges = new Map<string, CompareMark>();
  const removedModules = new Set<string>();
  const removedEdges = new Set<string>();
  for (const entry of diff.modules) {
    if (entry.status === 'removed') removedModules.add(entry.id);
    const mark = moduleMark(entry);
    if (mark) modules.set(entry.id, mark);
  }
  for (const entry of diff.edges) {
    if (entry.status === 'removed') removedEdges.add(entry.id);
    const mark = edgeMark(entry);
    if (!mark) continue;
    // An edge to or from an added module is new with it: the module's marker says so, the edge only takes the colour.
    const ends = entry.after;
    if (mark.status === 'added' && ends && (modules.get(ends.source)?.status === 'added' || modules.get(ends.target)?.status === 'added')) mark.tag = '';
    edges.set(entry.id, mark);
  }
  const summary = summarizeDiff(diff);
  const costChange = describeCostChange(diff);
  if (base.against) {
    return { label: base.label, against: base.against.label, base: base.flow, diff, summary, costChange, modules: new Map(), edges: new Map(), ghosts: { modules: [], edges: [] } };
  }
  return {
    label: base.label,
    base: base.flow,
    diff,
    summary,
    costChange,
    modules,
    edges,
    ghosts: {
      modules: base.flow.modules.filter((m) => removedModules.has(m.id)),
      edges: base.flow.edges.filter((e) => removedEdges.has(e.id)),
    },
  };
}

function sameMark(a: CompareMark | undefined, b: CompareMark | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.status === b.status && a.tag === b.tag && a.detail === b.detail);
}

export interface CompareSelectors {
  /** The comparison on screen, or null when not comparing. Recomputed only when the document prices differently or the base changes. */
  selectCompare(state: Pick<EditorState, 'flow' | 'ui'>): CompareView | null;
  /** A module's mark: the same object while it says the same, so a node re-renders only when its own mark changes. */
  selectModuleMark(state: Pick<EditorState, 'flow' | 'ui'>, id: string): CompareMark | undefined;
  selectEdgeMark(state: Pick<EditorState, 'flow' | 'ui'>, id: string): CompareMark | undefined;
}

/**
 * The memoised compare selectors of one editor. `flowOf` is the document as the cost sees it
 * (the same object across moves); `costOf` its cost, used when no scenario is shown (a
 * comparison is of the documents, scenarios aside).
 */
export function createCompareSelectors(
  flowOf: (state: Pick<EditorState, 'flow'>) => Flow,
  costOf: (state: Pick<EditorState, 'flow' | 'ui'>) => FlowCost,
): CompareSelectors {
  let cache: { base: CompareBase; flow: Flow; view: CompareView } | null = null;
  let baseCost: { base: Flow; cost: FlowCost } | null = null;
  const lastModule = new Map<string, CompareMark | undefined>();
  const lastEdge = new Map<string, CompareMark | undefined>();

  const selectCompare = (state: Pick<EditorState, 'flow' | 'ui'>): CompareView | null => {
    const base = state.ui.compare;
    if (!base) {
      cache = null;
      return null;
    }
    const flow = base.against ? base.against.flow : flowOf(state);
    if (cache && cache.base === base && cache.flow === flow) return cache.view;
    if (!baseCost || baseCost.base !== base.flow) baseCost = { base: base.flow, cost: priceFlow(base.flow) };
    const flowCost = state.ui.activeScenarioId === null && !base.against ? costOf(state) : undefined;
    const view = compareFlows(base, flow, { baseCost: baseCost.cost, ...(flowCost ? { flowCost } : {}) });
    cache = { base, flow, view };
    return view;
  };

  const stable = (last: Map<string, CompareMark | undefined>, pick: (view: CompareView) => ReadonlyMap<string, CompareMark>) =>
    (state: Pick<EditorState, 'flow' | 'ui'>, id: string): CompareMark | undefined => {
      const view = selectCompare(state);
      const next = view ? pick(view).get(id) : undefined;
      const prev = last.get(id);
      if (sameMark(prev, next)) return prev;
      last.set(id, next);
      return next;
    };

  return {
    selectCompare,
    selectModuleMark: stable(lastModule, (view) => view.modules),
    selectEdgeMark: stable(lastEdge, (view) => view.edges),
  };
}
