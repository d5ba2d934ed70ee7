import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { FlowCanvas, preloadCanvasLayers, preloadContextMenu } from './canvas/FlowCanvas';
import { useEditor, useEditorInstance } from './editor/react';
import { Palette } from './features/palette/Palette';
import { Inspector } from './features/inspector/Inspector';
import { CostPanel } from './features/costPanel/CostPanel';
import { TopBar } from './features/toolbar/TopBar';
import { Toolbar } from './features/toolbar/Toolbar';
import { Dock } from './features/layout/Dock';
import { DockLayout } from './features/layout/DockLayout';
import { ErrorBoundary } from './ui/ErrorBoundary';
import { preloadMenus } from './ui/Menu';
import { preloadable, useLoaded, whenIdleAfter } from './ui/preloadable';
import { useStore } from 'zustand';
import { StorageBanner } from './features/layout/StorageBanner';
import { Toast } from './features/layout/Toast';
import { PaneTabs, type Pane } from './features/layout/PaneTabs';
import './features/files/files.css';

/**
 * The dock's tabs other than Cost are not on the first paint (the dock opens on Cost): their code
 * loads when the browser is first idle after it (or when the tab opens, if sooner), so a tab chosen
 * later opens at once.
 */
const ProblemsPanel = preloadable(() => import('./features/problems/ProblemsPanel').then((m) => m.ProblemsPanel));
const HistoryPanel = preloadable(() => import('./features/history/HistoryPanel').then((m) => m.HistoryPanel));
const ComparePanel = preloadable(() => import('./features/compare/ComparePanel').then((m) => m.ComparePanel));
/**
 * Each a preloadable, drawn without a fallback once its code is there: a lazy component shows its
 * fallback on its first render even when its code has loaded, and React then holds the content
 * back about 300 ms after that fallback (the whole of a click on What-if once its runs were done ahead).
 */
const WhatIfDock = preloadable(() => import('./features/whatIf/WhatIfDock').then((m) => m.WhatIfDock));
const PlatformsPanel = preloadable(() => import('./features/platforms/PlatformsPanel').then((m) => m.PlatformsPanel));
const TracePanel = preloadable(() => import('./features/trace/TracePanel').then((m) => m.TracePanel));
const CalibrationPanel = preloadable(() => import('./features/calibration/CalibrationPanel').then((m) => m.CalibrationPanel));
const IDLE_TABS = [ProblemsPanel, HistoryPanel, ComparePanel, WhatIfDock, PlatformsPanel, TracePanel, CalibrationPanel];

/**
 * The simulation behind the canvas's P10–P90 bands: loaded only for a flow with ranges, once the
 * first paint is done (it brings the simulation engine and starts the worker). It comes with the
 * what-if panels' code, which shares all of it: one lazy chunk, not two.
 */
const CanvasBands = lazy(() => import('./features/whatIf/WhatIfDock').then((m) => ({ default: m.CanvasBands })));

/** True once the browser has been idle after the first paint (and the What-if runs a person waits for have answered). */
function useIdleAfterPaint(): boolean {
  const editor = useEditorInstance();
  const [idle, setIdle] = useState(false);
  useEffect(() => whenIdleAfter(editor, () => setIdle(true)), [editor]);
  return idle;
}

/**
 * The dialogs (import, search, palette, shortcuts) load after the first paint, when the browser is
 * idle, or when one opens first. They are rendered only while one is open: rendered always, their
 * lazy code (with the import readers) was fetched during the first render, competing with it.
 */
const Dialogs = preloadable(() => import('./features/dialogs/Dialogs').then((m) => m.Dialogs));

/**
 * The progress of a file being read and of an auto-layout, each shown once it has taken half a
 * second: their code loads when the first import or layout starts, and they are drawn once it is here.
 */
const ImportProgress = preloadable(() => import('./features/files/ImportProgress').then((m) => m.ImportProgress));
const LayoutProgress = preloadable(() => import('./features/layout/LayoutProgress').then((m) => m.LayoutProgress));

/**
 * The editor: top bar (name, file menu, undo / redo, totals), storage banners, the palette
 * on the left, the canvas with its toolbar in the middle over the cost / problems dock, the
 * inspector on the right. Each panel has its own error boundary. Below 900 px wide, tabs show the
 * palette, the canvas or the inspector one at a time.
 */
export function App() {
  const editor = useEditorInstance();
  /** A dropped file is read by the import's code, loaded on the first drop (or with the dialogs, when idle). */
  const onDropFile = useCallback(
    (files: File[]) =>
      void import('./features/files/importFile').then(
        (m) => m.importFiles(editor, files),
        () => editor.store.getState().showToast('warning', 'The file was not read: the page could not load the code that reads it. Reload the page and drop it again.'),
      ),
    [editor],
  );
  /** Saves the flow to a file: offered by every crashed panel, so a crash never traps the work. */
  const exportFlow = useCallback(() => void editor.commands.run('file.export'), [editor]);
  /** A crashed dialog's "Try again" closes it and returns to the editor. */
  const closeDialog = useCallback(() => editor.store.getState().closeDialog(), [editor]);
  useEffect(
    () =>
      whenIdleAfter(editor, () => {
        void Dialogs.preload();
        for (const tab of IDLE_TABS) void tab.preload();
        // The File menu's list and the right-click menu: a first click on them opens at once.
        void preloadMenus();
        void preloadContextMenu();
        // The trace's, the comparison's and the formula's parts of the canvas: a first trace, comparison or hover draws them at once.
        void preloadCanvasLayers().catch(() => undefined);
      }),
    [editor],
  );
  const ranged = useEditor(editor.derived.selectHasRunRanges);
  const dialogOpen = useEditor((s) => s.ui.dialog !== null);
  const idle = useIdleAfterPaint();
  const [pane, setPane] = useState<Pane>('canvas');
  const importing = useLoaded(ImportProgress, useStore(editor.importing, (s) => s.client !== null));
  const readingLibrary = useLoaded(ImportProgress, useStore(editor.libraryReading, (s) => s.client !== null));
  const layingOut = useLoaded(LayoutProgress, useStore(editor.commands.layout, (s) => s.running !== null));
  return (
    <div className="cf-app">
      <ErrorBoundary name="Top bar" onExport={exportFlow}>
        <TopBar />
      </ErrorBoundary>
      <div className="cf-banners">
        <StorageBanner />
      </div>
      {(importing || readingLibrary) && (
        <ErrorBoundary name="Import progress" onExport={exportFlow}>
          <ImportProgress />
          <ImportProgress library />
        </ErrorBoundary>
      )}
      <PaneTabs pane={pane} onChange={setPane} />
      <main className="cf-workspace" data-pane={pane}>
        <nav className="cf-sidebar cf-sidebar--left" aria-label="Modules">
          <ErrorBoundary name="Palette" onExport={exportFlow}>
            <Palette />
          </ErrorBoundary>
        </nav>
        <DockLayout
          canvas={
            <div className="cf-canvas-wrap">
              <ErrorBoundary name="Canvas" onExport={exportFlow}>
                <FlowCanvas onDropFile={onDropFile} />
              </ErrorBoundary>
              <ErrorBoundary name="Toolbar" onExport={exportFlow}>
                <Toolbar />
              </ErrorBoundary>
              {ranged && idle && (
                <ErrorBoundary name="Module bands" onExport={exportFlow}>
                  <Suspense fallback={null}>
                    <CanvasBands />
                  </Suspense>
                </ErrorBoundary>
              )}
            </div>
          }
          dock={
            <Dock
              cost={
                <ErrorBoundary name="Cost" onExport={exportFlow}>
                  <CostPanel />
                </ErrorBoundary>
              }
              problems={
                <ErrorBoundary name="Problems" onExport={exportFlow}>
                  <Suspense fallback={<p className="cf-panel-empty">Loading the problems…</p>}>
                    <ProblemsPanel />
                  </Suspense>
                </ErrorBoundary>
              }
              history={
                <ErrorBoundary name="Undo history" onExport={exportFlow}>
                  <Suspense fallback={<p className="cf-panel-empty">Loading the undo history…</p>}>
                    <HistoryPanel />
                  </Suspense>
                </ErrorBoundary>
              }
              compare={
                <ErrorBoundary name="Compare" onExport={exportFlow}>
                  <Suspense fallback={<p className="cf-panel-empty">Loading the comparison…</p>}>
                    <ComparePanel />
                  </Suspense>
                </ErrorBoundary>
              }
              whatIf={
                <ErrorBoundary name="What-if" onExport={exportFlow}>
                  <Suspense fallback={<p className="cf-panel-empty">Loading the what-if panels…</p>}>
                    <WhatIfDock />
                  </Suspense>
                </ErrorBoundary>
              }
              platforms={
                <ErrorBoundary name="Platforms" onExport={exportFlow}>
                  <Suspense fallback={<p className="cf-panel-empty">Loading the platforms…</p>}>
                    <PlatformsPanel />
                  </Suspense>
                </ErrorBoundary>
              }
              trace={
                <ErrorBoundary name="Trace" onExport={exportFlow}>
                  <Suspense fallback={<p className="cf-panel-empty">Loading the trace…</p>}>
                    <TracePanel />
                  </Suspense>
                </ErrorBoundary>
              }
              calibration={
                <ErrorBoundary name="Calibration" onExport={exportFlow}>
                  <Suspense fallback={<p className="cf-panel-empty">Loading the calibration…</p>}>
                    <CalibrationPanel />
                  </Suspense>
                </ErrorBoundary>
              }
            />
          }
        />
        <div className="cf-sidebar cf-sidebar--right">
          <ErrorBoundary name="Inspector" onExport={exportFlow}>
            <Inspector />
          </ErrorBoundary>
        </div>
      </main>
      <ErrorBoundary name="Dialog" onExport={exportFlow} onReset={closeDialog}>
        {dialogOpen && (
          <Suspense fallback={null}>
            <Dialogs />
          </Suspense>
        )}
      </ErrorBoundary>
      <Toast />
      {layingOut && <LayoutProgress />}
    </div>
  );
}
