/**
 * Per-node and per-edge selectors on the editor store. Each returns primitives or objects
 * that keep their identity while their values stay the same, so a module node re-renders
 * only when its own credits, executions or problems change, not on every edit elsewhere.
 */
import { useShallow } from 'zustand/react/shallow';
import type { Problem } from '../model/problems';
import { useEditor, type EditorState } from '../store/editor';
import { flowCostOf, problemsOf } from './derivedSource';

export interface NodeCostView {
  credits: number;
  executions: number;
  /** Share of the run total, 0..1 (0 when the total is 0). */
  share: number;
}

function nodeCostView(state: EditorState, id: string): NodeCostView | undefined {
  const cost = flowCostOf(state);
  const node = cost.byId.get(id);
  if (!node) return undefined;
  return { credits: node.credits, executions: node.executions, share: cost.total > 0 ? node.credits / cost.total : 0 };
}

const NO_VIEW = { credits: NaN, executions: NaN, share: NaN, missing: true } as const;

export function useNodeCostView(id: string): NodeCostView | undefined {
  const view = useEditor(useShallow((s) => nodeCostView(s, id) ?? NO_VIEW));
  return 'missing' in view ? undefined : view;
}

export function useEdgeFlowView(id: string): { count: number; passed: number } | undefined {
  const view = useEditor(
    useShallow((s) => {
      const flow = flowCostOf(s).edges.get(id);
      return flow ? { count: flow.count, passed: flow.passed } : { count: NaN, passed: NaN, missing: true };
    }),
  );
  return 'missing' in view ? undefined : view;
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

/** What a module's problem marker shows (primitives: re-renders only when they change). */
export function useModuleProblems(id: string): ProblemSummary {
  return useEditor(useShallow((s) => summarise(moduleProblems(s, id))));
}

export function useEdgeProblems(id: string): ProblemSummary {
  return useEditor(useShallow((s) => summarise(edgeProblems(s, id))));
}
