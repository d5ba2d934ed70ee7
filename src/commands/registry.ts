/**
 * One registry of user actions. The toolbar, the keyboard, context menus and the command
 * palette all read it, so a shortcut, a label or an enabled state is defined once.
 *
 * `createCommands(host)` makes the registry of one editor: the host (the editor instance,
 * src/editor) hands it the document store, the clipboard, the downloader and the slots the
 * canvas fills (viewport, centre of view) and the autosave. Nothing here is shared between
 * two editors.
 */
import type { EditorState, EditorStore, HistoryStep, Selection } from '../store/editor';
import { removeElements, moveModules, connect, type Move } from '../store/operations';
import type { Autosave } from '../store/persistence';
import { isModuleType } from '../model/modules/registry';
import type { ModuleType, Position } from '../model/types';
import type { ViewportController } from './viewport';
import { laterEngine, LayoutCancelled, type LayoutEngine, type SizedEngine } from './layoutEngine';
import type * as LayoutModule from './layout';
import { createLayoutJobStore, type LayoutJobStore } from './layoutJob';
import { warmLayoutOnOpen } from './layoutWarmup';
import { formatShortcut, isTypingTarget, shortcutMatches, type KeyEventLike } from './shortcuts';
import { exportFlow, type Downloader } from './download';
import { downloadUnreadable } from './unreadable';
import { CODE_NOT_DOWNLOADED_TOAST } from './notDownloaded';
import { LIBRARY_COMMAND_SPECS } from './librarySpecs';
import type { LibrarySession } from '../store/librarySession';
import type { FilePicker } from './compare';
import type * as LaterModule from './loadedLater';
import type { ClipboardMemory, ClipboardWait } from './loadedLater';
import { loadOnce } from '../scheduling/loadOnce';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { TraceSlot } from '../store/trace';
import type { CalibrationSlot } from '../store/calibration';

export type { KeyEventLike } from './shortcuts';

export type CommandGroup = 'file' | 'edit' | 'view' | 'select' | 'cost';

export interface CommandContext {
  /** What the caller passes along (a sample id for file.openSample, a kind for module.add). */
  payload?: unknown;
  /** Text from a DOM paste event (edit.paste); when absent the system clipboard is read. edit.paste takes a
   * payload `{ x, y }` (canvas coordinates) to paste there instead of next to the copied modules. */
  clipboardText?: string;
}

export interface Command {
  id: string;
  label: string;
  group: CommandGroup;
  /** Shortcuts like 'Mod+Z'; the first is the one shown in menus. */
  shortcut?: string[];
  /** A lucide icon name. */
  icon?: string;
  /** Run by panels with a payload, never listed in a menu or the shortcuts dialog. */
  hidden?: boolean;
  run(ctx?: CommandContext): void | Promise<void>;
  enabled?(state: EditorState): boolean;
  /** Gets ready to run soon (the pointer is on its button): a slow start can begin before the click. */
  prepare?(): void;
}

/** The system clipboard (navigator.clipboard), or a fake in tests. */
export interface ClipboardAdapter {
  writeText(text: string): Promise<void>;
  readText(): Promise<string>;
}

/** What `module.add` takes: a kind, and optionally where to put it and what to connect it to. */
export interface AddModulePayload {
  type: ModuleType;
  /** Where to add it (flow coordinates); without it, below the selected module (connected to it when allowed). */
  position?: Position;
  /** Connect the new module after this one (an edge dragged from its bottom handle). */
  sourceId?: string;
  /** Connect the new module before this one (an edge dragged from its top handle). */
  targetId?: string;
}

export function isAddModulePayload(value: unknown): value is AddModulePayload {
  return typeof value === 'object' && value !== null && isModuleType((value as { type?: unknown }).type);
}

/** The parts of the autosave the commands use (the storage banner's buttons). */
export type HostAutosave = Pick<Autosave, 'reloadTheirs' | 'keepMine' | 'takeUnreadable' | 'peekUnreadable'>;

/** What the commands of one editor reach: its store, its devices, and the slots the canvas fills. */
export interface CommandHost {
  readonly store: EditorStore;
  /** The system clipboard; null: this tab's memory only. */
  readonly clipboard: ClipboardAdapter | null;
  /** Saves a text file (the browser's download in the app, a list in tests). */
  readonly download: Downloader;
  /** Whether shortcuts are written and matched as on a Mac (⌘ for Mod). */
  readonly mac: boolean;
  /** The canvas's viewport while a canvas is mounted. */
  readonly viewport: ViewportController | null;
  /** The centre of the visible canvas in flow coordinates, while a canvas is mounted. */
  readonly centreOfView: (() => Position | undefined) | null;
  /** The running autosave (reload theirs / keep mine), once started. */
  readonly autosave: HostAutosave | null;
  /**
   * The flow library, when the browser has one (its code loads on first call): new flows and samples
   * open as new entries. Rejects when its code did not download; the next call tries again.
   */
  loadLibrary?(): Promise<LibrarySession | null>;
  /** Asks the user for a file (Compare with file…): the browser's file chooser when absent. */
  readonly pickFile?: FilePicker;
  /** The trace of one simulated run (the app's editor has one; bare test hosts may not). */
  readonly trace?: TraceSlot;
  /** Shows a tab of the dock ('trace', 'calibration'), when there is a dock. */
  showDockTab?(tab: string): void;
  /** The calibration of the open flow from a log (the app's editor has one). */
  readonly calibration?: CalibrationSlot;
  /** Lays out the auto-layout's graph (default: elk in a Web Worker where there are workers; tests give their own). */
  readonly layoutEngine?: LayoutEngine;
  /** Cancels the import of a picked or dropped file in flight (the app's editor reads files). */
  cancelImport?(): void;
}

export interface Commands {
  /** Every command, in menu order. */
  readonly list: readonly Command[];
  /**
   * Loads the code of the commands that is not in the first download (file, clipboard, compare:
   * loadedLater.ts); the app asks when the browser is first idle after the first paint. Those
   * commands run at once once it is here, and wait for it before. Settles once loaded (or failed:
   * the next run tries again).
   */
  preload(): Promise<void>;
  /** The auto-layout in flight (view.autoLayout), for its progress and Cancel. */
  readonly layout: LayoutJobStore;
  /** The edits' queue: a command's enabled state may follow it (Undo, Redo), so a button subscribes to it too. */
  readonly queue: StoreApi<EditQueue>;
  get(id: string): Command | undefined;
  isEnabled(command: Command, state?: EditorState): boolean;
  /** Runs a command by id if it exists and is enabled; returns whether it ran. */
  run(id: string, payload?: unknown): Promise<boolean>;
  /** The first shortcut of a command as the user reads it, or ''. */
  shortcutLabel(command: Command): string;
  /**
   * The command a key event stands for. Events typed into an input, a textarea, a select or
   * an editable element belong to that field, except Escape.
   */
  match(event: KeyEventLike): Command | undefined;
  /**
   * Listens to the keyboard (and the clipboard events) on a window and runs the matching
   * commands. Returns a function that removes the listeners.
   */
  installKeyboardShortcuts(target: Window): () => void;
}

/** Copy, cut and paste arrive as DOM clipboard events, which need no permission prompt. */
const CLIPBOARD_COMMANDS = new Set(['edit.copy', 'edit.cut', 'edit.paste']);

interface ClipboardEventLike {
  target: unknown;
  clipboardData: { getData(type: string): string; setData(type: string, value: string): void } | null;
  preventDefault(): void;
}

function hasTextSelection(win: Window): boolean {
  const selection = win.getSelection?.();
  return selection !== null && selection !== undefined && selection.toString() !== '';
}

export type { SetPlanPayload } from './platforms';

/**
 * The point of the history a jump goes to, held by its step (null: before the oldest step kept),
 * not by its position: an edit given before the jump may land first and move the positions.
 */
export interface HistoryPoint {
  step: HistoryStep | null;
  undone: boolean;
}

function historyPoint(state: EditorState, position: number): HistoryPoint {
  const { past, future } = state;
  const at = Math.max(0, Math.min(Math.trunc(position), past.length + future.length));
  if (at <= past.length) return { step: at === 0 ? null : past[at - 1]!, undone: false };
  return { step: future[future.length - (at - past.length)]!, undone: true };
}

const hasSelection = (s: EditorState) => s.selection.modules.length > 0 || s.selection.edges.length > 0;
const hasModulesSelected = (s: EditorState) => s.selection.modules.length > 0;

/**
 * Stepping through the trace: forward and back by step and by loop item, first and last step, and
 * playing it (play / pause, the speed). The canvas follows the bundle by itself (it reads the
 * trace's step: canvas/traceFollow.ts).
 */
function traceSteps(host: CommandHost): Command[] {
  const has = () => host.trace?.hasSteps() === true;
  const step = (id: string, label: string, icon: string, move: (t: TraceSlot) => void): Command => ({
    id,
    label,
    group: 'view',
    icon,
    enabled: has,
    run: () => {
      if (host.trace) move(host.trace);
    },
  });
  return [
    step('trace.forward', 'Trace: next step', 'chevron-right', (t) => t.step(1)),
    step('trace.back', 'Trace: previous step', 'chevron-left', (t) => t.step(-1)),
    step('trace.nextItem', 'Trace: next loop item', 'chevrons-right', (t) => t.item(1)),
    step('trace.previousItem', 'Trace: previous loop item', 'chevrons-left', (t) => t.item(-1)),
    step('trace.first', 'Trace: first step', 'skip-back', (t) => t.first()),
    step('trace.last', 'Trace: last step', 'skip-forward', (t) => t.last()),
    {
      id: 'trace.playPause',
      label: 'Trace: play / pause',
      group: 'view',
      icon: 'play',
      enabled: () => host.trace !== undefined && (host.trace.canPlay() || host.trace.store.getState().playing),
      run: () => {
        const t = host.trace;
        if (t?.store.getState().playing) t.pause();
        else t?.play();
      },
    },
    {
      id: 'trace.speed',
      label: 'Trace: playing speed',
      group: 'view',
      icon: 'gauge',
      // Run with the steps per second (one of SPEEDS), from the Trace tab's speed list.
      hidden: true,
      enabled: () => host.trace !== undefined,
      run: (ctx) => {
        if (typeof ctx?.payload === 'number') host.trace?.setSpeed(ctx.payload);
      },
    },
  ];
}

type LaterCode = typeof LaterModule;

/** The commands' edit queue as the page sees it: `pending` while an edit waits to start (Undo and Redo are offered then). */
export interface EditQueue {
  pending: boolean;
}

/**
 * The commands' code that is not in the first download (loadedLater.ts), loaded once: `run` calls
 * `body` with it at once when it is here, else once it has loaded. Should it not download (offline
 * after an update), a toast says so and the next run tries again.
 *
 * `edit` is for a run that changes the document (a plan, a paste, a duplicate, a cut, a new or
 * imported flow): such runs wait in one queue, so the user's commands take effect in the order
 * given. A queued edit waits for the edits given before it to land (a paste reading the clipboard
 * included), for the code, and for the end of an open gesture (a drag), after which it is its own
 * undo step, never part of the drag's. It is for the flow open when it was given: should another
 * open meanwhile, it is not applied, and a toast says so (givenFor.ts); a run that replaces the
 * flow (`replaces`: new, sample, import, repair) applies to whichever is open. `inOrder` runs undo
 * and redo once the edits given before them have landed (at once when none is on its way); an undo
 * given right after a paste waiting on the clipboard cancels that paste instead (loadedLater's
 * ClipboardWait), and an edit or redo given after it waits for the clipboard a bounded while only.
 */
function codeLoadedLater(store: EditorStore) {
  const code = loadOnce<LaterCode>(() => import('./loadedLater'));
  /** The last edit waiting to start (settles when it has started, or failed); null when none. */
  let queue: Promise<void> | null = null;
  /** The last edit not landed yet (settles when it has landed, or failed); null when none. */
  let landing: Promise<void> | null = null;
  /** Edits, undos and redos given so far: each one's number says what was given after it. */
  let serials = 0;
  /** The paste waiting on the clipboard alone (loadedLater's ClipboardWait), the number it was given as, and the history then. */
  let reading: { wait: ClipboardWait; serial: number; past: readonly HistoryStep[] } | null = null;
  /** Whether an edit waits to start or a paste waits on the clipboard, for the toolbar's Undo and Redo (their enabled state follows it). */
  const status = createStore<EditQueue>()(() => ({ pending: false }));
  /** Undos waiting in the queue, by the number of the command given right before each. */
  const undoes = new Map<number, { cancelled: boolean }>();
  const showStatus = () => status.setState({ pending: queue !== null || reading !== null });
  /** Numbers a command given; a paste waiting on the clipboard before it then waits a bounded while only. */
  const give = (): number => {
    reading?.wait.hurry();
    return ++serials;
  };
  /** What the paste given as `serial` calls while it waits on the clipboard (null once it stops). */
  const waitingOn =
    (serial: number, past: readonly HistoryStep[]) =>
    (wait: ClipboardWait | null): void => {
      const undo = wait && undoes.get(serial);
      if (undo) {
        undo.cancelled = true;
        wait.cancel();
      } else if (wait) {
        reading = { wait, serial, past };
        if (serials > serial) wait.hurry();
      } else if (reading?.serial === serial) reading = null;
      showStatus();
    };
  const loadCode = async (): Promise<LaterCode | undefined> => {
    try {
      return await code.get();
    } catch {
      store.getState().showToast('error', CODE_NOT_DOWNLOADED_TOAST);
      return undefined;
    }
  };
  const afterLoad = async <T>(body: (code: LaterCode) => T): Promise<Awaited<T> | undefined> => {
    const loaded = await loadCode();
    return loaded ? await body(loaded) : undefined;
  };
  /** Resolves once no gesture is open: after endGesture has recorded the gesture's step (a microtask later). */
  const gestureClosed = (): Promise<void> =>
    new Promise((resolve) => {
      if (store.getState().gesture === null) {
        resolve();
        return;
      }
      const stop = store.subscribe((state) => {
        if (state.gesture !== null) return;
        stop();
        resolve();
      });
    });
  /** Runs `step` after the queue's last work; the queue is empty again once the last of it has settled. */
  const enqueue = <T>(step: () => T | Promise<T>): Promise<T> => {
    const work = (queue ?? Promise.resolve()).then(step);
    const tail = work.then(
      () => undefined,
      () => undefined,
    );
    queue = tail;
    showStatus();
    void tail.then(() => {
      if (queue !== tail) return;
      queue = null;
      showStatus();
    });
    return work;
  };
  /** Notes an edit on its way until `result` settles (when it is a promise): the next edit lands after it. */
  const track = <T>(result: T): T => {
    if (!(result instanceof Promise)) return result;
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    landing = tail;
    void tail.then(() => {
      if (landing === tail) landing = null;
    });
    return result;
  };
  return {
    status,
    loaded: (): LaterCode | null => code.loaded() ?? null,
    /** Whether an edit is waiting to start, or a paste on the clipboard (undo then waits for it or cancels it, so it is offered). */
    pending: (): boolean => queue !== null || reading !== null,
    preload: (): Promise<void> => code.get().then(
      () => undefined,
      () => undefined,
    ),
    run<T>(body: (code: LaterCode) => T): T | Promise<Awaited<T> | undefined> {
      const loaded = code.loaded();
      return loaded ? body(loaded) : afterLoad(body);
    },
    /**
     * `body` gets the code, and for a paste what to call while it waits on the clipboard: an undo or
     * Escape given after it then cancels it, an edit given after it gives the clipboard a bounded while.
     */
    edit<T>(body: (code: LaterCode, waiting: (wait: ClipboardWait | null) => void) => T, options: { replaces?: boolean } = {}): T | Promise<Awaited<T> | undefined> {
      const loaded = code.loaded();
      const waiting = waitingOn(give(), store.getState().past);
      if (loaded && queue === null && landing === null && store.getState().gesture === null) return track(body(loaded, waiting));
      // The state as it is given: the flow it is for (givenFor.ts, once the code is here).
      const given = store.getState();
      const before = landing;
      let ran: { result: T } | null = null;
      const started = enqueue(async (): Promise<void> => {
        const ready = await loadCode();
        if (!ready) return;
        await before;
        await gestureClosed();
        if (!options.replaces && !ready.stillOn(store, given)) return;
        ran = { result: body(ready, waiting) };
      });
      return track(started.then(async (): Promise<Awaited<T> | undefined> => (ran ? await (ran as { result: T }).result : undefined)));
    },
    /** Whether no edit is waiting or on its way (a paste reading the clipboard): an edit given now lands at once. */
    idle: (): boolean => queue === null && landing === null,
    /** Cancels a paste waiting on the clipboard (Escape); whether there was one. */
    cancelReading(): boolean {
      if (!reading) return false;
      reading.wait.cancel();
      return true;
    },
    inOrder(action: () => void | Promise<unknown>, options: { undo?: boolean } = {}): void | Promise<void> {
      const last = serials;
      give();
      // An undo given right after a paste that waits on the clipboard cancels that paste; should an
      // edit that takes no turn (a field, a drag) have landed since the paste was given, it is undone too.
      if (options.undo && reading?.serial === last) {
        const editedSince = store.getState().past !== reading.past;
        reading.wait.cancel();
        if (!editedSince) return;
      }
      // An action that waits (the later code on its way) is tracked, so what is given after it waits for it.
      if (queue === null && landing === null) return track(action()) as void | Promise<void>;
      // Undo ends an open gesture at once, as it always does (else the queued edit, waiting for
      // the gesture's end, and this undo, waiting for the edit, would wait for the pointer's release).
      if (store.getState().gesture !== null) store.getState().endGesture();
      // Should the edit given right before it be a paste that comes to wait on the clipboard, this undo cancels it instead.
      const mark = { cancelled: false };
      if (options.undo) undoes.set(last, mark);
      // It waits for the edits given before it to land too (a sample or an import on its way), else
      // it would undo the step before them, which their landing then drops from the redo steps.
      const before = landing;
      return enqueue(async () => {
        await before;
        undoes.delete(last);
        if (!mark.cancelled) await action();
      });
    },
  };
}

/** The registry of one editor. */
export function createCommands(host: CommandHost): Commands {
  const store = host.store;
  /** The commands' code that is not in the first download (loadedLater.ts). */
  const later = codeLoadedLater(store);
  /** What this editor copied last (edit.copy, edit.cut), for edit.paste. */
  const memory: ClipboardMemory = { last: null };
  /** The auto-layout being computed (elkjs loads and runs in a worker): a second click waits; Cancel aborts it. */
  let layoutAbort: AbortController | null = null;
  const layout = createLayoutJobStore();
  /** The auto-layout's code (layout.ts): not in the first download, loaded with the first layout or a flow to lay out ahead. */
  const layoutCode = loadOnce<typeof LayoutModule>(() => import('./layout'));
  /** One engine for the editor's layouts: elk's worker, once started, stays warm between them. */
  const layoutEngine: SizedEngine = host.layoutEngine ?? laterEngine(layoutCode);
  // elk's worker lays an opened flow out ahead, while the page is idle (never applied: see layoutWarmup).
  warmLayoutOnOpen(store, layoutEngine);
  const hasViewport = () => host.viewport !== null;

  /**
   * Removes the selection (`selection`: the one when the command was given, which a cut waiting
   * for its code passes; the store drops removed ids from a selection made since).
   */
  const deleteSelection = (label: string, selection: Selection = store.getState().selection): void => {
    const state = store.getState();
    const { modules, edges } = selection;
    if (modules.length === 0 && edges.length === 0) return;
    const selectedNow = state.selection === selection;
    state.edit(label, (draft) => removeElements(draft, { modules, edges }));
    if (selectedNow) store.getState().clearSelection();
  };
  /** The selection as the command is given: a run that waits for its code acts on it, not on a later one. */
  const selected = (): Selection => store.getState().selection;

  /** Calibrates the open flow from a log (a file, read in chunks off the main thread, or a text), the Calibration tab shown. */
  const calibrateFrom = async (source: Blob | string, name: string): Promise<void> => {
    if (!host.calibration) return;
    host.showDockTab?.('calibration');
    await host.calibration.start(source, name);
  };

  const list: Command[] = [
    // File
    {
      id: 'file.new',
      label: 'New flow',
      group: 'file',
      icon: 'file-plus',
      run: (ctx) => later.edit((code) => code.startNewFlow(host, ctx), { replaces: true }),
    },
    {
      id: 'file.openSample',
      label: 'Open sample flow',
      group: 'file',
      icon: 'book-open',
      run: (ctx) => later.edit((code) => code.openSampleFlow(host, ctx), { replaces: true }),
    },
    {
      id: 'file.import',
      label: 'Import JSON…',
      group: 'file',
      shortcut: ['Mod+O'],
      icon: 'upload',
      run: () => store.getState().openDialog('import'),
    },
    {
      id: 'file.importText',
      label: 'Import flow text',
      group: 'file',
      icon: 'upload',
      // Run with { text, fileName? } (a dropped file, a test): Creditflow, Altan, n8n or Make; a file that fails opens the errors dialog.
      hidden: true,
      run: (ctx) => later.edit((code) => code.importFlowText(host, ctx), { replaces: true }),
    },
    {
      id: 'file.lastImportReport',
      label: 'Last import report…',
      group: 'file',
      icon: 'file-text',
      // The report of the last Altan, n8n or Make import, until another import replaces it.
      enabled: (s) => s.lastImport !== null,
      run: () => store.getState().openDialog('importReport'),
    },
    {
      id: 'file.importRuns',
      label: 'Import runs…',
      group: 'file',
      icon: 'activity',
      enabled: (s) => host.calibration !== undefined && s.flow.modules.length > 0,
      run: async () => {
        const accept = '.csv,.json,.jsonl,.ndjson,.txt,text/csv,application/json';
        // The browser's file is handed on unread (a log may be hundreds of MB); a test's picker gives a text.
        const picked = host.pickFile ? await host.pickFile(accept) : await later.run((code) => code.browserFileChooser(accept));
        if (picked) await calibrateFrom(picked instanceof Blob ? picked : picked.text, picked.name);
      },
    },
    {
      id: 'file.importRunsText',
      label: 'Import runs from text',
      group: 'file',
      icon: 'activity',
      // Run with { file, fileName? } (a log dropped on the canvas) or { text, fileName? } (a test): calibrates the open flow from it.
      hidden: true,
      enabled: () => host.calibration !== undefined,
      run: async (ctx) => {
        const { text, file, fileName } = (ctx?.payload ?? {}) as { text?: unknown; file?: unknown; fileName?: unknown };
        const source = typeof Blob !== 'undefined' && file instanceof Blob ? file : typeof text === 'string' ? text : undefined;
        if (source !== undefined) await calibrateFrom(source, typeof fileName === 'string' ? fileName : 'runs log');
      },
    },
    {
      id: 'calibration.apply',
      label: 'Apply calibration',
      group: 'edit',
      icon: 'check',
      enabled: () => host.calibration?.store.getState().result != null,
      run: () => {
        host.calibration?.apply();
      },
    },
    {
      id: 'calibration.cancel',
      label: 'Cancel the calibration',
      group: 'file',
      icon: 'x',
      hidden: true,
      enabled: () => host.calibration?.store.getState().status === 'running',
      run: () => host.calibration?.cancel(),
    },
    {
      id: 'file.cancelImport',
      label: 'Cancel the import',
      group: 'file',
      icon: 'x',
      hidden: true,
      enabled: () => host.cancelImport !== undefined,
      run: () => host.cancelImport?.(),
    },
    {
      id: 'file.export',
      label: 'Export JSON',
      group: 'file',
      shortcut: ['Mod+Shift+S'],
      icon: 'download',
      run: () => exportFlow(store, host.download),
    },
    // Their code (commands/library.ts) is loadedLater's: a run before it is here waits for it.
    ...LIBRARY_COMMAND_SPECS.map((spec): Command => ({ ...spec, ...('shortcut' in spec ? { shortcut: [...spec.shortcut] } : {}), run: (ctx) => later.run((code) => code.runLibraryCommand(host, spec.id, ctx)) })),
    {
      id: 'file.reloadTheirs',
      label: 'Load the flow saved in the other tab',
      group: 'file',
      icon: 'refresh-cw',
      enabled: (s) => s.storage.conflict !== null,
      run: () => host.autosave?.reloadTheirs(),
    },
    {
      id: 'file.keepMine',
      label: 'Keep this flow (overwrite the other tab’s save)',
      group: 'file',
      icon: 'save',
      enabled: (s) => s.storage.conflict !== null,
      run: () => host.autosave?.keepMine(),
    },
    {
      id: 'file.downloadUnreadable',
      label: 'Download the unreadable copy',
      group: 'file',
      icon: 'download',
      hidden: true,
      enabled: (s) => Boolean(s.storage.unreadable),
      run: () => downloadUnreadable(store, host.autosave, host.download),
    },
    {
      id: 'file.repairUnreadable',
      label: 'Try to repair the unreadable copy',
      group: 'file',
      icon: 'refresh-cw',
      hidden: true,
      enabled: (s) => s.storage.unreadable?.repairable === true,
      run: () => later.edit(async (code) => void (await code.repairUnreadable(store, host.autosave)), { replaces: true }),
    },
    // Edit
    {
      id: 'edit.undo',
      label: 'Undo',
      group: 'edit',
      shortcut: ['Mod+Z'],
      icon: 'undo-2',
      enabled: (s) => s.canUndo || s.gesture !== null || later.pending(),
      // After the edits given before it that are still waiting for their code (same queue).
      run: () => later.inOrder(() => store.getState().undo(), { undo: true }),
    },
    {
      id: 'edit.redo',
      label: 'Redo',
      group: 'edit',
      shortcut: ['Mod+Shift+Z', 'Mod+Y'],
      icon: 'redo-2',
      // Offered while an edit waits too: a redo given after an undo that waits behind it follows it.
      enabled: (s) => s.canRedo || later.pending(),
      run: () => later.inOrder(() => store.getState().redo()),
    },
    {
      id: 'edit.copy',
      label: 'Copy',
      group: 'edit',
      shortcut: ['Mod+C'],
      icon: 'copy',
      enabled: hasModulesSelected,
      run: () => {
        const selection = selected();
        return later.run((code) => void code.copyModules(host, memory, selection));
      },
    },
    {
      id: 'edit.cut',
      label: 'Cut',
      group: 'edit',
      shortcut: ['Mod+X'],
      icon: 'scissors',
      enabled: hasModulesSelected,
      run: () => {
        const selection = selected();
        return later.edit((code) => {
          if (code.copyModules(host, memory, selection, 'cut') !== null) deleteSelection('Cut', selection);
        });
      },
    },
    {
      id: 'edit.paste',
      label: 'Paste',
      group: 'edit',
      shortcut: ['Mod+V'],
      icon: 'clipboard-paste',
      run: (ctx) => later.edit((code, waiting) => code.pasteModules(host, memory, ctx, waiting)),
    },
    {
      id: 'edit.duplicate',
      label: 'Duplicate',
      group: 'edit',
      shortcut: ['Mod+D'],
      icon: 'copy-plus',
      enabled: hasModulesSelected,
      run: () => {
        const selection = selected();
        return later.edit((code) => code.duplicateModules(host, selection));
      },
    },
    {
      id: 'edit.delete',
      label: 'Delete',
      group: 'edit',
      shortcut: ['Delete', 'Backspace'],
      icon: 'trash-2',
      enabled: hasSelection,
      // After the edits given before it, when one is on its way (a Duplicate given just before it would
      // else find its modules gone), on the selection as it was given.
      run: () => {
        if (later.idle()) return deleteSelection('Delete');
        const selection = selected();
        return later.edit(() => deleteSelection('Delete', selection));
      },
    },
    {
      id: 'edit.goToStep',
      label: 'Go to a step of the undo history',
      group: 'edit',
      icon: 'history',
      // Run with the history position to show (the undo history list): undoes or redoes to it at once.
      hidden: true,
      run: (ctx) => {
        const position = ctx?.payload;
        if (typeof position !== 'number' || !Number.isFinite(position)) return;
        // The current row: stay here (an edit given before the click lands and stays).
        if (Math.trunc(position) === store.getState().past.length) return;
        const point = historyPoint(store.getState(), position);
        // The jump itself is loadedLater's (goToPoint): here at once once the page has been idle, or
        // the history panel shown (it asks for it); a click before then lands once it is, in order.
        return later.inOrder(() => later.run((code) => code.goToPoint(store, point)));
      },
    },
    // Select
    {
      id: 'select.all',
      label: 'Select all',
      group: 'select',
      shortcut: ['Mod+A'],
      icon: 'box-select',
      enabled: (s) => s.flow.modules.length > 0,
      run: () => store.getState().selectAll(),
    },
    {
      id: 'select.none',
      label: 'Select none',
      group: 'select',
      shortcut: ['Escape'],
      icon: 'x',
      run: () => {
        const state = store.getState();
        // Escape closes an open dialog first, then cancels a paste waiting on the clipboard, then clears the selection.
        if (state.ui.dialog !== null) state.closeDialog();
        else if (!later.cancelReading()) state.clearSelection();
      },
    },
    // View
    {
      id: 'view.fitView',
      label: 'Fit view',
      group: 'view',
      shortcut: ['Shift+1'],
      icon: 'maximize',
      enabled: hasViewport,
      run: () => host.viewport?.fitView(),
    },
    {
      id: 'view.zoomIn',
      label: 'Zoom in',
      group: 'view',
      shortcut: ['+', '='],
      icon: 'zoom-in',
      enabled: hasViewport,
      run: () => host.viewport?.zoomIn(),
    },
    {
      id: 'view.zoomOut',
      label: 'Zoom out',
      group: 'view',
      shortcut: ['-'],
      icon: 'zoom-out',
      enabled: hasViewport,
      run: () => host.viewport?.zoomOut(),
    },
    {
      id: 'view.toggleSnap',
      label: 'Snap to grid',
      group: 'view',
      icon: 'grid-3x3',
      run: () => {
        const state = store.getState();
        state.setSnapToGrid(!state.ui.snapToGrid);
      },
    },
    {
      id: 'view.toggleHeatmap',
      label: 'Cost heatmap',
      group: 'view',
      shortcut: ['H'],
      icon: 'flame',
      run: () => {
        const state = store.getState();
        state.setHeatmap(!state.ui.heatmap);
      },
    },
    {
      id: 'view.compareWithFile',
      label: 'Compare with file…',
      group: 'view',
      icon: 'git-compare',
      run: () => later.run((code) => code.compareWithFile(host)),
    },
    {
      id: 'view.compareWith',
      label: 'Compare with a version',
      group: 'view',
      icon: 'git-compare',
      // Run with { flow, label } (a version) or { text, fileName } (a file's text).
      hidden: true,
      run: (ctx) => later.run((code) => code.compareFromPayload(store, ctx?.payload)),
    },
    {
      id: 'view.endCompare',
      label: 'End compare',
      group: 'view',
      icon: 'x',
      enabled: (s) => s.ui.compare !== null,
      run: () => store.getState().setCompare(null),
    },
    {
      id: 'view.autoLayout',
      label: 'Auto-layout',
      group: 'view',
      shortcut: ['Shift+L'],
      icon: 'layout-grid',
      enabled: (s) => s.flow.modules.length > 0 && layoutAbort === null,
      prepare: () => layoutEngine.prepare?.(store.getState().flow.modules.length),
      run: async () => {
        if (layoutAbort) return;
        const before = store.getState().flow;
        const abort = new AbortController();
        layoutAbort = abort;
        layout.setState({ running: { modules: before.modules.length, startedAt: Date.now() } });
        let moves;
        let code: typeof LayoutModule;
        try {
          // Its code waits here the first time (a failed download is said below, and the next click tries again).
          code = layoutCode.loaded() ?? (await layoutCode.get());
          moves = await code.computeLayout(before, {}, { signal: abort.signal, engine: layoutEngine });
        } catch (error) {
          if (!(error instanceof LayoutCancelled)) {
            store.getState().showToast('error', 'Auto-layout could not run (the layout engine failed to load). Try again.');
          }
          return;
        } finally {
          layoutAbort = null;
          layout.setState({ running: null });
        }
        // One undo step; when the flow changed while elk worked, only to the modules that still exist.
        code.applyLayout(store, before, moves);
        host.viewport?.fitView();
      },
    },
    {
      id: 'view.cancelLayout',
      label: 'Cancel auto-layout',
      group: 'view',
      icon: 'layout-grid',
      enabled: () => layoutAbort !== null,
      run: () => {
        layoutAbort?.abort();
      },
    },
    {
      id: 'module.add',
      label: 'Add module',
      group: 'edit',
      icon: 'plus',
      // Not in menus: the palette (click, Enter, drag onto the canvas) and the palette dialog run it with a kind.
      hidden: true,
      // Its code (the placement, the new module's recipe) is loadedLater's: an add given before it is
      // here waits in the edits' queue, and places the module as the command was given (below the
      // module then selected, or at the centre of the view then).
      run: (ctx) => {
        const payload = ctx?.payload;
        if (!isAddModulePayload(payload)) return;
        const given = { selection: selected(), centre: payload.position ? undefined : host.centreOfView?.() };
        return later.edit((code) => code.addModuleFrom(store, payload, given));
      },
    },
    {
      id: 'module.move',
      label: 'Move modules',
      group: 'edit',
      icon: 'move',
      // Run with { moves } by the canvas when a drag lands (inside its gesture: one undo step per drag).
      hidden: true,
      run: (ctx) => {
        const moves = (ctx?.payload as { moves?: readonly Move[] } | undefined)?.moves;
        if (moves && moves.length > 0) store.getState().edit('Move modules', (draft) => moveModules(draft, moves));
      },
    },
    {
      id: 'edge.connect',
      label: 'Connect',
      group: 'edit',
      icon: 'spline',
      // Run with { source, target, error? } by the canvas (error: drawn from the error handle):
      // selects the new edge, or says why the rules refuse it.
      hidden: true,
      run: (ctx) => {
        const { source, target, error } = (ctx?.payload ?? {}) as { source?: unknown; target?: unknown; error?: unknown };
        if (typeof source !== 'string' || typeof target !== 'string') return;
        const state = store.getState();
        const options = { error: error === true };
        const result = state.edit(options.error ? 'Connect error branch' : 'Connect', (draft) => connect(draft, source, target, options));
        if (result.ok) state.setSelection({ modules: [], edges: [result.edgeId] });
        else state.showToast('warning', result.reason);
      },
    },
    {
      id: 'select.reveal',
      label: 'Show on the canvas',
      group: 'select',
      icon: 'locate',
      // Run with { moduleId } or { edgeId } (the cost table, the problems list, search): selects it and centres it.
      hidden: true,
      run: (ctx) => {
        const { moduleId, edgeId } = (ctx?.payload ?? {}) as { moduleId?: unknown; edgeId?: unknown };
        const state = store.getState();
        if (typeof edgeId === 'string') {
          const edge = state.flow.edges.find((e) => e.id === edgeId);
          state.setSelection({ modules: [], edges: [edgeId] });
          if (edge) host.viewport?.centerOn(edge.target);
        } else if (typeof moduleId === 'string') {
          state.setSelection({ modules: [moduleId], edges: [] });
          host.viewport?.centerOn(moduleId);
        }
      },
    },
    {
      id: 'platforms.setPlan',
      label: 'Change a platform plan',
      group: 'cost',
      icon: 'tag',
      // Run with a SetPlanPayload by the platforms panel: one undo step; a refused number is said in a toast.
      hidden: true,
      // Its code (the recipes and the platforms' table) is loadedLater's.
      run: (ctx) => later.edit((code) => code.setPlan(store, ctx?.payload)),
    },
    {
      id: 'platforms.resetPlans',
      label: 'Reset a platform’s plans to the defaults',
      group: 'cost',
      icon: 'rotate-ccw',
      // Run with { platform } by the platforms panel.
      hidden: true,
      run: (ctx) => later.edit((code) => code.resetPlans(store, ctx?.payload)),
    },
    {
      id: 'view.search',
      label: 'Find module…',
      group: 'view',
      shortcut: ['Mod+F'],
      icon: 'search',
      run: () => store.getState().openDialog('search'),
    },
    {
      id: 'view.palette',
      label: 'Add module…',
      group: 'edit',
      shortcut: ['Mod+K'],
      icon: 'plus',
      run: () => store.getState().openDialog('palette'),
    },
    // The trace of one simulated run (the Trace tab): the arrows step while that panel has focus.
    {
      id: 'trace.run',
      label: 'Trace a simulated run',
      group: 'view',
      icon: 'footprints',
      enabled: (s) => host.trace !== undefined && s.flow.modules.length > 0,
      run: (ctx) => {
        const seed = (ctx?.payload as { seed?: unknown } | undefined)?.seed;
        host.showDockTab?.('trace');
        return host.trace?.run(typeof seed === 'number' && Number.isFinite(seed) ? seed : undefined);
      },
    },
    {
      id: 'trace.nextRun',
      label: 'Trace the next run',
      group: 'view',
      icon: 'skip-forward',
      enabled: (s) => host.trace !== undefined && s.flow.modules.length > 0,
      run: () => {
        host.showDockTab?.('trace');
        return host.trace?.nextRun();
      },
    },
    ...traceSteps(host),
    {
      id: 'help.shortcuts',
      label: 'Keyboard shortcuts',
      group: 'view',
      shortcut: ['?'],
      icon: 'keyboard',
      run: () => store.getState().openDialog('shortcuts'),
    },
  ];

  const byId = new Map(list.map((c) => [c.id, c]));
  const isEnabled = (command: Command, state: EditorState = store.getState()): boolean =>
    command.enabled ? command.enabled(state) : true;
  const match = (event: KeyEventLike): Command | undefined => {
    if (event.key !== 'Escape' && isTypingTarget(event.target)) return undefined;
    return list.find((c) => c.shortcut?.some((s) => shortcutMatches(s, event, host.mac)));
  };

  return {
    list,
    layout,
    queue: later.status,
    preload: later.preload,
    get: (id) => byId.get(id),
    isEnabled,
    async run(id, payload) {
      const command = byId.get(id);
      if (!command || !isEnabled(command)) return false;
      await command.run(payload === undefined ? {} : { payload });
      return true;
    },
    shortcutLabel(command) {
      const first = command.shortcut?.[0];
      return first ? formatShortcut(first, host.mac) : '';
    },
    match,
    installKeyboardShortcuts(target) {
      const onKeyDown = (event: KeyboardEvent) => {
        if (event.defaultPrevented || event.isComposing) return;
        const command = match(event);
        if (!command) return;
        // Copy, cut and paste arrive as clipboard events (below) so the browser's clipboard is used.
        if (CLIPBOARD_COMMANDS.has(command.id)) return;
        if (!isEnabled(command)) return;
        // Escape in a field with no dialog open leaves the field, and keeps the selection.
        if (command.id === 'select.none' && isTypingTarget(event.target) && store.getState().ui.dialog === null) {
          (event.target as { blur?: () => void }).blur?.();
          return;
        }
        event.preventDefault();
        void command.run();
      };
      const onCopyOrCut = (cut: boolean) => (event: Event) => {
        const e = event as unknown as ClipboardEventLike;
        if (isTypingTarget(e.target) || hasTextSelection(target)) return;
        if (store.getState().selection.modules.length === 0) return;
        const code = later.loaded();
        if (!code || (cut && !later.idle())) {
          // Its code is not here yet (a copy within moments of the first paint), or a cut comes after
          // an edit still on its way (a paste reading the clipboard): it takes its turn, and the copy
          // goes to the system clipboard through its API, and to this editor's memory.
          const selection = selected();
          void (cut ? later.edit : later.run)((c) => {
            if (c.copyModules(host, memory, selection, cut ? 'cut' : 'copied') !== null && cut) deleteSelection('Cut', selection);
          });
          return;
        }
        const text = code.copyModules(host, memory);
        if (text === null) return;
        e.clipboardData?.setData('text/plain', text);
        e.preventDefault();
        if (cut) deleteSelection('Cut');
      };
      const onPaste = (event: Event) => {
        const e = event as unknown as ClipboardEventLike;
        if (isTypingTarget(e.target)) return;
        const text = e.clipboardData?.getData('text/plain');
        e.preventDefault();
        void later.edit((code, waiting) => code.pasteModules(host, memory, text === undefined ? {} : { clipboardText: text }, waiting));
      };
      const onCopy = onCopyOrCut(false);
      const onCut = onCopyOrCut(true);
      target.addEventListener('keydown', onKeyDown);
      target.addEventListener('copy', onCopy);
      target.addEventListener('cut', onCut);
      target.addEventListener('paste', onPaste);
      return () => {
        target.removeEventListener('keydown', onKeyDown);
        target.removeEventListener('copy', onCopy);
        target.removeEventListener('cut', onCut);
        target.removeEventListener('paste', onPaste);
      };
    },
  };
}
