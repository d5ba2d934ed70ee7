import { memo } from 'react';
import { BaseEdge, EdgeLabelRenderer, getSmoothStepPath, type EdgeProps } from '@xyflow/react';
import { Filter, GitBranch, CornerDownRight } from 'lucide-react';
import { useEdgeFlowView, useEdgeProblems, useTraceEdgeMark } from './hooks';
import { edgeLabel, isNotOnce, timesText } from './labels';
import type { FlowRfEdge } from './mapping';
import { useEditor, useEditorInstance } from '../editor/react';
import { scenarioPassRate } from '../store/derived';
import { DiffTag } from './layers';

function FlowEdgeView(props: EdgeProps<FlowRfEdge>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, selected, markerEnd } = props;
  const edge = data?.edge;
  const { store, derived } = useEditorInstance();
  // Compare mode: how this edge differs from the flow compared with.
  const mark = useEditor((s) => derived.selectEdgeMark(s, id));
  const flow = useEdgeFlowView(id);
  const problems = useEdgeProblems(id);
  // The trace being stepped through: this edge just taken, travelled before, or not (yet).
  const traceMark = useTraceEdgeMark(id);
  const [path, labelX, labelY] = getSmoothStepPath({
    sourceX,
    sourceY,
    targetX,
    targetY,
    sourcePosition,
    targetPosition,
    borderRadius: 12,
  });
  // The pass rate of the scenario being looked at, so the label shows what is priced.
  const passRate = useEditor((s) => scenarioPassRate(s, id));
  const label = edge ? edgeLabel(edge, passRate) : null;
  const severity = problems.severity;
  const count = flow?.count;
  const showCount = count !== undefined && (label !== null || isNotOnce(count));
  const problemText = problems.text;

  const select = (event: React.MouseEvent) => {
    event.stopPropagation();
    const state = store.getState();
    if (event.shiftKey || event.metaKey || event.ctrlKey) {
      const has = state.selection.edges.includes(id);
      state.setSelection({ edges: has ? state.selection.edges.filter((e) => e !== id) : [...state.selection.edges, id] });
    } else {
      state.setSelection({ modules: [], edges: [id] });
    }
  };

  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        markerEnd={markerEnd}
        className={
          [
            severity ? `cf-edge-path--${severity}` : '',
            edge?.error === true ? 'cf-edge-path--failure' : '',
            mark ? `cf-edge-path--diff-${mark.status}` : '',
            traceMark ? `cf-edge-path--trace-${traceMark}` : '',
          ]
            .filter(Boolean)
            .join(' ') || undefined
        }
        interactionWidth={16}
        data-trace={traceMark ?? undefined}
      />
      {(label || showCount || severity || mark?.tag) && (
        <EdgeLabelRenderer>
          <button
            type="button"
            className={[
              'cf-edge-label nodrag nopan',
              selected ? 'cf-edge-label--selected' : '',
              severity ? `cf-edge-label--${severity}` : '',
              label?.kind === 'fallback' ? 'cf-edge-label--fallback' : '',
            ]
              .filter(Boolean)
              .join(' ')}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            data-testid={`edge-label-${id}`}
            data-edge-id={id}
            title={problemText || undefined}
            data-diff={mark?.status}
            aria-label={[label?.text ?? 'Edge', showCount && count !== undefined ? `${timesText(count)} per run` : '', problemText, mark?.detail ?? '']
              .filter(Boolean)
              .join(', ')}
            onClick={select}
          >
            {mark?.tag && <DiffTag status={mark.status} tag={mark.tag} detail={mark.detail} inline />}
            {label?.kind === 'filter' && <Filter size={11} aria-hidden="true" />}
            {label?.kind === 'route' && <GitBranch size={11} aria-hidden="true" />}
            {label?.kind === 'fallback' && <CornerDownRight size={11} aria-hidden="true" />}
            {label && <span data-testid="edge-label-text">{label.text}</span>}
            {label && showCount && <span className="cf-edge-label__sep">·</span>}
            {showCount && count !== undefined && (
              <span className="cf-edge-label__count" data-testid="edge-count" data-count={count}>
                {timesText(count)}
              </span>
            )}
          </button>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

export const FlowEdge = memo(FlowEdgeView);
