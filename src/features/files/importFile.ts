/**
 * Importing a flow file from the browser: a picked or dropped file, or pasted text. A file
 * that fails leaves the current flow untouched and opens the dialog listing every error; a
 * file imported with notes (an older version migrated, forbidden keys removed) opens a
 * dialog listing those, so they are read and not missed in a passing toast.
 */
import type { FileError } from '../../io/parse';
import { fileTooLarge } from '../../io/decode';
import { openImported, type ImportErrorsPayload, type ImportNotesPayload } from '../../commands/files';
import { rememberFlowText } from '../../io/serialize';
import { rememberFigures } from '../../cost/flowFigures';
import { fileKindOf, HEAD_BYTES } from '../../io/fileKind';
import { CODE_NOT_DOWNLOADED, type Editor } from '../../editor/createEditor';
import { workOutBeforeOpening } from '../../editor/openingWork';

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
export async function openFlowFile({ store, importer, derived }: Pick<Editor, 'store' | 'importer' | 'derived'>, file: File): Promise<FileError[] | null> {
  const client = await importer().catch(() => null);
  if (!client) return [{ path: '', message: CODE_NOT_DOWNLOADED }];
  const outcome = await client.read(file, { fileName: file.name });
  if (outcome.cancelled) return null;
  const handedOver = outcome.handedOver;
  const read = outcome.result;
  // Opening a large flow takes a few tasks (freezing, pricing, loading): the progress and its Cancel stay up meanwhile.
  const opening = read.ok ? client.beginOpening(read.flow.modules.length) : null;
  const result = await openImported(store, read, file.name, {
    ...(opening ? { live: opening.live } : {}),
    prepare: (flow) => workOutBeforeOpening({ store, derived }, flow),
    // The worker found the flow's problems and wrote its text: the page neither validates nor
    // serializes the flow again when it opens it (the autosave and the library store that text).
    beforeLoad: (flow) => {
      if (!handedOver || !read.ok || flow !== read.flow) return;
      derived.adoptProblems(flow, handedOver.problems);
      rememberFlowText(flow, handedOver.flowText);
      if (handedOver.figures) rememberFigures(flow, handedOver.figures);
    },
  }).finally(() => opening?.end());
  return result.ok ? null : result.errors;
}

/** The largest log of runs read in the page (a flow file's own cap is far lower). */
export const MAX_LOG_BYTES = 512 * 1024 * 1024;

/** Reads a File (dropped on the canvas): a flow is opened (`openFlowFile`, off the main thread; failures open the errors dialog), a log of runs calibrates the open flow; io/fileKind.ts tells which. */
export async function importFile(editor: Pick<Editor, 'store' | 'commands' | 'importer' | 'derived'>, file: File): Promise<void> {
  const { store, commands } = editor;
  // A .json file above a flow's size cap is refused unread, as a flow (a large log is CSV or JSON lines).
  const sniff = !(refuseBySize(file.size) && /\.json$/i.test(file.name));
  let head = '';
  try {
    if (sniff) head = await file.slice(0, HEAD_BYTES).text();
  } catch {
    head = '';
  }
  if (fileKindOf(head, file.size <= HEAD_BYTES) === 'log') {
    if (file.size > MAX_LOG_BYTES) {
      store.getState().showToast('error', `“${file.name}” is ${file.size.toLocaleString('en-US')} bytes; logs of up to ${(MAX_LOG_BYTES / 1e6).toLocaleString('en-US')} MB are read in the app. Use the command line (cost --calibrate) for larger ones.`);
      return;
    }
    // Read in chunks by the calibration worker, with a progress bar and Cancel (never one string here).
    await commands.run('file.importRunsText', { file, fileName: file.name });
    return;
  }
  const errors = await openFlowFile(editor, file);
  if (errors) store.getState().openDialog('importErrors', { errors, fileName: file.name } satisfies ImportErrorsPayload);
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
export async function importFiles(editor: Pick<Editor, 'store' | 'commands' | 'importer' | 'derived'>, files: readonly File[]): Promise<void> {
  const [first, ...rest] = files;
  if (!first) return;
  await importFile(editor, first);
  if (rest.length > 0) editor.store.getState().showToast('warning', ignoredFilesMessage(first.name, rest.map((f) => f.name)));
}
