import { CircleAlert, TriangleAlert } from 'lucide-react';
import type { Problem } from '../../model/problems';
import { useEdgeProblems, useModuleProblems } from '../../editor/laterHooks';

function Problems({ list }: { list: readonly Problem[] }) {
  const seen = new Set<string>();
  const unique = list.filter((p) => (seen.has(p.message) ? false : (seen.add(p.message), true)));
  if (unique.length === 0) return null;
  return (
    <ul className="cf-insp-problems" data-testid="inspector-problems">
      {unique.map((p, i) => (
        <li key={i} className={`cf-insp-problem cf-insp-problem--${p.severity}`}>
          {p.severity === 'error' ? <CircleAlert size={14} aria-hidden="true" /> : <TriangleAlert size={14} aria-hidden="true" />}
          <span>{p.message}</span>
        </li>
      ))}
    </ul>
  );
}

/** The validation problems pinned to one module. */
export function ModuleProblems({ moduleId }: { moduleId: string }) {
  return <Problems list={useModuleProblems(moduleId)} />;
}

/** The validation problems pinned to one edge. */
export function EdgeProblems({ edgeId }: { edgeId: string }) {
  return <Problems list={useEdgeProblems(edgeId)} />;
}
