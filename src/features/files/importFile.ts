/**
 * Importing a flow file from the browser: a picked or dropped file, or pasted text. A file
 * that fails leaves the current flow untouched and opens the dialog listing every error; a
 * file imported with notes (an older version migrated, forbidden keys removed) opens a
 * dialog listing those, so they are read and not missed in a passing toast.
 */
import type { FileError } from '../../io/parse';
import { fileTooLarge } from '../../io/decode';
import { openImported, type ImportErrorsPayload, type ImportNotesPayload } from '../../commands/files';
import type { Editor } from '../../editor/createEditor';

export type { ImportErrorsPayload, ImportNotesPayload } from '../../commands/files';

export function isNotesPayload(payload: unknown): payload is ImportNotesPayload {
  return typeof payload === 'object' && payload !== null && Array.isArray((payload as { notes?: unknown }).notes);
}

/** Where an error is: "line 3, column 14", or the JSON path, or "file". */
export function errorPlace(error: FileError): string {
  if (error.line !== undefined) return `line ${error.line}, column ${error.column ?? 1}`;
  return error.path === '' ? 'file' : error.path;
}

/**
 * The refusal of a picked or dropped file from its size alone, or null when it is small
 * enough. Called before the file is read, so a huge file is never loaded into memory. The
 * wording is the reader's own (parseFlow, for pasted text) so every path says the same.
 */
export function refuseBySize(size: number): FileError | null {
  return fileTooLarge(size);
}

/**
 * Opens a picked or dropped file: read off the main thread by the editor's import client (with
 * progress and Cancel), then put into the editor as one undo step. Resolves with the errors of a
 * refused file (the flow unchanged), or null when it opened or was cancelled.
 */
export async function openFlowFile({ store, importer }: Pick<Editor, 'store' | 'importer'>, file: File): Promise<FileError[] | null> {
  const outcome = await importer().read(file, { fileName: file.name });
  if (outcome.cancelled) return null;
  const result = openImported(store, outcome.result, file.name);
  return result.ok ? null : result.errors;
}

/** Opens a File dropped on the canvas (`openFlowFile`); a refused file opens the errors dialog. */
export async function importFile(editor: Pick<Editor, 'store' | 'importer'>, file: File): Promise<void> {
  const errors = await openFlowFile(editor, file);
  if (errors) editor.store.getState().openDialog('importErrors', { errors, fileName: file.name } satisfies ImportErrorsPayload);
}

/** What the user is told when several files are dropped at once: one flow opens, the others are named. */
export function ignoredFilesMessage(opened: string, ignored: readonly string[]): string {
  const names = ignored.map((name) => `“${name}”`);
  const list = names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
  const verb = ignored.length === 1 ? 'was' : 'were';
  return `One flow at a time: “${opened}” was opened; ${list} ${verb} not. Drop them one by one.`;
}

/**
 * Files dropped on the canvas: the first is imported, and when there are more the user is told
 * which were not opened (a toast naming them), instead of their being dropped silently.
 */
export async function importFiles(editor: Pick<Editor, 'store' | 'importer'>, files: readonly File[]): Promise<void> {
  const [first, ...rest] = files;
  if (!first) return;
  await importFile(editor, first);
  if (rest.length > 0) editor.store.getState().showToast('warning', ignoredFilesMessage(first.name, rest.map((f) => f.name)));
}
