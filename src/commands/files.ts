/**
 * File commands: new flow, open a sample, export, import. A flow's text is read by src/io/import
 * (`importText`, on this thread for pasted text, in the import worker for a picked or dropped
 * file) and its result put into the editor by `applyImport` below.
 */
import type { Flow } from '../model/types';
import type { FileError } from '../io/parse';
import { importText as readImport, type ImportResult as ReadResult } from '../io/import';
import { serializeFlow } from '../io/serialize';
import { DEFAULT_SAMPLE_ID, sampleById } from '../io/samples/index';
import { emptyFlow, hasEditsOutsideFiles, type EditorStore } from '../store/editor';
import { addModule } from '../store/operations';

export type Downloader = (filename: string, text: string) => void;

/** Saves a text file through the browser: a Blob and a temporary link. */
export const browserDownload: Downloader = (filename, text) => {
  const blob = new Blob([text], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoked late: on a busy machine the browser may start reading the blob well after the click.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
};

/** A file name from the flow's name: "Lead enrichment" → "lead-enrichment.json". */
export function fileNameFor(flow: Pick<Flow, 'name'>): string {
  const slug = flow.name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${slug || 'flow'}.json`;
}

/** A new flow holding one trigger. */
export function blankFlow(name = 'Untitled flow'): Flow {
  const flow = emptyFlow(name);
  addModule(flow, 'trigger', { x: 0, y: 0 });
  return flow;
}

export function newFlow(store: EditorStore): void {
  store.getState().loadFlow(blankFlow(), 'New flow');
}

/** The confirm dialog's payload: the flow to be replaced, what replaces it, and the command that does it once confirmed. */
export interface ConfirmReplacePayload {
  flowName: string;
  action: string;
  command: 'file.new' | 'file.openSample';
  /** What the command runs with once confirmed (a `{ confirmed: true, … }` object). */
  payload: { confirmed: true; id?: string };
}

export function isConfirmReplacePayload(value: unknown): value is ConfirmReplacePayload {
  return typeof value === 'object' && value !== null && typeof (value as { command?: unknown }).command === 'string';
}

function isConfirmed(payload: unknown): boolean {
  return typeof payload === 'object' && payload !== null && (payload as { confirmed?: unknown }).confirmed === true;
}

/** A sample id from a command payload: the id itself, or `{ id }`. */
export function sampleIdOf(payload: unknown): string | undefined {
  if (typeof payload === 'string') return payload;
  const id = typeof payload === 'object' && payload !== null ? (payload as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : undefined;
}

/**
 * Before New flow or Open sample replaces a flow that has edits in no file: opens the confirm
 * dialog and returns true (the command stops there; the dialog runs it again, confirmed).
 */
export function askBeforeReplacing(store: EditorStore, command: ConfirmReplacePayload['command'], payload: unknown): boolean {
  const state = store.getState();
  if (isConfirmed(payload) || !hasEditsOutsideFiles(state)) return false;
  const id = sampleIdOf(payload);
  const sample = command === 'file.openSample' ? sampleById(id ?? DEFAULT_SAMPLE_ID) : undefined;
  state.openDialog('confirm', {
    flowName: state.flow.name,
    action: sample ? `Open the sample “${sample.name}”` : 'Start a new flow',
    command,
    payload: id === undefined ? { confirmed: true } : { confirmed: true, id },
  } satisfies ConfirmReplacePayload);
  return true;
}

/** Opens a sample flow by id (the default sample without an id). Returns false for an unknown id. */
export async function openSample(store: EditorStore, id: string = DEFAULT_SAMPLE_ID): Promise<boolean> {
  const sample = sampleById(id);
  if (!sample) {
    store.getState().showToast('error', `There is no sample flow "${id}".`);
    return false;
  }
  let flow: Flow;
  try {
    flow = await sample.load();
  } catch {
    store.getState().showToast('error', `The sample flow “${sample.name}” could not be loaded; check the connection and try again.`);
    return false;
  }
  store.getState().loadFlow(structuredClone(flow), `Open sample “${flow.name}”`);
  return true;
}

/** Downloads the flow as its file text (the same bytes every time for the same flow). */
export function exportFlow(store: EditorStore, download: Downloader): void {
  const { flow } = store.getState();
  download(fileNameFor(flow), serializeFlow(flow));
  store.getState().markInFile();
}

export type ImportResult = { ok: true; notice?: string; notes?: FileError[] } | { ok: false; errors: FileError[] };

/**
 * Puts what `importText` (src/io/import) read into the editor: on success the flow replaces the
 * current one (one undo step) and the notes of the way in (an older version migrated, keys
 * removed) are returned; on failure nothing changes and the located errors are returned for the
 * dialog to list. Any reader of the file's text (this thread, the import worker) hands its result here.
 */
export function applyImport(store: EditorStore, read: ReadResult, fileName?: string): ImportResult {
  if (!read.ok) return { ok: false, errors: read.errors };
  store.getState().loadFlow(read.flow, fileName ? `Import ${fileName}` : 'Import flow');
  const notes: FileError[] = [];
  if (read.migratedFrom !== undefined) {
    notes.push({
      path: 'version',
      message: `The file was made for version ${read.migratedFrom} and has been updated; export to save it in the new version.`,
    });
  }
  notes.push(...(read.warnings ?? []));
  return notes.length > 0 ? { ok: true, notice: notes.map((n) => n.message).join(' '), notes } : { ok: true };
}

/** The import errors dialog's payload: what is wrong with a file that was not imported. */
export interface ImportErrorsPayload {
  errors: FileError[];
  fileName?: string;
}

/** What an import that succeeded wants the user to know. */
export interface ImportNotesPayload {
  notes: FileError[];
  fileName?: string;
}

/** Imports a flow's text read on this thread (pasted text, a test): see `openImported`. */
export function importText(store: EditorStore, text: string, fileName?: string): ImportResult {
  return openImported(store, readImport(text, fileName === undefined ? {} : { fileName }), fileName);
}

/**
 * Opens what was read: on success closes dialogs (the canvas shows the new flow from its start)
 * and, when the import changed something on the way in, opens the notes dialog. On failure
 * returns the errors and changes nothing.
 */
export function openImported(store: EditorStore, read: ReadResult, fileName?: string): ImportResult {
  const result = applyImport(store, read, fileName);
  if (result.ok) {
    const state = store.getState();
    state.closeDialog();
    if (result.notes && result.notes.length > 0) {
      state.openDialog('importErrors', { notes: result.notes, ...(fileName === undefined ? {} : { fileName }) } satisfies ImportNotesPayload);
    } else if (result.notice) {
      state.showToast('info', result.notice);
    }
  }
  return result;
}
