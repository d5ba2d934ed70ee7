import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import './styles/tokens.css';
import './styles/base.css';
import './styles/app.css';
import './styles/canvas.css';
import { App } from './App';
import { ErrorBoundary } from './ui/ErrorBoundary';
import { createEditor } from './editor/createEditor';
import { EditorProvider } from './editor/react';
import { preloadFarLayer } from './canvas/FlowCanvas';
import { FAR_CANVAS_ABOVE } from './canvas/farZoom';
import { whenIdleAfter } from './ui/preloadable';
import { preloadBudgetState } from './features/toolbar/TopBar';

/**
 * `?generate=N` opens a generated flow of N modules, fitted whole, without touching the saved
 * flow: the browser benchmark (bench/browser) measures the editor with it.
 */
async function start() {
  const generate = Number(new URLSearchParams(location.search).get('generate'));
  const benchmark = Number.isInteger(generate) && generate > 0;
  const editor = createEditor({ wholeFlowStartView: benchmark });
  if (benchmark) {
    // Its size is known before the flow is made: the far canvas's code downloads meanwhile.
    if (generate > FAR_CANVAS_ABOVE) void preloadFarLayer();
    const { generateFlow } = await import('./model/generate');
    editor.store.getState().resetFlow(generateFlow({ modules: generate, seed: 1 }));
  } else {
    // Restore the saved flow (or open the sample) and start autosave before the first render. A
    // plain saved flow reads at once; any other waits for the file reader's code (zod), which is
    // not in the first download. Should that code not download, the restore says so and keeps the text.
    // A large working copy is read in the import worker instead, the first screen drawn meanwhile
    // (startPersistence answers null then; the far canvas's code is asked for: the flow is large).
    await editor.readyToRestore().catch(() => undefined);
    if (editor.startPersistence(window) === null) void preloadFarLayer();
    // The library writes its entry as the tab goes away (the autosave's working copy is kept synchronously).
    window.addEventListener('pagehide', () => void editor.library?.flush());
  }
  // A large flow is painted on the far canvas when seen whole: its code downloads while the first
  // screen renders, instead of after it (the canvas asks for it once it has rendered).
  if (editor.store.getState().flow.modules.length > FAR_CANVAS_ABOVE) void preloadFarLayer();
  // The top bar's budget state is not in the first download: asked for now for a flow with a budget
  // (the sample has one), while the first screen renders; its box shows "…" until it is here.
  if (editor.store.getState().flow.settings.budget) void preloadBudgetState().catch(() => undefined);
  editor.commands.installKeyboardShortcuts(window);
  if (!benchmark) {
    void openShareLink(editor);
    window.addEventListener('hashchange', () => void openShareLink(editor));
  }
  // An edit paints its new cost first; the flow is validated right after that frame.
  editor.derived.validateAfterPaint(editor.store);

  const root = document.getElementById('root');
  if (!root) throw new Error('Creditflow: no #root element in index.html');

  // The first render is a transition: React renders the app in slices of a few milliseconds and
  // yields between them, so a large flow's first screen never holds the page in one long task.
  const app = createRoot(root);
  startTransition(() =>
    app.render(
      <StrictMode>
        <EditorProvider editor={editor}>
          <ErrorBoundary name="Creditflow" onExport={() => void editor.commands.run('file.export')}>
            <App />
          </ErrorBoundary>
        </EditorProvider>
      </StrictMode>,
    ),
  );
  // After the first paint: the file reader with the schema, for what is not a plain file (another
  // tab's flow, say), and the code of the file, clipboard and compare commands (their buttons and
  // keys are there at once; a run before this waits for it).
  whenIdleAfter(editor, () => {
    void editor.loadFileReader().catch(() => undefined);
    void editor.commands.preload();
    // The simulation client's code (the handle fetches it with the first run asked): a click on
    // What-if then waits for no download of it. The work ahead of a large flow asks for it anyway.
    void import('./workers/simulationClient').catch(() => undefined);
  });
}

/** A share link (`#flow=…`): opened as a new library entry once the library has started, then taken out of the address. */
async function openShareLink(editor: ReturnType<typeof createEditor>) {
  await editor.libraryStarted;
  if (!location.hash) return;
  const opened = editor.library ? await editor.library.openLink(location.hash) : false;
  if (opened) history.replaceState(null, '', `${location.pathname}${location.search}`);
}

void start();
