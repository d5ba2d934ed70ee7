/**
 * The editor store: the flow document, the selection, the undo history, the UI slice
 * (dialogs, toggles, toast) and the storage status.
 *
 * Every change to the document goes through `edit(label, recipe)`: one immer producer
 * that records patches and inverse patches. A step of history is one user gesture:
 * `beginGesture` / `endGesture` merge every edit in between (a drag, a typing session)
 * into one step. The UI slice and the selection are not part of the document and never
 * enter the history (an undo step only remembers the selection around it, to restore it).
 */
import { createStore } from 'zustand/vanilla';
import { applyPatches, enablePatches, freeze, produceWithPatches, type Patch } from 'immer';
import { noteFlowChange } from './flowChanges';
import type { Flow } from '../model/types';
import { CURRENT_VERSION } from '../io/fileVersion';
import { flowTooLarge } from '../io/limits';
import type { ImportReport } from '../io/import/report';

enablePatches();

export interface Selection {
  modules: string[];
  edges: string[];
}

/** One undo step: what it did, and how to take it back. */
export interface HistoryStep {
  label: string;
  patches: Patch[];
  inversePatches: Patch[];
  /** Selection just before the step (restored on undo) and just after it (restored on redo). */
  selectionBefore: Selection;
  selectionAfter: Selection;
}

/** What the import report dialog shows: the report, the file it came from, and whether the flow was laid out. */
export interface LastImport {
  report: ImportReport;
  fileName?: string;
  /** The flow was laid out (elkjs) because its positions were missing or stacked. */
  laidOut: boolean;
}

export type DialogKind =
  | 'import'
  | 'export'
  | 'importErrors'
  | 'importReport'
  | 'search'
  | 'palette'
  | 'shortcuts'
  | 'confirm'
  | 'library'
  | 'versions';
export interface Dialog {
  kind: DialogKind;
  payload?: unknown;
}
export type ToastKind = 'info' | 'warning' | 'error';
export interface Toast {
  /** A new number for every toast shown, so a toast that replaces another restarts its timer. */
  id: number;
  kind: ToastKind;
  message: string;
}

/**
 * Where the flow on the canvas came from, when it was imported from another platform's file
 * (n8n, Make, Altan): the platforms panel opens on it and highlights that platform. It holds for
 * the document loaded at `loadSerial` only: any other document loaded after it makes it stale.
 */
export interface ImportSource {
  format: 'altan' | 'n8n' | 'make';
  loadSerial: number;
}

/**
 * What the canvas is compared with (a file, a version): a flow outside the document and its
 * history. The comparison itself is derived from it and the document (store/compare.ts).
 */
export interface CompareBase {
  flow: Flow;
  /** What it is, for people: the file's name, the version's name. */
  label: string;
  /**
   * Another flow to compare with it instead of the document (two versions with each other): the
   * new side. The canvas still shows the document, so nothing is marked on it; the table says it all.
   */
  against?: { flow: Flow; label: string };
}

export interface UiState {
  dialog: Dialog | null;
  snapToGrid: boolean;
  heatmap: boolean;
  activeScenarioId: string | null;
  inspectorTab?: string;
  toast: Toast | null;
  /** The last import from another platform's file, or null (see ImportSource). */
  importedFrom: ImportSource | null;
  /** The flow the document is being compared with, or null (not comparing). */
  compare: CompareBase | null;
}

/** What the autosave last did. `conflict` is set when another tab saved a different flow. */
export interface StorageConflict {
  /** The other tab's flow, as stored (flow file text). */
  flowText: string;
  savedAt: number;
  tabId: string;
}
/** A saved flow that could not be read on start: where it is and what was wrong. */
export interface UnreadableCopy {
  /** The key that holds it: a backup key, or the flow's own key when it could not be moved aside. */
  key: string;
  /** Why it was refused, for a person. */
  problem: string;
  /** Left under the flow's own key (no room for a copy): autosave holds off until it is downloaded. */
  leftInPlace: boolean;
  /** Whether its JSON reads, so keeping what parses can be tried. */
  repairable: boolean;
  /**
   * Readable, only not opened: a large working copy whose reading was cancelled at start and that
   * could not be kept in the library (editor/restoreInWorker.ts); its text is the flow's file.
   */
  unopened?: boolean;
}
export interface StorageStatus {
  /**
   * idle: nothing saved yet in this session; saved: the flow in memory is stored;
   * pending: a save is scheduled; error: the last save failed (see `message`);
   * unavailable: the browser gives no storage; conflict: another tab saved, autosave waits
   * for the user's choice; held: the unreadable saved flow was left in place, and autosave
   * waits until the user downloads it, so it is never overwritten; opening: a large saved flow is
   * being reopened (read in the worker, a placeholder shown) and nothing is saved until it is settled
   * (editor/restoreInWorker.ts; the autosave's start ends it); unsaved: the flow shown is the sample,
   * stored nowhere yet (a first visit, or the saved data moved aside): nothing of the user's to save,
   * and their first change is saved.
   */
  state: 'idle' | 'pending' | 'saved' | 'error' | 'unavailable' | 'conflict' | 'held' | 'opening' | 'unsaved';
  /** A sentence for the user when state is error / unavailable / conflict. */
  message?: string;
  lastSavedAt?: number;
  conflict: StorageConflict | null;
  /** Something the user should know from the last restore (e.g. corrupt data moved aside). */
  notice?: string;
  /** The saved flow refused on start, until the user has dealt with it. */
  unreadable?: UnreadableCopy | null;
}

export interface EditorState {
  flow: Flow;
  selection: Selection;
  past: HistoryStep[];
  future: HistoryStep[];
  canUndo: boolean;
  canRedo: boolean;
  /** Label of the open gesture, or null. */
  gesture: string | null;
  ui: UiState;
  storage: StorageStatus;
  /** Counts the documents loaded (start, new, sample, import): the canvas shows a new one from its start. */
  loadSerial: number;
  /**
   * The document as it was last opened (new flow, sample, file) or exported; null when it may
   * hold edits that are in no file (a flow restored from the browser's storage). While `flow`
   * is this very object, replacing it loses nothing a file does not keep.
   */
  fileFlow: Flow | null;
  /** The report of the last import from Altan, n8n or Make (File → Last import report…), until another import replaces it. */
  lastImport: LastImport | null;

  /**
   * Changes the document in one undo step (or inside the open gesture). Returns what the
   * recipe returns. A recipe that changes nothing records nothing.
   */
  edit<R>(label: string, recipe: (draft: Flow) => R): R;
  /** Opens a gesture: every edit until endGesture is one undo step, named `label`. Does not nest. */
  beginGesture(label: string): void;
  endGesture(): void;
  undo(): void;
  redo(): void;
  /**
   * Undoes or redoes to a point of the history in one change: `position` counts the steps
   * applied (0 = before the oldest step kept, past.length = now, past.length + future.length =
   * after the last undone step). Out-of-range positions are clamped.
   */
  goTo(position: number): void;
  /** Replaces the document (new flow, sample, import, reload from another tab): undoable, clears the selection. */
  loadFlow(flow: Flow, label: string): void;
  /** Replaces the document and forgets the history (app start, tests); `inFile: false` when the flow may hold edits no file has. */
  resetFlow(flow: Flow, options?: { inFile?: boolean }): void;
  /** The document as it is now is in a file (it was just exported). */
  markInFile(): void;

  setSelection(selection: Partial<Selection>): void;
  selectAll(): void;
  clearSelection(): void;

  openDialog(kind: DialogKind, payload?: unknown): void;
  closeDialog(): void;
  setSnapToGrid(on: boolean): void;
  setHeatmap(on: boolean): void;
  setActiveScenario(id: string | null): void;
  setInspectorTab(tab: string | undefined): void;
  /**
   * Notes the format of the file just imported (after `loadFlow`): another platform's (n8n, Make,
   * Altan) becomes `ui.importedFrom` for this document; a Creditflow file clears it.
   */
  noteImportSource(format: ImportSource['format'] | 'creditflow'): void;
  /** Starts comparing the document with another flow (replacing any comparison), or ends it (null). */
  setCompare(base: CompareBase | null): void;
  showToast(kind: ToastKind, message: string): void;
  clearToast(): void;
  setStorageStatus(patch: Partial<StorageStatus>): void;
  /** Keeps an import's report to show again (null: the last import had none to show). */
  setLastImport(entry: LastImport | null): void;
}

/**
 * Why `next` may not replace `flow`: it has more modules or edges than a flow file may hold, and
 * more than `flow` had (a flow already above them, which no file can give, is not made to shrink).
 */
function growsPastLimits(flow: Flow, next: Flow): string | null {
  const modules = next.modules.length > flow.modules.length ? next.modules.length : 0;
  const edges = next.edges.length > flow.edges.length ? next.edges.length : 0;
  return flowTooLarge(modules, edges)?.message ?? null;
}

/** The most undo steps kept; older ones are dropped. */
export const HISTORY_LIMIT = 200;

export function emptyFlow(name = 'Untitled flow'): Flow {
  return { format: 'creditflow', version: CURRENT_VERSION, name, settings: {}, modules: [], edges: [] };
}

const EMPTY_SELECTION: Selection = { modules: [], edges: [] };

export const initialUi: UiState = {
  dialog: null,
  snapToGrid: true,
  heatmap: false,
  activeScenarioId: null,
  toast: null,
  importedFrom: null,
  compare: null,
};

const initialStorage: StorageStatus = { state: 'idle', conflict: null };

/** The gesture being recorded: patches accumulate here until endGesture. */
interface OpenGesture {
  label: string;
  patches: Patch[];
  inversePatches: Patch[];
  selectionBefore: Selection;
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The selection without ids the flow no longer holds (same object when nothing is dropped). */
export function pruneSelection(flow: Flow, selection: Selection): Selection {
  if (selection.modules.length === 0 && selection.edges.length === 0) return selection;
  const moduleIds = new Set(flow.modules.map((m) => m.id));
  const edgeIds = new Set(flow.edges.map((e) => e.id));
  const modules = selection.modules.filter((id) => moduleIds.has(id));
  const edges = selection.edges.filter((id) => edgeIds.has(id));
  if (modules.length === selection.modules.length && edges.length === selection.edges.length) return selection;
  return { modules, edges };
}

/**
 * Whether patches may have removed a module or an edge: a change to the module or edge list
 * itself (not inside one element, like a move or an assumption). Saves a scan per drag frame.
 */
function changesMembership(patches: readonly Patch[]): boolean {
  for (const p of patches) {
    if (p.path.length === 0) return true;
    if (p.path.length <= 2 && (p.path[0] === 'modules' || p.path[0] === 'edges')) return true;
  }
  return false;
}

/** The UI slice without an active scenario that the flow no longer has (same object when fine). */
function uiFor(flow: Flow, ui: UiState): UiState {
  const id = ui.activeScenarioId;
  if (id === null || (flow.scenarios ?? []).some((s) => s.id === id)) return ui;
  return { ...ui, activeScenarioId: null };
}

function pushStep(past: HistoryStep[], step: HistoryStep): HistoryStep[] {
  const next = past.length >= HISTORY_LIMIT ? past.slice(past.length - HISTORY_LIMIT + 1) : past.slice();
  next.push(step);
  return next;
}

/** Creates an editor store: each editor instance (src/editor) owns one; tests make as many as they like. */
export function createEditorStore(initialFlow: Flow = emptyFlow()) {
  let gesture: OpenGesture | null = null;
  let toasts = 0;

  return createStore<EditorState>()((set, get) => {
    /** Records a finished change as one undo step. */
    const commit = (step: HistoryStep) => {
      const past = pushStep(get().past, step);
      set({ past, future: [], canUndo: true, canRedo: false });
    };

    const closeGesture = () => {
      const open = gesture;
      gesture = null;
      if (!open) return;
      set({ gesture: null });
      if (open.patches.length === 0) return;
      commit({
        label: open.label,
        patches: open.patches,
        inversePatches: open.inversePatches,
        selectionBefore: open.selectionBefore,
        selectionAfter: get().selection,
      });
    };

    const initial = freeze(initialFlow, true);
    return {
      flow: initial,
      fileFlow: initial,
      selection: EMPTY_SELECTION,
      past: [],
      future: [],
      canUndo: false,
      canRedo: false,
      gesture: null,
      ui: initialUi,
      storage: initialStorage,
      loadSerial: 0,
      lastImport: null,

      edit(label, recipe) {
        const state = get();
        let result: ReturnType<typeof recipe> | undefined;
        const [next, patches, inversePatches] = produceWithPatches(state.flow, (draft: Flow) => {
          result = recipe(draft);
        });
        if (patches.length === 0) return result as ReturnType<typeof recipe>;
        // A flow never grows past the limits the file reader applies (FILE_LIMITS): saved, it could not be opened again.
        const tooLarge = growsPastLimits(state.flow, next);
        if (tooLarge) {
          get().showToast('error', `${tooLarge} Nothing was added.`);
          return result as ReturnType<typeof recipe>;
        }
        noteFlowChange(state.flow, next, patches);
        const selection = changesMembership(patches) ? pruneSelection(next, state.selection) : state.selection;
        if (gesture) {
          gesture.patches.push(...patches);
          gesture.inversePatches = inversePatches.concat(gesture.inversePatches);
          // The document moved on: what was undone can no longer be redone.
          set({ flow: next, selection, ui: uiFor(next, state.ui), future: [], canRedo: false });
        } else {
          set({ flow: next, selection, ui: uiFor(next, state.ui) });
          commit({ label, patches, inversePatches, selectionBefore: state.selection, selectionAfter: selection });
        }
        return result as ReturnType<typeof recipe>;
      },

      beginGesture(label) {
        // Gestures do not nest: a begin without its end (a lost pointer-up) closes the open one
        // as its own step, so a missed end can never swallow later edits into one step.
        closeGesture();
        gesture = { label, patches: [], inversePatches: [], selectionBefore: get().selection };
        set({ gesture: label });
      },

      endGesture() {
        closeGesture();
      },

      undo() {
        closeGesture();
        const { past, future, flow } = get();
        const step = past[past.length - 1];
        if (!step) return;
        const previous = applyPatches(flow, step.inversePatches);
        noteFlowChange(flow, previous, step.inversePatches);
        const nextPast = past.slice(0, -1);
        set({
          flow: previous,
          past: nextPast,
          future: [...future, step],
          canUndo: nextPast.length > 0,
          canRedo: true,
          selection: pruneSelection(previous, step.selectionBefore),
          ui: uiFor(previous, get().ui),
        });
      },

      redo() {
        closeGesture();
        const { past, future, flow } = get();
        const step = future[future.length - 1];
        if (!step) return;
        const next = applyPatches(flow, step.patches);
        noteFlowChange(flow, next, step.patches);
        const nextFuture = future.slice(0, -1);
        set({
          flow: next,
          past: pushStep(past, step),
          future: nextFuture,
          canUndo: true,
          canRedo: nextFuture.length > 0,
          selection: pruneSelection(next, step.selectionAfter),
          ui: uiFor(next, get().ui),
        });
      },

      goTo(position) {
        closeGesture();
        const { past, future, flow, selection } = get();
        const target = Math.max(0, Math.min(Math.trunc(position), past.length + future.length));
        if (target === past.length) return;
        let now = flow;
        let nextPast = past;
        let nextFuture = future;
        let nextSelection = selection;
        if (target < past.length) {
          const undone = past.slice(target).reverse();
          for (const step of undone) now = applyPatches(now, step.inversePatches);
          nextPast = past.slice(0, target);
          nextFuture = [...future, ...undone];
          nextSelection = undone[undone.length - 1]!.selectionBefore;
        } else {
          const redone = future.slice(future.length - (target - past.length)).reverse();
          for (const step of redone) now = applyPatches(now, step.patches);
          nextPast = past.concat(redone);
          nextFuture = future.slice(0, future.length - redone.length);
          nextSelection = redone[redone.length - 1]!.selectionAfter;
        }
        set({
          flow: now,
          past: nextPast,
          future: nextFuture,
          canUndo: nextPast.length > 0,
          canRedo: nextFuture.length > 0,
          selection: pruneSelection(now, nextSelection),
          ui: uiFor(now, get().ui),
        });
      },

      loadFlow(flow, label) {
        closeGesture();
        const state = get();
        const [next, patches, inversePatches] = produceWithPatches(state.flow, () => flow);
        // Another document: its scenarios are its own, even when an id matches; show the base flow.
        // A comparison was with the document being replaced: it ends.
        const ui =
          state.ui.activeScenarioId === null && state.ui.compare === null
            ? state.ui
            : { ...state.ui, activeScenarioId: null, compare: null };
        set({ flow: next, selection: EMPTY_SELECTION, ui, loadSerial: state.loadSerial + 1, fileFlow: next });
        if (patches.length > 0) {
          commit({ label, patches, inversePatches, selectionBefore: state.selection, selectionAfter: EMPTY_SELECTION });
        }
      },

      resetFlow(flow, options) {
        gesture = null;
        const frozen = freeze(flow, true);
        set({
          flow: frozen,
          fileFlow: options?.inFile === false ? null : frozen,
          selection: EMPTY_SELECTION,
          past: [],
          future: [],
          canUndo: false,
          canRedo: false,
          gesture: null,
          ui: { ...get().ui, activeScenarioId: null, compare: null },
          loadSerial: get().loadSerial + 1,
        });
      },

      markInFile() {
        set({ fileFlow: get().flow });
      },

      setSelection(partial) {
        const current = get().selection;
        const modules = partial.modules ?? current.modules;
        const edges = partial.edges ?? current.edges;
        if (sameIds(modules, current.modules) && sameIds(edges, current.edges)) return;
        set({ selection: { modules, edges } });
      },

      selectAll() {
        const { flow } = get();
        set({ selection: { modules: flow.modules.map((m) => m.id), edges: flow.edges.map((e) => e.id) } });
      },

      clearSelection() {
        const current = get().selection;
        if (current.modules.length === 0 && current.edges.length === 0) return;
        set({ selection: EMPTY_SELECTION });
      },

      openDialog(kind, payload) {
        set({ ui: { ...get().ui, dialog: payload === undefined ? { kind } : { kind, payload } } });
      },
      closeDialog() {
        if (get().ui.dialog === null) return;
        set({ ui: { ...get().ui, dialog: null } });
      },
      setSnapToGrid(on) {
        set({ ui: { ...get().ui, snapToGrid: on } });
      },
      setHeatmap(on) {
        set({ ui: { ...get().ui, heatmap: on } });
      },
      setActiveScenario(id) {
        set({ ui: { ...get().ui, activeScenarioId: id } });
      },
      setInspectorTab(tab) {
        set({ ui: { ...get().ui, inspectorTab: tab } });
      },
      noteImportSource(format) {
        const state = get();
        const importedFrom = format === 'creditflow' ? null : { format, loadSerial: state.loadSerial };
        if (importedFrom === null && state.ui.importedFrom === null) return;
        set({ ui: { ...state.ui, importedFrom } });
      },
      setCompare(base) {
        if (base === null && get().ui.compare === null) return;
        const compare: CompareBase | null =
          base === null
            ? null
            : { flow: freeze(base.flow, true), label: base.label, ...(base.against ? { against: { flow: freeze(base.against.flow, true), label: base.against.label } } : {}) };
        set({ ui: { ...get().ui, compare } });
      },
      showToast(kind, message) {
        toasts += 1;
        set({ ui: { ...get().ui, toast: { id: toasts, kind, message } } });
      },
      clearToast() {
        if (get().ui.toast === null) return;
        set({ ui: { ...get().ui, toast: null } });
      },
      setStorageStatus(patch) {
        set({ storage: { ...get().storage, ...patch } });
      },
      setLastImport(entry) {
        set({ lastImport: entry });
      },
    };
  });
}

export type EditorStore = ReturnType<typeof createEditorStore>;
