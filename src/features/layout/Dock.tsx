import { useEffect, useEffectEvent, useState, type ReactNode } from 'react';
import { ChevronDown, ChevronUp, Maximize2, Minimize2 } from 'lucide-react';
import { useShallow } from 'zustand/react/shallow';
import { useEditor, useEditorInstance } from '../../editor/react';
import { useDockControls } from './DockLayout';
import { useCalibrationProblemCount } from '../calibration/useCalibrationProblemCount';

export type DockTab = 'cost' | 'problems' | 'whatIf' | 'platforms' | 'history' | 'compare' | 'trace' | 'calibration';

function useProblemCounts(): { errors: number; warnings: number } {
  const { derived } = useEditorInstance();
  const calibration = useCalibrationProblemCount();
  const counts = useEditor(
    useShallow((s) => {
      const problems = derived.selectProblems(s);
      let errors = 0;
      for (const p of problems) if (p.severity === 'error') errors++;
      return { errors, warnings: problems.length - errors };
    }),
  );
  return { errors: counts.errors, warnings: counts.warnings + calibration };
}

/** The platform file just imported (n8n or Make), or null: the platforms tab opens on it. */
function useImportToCompare(): object | null {
  return useEditor((s) => {
    const from = s.ui.importedFrom;
    return from && from.loadSerial === s.loadSerial && (from.format === 'n8n' || from.format === 'make') ? from : null;
  });
}

/** Tabs after "Platforms": the undo history, "Compare" while a comparison is on, the trace and the calibration. */
interface ExtraTabsProps {
  history?: ReactNode;
  compare?: ReactNode;
  trace?: ReactNode;
  calibration?: ReactNode;
}

/**
 * The bottom dock: tabs "Cost", "Problems (n)", "What-if", "Platforms", "Undo history",
 * "Compare" while comparing (it opens when a comparison starts), "Trace" and "Calibration"
 * (opened by their commands through the dock requests), collapsible and, inside a
 * DockLayout, resizable and able to take the full height. An import of an n8n or Make file
 * opens the platforms tab.
 */
export function Dock({
  cost,
  problems,
  whatIf,
  platforms,
  history,
  compare,
  trace,
  calibration,
}: { cost: ReactNode; problems: ReactNode; whatIf?: ReactNode; platforms?: ReactNode } & ExtraTabsProps) {
  const editor = useEditorInstance();
  const { store } = editor;
  const [tab, setTab] = useState<DockTab>('cost');
  const comparing = useEditor((s) => s.ui.compare !== null) && compare !== undefined;
  const [collapsedHere, setCollapsedHere] = useState(false);
  const layout = useDockControls();
  const collapsed = layout ? layout.collapsed : collapsedHere;
  const counts = useProblemCounts();
  const total = counts.errors + counts.warnings;
  const open = (next: DockTab) => {
    // The panel's runs start as the tab opens, while its code loads and renders.
    if (next === 'whatIf' && (shown !== 'whatIf' || collapsed)) editor.askWhatIfRuns();
    setTab(next);
    if (layout) layout.open();
    else setCollapsedHere(false);
  };
  const imported = useImportToCompare();
  const hasPlatforms = platforms !== undefined;
  // A new import shows the platforms tab (state adjusted while rendering, not in an effect)…
  const [seenImport, setSeenImport] = useState(imported);
  if (imported !== seenImport) {
    setSeenImport(imported);
    if (imported && hasPlatforms) {
      setTab('platforms');
      setCollapsedHere(false);
    }
  }
  // …and opens a collapsed dock (the layout's panel, outside React's state).
  useEffect(() => {
    if (imported && hasPlatforms) layout?.open();
    // Once per import (the import's own object), not on every change of the dock's size.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [imported, hasPlatforms]);
  // A comparison that starts shows its list (and opens a collapsed dock); one that ends shows the cost.
  useEffect(
    () =>
      store.subscribe((state, previous) => {
        if (state.ui.compare === null || previous.ui.compare !== null) return;
        setTab('compare');
        if (layout) layout.open();
        else setCollapsedHere(false);
      }),
    [store, layout],
  );
  const shown: DockTab = tab === 'compare' && !comparing ? 'cost' : tab;
  // A command asked for a tab (the trace commands show "Trace"): show it, the dock open.
  const onRequest = useEffectEvent((asked: string | null) => {
    if (asked === 'trace' && trace) open('trace');
    if (asked === 'calibration' && calibration) open('calibration');
  });
  useEffect(() => editor.dock.subscribe((request) => onRequest(request.tab)), [editor.dock]);
  const toggleCollapsed = () => (layout ? layout.toggleCollapsed() : setCollapsedHere((c) => !c));
  const tabButton = (id: DockTab, testId: string, children: ReactNode, label?: string) => (
    <button
      type="button"
      role="tab"
      id={`dock-tab-${id}`}
      className="cf-tab"
      aria-selected={shown === id}
      aria-controls="dock-panel"
      data-testid={testId}
      aria-label={label}
      onClick={() => open(id)}
    >
      {children}
    </button>
  );
  return (
    <section className={`cf-dock${collapsed ? ' cf-dock--collapsed' : ''}`} aria-label="Cost and problems" data-testid="dock">
      <div className="cf-tabs">
        {/* In a narrow dock the tabs wrap to a second row; the size buttons stay at its right. */}
        <div className="cf-tabs__list" role="tablist" aria-label="Dock">
          {tabButton('cost', 'tab-cost', 'Cost')}
          {tabButton(
            'problems',
            'tab-problems',
            <>
              Problems
              <span
                className={`cf-tab__count${counts.errors > 0 ? ' cf-tab__count--error' : counts.warnings > 0 ? ' cf-tab__count--warning' : ''}`}
                data-testid="problem-count"
              >
                {total}
              </span>
            </>,
            `Problems (${total})`,
          )}
          {whatIf && tabButton('whatIf', 'tab-whatif', 'What-if')}
          {platforms && tabButton('platforms', 'tab-platforms', 'Platforms')}
          {history && tabButton('history', 'tab-undo-history', 'Undo history')}
          {comparing && tabButton('compare', 'tab-compare', 'Compare')}
          {trace && tabButton('trace', 'tab-trace', 'Trace')}
          {calibration && tabButton('calibration', 'tab-calibration', 'Calibration')}
        </div>
        {layout && (
          <button
            type="button"
            className="cf-icon-btn"
            data-testid="dock-maximise"
            aria-label={layout.maximised ? 'Give the canvas back' : 'Show the dock at full height'}
            title={layout.maximised ? 'Give the canvas back' : 'Full height'}
            aria-pressed={layout.maximised}
            onClick={layout.toggleMaximised}
          >
            {layout.maximised ? <Minimize2 size={15} /> : <Maximize2 size={15} />}
          </button>
        )}
        <button
          type="button"
          className="cf-icon-btn"
          data-testid="dock-collapse"
          aria-label={collapsed ? 'Expand the dock' : 'Collapse the dock'}
          aria-expanded={!collapsed}
          onClick={toggleCollapsed}
        >
          {collapsed ? <ChevronUp size={16} /> : <ChevronDown size={16} />}
        </button>
      </div>
      {!collapsed && (
        <div className="cf-dock__body" role="tabpanel" id="dock-panel" aria-labelledby={`dock-tab-${shown}`}>
          {{ cost, problems, whatIf, platforms, history, compare, trace, calibration }[shown] ?? cost}
        </div>
      )}
    </section>
  );
}
