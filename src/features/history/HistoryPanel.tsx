import { useEffect, useRef } from 'react';
import { ArrowDownRight, ArrowUpRight, Minus } from 'lucide-react';
import { formatCredits } from '../../ui/numbers';
import { formatCreditsChange } from '../../cost/diffSummary';
import { sameNumber } from '../../cost/diff';
import { useEditor, useEditorInstance } from '../../editor/react';
import { createHistoryCosts } from '../../store/stepCosts';
import './history.css';

function Change({ delta, base }: { delta: number; base: number }) {
  if (sameNumber(base + delta, base)) {
    return (
      <span className="cf-history__delta cf-history__delta--none" data-testid="step-delta" data-value={0}>
        <Minus size={12} aria-hidden="true" /> no cost change
      </span>
    );
  }
  const up = delta > 0;
  return (
    <span className={`cf-history__delta cf-history__delta--${up ? 'up' : 'down'}`} data-testid="step-delta" data-value={delta}>
      {up ? <ArrowUpRight size={12} aria-hidden="true" /> : <ArrowDownRight size={12} aria-hidden="true" />}
      {formatCreditsChange(delta)} cr/mo
    </span>
  );
}

/**
 * The undo history with what each step did to the bill: every step's label, its change of
 * credits per month and the total after it, the undone steps below the current point (greyed).
 * A click goes to that point of the history (one command: undoes or redoes up to it).
 */
export function HistoryPanel() {
  const { derived, commands } = useEditorInstance();
  const history = useEditor(derived.historyCosts(createHistoryCosts));
  const list = useRef<HTMLOListElement>(null);
  const now = history.current;
  // The current point stays in view as the history grows or is walked.
  useEffect(() => {
    const at = list.current?.querySelector<HTMLElement>('[aria-current="step"]');
    if (at && typeof at.scrollIntoView === 'function') at.scrollIntoView({ block: 'nearest' });
  }, [now]);
  // A click's jump is the commands' later code (loadedLater's goToPoint): asked for as the panel shows,
  // should the page not have been idle yet, so that a click finds it here.
  useEffect(() => void commands.preload(), [commands]);
  const go = (position: number) => void commands.run('edit.goToStep', position);
  return (
    <ol ref={list} className="cf-history" data-testid="history-panel" aria-label="Undo history">
      <li>
        <button
          type="button"
          className="cf-history__step"
          data-testid="history-start"
          aria-current={history.current === 0 ? 'step' : undefined}
          onClick={() => go(0)}
        >
          <span className="cf-history__label">{history.steps.length === 0 ? 'No edits yet' : 'Before the first step kept'}</span>
          <span className="cf-history__total">{formatCredits(history.start)} cr/mo</span>
        </button>
      </li>
      {history.steps.map((step) => (
        <li key={step.position}>
          <button
            type="button"
            className={`cf-history__step${step.undone ? ' cf-history__step--undone' : ''}`}
            data-testid="history-step"
            data-position={step.position}
            aria-current={history.current === step.position ? 'step' : undefined}
            title={step.undone ? 'Undone: click to redo up to here' : 'Click to go back to right after this step'}
            onClick={() => go(step.position)}
          >
            <span className="cf-history__label">
              {step.label}
              {step.undone && <span className="cf-history__undone"> · undone</span>}
            </span>
            <Change delta={step.delta} base={step.before} />
            <span className="cf-history__total">{formatCredits(step.after)} cr/mo</span>
          </button>
        </li>
      ))}
    </ol>
  );
}
