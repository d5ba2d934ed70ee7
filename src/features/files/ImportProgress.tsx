import { useEffect, useState, useSyncExternalStore } from 'react';
import { useEditor, useEditorInstance } from '../../editor/react';
import { useStore } from 'zustand';
import type { ImportClient, ImportState } from '../../workers/importClient';

/** An import shorter than this shows no progress (it would only flash). */
export const SHOW_PROGRESS_AFTER_MS = 500;

const megabytes = (bytes: number): string => (bytes / (1024 * 1024)).toFixed(1);

/** What the import is doing, in words: "Reading 1.2 of 3.7 MB", "Checking the flow…", "Finding problems in 10,000 modules…". */
export function importStageText(state: Pick<ImportState, 'progress'>): string {
  const progress = state.progress;
  if (!progress) return 'Starting…';
  if (progress.stage === 'reading') return `Reading ${megabytes(progress.loaded)} of ${megabytes(progress.total)} MB`;
  if (progress.stage === 'checking') return `Finding problems in ${progress.total.toLocaleString('en-US')} modules…`;
  if (progress.stage === 'opening') return `Opening ${progress.total.toLocaleString('en-US')} modules…`;
  return 'Checking the flow…';
}

/**
 * The progress of a file being opened (read off the main thread by the editor's import client),
 * shown once it has taken half a second, with a Cancel button: a cancelled import leaves the
 * flow on screen as it was. `inDialog`: the one inside the import dialog (a modal dialog makes
 * the page behind it inert, so the one over the canvas stands aside while a dialog is open).
 * `library`: the reopening of a large library entry (its own client, editor.libraryReader), the
 * same panel and Cancel, which keeps the flow shown (editor/readStored.ts).
 */
export function ImportProgress({ inDialog = false, library = false }: { inDialog?: boolean; library?: boolean }) {
  const editor = useEditorInstance();
  // No client before the first import (or the first large entry read): nothing to show.
  const importer = useStore(library ? editor.libraryReading : editor.importing, (s) => s.client);
  return importer ? <ProgressOf importer={importer} inDialog={inDialog} library={library} /> : null;
}

function ProgressOf({ importer, inDialog, library }: { importer: ImportClient; inDialog: boolean; library: boolean }) {
  const editor = useEditorInstance();
  const state = useSyncExternalStore(importer.subscribe, importer.getState, importer.getState);
  const dialogOpen = useEditor((s) => s.ui.dialog !== null);
  const running = state.status === 'running' && dialogOpen === inDialog;
  const [shownFor, setShownFor] = useState<number | null>(null);
  useEffect(() => {
    if (!running) return;
    const startedAt = state.startedAt;
    const timer = setTimeout(() => setShownFor(startedAt), SHOW_PROGRESS_AFTER_MS);
    return () => clearTimeout(timer);
  }, [running, state.startedAt]);
  if (!running || shownFor !== state.startedAt) return null;
  const progress = state.progress;
  const share = progress?.stage === 'reading' && progress.total > 0 ? progress.loaded / progress.total : undefined;
  return (
    <div className={inDialog ? 'cf-import-progress cf-import-progress--inline' : 'cf-import-progress'} role="status" aria-live="polite" data-testid={library ? 'library-progress' : 'import-progress'} data-stage={progress?.stage ?? 'starting'}>
      <p className="cf-import-progress__title">{state.title ?? `${state.fileName ? `Opening “${state.fileName}”` : 'Opening the flow'}${library ? ' from the library' : ''}`}</p>
      <progress className="cf-import-progress__bar" max={1} {...(share === undefined ? {} : { value: share })} aria-label="Import progress" />
      <div className="cf-import-progress__row">
        <span className="cf-muted">{importStageText(state)}</span>
        <button type="button" className="cf-btn" data-testid={library ? 'library-cancel' : 'import-cancel'} onClick={() => (library ? importer.cancel() : void editor.commands.run('file.cancelImport'))}>
          Cancel
        </button>
      </div>
    </div>
  );
}
