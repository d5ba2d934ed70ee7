/**
 * Per-node and per-edge views of the derived data. Each hook subscribes to one id through a
 * keyed view (keyedView.ts): a node re-renders only when what it shows changes (its credits,
 * executions, share label, heat colour or problems), and nothing at all runs per node on a
 * drag frame, where the cost and the problems stay the same objects.
 */
import type { Problem } from '../model/problems';
import { useEditor, type EditorState } from '../store/editor';
import { heatColour } from '../features/whatIf/heat';
import { useCanvasBands, type CanvasBands, type ModuleBand } from '../features/whatIf/bands';
import { flowCostOf, problemsOf } from './derivedSource';
import { createKeyedView } from './keyedView';
import { sameShareLabel } from './labels';

export interface NodeCostView {
  credits: number;
  executions: number;
  /** Share of the run total, 0..1 (0 when the total is 0); the badge writes it with `percent`. */
  share: number;
  /** The heatmap colour of the share. */
  heat: string;
}

function nodeCostView(state: EditorState, id: string): NodeCostView | undefined {
  const cost = flowCostOf(state);
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

const costDependencies = (state: EditorState) => [flowCostOf(state)];
const problemDependencies = (state: EditorState) => [problemsOf(state)];

const nodeCostViews = createKeyedView(useEditor, costDependencies, nodeCostView, sameDrawnView);

export function useNodeCostView(id: string): NodeCostView | undefined {
  return nodeCostViews.use(id);
}

/** A module's P10–P90 credits per run from the latest simulated runs. */
export interface NodeBandView extends ModuleBand {
  /** Runs the percentiles come from. */
  runs: number;
}

// Bands waiting for a new run after an edit are dimmed through one attribute on the canvas
// (FlowCanvas), not through each node: 1,000 nodes do not re-render twice per edit.
const nodeBandViews = createKeyedView<CanvasBands, NodeBandView | undefined>(
  useCanvasBands,
  (state) => [state.bands, state.runs],
  (state, id) => {
    const band = state.bands?.get(id);
    return band ? { p10: band.p10, p90: band.p90, runs: state.runs } : undefined;
  },
  (a, b) => a === b || (!!a && !!b && a.p10 === b.p10 && a.p90 === b.p90 && a.runs === b.runs),
);

/** The band of module `id` (undefined while no simulation of a flow with ranges has finished). */
export function useNodeBand(id: string): NodeBandView | undefined {
  return nodeBandViews.use(id);
}

interface EdgeFlowView {
  count: number;
  passed: number;
}

function edgeFlowView(state: EditorState, id: string): EdgeFlowView | undefined {
  const flow = flowCostOf(state).edges.get(id);
  return flow ? { count: flow.count, passed: flow.passed } : undefined;
}

const edgeFlowViews = createKeyedView(useEditor, costDependencies, edgeFlowView, (a, b) =>
  a === b ? true : !!a && !!b && a.count === b.count && a.passed === b.passed,
);

export function useEdgeFlowView(id: string): EdgeFlowView | undefined {
  return edgeFlowViews.use(id);
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

export function moduleProblems(state: EditorState, id: string): readonly Problem[] {
  return groupBy(problemsOf(state), 'moduleId').get(id) ?? NO_PROBLEMS;
}

export function edgeProblems(state: EditorState, id: string): readonly Problem[] {
  return groupBy(problemsOf(state), 'edgeId').get(id) ?? NO_PROBLEMS;
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
const moduleProblemViews = createKeyedView(useEditor, problemDependencies, (s, id) => summarise(moduleProblems(s, id)), sameSummary);
const edgeProblemViews = createKeyedView(useEditor, problemDependencies, (s, id) => summarise(edgeProblems(s, id)), sameSummary);

/** What a module's problem marker shows (re-renders only when it changes). */
export function useModuleProblems(id: string): ProblemSummary {
  return moduleProblemViews.use(id);
}

export function useEdgeProblems(id: string): ProblemSummary {
  return edgeProblemViews.use(id);
}
