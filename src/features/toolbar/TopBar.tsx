import { useEffect, useState } from 'react';
import { ChevronDown, CloudOff, Check, Icon, Loader2, Workflow, type IconNode } from 'lucide-react';
import { useStore } from 'zustand';
import { setFlowName } from '../../store/operations';
import type { Commands } from '../../commands/registry';
import { SAMPLE_FLOWS } from '../../io/samples/index';
import { MenuButton, type MenuItem } from '../../ui/Menu';
import { CommandButton } from './CommandButton';
import { useFlowCostView } from './useFlowCostView';
import { formatCount, formatCredits, formatDollars } from '../../ui/numbers';
import { useEditField, useEditor, useEditorInstance } from '../../editor/react';
import { laterModule } from '../../ui/preloadable';

function commandItem(commands: Commands, id: string, extra: Partial<MenuItem> = {}): MenuItem {
  const command = commands.get(id);
  return {
    id,
    label: command?.label ?? id,
    shortcut: command ? commands.shortcutLabel(command) : '',
    ...(command?.icon === undefined ? {} : { icon: command.icon }),
    testId: `menu-${id}`,
    onSelect: () => void commands.run(id),
    ...extra,
  };
}

function fileMenu(commands: Commands, hasImportReport: boolean, comparing: boolean): MenuItem[] {
  return [
    commandItem(commands, 'file.new'),
    commandItem(commands, 'file.openSample', {
      label: 'Open sample',
      shortcut: '',
      submenu: SAMPLE_FLOWS.map((sample) => ({
        id: sample.id,
        label: sample.name,
        testId: `sample-${sample.id}`,
        onSelect: () => void commands.run('file.openSample', sample.id),
      })),
    }),
    commandItem(commands, 'library.show', { separatorBefore: true }),
    commandItem(commands, 'library.saveVersion'),
    commandItem(commands, 'library.versions'),
    commandItem(commands, 'file.import', { separatorBefore: true }),
    commandItem(commands, 'file.lastImportReport', { disabled: !hasImportReport }),
    commandItem(commands, 'file.importRuns'),
    commandItem(commands, 'file.export'),
    commandItem(commands, 'library.copyLink'),
    commandItem(commands, 'view.compareWithFile', { separatorBefore: true }),
    ...(comparing ? [commandItem(commands, 'view.endCompare')] : []),
  ];
}

/** The flow's name, edited in place: Enter or leaving the field saves it (one undo step), Escape reverts. */
function FlowName() {
  const { store } = useEditorInstance();
  const editField = useEditField();
  const name = useEditor((s) => s.flow.name);
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    if (draft === null) return;
    const error = draft.trim() === name ? undefined : editField('Rename flow', (d) => setFlowName(d, draft));
    if (error) store.getState().showToast('warning', error);
    setDraft(null);
  };
  return (
    <input
      className="cf-flow-name"
      aria-label="Flow name"
      data-testid="flow-name"
      value={draft ?? name}
      size={Math.min(40, Math.max(8, (draft ?? name).length + 1))}
      spellCheck={false}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') e.currentTarget.blur();
        if (e.key === 'Escape') {
          setDraft(null);
          e.stopPropagation();
          requestAnimationFrame(() => (e.target as HTMLInputElement).blur());
        }
      }}
    />
  );
}

/**
 * Lucide's circle-dashed as one circle cut in eight dashes (lucide draws eight arcs, whose path data
 * cost the first download some 200 bytes more): a dash centred at the top, bottom, sides and between.
 */
const CIRCLE_DASHED: IconNode = [['circle', { cx: 12, cy: 12, r: 10, pathLength: 8, strokeDasharray: '.48 .52', strokeDashoffset: 0.24, key: 'c' }]];

/** The save state's words: in a window below 1280 px only the icon shows (its title says it), but for a problem. */
function SaveText({ children }: { children: string }) {
  return <span className="cf-save-state__text">{children}</span>;
}

function SaveState() {
  const storage = useEditor((s) => s.storage.state);
  if (storage === 'error' || storage === 'unavailable') {
    return (
      <span className="cf-save-state cf-save-state--error" data-testid="save-state" data-state={storage}>
        <CloudOff size={14} aria-hidden="true" /> <SaveText>Not saved</SaveText>
      </span>
    );
  }
  if (storage === 'conflict' || storage === 'held') {
    return (
      <span className="cf-save-state cf-save-state--error" data-testid="save-state" data-state={storage}>
        <CloudOff size={14} aria-hidden="true" /> <SaveText>Paused</SaveText>
      </span>
    );
  }
  if (storage === 'opening') {
    // A large saved flow is being read again: nothing is saved (nor claimed saved) until it is open.
    return (
      <span className="cf-save-state" data-testid="save-state" data-state={storage} title="Your saved flow is being reopened; nothing is saved until it is open.">
        <Loader2 size={14} aria-hidden="true" /> <SaveText>Reopening…</SaveText>
      </span>
    );
  }
  if (storage === 'unsaved') {
    // The sample on a first visit: nothing is stored yet, and nothing of the user's is at risk. An
    // empty, dashed circle, not the check of "Saved locally": nothing has been saved.
    return (
      <span
        className="cf-save-state cf-save-state--idle"
        data-testid="save-state"
        data-state={storage}
        title="This is the sample flow, not saved in this browser yet: nothing of yours to save. Your first change is saved here."
      >
        <Icon iconNode={CIRCLE_DASHED} className="lucide-circle-dashed" size={14} aria-hidden="true" /> <SaveText>Nothing to save yet</SaveText>
      </span>
    );
  }
  if (storage === 'pending') {
    return (
      <span className="cf-save-state" data-testid="save-state" data-state={storage} title="Saving…">
        <Loader2 size={14} aria-hidden="true" /> <SaveText>Saving…</SaveText>
      </span>
    );
  }
  return (
    <span className="cf-save-state" data-testid="save-state" data-state={storage} title="Saved locally, in this browser">
      <Check size={14} aria-hidden="true" /> <SaveText>Saved locally</SaveText>
    </span>
  );
}

/** What the point figure is, said wherever a flow with ranges shows it beside its simulated range. */
export const POINT_ESTIMATE = 'Point estimate: every range at its likely value';

/**
 * The simulated month of a flow with ranges (P50–P90), from the run the canvas bands and the
 * what-if panels share (the editor's bands slot): no simulation of its own.
 */
function MonthRange() {
  const { bands } = useEditorInstance();
  const simulated = useStore(bands, (s) => s.simulated);
  const stale = useStore(bands, (s) => s.stale);
  const refused = useStore(bands, (s) => s.refused);
  if (refused) {
    return (
      <div className="cf-total cf-total--range" data-testid="total-month-range" data-state="refused" title={refused}>
        <span className="cf-total__label">P50–P90 / mo</span>
        <span className="cf-total__value cf-total__value--muted">not simulated</span>
      </div>
    );
  }
  if (!simulated) {
    return (
      <div className="cf-total cf-total--range" data-testid="total-month-range" data-state="simulating" title="Simulating runs of the flow with its ranges…">
        <span className="cf-total__label">P50–P90 / mo</span>
        <span className="cf-total__value cf-total__value--muted">simulating…</span>
      </div>
    );
  }
  const { p50, p90 } = simulated.perMonth;
  return (
    <div
      className="cf-total cf-total--range"
      data-testid="total-month-range"
      data-state={stale ? 'stale' : 'ready'}
      data-p50={p50}
      data-p90={p90}
      title={`Simulated months, every range drawn at random: half cost under ${formatCredits(p50)} credits (P50), nine in ten under ${formatCredits(p90)} (P90).${stale ? ' Updating after your last change…' : ''}`}
    >
      <span className="cf-total__label">P50–P90 / mo</span>
      <span className="cf-total__value">
        {formatCredits(p50)}–{formatCredits(p90)}
        <span className="cf-total__unit">cr</span>
      </span>
    </div>
  );
}

/**
 * The budget's state in the top bar (TopBarBudget.tsx), its code loaded only for a flow with a
 * budget: main.tsx asks for it as soon as the opened flow is known to have one (the first render
 * does not wait for it); until it is here the box holds its place with "…", never a figure.
 */
const budgetCode = laterModule(() => import('./TopBarBudget'));

/** Fetches the top bar's budget code: main.tsx asks as soon as it knows the opened flow has a budget. */
export const preloadBudgetState = (): Promise<void> => budgetCode.preload();

/** What the top bar says when the budget's code did not download (offline after an update). */
export const BUDGET_NOT_DOWNLOADED =
  "The budget's code could not be downloaded: click to try again when online (it is also tried again when the budget changes) to see how this month stands against it.";

function BudgetState() {
  const budget = useEditor((s) => s.flow.settings.budget);
  const hasBudget = Boolean(budget);
  /**
   * The ask that failed (for this budget, at this try): a changed budget (another flow, an edit)
   * or a click on the box is a new ask, which downloads the code again.
   */
  const [failed, setFailed] = useState<{ budget: unknown; attempt: number } | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [, loaded] = useState(0);
  const code = budgetCode.loaded();
  useEffect(() => {
    if (!hasBudget || code) return;
    let live = true;
    budgetCode.preload().then(
      () => live && loaded((n) => n + 1),
      () => live && setFailed({ budget, attempt }),
    );
    return () => {
      live = false;
    };
  }, [hasBudget, code, budget, attempt]);
  if (!hasBudget) return null;
  if (code) return <code.BudgetState />;
  if (failed === null || failed.budget !== budget || failed.attempt !== attempt) {
    // Its place is kept (no jump in the bar when it comes), and no figure is shown before it is known.
    return (
      <div className="cf-total cf-total--budget" data-testid="topbar-budget" data-level="loading" title="Reading the budget…">
        <span className="cf-total__label">Budget</span>
        <span className="cf-total__value cf-total__value--muted">…</span>
      </div>
    );
  }
  return (
    <button
      type="button"
      className="cf-total cf-total--budget cf-total--retry"
      data-testid="topbar-budget"
      data-level="error"
      title={BUDGET_NOT_DOWNLOADED}
      onClick={() => setAttempt((n) => n + 1)}
    >
      <span className="cf-total__label">Budget</span>
      <span className="cf-total__value cf-total__value--muted">—</span>
    </button>
  );
}

function Totals() {
  const cost = useFlowCostView();
  const { derived } = useEditorInstance();
  const ranged = useEditor(derived.selectHasRunRanges);
  return (
    <div className="cf-totals" aria-label="Flow cost" role="group">
      <div className="cf-total cf-total--primary" title={ranged ? `Credits per run. ${POINT_ESTIMATE}.` : 'Credits per run'}>
        <span className="cf-total__label">Per run</span>
        <span className="cf-total__value">
          <span data-testid="total-run" data-value={cost.total}>
            {formatCredits(cost.total)}
          </span>
          <span className="cf-total__unit">cr</span>
        </span>
      </div>
      <div
        className="cf-total"
        title={`Credits per month (${formatCount(cost.runsPerMonth)} runs)${ranged ? `. ${POINT_ESTIMATE}.` : ''}`}
        data-testid="total-month-box"
      >
        <span className="cf-total__label">{ranged ? 'Per month · point' : 'Per month'}</span>
        <span className="cf-total__value">
          <span data-testid="total-month" data-value={cost.perMonth}>
            {formatCredits(cost.perMonth)}
          </span>
          <span className="cf-total__unit">cr</span>
        </span>
        {ranged && <span className="cf-total__note">likely values</span>}
      </div>
      {ranged && <MonthRange />}
      <div className="cf-total" title="Dollars per month">
        <span className="cf-total__label">Dollars / mo</span>
        <span className="cf-total__value" data-testid="total-dollars" data-value={cost.dollarsPerMonth}>
          {formatDollars(cost.dollarsPerMonth)}
        </span>
      </div>
      <BudgetState />
    </div>
  );
}

/** The app's top bar: brand, flow name, file menu, undo / redo, save state and the flow's totals. */
export function TopBar() {
  const { commands } = useEditorInstance();
  const hasImportReport = useEditor((s) => s.lastImport !== null);
  const comparing = useEditor((s) => s.ui.compare !== null);
  return (
    <header className="cf-topbar" data-testid="topbar">
      <div className="cf-brand">
        <span className="cf-brand__mark" aria-hidden="true">
          <Workflow size={15} strokeWidth={2.4} />
        </span>
        Creditflow
      </div>
      <span className="cf-topbar__divider" aria-hidden="true" />
      <FlowName />
      <MenuButton label="File" items={fileMenu(commands, hasImportReport, comparing)} testId="file-menu" menuTestId="file-menu-list" className="cf-btn cf-btn--ghost cf-btn--sm">
        File <ChevronDown size={14} aria-hidden="true" />
      </MenuButton>
      <span className="cf-topbar__divider" aria-hidden="true" />
      <CommandButton id="edit.undo" />
      <CommandButton id="edit.redo" />
      <div className="cf-topbar__spacer" />
      <SaveState />
      <Totals />
    </header>
  );
}
