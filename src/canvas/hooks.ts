/**
 * Per-node and per-edge views of the derived data. Each hook subscribes to one id through a
 * keyed view (keyedView.ts): a node re-renders only when what it shows changes (its credits,
 * executions, share label, heat colour or problems), and nothing at all runs per node on a
 * drag frame, where the cost and the problems stay the same objects.
 *
 * The views belong to one editor: FlowCanvas makes them for its editor (`createCanvasViews`)
 * and hands them to the nodes and edges through `CanvasViewsContext`.
 */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import { useEditorInstance } from '../editor/react';
import type { Problem } from '../model/problems';
import type { FlowCost } from '../cost/types';
import { edgeMarkAt, moduleMarkAt, type TraceEdgeMark, type TraceModuleMark } from '../cost/traceMarks';
import type { EditorState } from '../store/editor';
import type { Editor } from '../editor/createEditor';
import type { CanvasBands, ModuleBand } from '../editor/slots';
import { heatColour } from '../ui/heat';
import { createKeyedView, type KeyedView } from './keyedView';
import { sameShareLabel } from './labels';

export interface NodeCostView {
  credits: number;
  executions: number;
  /** Share of the run total, 0..1 (0 when the total is 0); the badge writes it with `percent`. */
  share: number;
  /** The heatmap colour of the share. */
  heat: string;
}

function nodeCostView(cost: FlowCost, id: string): NodeCostView | undefined {
  const node = cost.byId.get(id);
  if (!node) return undefined;
  const share = cost.total > 0 ? node.credits / cost.total : 0;
  return { credits: node.credits, executions: node.executions, share, heat: heatColour(share) };
}

/** Equal when the node draws the same: a share that moves under the label's precision does not re-render it. */
function sameDrawnView(a: NodeCostView | undefined, b: NodeCostView | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return (
    a.credits === b.credits &&
    a.executions === b.executions &&
    a.heat === b.heat &&
    (a.share > 0) === (b.share > 0) &&
    sameShareLabel(a.share, b.share)
  );
}


/** A module's P10–P90 credits per run from the latest simulated runs. */
export interface NodeBandView extends ModuleBand {
  /** Runs the percentiles come from. */
  runs: number;
}


interface EdgeFlowView {
  count: number;
  passed: number;
}

function edgeFlowView(cost: FlowCost, id: string): EdgeFlowView | undefined {
  const flow = cost.edges.get(id);
  return flow ? { count: flow.count, passed: flow.passed } : undefined;
}

const NO_PROBLEMS: readonly Problem[] = [];

/** Problems pinned to one module, grouped once per problem list. */
const byModule = new WeakMap<readonly Problem[], Map<string, Problem[]>>();
const byEdge = new WeakMap<readonly Problem[], Map<string, Problem[]>>();

function groupBy(problems: readonly Problem[], key: 'moduleId' | 'edgeId'): Map<string, Problem[]> {
  const cache = key === 'moduleId' ? byModule : byEdge;
  let map = cache.get(problems);
  if (!map) {
    map = new Map();
    for (const p of problems) {
      const id = p[key];
      if (id === undefined) continue;
      // an edge problem also names its module sometimes; pin module markers only to module-level problems
      if (key === 'moduleId' && p.edgeId !== undefined) continue;
      const list = map.get(id);
      if (list) list.push(p);
      else map.set(id, [p]);
    }
    cache.set(problems, map);
  }
  return map;
}

/** The problems pinned to one module (not to one of its edges). */
export function moduleProblems(problems: readonly Problem[], id: string): readonly Problem[] {
  return groupBy(problems, 'moduleId').get(id) ?? NO_PROBLEMS;
}

export function edgeProblems(problems: readonly Problem[], id: string): readonly Problem[] {
  return groupBy(problems, 'edgeId').get(id) ?? NO_PROBLEMS;
}

export interface ProblemSummary {
  severity: 'error' | 'warning' | null;
  count: number;
  /** Every message, one a line. */
  text: string;
}

function summarise(list: readonly Problem[]): ProblemSummary {
  if (list.length === 0) return { severity: null, count: 0, text: '' };
  return {
    severity: list.some((p) => p.severity === 'error') ? 'error' : 'warning',
    count: list.length,
    text: list.map((p) => p.message).join('\n'),
  };
}

const sameSummary = (a: ProblemSummary, b: ProblemSummary) => a.severity === b.severity && a.count === b.count && a.text === b.text;

/** The keyed views of one editor's canvas. */
export interface CanvasViews {
  nodeCost: KeyedView<NodeCostView | undefined>;
  nodeBand: KeyedView<NodeBandView | undefined>;
  edgeFlow: KeyedView<EdgeFlowView | undefined>;
  moduleProblems: KeyedView<ProblemSummary>;
  edgeProblems: KeyedView<ProblemSummary>;
}

export function createCanvasViews({ store, derived, bands }: Pick<Editor, 'store' | 'derived' | 'bands'>): CanvasViews {
  const costDependencies = (state: EditorState) => [derived.selectFlowCost(state)];
  const problemDependencies = (state: EditorState) => [derived.selectProblems(state)];
  const problemSummary = (list: (problems: readonly Problem[], id: string) => readonly Problem[]) =>
    createKeyedView(store, problemDependencies, (s, id) => summarise(list(derived.selectProblems(s), id)), sameSummary);
  return {
    nodeCost: createKeyedView(store, costDependencies, (s, id) => nodeCostView(derived.selectFlowCost(s), id), sameDrawnView),
    // Bands waiting for a new run after an edit are dimmed through one attribute on the canvas
    // (FlowCanvas), not through each node: 1,000 nodes do not re-render twice per edit.
    nodeBand: createKeyedView<CanvasBands, NodeBandView | undefined>(
      bands,
      (state) => [state.bands, state.runs],
      (state, id) => {
        const band = state.bands?.get(id);
        return band ? { p10: band.p10, p90: band.p90, runs: state.runs } : undefined;
      },
      (a, b) => a === b || (!!a && !!b && a.p10 === b.p10 && a.p90 === b.p90 && a.runs === b.runs),
    ),
    edgeFlow: createKeyedView(store, costDependencies, (s, id) => edgeFlowView(derived.selectFlowCost(s), id), (a, b) =>
      a === b ? true : !!a && !!b && a.count === b.count && a.passed === b.passed,
    ),
    moduleProblems: problemSummary(moduleProblems),
    edgeProblems: problemSummary(edgeProblems),
  };
}

export const CanvasViewsContext = createContext<CanvasViews | null>(null);

function useViews(): CanvasViews {
  const views = useContext(CanvasViewsContext);
  if (!views) throw new Error('Creditflow: a canvas node is rendered outside FlowCanvas.');
  return views;
}

export function useNodeCostView(id: string): NodeCostView | undefined {
  return useViews().nodeCost.use(id);
}

/** The band of module `id` (undefined while no simulation of a flow with ranges has finished). */
export function useNodeBand(id: string): NodeBandView | undefined {
  return useViews().nodeBand.use(id);
}

export function useEdgeFlowView(id: string): EdgeFlowView | undefined {
  return useViews().edgeFlow.use(id);
}

/** What a module's problem marker shows (re-renders only when it changes). */
export function useModuleProblems(id: string): ProblemSummary {
  return useViews().moduleProblems.use(id);
}

export function useEdgeProblems(id: string): ProblemSummary {
  return useViews().edgeProblems.use(id);
}

/**
 * Where module `id` stands in the trace being stepped through (cost/tracePath.ts): 'current' (the
 * step shown), 'reached' (it ran at a step before), 'skipped' (the bundle went past it: a filter,
 * or a route not taken), or null (no trace, a stale one, or not reached yet). The mark is a few
 * map look-ups, and each node re-renders only when its own mark changes.
 */
export function useTraceMark(id: string): TraceModuleMark {
  const { trace } = useEditorInstance();
  return useStore(trace.store, (s) => (s.trace && !s.stale ? moduleMarkAt(s.path, s.trace, s.index, id) : null));
}

/** Whether a current trace is shown (Trace tab): its marks are drawn on React Flow's cards and edges, so they stay. */
export function useTraceShown(): boolean {
  const { trace } = useEditorInstance();
  return useStore(trace.store, (s) => s.trace !== null && !s.stale);
}

/** Where edge `id` stands in the trace: 'taken' (just now), 'travelled' (before), 'idle' (not yet), or null (no trace, or a stale one). */
export function useTraceEdgeMark(id: string): TraceEdgeMark | null {
  const { trace } = useEditorInstance();
  return useStore(trace.store, (s) => (s.trace && !s.stale ? edgeMarkAt(s.path, s.trace, s.index, id) : null));
}

/** Executions per run of module `id` observed in the calibration's log, or undefined (no log, or the module is not in it). */
export function useObservedExecutions(id: string): number | undefined {
  const { calibration } = useEditorInstance();
  return useStore(calibration.store, (s) => s.observed.get(id));
}
