/**
 * The Trace tab (issue 15 §5): one simulated run of the flow on the canvas, step by step. Pick a
 * seed (or the next run), then step forward and back by module or by loop item, or play it at a
 * chosen speed; the canvas draws the bundle's path (the edges travelled, the module it is at, the
 * modules it went past). Keys while the panel has focus: ← → a step, ↑ ↓ a loop item, Home / End
 * the first and last step, Space play / pause; every move is a command of the registry.
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { ChevronLeft, ChevronRight, ChevronsLeft, ChevronsRight, Pause, Play, RotateCcw, SkipBack, SkipForward } from 'lucide-react';
import { useStore } from 'zustand';
import { useEditor, useEditorInstance } from '../../editor/react';
import { SPEEDS } from '../../store/trace';
import { formatCredits } from '../../cost/format';
import { MAX_TRACE_STEPS, type TraceStep } from '../../cost/trace';
import { describeStep, itemText, stepWindow, type TraceWords } from './traceText';
import './trace.css';

const KEY_COMMANDS: Record<string, string> = {
  ArrowRight: 'trace.forward',
  ArrowLeft: 'trace.back',
  ArrowDown: 'trace.nextItem',
  ArrowUp: 'trace.previousItem',
  Home: 'trace.first',
  End: 'trace.last',
};

/**
 * The list of steps is a window on the run: the current step is always its third row (after the two
 * before it), so it is in view without scrolling. Scrolling the list into place on each step (scrollIntoView)
 * forced a layout of the whole page in the key's handler: at 1,000 modules it tripled a step's time.
 */
const LIST_BEFORE = 2;
const LIST_SIZE = 25;

export function TracePanel() {
  const editor = useEditorInstance();
  const { commands } = editor;
  const view = useStore(editor.trace.store);
  const names = useEditor(editor.derived.selectModuleNames);
  const [seedText, setSeedText] = useState(String(view.seed));
  const panel = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLOListElement>(null);
  // Where the user scrolled the list to (kept from its scroll events, so no step reads the layout).
  const listScrolled = useRef(false);
  // The current step is the list's third row: back to the top if the user scrolled away.
  useEffect(() => {
    if (!listScrolled.current || !list.current) return;
    list.current.scrollTop = 0;
    listScrolled.current = false;
  }, [view.index, view.trace]);
  const { trace, index, running, stale } = view;
  const step: TraceStep | undefined = trace?.steps[index];
  const tracedEdges = view.flow?.edges;
  const words = useMemo<TraceWords>(
    () => ({ nameOf: (id) => names.get(id) ?? id, edges: new Map((tracedEdges ?? []).map((e) => [e.id, e])) }),
    [names, tracedEdges],
  );
  const { nameOf } = words;
  const { playing, speed } = view;
  // The player stops when the panel goes (another tab shown, the dock collapsed).
  useEffect(() => () => editor.trace.pause(), [editor]);

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
    if (event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement) return;
    if (event.key === ' ' && !(event.target instanceof HTMLButtonElement)) {
      // Space plays and pauses (on a button it presses the button).
      event.preventDefault();
      event.stopPropagation();
      void commands.run('trace.playPause');
      return;
    }
    const id = KEY_COMMANDS[event.key];
    if (!id) return;
    event.preventDefault();
    event.stopPropagation();
    void commands.run(id);
  };
  const { from, to } = trace ? stepWindow(trace.steps.length, index, LIST_BEFORE, LIST_SIZE) : { from: 0, to: 0 };

  return (
    <div
      className="cf-trace"
      data-testid="trace-panel"
      ref={panel}
      tabIndex={0}
      aria-label="Trace of a simulated run: arrow keys step through it, Space plays and pauses"
      data-playing={playing ? 'true' : undefined}
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
        <button
          type="button"
          className={`cf-icon-btn cf-trace__play${playing ? ' cf-trace__play--on' : ''}`}
          aria-label={playing ? 'Pause (Space)' : 'Play (Space)'}
          title={playing ? 'Pause (Space)' : 'Play (Space)'}
          aria-pressed={playing}
          disabled={!playing && !editor.trace.canPlay()}
          data-testid="trace-play"
          onClick={() => void commands.run('trace.playPause')}
        >
          {playing ? <Pause size={15} /> : <Play size={15} />}
        </button>
        <StepButton id="trace.forward" label="Next step (→)" icon={<ChevronRight size={15} />} />
        <StepButton id="trace.nextItem" label="Next loop item (↓)" icon={<ChevronsRight size={15} />} />
        <StepButton id="trace.last" label="Last step (End)" icon={<SkipForward size={15} />} />
        <label className="cf-trace__speed" title="Steps per second while playing">
          <span className="sr-only">Speed</span>
          <select
            value={speed}
            data-testid="trace-speed"
            aria-label="Speed, steps per second"
            onChange={(e) => void commands.run('trace.speed', Number(e.target.value))}
          >
            {SPEEDS.map((s) => (
              <option key={s} value={s}>
                {s} step{s === 1 ? '' : 's'}/s
              </option>
            ))}
          </select>
        </label>
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
          {stale && (
            <p className="cf-trace__stale" role="status" data-testid="trace-stale">
              The flow changed since this trace, so it is no longer this flow’s run (the canvas no longer shows it).
              <button type="button" className="cf-btn" data-testid="trace-rerun" onClick={runSeed}>
                <RotateCcw size={13} aria-hidden="true" /> Trace seed {trace.seed} again
              </button>
            </p>
          )}
          <div className="cf-trace__now" aria-live="polite">
            <span data-testid="trace-position">
              Step {(index + 1).toLocaleString('en-US')} of {trace.steps.length.toLocaleString('en-US')}
            </span>
            <span className="cf-trace__module" data-testid="trace-module" data-module-id={step.moduleId}>
              {nameOf(step.moduleId)}
            </span>
            {step.item.length > 0 && (
              <span className="cf-trace__item" data-testid="trace-item">
                {itemText(step.item)}
              </span>
            )}
            <span className={`cf-trace__outcome cf-trace__outcome--${step.outcome}`} data-testid="trace-outcome" data-outcome={step.outcome}>
              {describeStep(step, words)}
            </span>
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
          <ol
            className="cf-trace__steps"
            ref={list}
            start={from + 1}
            aria-label="Steps"
            onScroll={(e) => void (listScrolled.current = e.currentTarget.scrollTop > 0)}
          >
            {trace.steps.slice(from, to).map((s, k) => {
              const i = from + k;
              return (
                <li key={i} className={i === index ? 'cf-trace__step cf-trace__step--current' : 'cf-trace__step'} aria-current={i === index ? 'step' : undefined}>
                  <span className="cf-trace__step-name">{nameOf(s.moduleId)}</span>
                  <span className="cf-trace__step-item">{itemText(s.item)}</span>
                  <span className={`cf-trace__outcome cf-trace__outcome--${s.outcome}`}>{describeStep(s, words)}</span>
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

function StepButton({ id, label, icon }: { id: string; label: string; icon: ReactNode }) {
  const { commands } = useEditorInstance();
  const enabled = useStore(useEditorInstance().trace.store, (s) => (s.trace?.steps.length ?? 0) > 0);
  return (
    <button type="button" className="cf-icon-btn cf-trace__step-btn" aria-label={label} title={label} disabled={!enabled} data-testid={id} onClick={() => void commands.run(id)}>
      {icon}
    </button>
  );
}
