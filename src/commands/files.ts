/**
 * File commands: new flow, open a sample, export, import. Every way a flow comes in (the
 * import dialog's file or pasted text, a file dropped on the canvas, a whole flow pasted) is read
 * by src/io/import (`importText`: any of the four formats; on this thread for pasted text, in the
 * import worker for a picked or dropped file) and its result put into the editor by `applyImport`.
 */
import { produce } from 'immer';
import type { Flow } from '../model/types';
import type { FileError } from '../io/parse';
import type { ImportResult as ReadResult } from '../io/import';
import { DEFAULT_SAMPLE_ID } from '../io/samples/index';
import { sampleById } from '../io/samples/sampleById';
import { emptyFlow, type EditorState, type EditorStore } from '../store/editor';
import { moveModules } from '../store/operations';
import { addModule } from '../store/moduleRecipes';
import { computeLayout } from './layout';
import { countStacked } from '../model/stacked';
import { freezeInSlices } from '../store/freezeInSlices';
import { eachInATask } from '../scheduling/awaitInSlices';

export { browserDownload, exportFlow, fileNameFor, type Downloader } from './download';

/** True when the document holds edits that no file (export, sample, import) has: replacing it should ask first. */
export function hasEditsOutsideFiles(state: Pick<EditorState, 'flow' | 'fileFlow'>): boolean {
  return state.flow !== state.fileFlow;
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

/** Loads a sample flow by id (the default sample without an id); null, with a toast, when it cannot be. */
export async function loadSample(store: EditorStore, id: string = DEFAULT_SAMPLE_ID): Promise<Flow | null> {
  const sample = sampleById(id);
  if (!sample) {
    store.getState().showToast('error', `There is no sample flow "${id}".`);
    return null;
  }
  try {
    return structuredClone(await sample.load());
  } catch {
    store.getState().showToast('error', `The sample flow “${sample.name}” could not be loaded; check the connection and try again.`);
    return null;
  }
}

/** Opens a sample flow by id (the default sample without an id) over the open flow. Returns false for an unknown id. */
export async function openSample(store: EditorStore, id: string = DEFAULT_SAMPLE_ID): Promise<boolean> {
  const flow = await loadSample(store, id);
  if (!flow) return false;
  store.getState().loadFlow(flow, `Open sample “${flow.name}”`);
  return true;
}

export type ImportResult = { ok: true; notice?: string; notes?: FileError[]; cancelled?: true } | { ok: false; errors: FileError[] };

export interface OpenOptions {
  /**
   * Called with the flow about to be loaded, before the task that loads it: what the editor works
   * out for a new flow (its price, its indexes), a task a step, so the task that loads a large
   * flow does not also do all that, nor one task all of it (issue 18 item 9).
   */
  prepare?: (flow: Flow) => Iterable<() => void>;
  /**
   * Called with the flow read, just before the editor loads it, when it is loaded as read (not
   * laid out): the import worker's hand-over (its problems and file text) is adopted here.
   */
  beforeLoad?: (flow: Flow) => void;
  /**
   * Whether the user still wants the flow (the progress panel's Cancel): asked between the tasks
   * that open it; once false, nothing is loaded and the result says `cancelled`.
   */
  live?: () => boolean;
}

/** Up to how many modules an opened Creditflow file is checked for modules piled on one spot (and then laid out). */
const PILE_CHECK_UP_TO = 2000;

/**
 * An imported flow, laid out by the auto-layout (elkjs) when its report says its positions are
 * missing or stacked on one spot. A layout that cannot run leaves the source's positions.
 */
export async function layOutIfNeeded(flow: Flow, needsLayout: boolean): Promise<{ flow: Flow; laidOut: boolean }> {
  if (!needsLayout || flow.modules.length === 0) return { flow, laidOut: false };
  try {
    const moves = await computeLayout(flow);
    return { flow: produce(flow, (draft) => moveModules(draft, moves)), laidOut: true };
  } catch {
    return { flow, laidOut: false };
  }
}

/**
 * Puts what `importText` (src/io/import) read into the editor: on success the flow, laid out
 * first when it needs it, replaces the current one in one undo step, dialogs close, and the
 * report of an Altan, n8n or Make file opens (kept for File → Last import report…); an older
 * Creditflow file's notes are returned. On failure nothing changes and the located errors are
 * returned. Any reader of the file's text (this thread, a worker) hands its result here.
 */
export async function applyImport(store: EditorStore, read: ReadResult, fileName?: string, options: OpenOptions = {}): Promise<ImportResult> {
  if (!read.ok) return { ok: false, errors: read.errors };
  const live = options.live ?? (() => true);
  // A Creditflow file written by hand often gives no positions (all 0,0): its modules would be drawn as one pile.
  // Such files are small; a larger flow's opening is spared the pass (and an elk layout of that size).
  const stacked = read.report || read.flow.modules.length > PILE_CHECK_UP_TO ? 0 : countStacked(read.flow.modules.map((m) => m.position));
  // Half the modules or more on shared spots is a pile; two modules dropped on one grid cell are not, and keep the file's places.
  const piled = stacked > 0 && stacked * 2 >= read.flow.modules.length;
  const laid = await layOutIfNeeded(read.flow, read.report?.needsLayout === true || piled);
  // Frozen a slice at a time first: loading a frozen flow, immer walks nothing in the loading frame.
  const flow = await freezeInSlices(laid.flow, { live });
  await eachInATask(options.prepare?.(flow) ?? [], live);
  // Cancelled while it was being opened: the flow on screen stays as it was.
  if (!live()) return { ok: true, cancelled: true };
  const laidOut = laid.laidOut;
  // What the reader worked out holds for the flow it read, not for one the layout moved.
  if (!laidOut) options.beforeLoad?.(flow);
  const state = store.getState();
  state.loadFlow(flow, fileName ? `Import ${fileName}` : 'Import flow');
  // The source format drives the platforms panel (it opens on an n8n or Make file, that platform highlighted).
  state.noteImportSource(read.format);
  state.closeDialog();
  if (read.report) {
    state.setLastImport({ report: read.report, laidOut, ...(fileName === undefined ? {} : { fileName }) });
    state.openDialog('importReport');
    if (read.report.needsLayout && !laidOut) state.showToast('warning', 'The flow could not be laid out (the layout engine failed to load); its modules keep the positions of the file.');
    return { ok: true };
  }
  state.setLastImport(null);
  const notes: FileError[] = [];
  if (read.migratedFrom !== undefined) {
    notes.push({
      path: 'version',
      message: `The file was made for version ${read.migratedFrom} and has been updated; export to save it in the new version.`,
    });
  }
  if (stacked > 0) {
    notes.push({
      path: 'modules',
      message: laidOut
        ? `${stacked} modules sat on the same spot as another (the file gives no positions, or the same one); the flow was laid out.`
        : piled
          ? `${stacked} modules sit on the same spot as another; the layout engine failed to load, so drag them apart or use Auto-layout.`
          : `${stacked} modules sit on the same spot as another; they keep the file's places, so drag them apart or use Auto-layout.`,
    });
  }
  notes.push(...(read.warnings ?? []));
  return notes.length > 0 ? { ok: true, notice: notes.map((n) => n.message).join(' '), notes } : { ok: true };
}

/** The import errors dialog's payload: what is wrong with a file that was not imported. */
export interface ImportErrorsPayload {
  errors: FileError[];
  fileName?: string;
  /** The dialog's title when what was refused is not a file (a share link, a library entry). */
  title?: string;
}

/** What an import that succeeded wants the user to know. */
export interface ImportNotesPayload {
  notes: FileError[];
  fileName?: string;
}

/** Imports a flow's text read on this thread (pasted text, a test): see `openImported`. */
export async function importText(store: EditorStore, text: string, fileName?: string): Promise<ImportResult> {
  // The readers of the four formats load on first use (the page's first bundle has none).
  const { importText: readImport } = await import('../io/import');
  return openImported(store, readImport(text, fileName === undefined ? {} : { fileName }), fileName);
}

/**
 * Opens what was read (on this thread or in the import worker) as one undo step: see `applyImport`.
 * When the import changed a Creditflow file on the way in, the notes dialog opens. On failure
 * returns the errors and changes nothing.
 */
export async function openImported(store: EditorStore, read: ReadResult, fileName?: string, options: OpenOptions = {}): Promise<ImportResult> {
  const result = await applyImport(store, read, fileName, options);
  if (result.ok && !result.cancelled) {
    const state = store.getState();
    if (result.notes && result.notes.length > 0) {
      state.openDialog('importErrors', { notes: result.notes, ...(fileName === undefined ? {} : { fileName }) } satisfies ImportNotesPayload);
    } else if (result.notice) {
      state.showToast('info', result.notice);
    }
  }
  return result;
}
