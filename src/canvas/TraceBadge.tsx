/**
 * The pill over the module the trace is at (Trace tab): the step number, the loop item, what
 * happened and the step's credits. Only the current module renders it; it follows the step
 * while the bundle stays on that module (loop items), so its node does not re-render.
 */
import { useStore } from 'zustand';
import { useEditorInstance } from '../editor/react';
import { formatCredits } from '../cost/format';
import type { TraceStep } from '../cost/trace';
import { itemText } from '../ui/traceItem';

const OUTCOME: Record<TraceStep['outcome'], string> = {
  passed: '',
  route: '',
  failed: 'failed',
  skipped: 'skipped',
  stopped: 'stopped',
};

export function TraceBadge() {
  const { trace } = useEditorInstance();
  const index = useStore(trace.store, (s) => s.index);
  const step = useStore(trace.store, (s) => s.trace?.steps[s.index]);
  if (!step) return null;
  const outcome = OUTCOME[step.outcome];
  const item = itemText(step.item);
  return (
    <div className={`cf-trace-badge cf-trace-badge--${step.outcome}`} data-testid="trace-badge" aria-hidden="true">
      <span className="cf-trace-badge__step">Step {(index + 1).toLocaleString('en-US')}</span>
      {item && <span>{item}</span>}
      {outcome && <span className="cf-trace-badge__outcome">{outcome}</span>}
      <span className="cf-trace-badge__credits">{formatCredits(step.credits)} cr</span>
    </div>
  );
}
