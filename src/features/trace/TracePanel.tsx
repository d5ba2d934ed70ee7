/**
 * The Trace tab (issue 15 §5): one simulated run of the flow on the canvas, step by step. Pick a
 * seed (or the next run), then step forward and back by module or by loop item; the canvas lights
 * the modules the bundle has reached and the one it is at. Arrow keys step while the panel has
 * focus (← → a step, ↑ ↓ a loop item, Home / End the first and last step); every move is a
 * command of the registry.
 */
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { ChevronLeft, ChevronRight, ChevronsLeft, ChevronsRight, SkipBack, SkipForward } from 'lucide-react';
import { useStore } from 'zustand';
import { useEditor, useEditorInstance } from '../../editor/react';
import { formatCredits } from '../../cost/format';
import { MAX_TRACE_STEPS, type TraceStep } from '../../cost/trace';
import { describeStep, itemText, stepWindow } from './traceText';
import './trace.css';

const KEY_COMMANDS: Record<string, string> = {
  ArrowRight: 'trace.forward',
  ArrowLeft: 'trace.back',
  ArrowDown: 'trace.nextItem',
  ArrowUp: 'trace.previousItem',
  Home: 'trace.first',
  End: 'trace.last',
};

/** Steps listed around the current one (the list of a long run is a window on it). */
const LIST_AROUND = 12;

export function TracePanel() {
  const editor = useEditorInstance();
  const { commands } = editor;
  const view = useStore(editor.trace.store);
  const names = useEditor(editor.derived.selectModuleNames);
  const currentFlow = useEditor((s) => s.flow);
  const [seedText, setSeedText] = useState(String(view.seed));
  const panel = useRef<HTMLDivElement>(null);
  const currentRow = useRef<HTMLLIElement>(null);
  // The current step stays in view in the list.
  useEffect(() => {
    const row = currentRow.current;
    if (row && typeof row.scrollIntoView === 'function') row.scrollIntoView({ block: 'nearest' });
  }, [view.index, view.trace]);
  const { trace, index, running } = view;
  const step: TraceStep | undefined = trace?.steps[index];
  const nameOf = (id: string) => names.get(id) ?? id;
  const routeName = (edgeId: string) => {
    const edge = view.flow?.edges.find((e) => e.id === edgeId);
    return edge ? `to ${nameOf(edge.target)}${edge.route?.fallback ? ' (fallback)' : ''}` : edgeId;
  };

  const runSeed = () => {
    const seed = Number(seedText);
    void commands.run('trace.run', { seed: Number.isInteger(seed) ? seed : view.seed }).then(() => panel.current?.focus());
  };
  const nextRun = () => {
    void commands.run('trace.nextRun').then(() => {
      setSeedText(String(editor.trace.store.getState().seed));
      panel.current?.focus();
    });
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target instanceof HTMLInputElement) return;
    const id = KEY_COMMANDS[event.key];
    if (!id) return;
    event.preventDefault();
    event.stopPropagation();
    void commands.run(id);
  };
  const { from, to } = trace ? stepWindow(trace.steps.length, index, LIST_AROUND) : { from: 0, to: 0 };

  return (
    <div
      className="cf-trace"
      data-testid="trace-panel"
      ref={panel}
      tabIndex={0}
      aria-label="Trace of a simulated run: arrow keys step through it"
      onKeyDown={onKeyDown}
    >
      <div className="cf-trace__bar">
        <label className="cf-trace__seed">
          Seed
          <input
            type="number"
            step={1}
            value={seedText}
            data-testid="trace-seed"
            onChange={(e) => setSeedText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') runSeed();
            }}
          />
        </label>
        <button type="button" className="cf-btn" data-testid="trace-run" onClick={runSeed}>
          Trace run
        </button>
        <button type="button" className="cf-btn" data-testid="trace-next-run" onClick={nextRun}>
          Next run
        </button>
        <span className="cf-trace__spacer" />
        <StepButton id="trace.first" label="First step (Home)" icon={<SkipBack size={15} />} />
        <StepButton id="trace.previousItem" label="Previous loop item (↑)" icon={<ChevronsLeft size={15} />} />
        <StepButton id="trace.back" label="Previous step (←)" icon={<ChevronLeft size={15} />} />
        <StepButton id="trace.forward" label="Next step (→)" icon={<ChevronRight size={15} />} />
        <StepButton id="trace.nextItem" label="Next loop item (↓)" icon={<ChevronsRight size={15} />} />
        <StepButton id="trace.last" label="Last step (End)" icon={<SkipForward size={15} />} />
      </div>
      {view.error && (
        <p className="cf-trace__error" role="alert" data-testid="trace-error">
          {view.error}
        </p>
      )}
      {!trace && !view.error && (
        <p className="cf-panel-empty">
          Trace one simulated run: pick a seed and press “Trace run” (the same run as the first of the simulation with that seed). Up to{' '}
          {MAX_TRACE_STEPS.toLocaleString('en-US')} steps.
        </p>
      )}
      {trace && step && (
        <>
          {view.flow !== null && !sameDocument(view.flow, currentFlow) && (
            <p className="cf-trace__stale" data-testid="trace-stale">
              The flow changed since this trace: trace again to see the run of the flow as it is.
            </p>
          )}
          <div className="cf-trace__now" aria-live="polite">
            <span data-testid="trace-position">
              Step {(index + 1).toLocaleString('en-US')} of {trace.steps.length.toLocaleString('en-US')}
            </span>
            <span className="cf-trace__module" data-testid="trace-module" data-module-id={step.moduleId}>
              {nameOf(step.moduleId)}
            </span>
            <span>{describeStep(step, nameOf, routeName)}</span>
            <span>
              <b data-testid="trace-step-credits" data-credits={step.credits}>
                {formatCredits(step.credits)}
              </b>{' '}
              cr this step
            </span>
            <span>
              running total{' '}
              <b data-testid="trace-running" data-credits={running[index]}>
                {formatCredits(running[index] ?? 0)}
              </b>{' '}
              of {formatCredits(trace.total)} cr (seed {trace.seed})
            </span>
          </div>
          <ol className="cf-trace__steps" start={from + 1} aria-label="Steps">
            {trace.steps.slice(from, to).map((s, k) => {
              const i = from + k;
              return (
                <li key={i} ref={i === index ? currentRow : undefined} className={i === index ? 'cf-trace__step cf-trace__step--current' : 'cf-trace__step'} aria-current={i === index ? 'step' : undefined}>
                  <span className="cf-trace__step-name">{nameOf(s.moduleId)}</span>
                  <span className="cf-trace__step-item">{itemText(s.item)}</span>
                  <span className={`cf-trace__outcome cf-trace__outcome--${s.outcome}`}>{describeStep(s, nameOf, routeName)}</span>
                  <span className="cf-trace__num">{formatCredits(s.credits)}</span>
                  <span className="cf-trace__num">{formatCredits(running[i] ?? 0)}</span>
                </li>
              );
            })}
          </ol>
        </>
      )}
    </div>
  );
}

/** The trace's flow is of the document on the canvas (its scenario applied, so compare modules and edges by identity). */
function sameDocument(traced: { modules: unknown; edges: unknown }, current: { modules: unknown; edges: unknown }): boolean {
  return traced.modules === current.modules && traced.edges === current.edges;
}

function StepButton({ id, label, icon }: { id: string; label: string; icon: ReactNode }) {
  const { commands } = useEditorInstance();
  const enabled = useStore(useEditorInstance().trace.store, (s) => (s.trace?.steps.length ?? 0) > 0);
  return (
    <button type="button" className="cf-icon-btn cf-trace__step-btn" aria-label={label} title={label} disabled={!enabled} data-testid={id} onClick={() => void commands.run(id)}>
      {icon}
    </button>
  );
}
