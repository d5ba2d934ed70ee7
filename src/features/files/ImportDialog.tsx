import { useRef, useState, type ReactNode } from 'react';
import { FileJson, Upload } from 'lucide-react';
import type { FileError } from '../../io/parse';
import { Dialog } from '../dialogs/Dialog';
import { ErrorList } from './ErrorList';
import { openFlowFile, type ImportErrorsPayload, type ImportNotesPayload } from './importFile';
import { ImportProgress } from './ImportProgress';
import { importText } from '../../commands/files';
import { useEditorInstance } from '../../editor/react';

interface Failure {
  errors: FileError[];
  fileName?: string;
}

/**
 * Import a flow: pick a .json file, or paste its text. A refused file lists every located
 * error here and the current flow stays as it was.
 */
export function ImportDialog({ initialText }: { initialText?: string }) {
  const editor = useEditorInstance();
  const { store } = editor;
  const close = () => store.getState().closeDialog();
  const [text, setText] = useState(initialText ?? '');
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const run = async (source: string, fileName?: string) => {
    setBusy(true);
    const result = await importText(store, source, fileName).finally(() => setBusy(false));
    if (!result.ok) setFailure(fileName === undefined ? { errors: result.errors } : { errors: result.errors, fileName });
  };

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    // Read off the main thread, with progress and Cancel; the size is checked before the file is
    // read, so a file above the cap is never loaded.
    setFailure(null);
    const errors = await openFlowFile(editor, file);
    if (errors) setFailure({ fileName: file.name, errors });
  };

  return (
    <Dialog
      title="Import a flow"
      description="Open a Creditflow file, an Altan flow, an n8n workflow or a Make blueprint (.json), or paste its text. Your current flow stays until the import succeeds."
      onClose={close}
      testId="import-dialog"
      width={640}
      footer={
        <>
          <button type="button" className="cf-btn" onClick={close}>
            Cancel
          </button>
          <button
            type="button"
            className="cf-btn cf-btn--primary"
            data-testid="import-submit"
            disabled={text.trim() === '' || busy}
            onClick={() => void run(text)}
          >
            Import pasted JSON
          </button>
        </>
      }
    >
      <div className="cf-import">
        <button type="button" className="cf-import__pick" data-testid="import-pick" onClick={() => fileInput.current?.click()}>
          <Upload size={18} aria-hidden="true" />
          <span>
            <strong>Choose a file…</strong>
            <span className="cf-muted"> or drop a .json file on the canvas</span>
          </span>
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          className="sr-only"
          tabIndex={-1}
          aria-label="Flow file"
          data-testid="import-file-input"
          onChange={(e) => {
            void onFile(e.target.files?.[0]);
            e.target.value = '';
          }}
        />
        <label className="cf-import__label" htmlFor="import-text">
          <FileJson size={14} aria-hidden="true" /> Paste JSON
        </label>
        <textarea
          id="import-text"
          className="cf-textarea"
          rows={10}
          spellCheck={false}
          placeholder='{ "format": "creditflow", "version": 1, … }'
          data-testid="import-text"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setFailure(null);
          }}
          onKeyDown={(e) => e.stopPropagation()}
        />
        <ImportProgress inDialog />
        {failure && (
          <div className="cf-import__failure" role="alert">
            <p className="cf-import__failure-title">
              {failure.fileName ? `“${failure.fileName}” was not imported` : 'The text was not imported'}:{' '}
              {failure.errors.length === 1 ? '1 error' : `${failure.errors.length} errors`}. Your flow is unchanged.
            </p>
            <ErrorList errors={failure.errors} />
          </div>
        )}
      </div>
    </Dialog>
  );
}

/** The report of a picked or dropped file: a titled list, closed with OK. */
function ImportReportDialog({ title, description, testId, children }: { title: string; description: ReactNode; testId: string; children: ReactNode }) {
  const { store } = useEditorInstance();
  const close = () => store.getState().closeDialog();
  return (
    <Dialog
      title={title}
      description={description}
      onClose={close}
      testId={testId}
      width={640}
      footer={
        <button type="button" className="cf-btn cf-btn--primary" onClick={close} autoFocus>
          OK
        </button>
      }
    >
      {children}
    </Dialog>
  );
}

/** The errors of a file that was picked or dropped and refused. */
export function ImportErrorsDialog({ payload }: { payload: ImportErrorsPayload }) {
  const { errors, fileName } = payload;
  return (
    <ImportReportDialog
      title={payload.title ?? 'The file was not imported'}
      description={
        <>
          {fileName ? <>“{fileName}” has </> : 'The file has '}
          {errors.length === 1 ? '1 error' : `${errors.length} errors`}. Your flow is unchanged.
        </>
      }
      testId="import-errors-dialog"
    >
      <ErrorList errors={errors} />
    </ImportReportDialog>
  );
}

/** What an import changed on the way in (an older version migrated, forbidden keys removed). */
export function ImportNotesDialog({ payload }: { payload: ImportNotesPayload }) {
  const { notes, fileName } = payload;
  return (
    <ImportReportDialog
      title="The file was imported, with notes"
      description={
        <>
          {fileName ? <>“{fileName}” is open. </> : 'The flow is open. '}
          {notes.length === 1 ? 'One thing was changed' : `${notes.length} things were changed`} on the way in
          {fileName ? '; the file itself was only read' : ''}. Undo brings back the flow you had before.
        </>
      }
      testId="import-notes-dialog"
    >
      <ErrorList errors={notes} label="What changed on import" tone="note" />
    </ImportReportDialog>
  );
}
