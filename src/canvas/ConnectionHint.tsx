import { useConnection, ViewportPortal } from '@xyflow/react';
import { canConnect } from '../model/connect';
import { useEditorInstance } from '../editor/react';
import { ERROR_HANDLE } from './mapping';

/**
 * While an edge is dragged over a module it cannot connect to, says why, next to the
 * pointer ("An action can have only one incoming edge; use an octopus to merge.").
 */
export function ConnectionHint() {
  const { store } = useEditorInstance();
  const connection = useConnection();
  if (!connection.inProgress || !connection.toNode || connection.isValid !== false) return null;
  const fromSource = connection.fromHandle.type !== 'target';
  const source = fromSource ? connection.fromNode.id : connection.toNode.id;
  const target = fromSource ? connection.toNode.id : connection.fromNode.id;
  // Read, not subscribed: the hint follows the pointer, and the flow cannot change mid-drag.
  const check = canConnect(store.getState().flow, source, target, { error: fromSource && connection.fromHandle.id === ERROR_HANDLE });
  if (check.ok) return null;
  return (
    <ViewportPortal>
      <div
        className="cf-connect-hint"
        role="status"
        data-testid="connect-hint"
        style={{ transform: `translate(${connection.to.x + 14}px, ${connection.to.y + 14}px)` }}
      >
        {check.reason}
      </div>
    </ViewportPortal>
  );
}
