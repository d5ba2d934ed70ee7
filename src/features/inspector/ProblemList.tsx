import { CircleAlert, TriangleAlert } from 'lucide-react';
import { validateFlow } from '../../model/validate';
import type { Flow } from '../../model/types';
import type { Problem } from '../../model/problems';
import { useEditor } from '../../store/editor';
import { costOf } from './useCost';

const checked = new WeakMap<Flow, Problem[]>();

function problemsOf(flow: Flow): Problem[] {
  let list = checked.get(flow);
  if (!list) {
    list = [...validateFlow(flow), ...costOf(flow).warnings];
    checked.set(flow, list);
  }
  return list;
}

/** The validation problems and pricing warnings pinned to one module or one edge. */
export function ProblemList({ moduleId, edgeId }: { moduleId?: string; edgeId?: string }) {
  const flow = useEditor((s) => s.flow);
  const seen = new Set<string>();
  const mine = problemsOf(flow).filter((p) => {
    const hit = edgeId !== undefined ? p.edgeId === edgeId : p.moduleId === moduleId && p.edgeId === undefined;
    if (!hit || seen.has(p.message)) return false;
    seen.add(p.message);
    return true;
  });
  if (mine.length === 0) return null;
  return (
    <ul className="cf-insp-problems" data-testid="inspector-problems">
      {mine.map((p, i) => (
        <li key={i} className={`cf-insp-problem cf-insp-problem--${p.severity}`}>
          {p.severity === 'error' ? <CircleAlert size={14} aria-hidden="true" /> : <TriangleAlert size={14} aria-hidden="true" />}
          <span>{p.message}</span>
        </li>
      ))}
    </ul>
  );
}
