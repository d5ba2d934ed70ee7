/**
 * The code of the commands the first paint does not need: the file commands (new flow, samples,
 * import, the unreadable copy's repair), the clipboard's (copy, cut, paste, duplicate), adding a module, the
 * comparison's and the platform plans' (with the platforms' table). The registry (registry.ts) keeps each command's id, label, keys, icon and enabled
 * state in the first download, so the toolbar, the menus and the keys are there at once; a `run`
 * calls in here. This module loads when the browser is first idle after the first paint, or on
 * the first run of one of these commands, which then waits for it (a few milliseconds).
 */
import type { Position } from '../model/types';
import { kindOf } from '../model/modules/kindOf';
import { connect } from '../store/operations';
import { addModule } from '../store/moduleRecipes';
import { placeBelow, placeUnanchored } from './placement';
import { askBeforeReplacing, blankFlow, importText, loadSample, newFlow, openSample, sampleIdOf, type ImportErrorsPayload } from './files';
import { usableLibrary } from './library';
import { browserFilePicker, compareWithText } from './compare';
import { clipboardText, copySelection, parseClipboard, pasteInto, type ClipboardData } from '../store/clipboard';
import type { EditorStore, Selection } from '../store/editor';
import { flowFormatOf } from '../io/fileKind';
import type { AddModulePayload, ClipboardAdapter, CommandContext, CommandHost, HistoryPoint } from './registry';
import { givenFor } from './givenFor';

export { repairUnreadable } from './unreadableRepair';
export { stillOn } from './givenFor';
export { browserFileChooser, compareFromPayload } from './compare';
export { resetPlans, setPlan } from './platforms';
export { runLibraryCommand } from './library';

type Host = Pick<CommandHost, 'store' | 'loadLibrary'>;

export async function startNewFlow(host: Host, ctx?: CommandContext): Promise<void> {
  // With the library, a new flow is a new entry: nothing is replaced, so nothing to ask.
  const library = await usableLibrary(host);
  if (library === 'not downloaded') return;
  if (library) await library.create(blankFlow());
  else if (!askBeforeReplacing(host.store, 'file.new', ctx?.payload)) newFlow(host.store);
}

export async function openSampleFlow(host: Host, ctx?: CommandContext): Promise<void> {
  const { store } = host;
  const library = await usableLibrary(host);
  if (library === 'not downloaded') return;
  if (library) {
    const sample = await loadSample(store, sampleIdOf(ctx?.payload));
    if (sample) await library.create(sample);
    return;
  }
  if (askBeforeReplacing(store, 'file.openSample', ctx?.payload)) return;
  await openSample(store, sampleIdOf(ctx?.payload));
}

/** Imports { text, fileName? }: Creditflow, Altan, n8n or Make; a file that fails opens the errors dialog. */
export async function importFlowText(host: Host, ctx?: CommandContext): Promise<void> {
  const { store } = host;
  const { text, fileName } = (ctx?.payload ?? {}) as { text?: unknown; fileName?: unknown };
  if (typeof text !== 'string') return;
  const name = typeof fileName === 'string' ? fileName : undefined;
  const result = await importText(store, text, name);
  if (!result.ok) {
    store.getState().openDialog('importErrors', { errors: result.errors, ...(name === undefined ? {} : { fileName: name }) } satisfies ImportErrorsPayload);
  }
}

export async function compareWithFile(host: Pick<CommandHost, 'store' | 'pickFile'>): Promise<void> {
  const file = await (host.pickFile ?? browserFilePicker)();
  if (file) await compareWithText(host.store, file.text, file.name);
}

/** What one editor copied last, and how many times it has been pasted (each paste lands further off). */
export interface ClipboardMemory {
  last: { data: ClipboardData; text: string; pastes: number } | null;
}

const PASTE_STEP = 40;

/** Where to paste: a canvas point for the top-left module of the pasted group (context menu "Paste here"). */
function pastePoint(payload: unknown): Position | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const { x, y } = payload as { x?: unknown; y?: unknown };
  return typeof x === 'number' && typeof y === 'number' && Number.isFinite(x) && Number.isFinite(y) ? { x, y } : undefined;
}

type ClipboardHost = Pick<CommandHost, 'store' | 'clipboard'>;

/**
 * The modules a command was given for, still in the flow: when none is (removed while it waited its
 * turn), a toast says that nothing was `done`.
 */
function stillThere(store: EditorStore, selection: Pick<Selection, 'modules'>, done: string): ClipboardData | null {
  const data = copySelection(store.getState().flow, selection);
  if (data.modules.length > 0) return data;
  if (selection.modules.length > 0) store.getState().showToast('info', `Nothing ${done}: the modules selected when it was given were removed before its turn came.`);
  return null;
}

/**
 * Copies the selected modules (`selection`: those selected when the command was given, which a
 * run waiting for this code passes); returns the clipboard text (also written to the system
 * clipboard), or null when none of them is in the flow (a toast says so: nothing `done`).
 */
export function copyModules(
  host: ClipboardHost,
  memory: ClipboardMemory,
  selection: Pick<Selection, 'modules'> = host.store.getState().selection,
  done = 'copied',
): string | null {
  const data = stillThere(host.store, selection, done);
  if (!data) return null;
  const text = clipboardText(data);
  memory.last = { data, text, pastes: 0 };
  host.clipboard?.writeText(text).catch(() => {
    // No permission or no focus: this editor's memory still holds the copy.
  });
  return text;
}

function pasteData(host: ClipboardHost, data: ClipboardData, label: string, offsetSteps: number, at?: Position): void {
  const state = host.store.getState();
  let offset = { x: PASTE_STEP * offsetSteps, y: PASTE_STEP * offsetSteps };
  if (at && data.modules.length > 0) {
    const left = Math.min(...data.modules.map((m) => m.position.x));
    const top = Math.min(...data.modules.map((m) => m.position.y));
    offset = { x: at.x - left, y: at.y - top };
  }
  const pasted = state.edit(label, (draft) => pasteInto(draft, data, offset));
  state.setSelection(pasted);
}

/**
 * A paste waiting on the system clipboard (a permission prompt, a "Paste" button the browser shows):
 * what the edits' queue may tell it meanwhile. The paste holds it only while it waits on the clipboard.
 */
export interface ClipboardWait {
  /** Something was given after the paste: the clipboard gets CLIPBOARD_PATIENCE_MS more, then the paste takes this editor's copy. */
  hurry(): void;
  /** Gives up on the clipboard now and pastes nothing (an undo or Escape given after the paste). */
  cancel(): void;
}

/** How long a paste waits on the clipboard once an edit, undo or redo is given after it. */
export const CLIPBOARD_PATIENCE_MS = 2000;
/** After this long waiting on the clipboard, a toast says what the paste waits for, and the way out. */
const CLIPBOARD_HINT_MS = 1000;

type ClipboardRead = { text: string | undefined } | 'cancelled' | 'no answer' | 'another flow';

/**
 * Reads the system clipboard (undefined: refused), unless the wait is given up first: by `waiting`'s
 * holder (an undo, Escape, an edit given after it), or because another flow opened.
 */
async function readClipboard(store: EditorStore, clipboard: ClipboardAdapter, waiting?: (wait: ClipboardWait | null) => void): Promise<ClipboardRead> {
  let giveUp!: (why: ClipboardRead) => void;
  const givenUp = new Promise<ClipboardRead>((resolve) => (giveUp = resolve));
  let patience: ReturnType<typeof setTimeout> | undefined;
  let hint: number | undefined;
  const hinting = setTimeout(() => {
    store.getState().showToast('info', 'Paste is waiting for the clipboard: answer the browser’s prompt, or press Esc to cancel the paste.');
    hint = store.getState().ui.toast?.id;
  }, CLIPBOARD_HINT_MS);
  const { loadSerial } = store.getState();
  const stop = store.subscribe((state) => {
    if (state.loadSerial !== loadSerial) giveUp('another flow');
  });
  waiting?.({ hurry: () => void (patience ??= setTimeout(() => giveUp('no answer'), CLIPBOARD_PATIENCE_MS)), cancel: () => giveUp('cancelled') });
  try {
    return await Promise.race([
      clipboard.readText().then(
        (text) => ({ text }),
        () => ({ text: undefined }),
      ),
      givenUp,
    ]);
  } finally {
    clearTimeout(hinting);
    clearTimeout(patience);
    stop();
    waiting?.(null);
    if (hint !== undefined && store.getState().ui.toast?.id === hint) store.getState().clearToast();
  }
}

/**
 * Pastes the system clipboard's modules (or `ctx.clipboardText`, a paste event's), else this editor's
 * last copy. A wait on the clipboard is held out to the queue through `waiting` (ClipboardWait).
 */
export async function pasteModules(host: ClipboardHost, memory: ClipboardMemory, ctx?: CommandContext, waiting?: (wait: ClipboardWait | null) => void): Promise<void> {
  let text = ctx?.clipboardText;
  let unanswered = false;
  if (text === undefined && host.clipboard) {
    // The paste is for the flow open now: another opened while the clipboard answers gets nothing.
    const given = givenFor(host.store);
    const read = await readClipboard(host.store, host.clipboard, waiting);
    if (!given.still()) return;
    if (read === 'cancelled') return host.store.getState().showToast('info', 'Paste cancelled before the clipboard answered.');
    unanswered = read === 'no answer';
    text = typeof read === 'object' ? read.text : undefined;
  }
  const state = host.store.getState();
  if (unanswered && !memory.last) return state.showToast('warning', 'Paste cancelled: the clipboard did not answer.');
  if (text !== undefined && text.trim() !== '') {
    const data = parseClipboard(text);
    if (data) {
      const steps = memory.last && memory.last.text === text ? ++memory.last.pastes : 1;
      pasteData(host, data, 'Paste', steps, pastePoint(ctx?.payload));
      return;
    }
    if (flowFormatOf(text) !== null) {
      // A whole flow (Creditflow, Altan, n8n or Make): offer it as an import, which shows what is wrong with it, if anything.
      state.openDialog('import', { text });
      return;
    }
  }
  if (memory.last) {
    pasteData(host, memory.last.data, 'Paste', ++memory.last.pastes, pastePoint(ctx?.payload));
    if (unanswered) state.showToast('info', 'The clipboard did not answer: pasted the modules last copied in this editor.');
    return;
  }
  state.showToast('info', 'Nothing to paste: copy some modules first.');
}

/** Duplicates the selected modules (`selection` as for copyModules). */
export function duplicateModules(host: ClipboardHost, selection: Pick<Selection, 'modules'> = host.store.getState().selection): void {
  const data = stillThere(host.store, selection, 'duplicated');
  if (data) pasteData(host, data, 'Duplicate', 1);
}

/** What module.add read as it was given: the selection, and the centre of the view (for an add without a point). */
export interface AddGiven {
  selection: Pick<Selection, 'modules'>;
  centre: Position | undefined;
}

/**
 * Adds a module (one undo step) and selects it. With a point: there, connected after `sourceId` or
 * before `targetId` when given. Without: below the module selected when the command was given (the
 * last of them) and connected to it when the rules allow, or at the centre of the view when none was
 * (or it has been removed since).
 */
export function addModuleFrom(store: EditorStore, payload: AddModulePayload, given: AddGiven): void {
  const { flow } = store.getState();
  const { type } = payload;
  let position: Position;
  let from = payload.sourceId;
  const to = payload.targetId;
  if (payload.position) {
    position = { x: Math.round(payload.position.x), y: Math.round(payload.position.y) };
  } else {
    const anchorId = given.selection.modules[given.selection.modules.length - 1];
    const anchor = anchorId === undefined ? undefined : flow.modules.find((m) => m.id === anchorId);
    position = anchor ? placeBelow(flow, anchor) : placeUnanchored(flow, given.centre);
    from ??= anchor?.id;
  }
  const result = store.getState().edit(`Add ${kindOf(type).label.toLowerCase()}`, (draft) => {
    const id = addModule(draft, type, position);
    const link = from !== undefined ? connect(draft, from, id) : to !== undefined ? connect(draft, id, to) : undefined;
    return { id, notConnected: link && !link.ok ? link.reason : undefined };
  });
  const state = store.getState();
  state.setSelection({ modules: [result.id], edges: [] });
  if (result.notConnected) state.showToast('info', `Added, but not connected: ${result.notConnected}`);
}

/**
 * Goes to a point of the undo history `historyPoint` took (registry.ts, edit.goToStep), wherever it
 * is now; when the step it held is gone, says why in a toast and changes nothing.
 */
export function goToPoint(store: EditorStore, point: HistoryPoint): void {
  const { step } = point;
  const state = store.getState();
  const { past, future } = state;
  const inPast = step === null ? 0 : past.indexOf(step) + 1;
  const inFuture = step === null ? -1 : future.indexOf(step);
  if (inPast > 0 || step === null) state.goTo(inPast);
  else if (inFuture >= 0) state.goTo(past.length + future.length - inFuture);
  else jumpGone(store, point);
}

/** Says why a jump in the undo history did not land: the step it held is gone. */
function jumpGone(store: EditorStore, { step, undone }: HistoryPoint): void {
  const state = store.getState();
  const last = state.past[state.past.length - 1];
  state.showToast(
    'info',
    undone && last
      ? `“${step?.label}” can no longer be redone: “${last.label}”, given before, landed first and replaced the undone steps.`
      : `“${step?.label}” is no longer in the undo history (another flow was opened, or the history reached its limit, before the jump could land).`,
  );
}
