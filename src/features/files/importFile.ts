/**
 * Importing a flow file from the browser: a picked or dropped file, or pasted text. A file
 * that fails leaves the current flow untouched and opens the dialog listing every error.
 */
import { importFlowText, type ImportResult } from '../../commands/files';
import type { FileError } from '../../io/parse';
import { MAX_FILE_BYTES } from '../../io/limits';
import { useEditor } from '../../store/editor';

export interface ImportErrorsPayload {
  errors: FileError[];
  fileName?: string;
}

/** Where an error is: "line 3, column 14", or the JSON path, or "file". */
export function errorPlace(error: FileError): string {
  if (error.line !== undefined) return `line ${error.line}, column ${error.column ?? 1}`;
  return error.path === '' ? 'file' : error.path;
}

/** Imports text; on success closes dialogs (the canvas shows the new flow from its start), on failure returns the errors. */
export function importText(text: string, fileName?: string): ImportResult {
  const result = importFlowText(text, fileName);
  if (result.ok) {
    const state = useEditor.getState();
    state.closeDialog();
    if (result.notice) state.showToast('info', result.notice);
  }
  return result;
}

const megabytes = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

/** Reads a File (picked or dropped) and imports it; failures open the errors dialog. */
export async function importFile(file: File): Promise<ImportResult> {
  let result: ImportResult;
  if (file.size > MAX_FILE_BYTES) {
    result = {
      ok: false,
      errors: [
        {
          path: '',
          message: `The file is ${megabytes(file.size)}; the largest flow file Creditflow opens is ${megabytes(MAX_FILE_BYTES)}.`,
        },
      ],
    };
  } else {
    let text: string;
    try {
      text = await file.text();
    } catch {
      result = { ok: false, errors: [{ path: '', message: 'The file could not be read.' }] };
      useEditor.getState().openDialog('importErrors', { errors: result.errors, fileName: file.name } satisfies ImportErrorsPayload);
      return result;
    }
    result = importText(text, file.name);
  }
  if (!result.ok) {
    useEditor.getState().openDialog('importErrors', { errors: result.errors, fileName: file.name } satisfies ImportErrorsPayload);
  }
  return result;
}
