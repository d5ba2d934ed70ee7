/**
 * Editors for tests: no browser storage, no system clipboard, downloads kept in a list, no
 * worker. Each call makes a fresh editor, so tests never share or reset state.
 */
import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import { SimulationClient } from '../workers/simulationClient';
import { createCalibrationRunner } from '../workers/calibrationRun';
import { ImportClient } from '../workers/importClient';
import { createFlowChecker } from '../cost/check';
import { createCompareSelectors } from '../store/compare';
import { parseFlow } from '../io/parse';
import { createEditor, type Editor, type EditorOptions } from './createEditor';
import { EditorProvider } from './react';

export interface TestEditor extends Editor {
  /** Every file the editor "downloaded": [name, text]. */
  downloads: [string, string][];
}

export function testEditor(options: EditorOptions = {}): TestEditor {
  const downloads: [string, string][] = [];
  const editor = createEditor({
    storage: null,
    clipboard: null,
    mac: false,
    files: (name, text) => void downloads.push([name, text]),
    simulationClient: () => new SimulationClient({ createWorker: null }),
    calibrationRunner: createCalibrationRunner(null),
    importClient: () => new ImportClient({ createWorker: null }),
    derived: { flowChecker: createFlowChecker, compareSelectors: createCompareSelectors },
    parseFlow,
    ...options,
  });
  return Object.assign(editor, { downloads });
}

/** Renders `ui` inside a provider of `editor` (a fresh test editor by default). */
export function renderWithEditor(ui: ReactElement, editor: Editor = testEditor()) {
  return { editor, ...render(<EditorProvider editor={editor}>{ui}</EditorProvider>) };
}
