/** Where the canvas and panels read the flow's cost and problems: the store's memoised selectors. */
import type { FlowCost } from '../cost/types';
import type { Problem } from '../model/problems';
import { selectFlowCost, selectProblems } from '../store/derived';
import type { EditorState } from '../store/editor';

export function flowCostOf(state: Pick<EditorState, 'flow' | 'ui'>): FlowCost {
  return selectFlowCost(state);
}

export function problemsOf(state: Pick<EditorState, 'flow'>): Problem[] {
  return selectProblems(state);
}
