import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles/tokens.css';
import './styles/base.css';
import './styles/app.css';
import './styles/canvas.css';
import { App } from './App';
import { ErrorBoundary } from './features/layout/ErrorBoundary';
import { initPersistence } from './store/persistence';
import { installKeyboardShortcuts, runCommand } from './commands/registry';
import { useEditor } from './store/editor';
import { setWholeFlowStartView } from './canvas/startView';
import { validateAfterPaint } from './store/derived';

/**
 * `?generate=N` opens a generated flow of N modules, fitted whole, without touching the saved
 * flow: the browser benchmark (bench/browser) measures the editor with it.
 */
async function start() {
  const generate = Number(new URLSearchParams(location.search).get('generate'));
  if (Number.isInteger(generate) && generate > 0) {
    const { generateFlow } = await import('./model/generate');
    setWholeFlowStartView(true);
    useEditor.getState().resetFlow(generateFlow({ modules: generate, seed: 1 }));
  } else {
    // Restore the saved flow (or open the sample) and start autosave before the first render.
    initPersistence();
  }
  installKeyboardShortcuts(window);
  // An edit paints its new cost first; the flow is validated right after that frame.
  validateAfterPaint(useEditor);

  const root = document.getElementById('root');
  if (!root) throw new Error('Creditflow: no #root element in index.html');

  createRoot(root).render(
    <StrictMode>
      <ErrorBoundary name="Creditflow" onExport={() => void runCommand('file.export')}>
        <App />
      </ErrorBoundary>
    </StrictMode>,
  );
}

void start();
