/**
 * Compare mode: a module or an edge only the flow compared with has, drawn where it was. Not
 * editable (no selection, drag, connection or menu); its handles only anchor the ghost edges.
 */
import { memo } from 'react';
import { BaseEdge, EdgeLabelRenderer, Handle, Position, getSmoothStepPath, type EdgeProps, type NodeProps } from '@xyflow/react';
import { MODULE_KINDS } from '../model/modules/registry';
import { canFail } from '../model/types';
import { formatCredits } from '../cost/format';
import { NodeTitles } from './ModuleNode';
import { ERROR_HANDLE, type FlowRfEdge, type ModuleRfNode } from './mapping';
import { isGhostId } from './ghosts';
import { DiffTag } from '../ui/DiffTag';

function GhostNodeView({ id, data }: NodeProps<ModuleRfNode>) {
  const { type, name } = data;
  const kind = MODULE_KINDS[type];
  const credits = formatCredits(data.credits ?? 0);
  return (
    <div
      className="cf-node cf-node--ghost"
      data-testid={`ghost-${id.slice('ghost:'.length)}`}
      style={{ '--kind': kind.colour } as React.CSSProperties}
      title={`Removed: ${name} is only in the flow compared with (${credits} credits per run there)`}
    >
      <DiffTag status="removed" tag="Removed" detail={`Removed: only in the flow compared with (${credits} credits per run there)`} />
      {kind.maxIncoming > 0 && <Handle type="target" position={Position.Top} isConnectable={false} />}
      <div className="cf-node__body">
        <div className="cf-node__head">
          <NodeTitles type={type} name={name} />
        </div>
        <div className="cf-node__foot">
          <span className="cf-node__credits cf-node__credits--ghost" data-testid="ghost-credits">
            {credits}
            <span className="cf-node__credits-unit">cr</span>
          </span>
          <span className="cf-node__share">was</span>
        </div>
      </div>
      {kind.maxOutgoing > 0 && <Handle type="source" position={Position.Bottom} isConnectable={false} />}
      {canFail(type) && <Handle type="source" id={ERROR_HANDLE} position={Position.Right} className="cf-handle--error" isConnectable={false} />}
    </div>
  );
}

export const GhostNode = memo(GhostNodeView);

function GhostEdgeView({ id, source, target, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition }: EdgeProps<FlowRfEdge>) {
  const [path, labelX, labelY] = getSmoothStepPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, borderRadius: 12 });
  // Between two modules still there, the dashes need a word; to or from a ghost, the ghost's marker says it.
  const between = !isGhostId(source) && !isGhostId(target);
  return (
    <>
      <BaseEdge id={id} path={path} className="cf-edge-path--removed" />
      <EdgeLabelRenderer>
        <span
          className="cf-edge-ghost-label nodrag nopan"
          style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          data-testid={`ghost-edge-${id.slice('ghost:'.length)}`}
          aria-label="Removed: this edge is only in the flow compared with"
        >
          {between && <DiffTag status="removed" tag="Removed" detail="Removed: this edge is only in the flow compared with" inline />}
        </span>
      </EdgeLabelRenderer>
    </>
  );
}

export const GhostEdge = memo(GhostEdgeView);
