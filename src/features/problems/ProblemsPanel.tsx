import { CircleAlert, CircleCheck, TriangleAlert } from 'lucide-react';
import type { Problem } from '../../model/problems';
import './problems.css';
import { useMemo } from 'react';
import { useEditor, useEditorInstance } from '../../editor/react';
import { useProblems } from '../../editor/laterHooks';
import { useCalibrationProblems } from '../calibration/useCalibrationProblems';
import { firstOf, moreLine } from '../../ui/firstOf';

/** Errors first, then warnings; the flow's order otherwise. */
export function orderProblems(problems: readonly Problem[]): Problem[] {
  return [...problems.filter((p) => p.severity === 'error'), ...problems.filter((p) => p.severity !== 'error')];
}

export function ProblemsPanel() {
  const { derived, commands } = useEditorInstance();
  const flowProblems = useProblems();
  // The modules a log of runs contradicts (the calibration), after the flow's own problems.
  const calibration = useCalibrationProblems();
  const problems = useMemo(() => (calibration.length === 0 ? flowProblems : [...flowProblems, ...calibration]), [flowProblems, calibration]);
  // Names only (not positions): dragging a module does not re-render the list.
  const names = useEditor(derived.selectModuleNames);
  if (problems.length === 0) {
    return (
      <div className="cf-panel-empty" data-testid="problems-panel">
        <CircleCheck size={22} className="cf-problems__ok" aria-hidden="true" />
        <p>No problems: the flow follows every rule.</p>
      </div>
    );
  }
  const nameOf = (id: string | undefined) => (id === undefined ? undefined : names.get(id));
  // Errors first; a few hundred at most are listed, the rest counted in the last line.
  const { shown, more } = firstOf(orderProblems(problems));
  return (
    <ul className="cf-problems" data-testid="problems-panel" aria-label="Problems">
      {shown.map((problem, i) => {
        const target = problem.edgeId !== undefined ? 'edge' : problem.moduleId !== undefined ? 'module' : null;
        const where = target === 'module' ? nameOf(problem.moduleId) : target === 'edge' ? `Edge ${problem.edgeId}` : 'Flow';
        return (
          <li key={`${problem.code}-${problem.moduleId ?? ''}-${problem.edgeId ?? ''}-${i}`}>
            <button
              type="button"
              className="cf-problem"
              data-testid="problem-item"
              data-severity={problem.severity}
              data-module-id={problem.moduleId}
              data-edge-id={problem.edgeId}
              disabled={target === null}
              onClick={() => void commands.run('select.reveal', problem.edgeId !== undefined ? { edgeId: problem.edgeId } : { moduleId: problem.moduleId })}
            >
              <span className={`cf-problem__icon cf-problem__icon--${problem.severity}`}>
                {problem.severity === 'error' ? (
                  <CircleAlert size={15} aria-label="Error" />
                ) : (
                  <TriangleAlert size={15} aria-label="Warning" />
                )}
              </span>
              <span className="cf-problem__message">{problem.message}</span>
              {where && <span className="cf-problem__where">{where}</span>}
            </button>
          </li>
        );
      })}
      {more > 0 && (
        <li className="cf-problems__more cf-muted" data-testid="problems-more">
          {moreLine(more, 'problem', 'problems')}
        </li>
      )}
    </ul>
  );
}
