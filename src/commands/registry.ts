/**
 * One registry of user actions. The toolbar, the keyboard, context menus and the command
 * palette all read it, so a shortcut, a label or an enabled state is defined once.
 */
import { useEditor, type EditorState } from '../store/editor';
import { removeElements, moveModules, addModule, connect } from '../store/operations';
import { clipboardText, copySelection, parseClipboard, pasteInto, type ClipboardData } from '../store/clipboard';
import type { Position } from '../model/types';
import { getViewportController } from './viewport';
import { computeLayout } from './layout';
import { formatShortcut, isTypingTarget, shortcutMatches, type KeyEventLike } from './shortcuts';
import { exportFlow, newFlow, openSample } from './files';
import { keepMine, reloadTheirs } from '../store/persistence';

export { formatShortcut, setMacPlatform, isMac } from './shortcuts';
export type { KeyEventLike } from './shortcuts';
export { setDownloader } from './files';

export type CommandGroup = 'file' | 'edit' | 'view' | 'select' | 'cost';

export interface CommandContext {
  /** What the caller passes along (a sample id for file.openSample). */
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
  run(ctx?: CommandContext): void | Promise<void>;
  enabled?(state: EditorState): boolean;
}

// ---------------------------------------------------------------------------------------
// The clipboard: the system clipboard when the browser allows it, else this tab's memory.

export interface ClipboardAdapter {
  writeText(text: string): Promise<void>;
  readText(): Promise<string>;
}

function systemClipboard(): ClipboardAdapter | null {
  const nav = (globalThis as { navigator?: { clipboard?: ClipboardAdapter } }).navigator;
  return nav?.clipboard ?? null;
}

let clipboardAdapter: ClipboardAdapter | null | undefined;
/** Replaces the system clipboard (tests; null = no system clipboard, memory only). */
export function setClipboardAdapter(adapter: ClipboardAdapter | null | undefined): void {
  clipboardAdapter = adapter;
}
function activeClipboard(): ClipboardAdapter | null {
  return clipboardAdapter === undefined ? systemClipboard() : clipboardAdapter;
}

/** What this tab copied last, and how many times it has been pasted (each paste lands further off). */
let memory: { data: ClipboardData; text: string; pastes: number } | null = null;

/** Forgets this tab's clipboard (tests). */
export function clearMemoryClipboard(): void {
  memory = null;
}

const PASTE_STEP = 40;

/** Copies the selected modules; returns the clipboard text (also written to the system clipboard). */
export function copyToClipboard(): string | null {
  const { flow, selection } = useEditor.getState();
  if (selection.modules.length === 0) return null;
  const data = copySelection(flow, selection);
  const text = clipboardText(data);
  memory = { data, text, pastes: 0 };
  const system = activeClipboard();
  if (system) {
    system.writeText(text).catch(() => {
      // No permission or no focus: this tab's memory still holds the copy.
    });
  }
  return text;
}

/** Where to paste: a canvas point for the top-left module of the pasted group (context menu "Paste here"). */
function pastePoint(payload: unknown): Position | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const { x, y } = payload as { x?: unknown; y?: unknown };
  return typeof x === 'number' && typeof y === 'number' && Number.isFinite(x) && Number.isFinite(y) ? { x, y } : undefined;
}

function pasteData(data: ClipboardData, label: string, offsetSteps: number, at?: Position): void {
  const state = useEditor.getState();
  let offset = { x: PASTE_STEP * offsetSteps, y: PASTE_STEP * offsetSteps };
  if (at && data.modules.length > 0) {
    const left = Math.min(...data.modules.map((m) => m.position.x));
    const top = Math.min(...data.modules.map((m) => m.position.y));
    offset = { x: at.x - left, y: at.y - top };
  }
  const pasted = state.edit(label, (draft) => pasteInto(draft, data, offset));
  state.setSelection(pasted);
}

function looksLikeFlowFile(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && (value as { format?: unknown }).format === 'creditflow';
  } catch {
    return false;
  }
}

export async function pasteFromClipboard(ctx?: CommandContext): Promise<void> {
  let text = ctx?.clipboardText;
  if (text === undefined) {
    const system = activeClipboard();
    if (system) {
      try {
        text = await system.readText();
      } catch {
        text = undefined;
      }
    }
  }
  const state = useEditor.getState();
  if (text !== undefined && text.trim() !== '') {
    const data = parseClipboard(text);
    if (data) {
      const steps = memory && memory.text === text ? ++memory.pastes : 1;
      pasteData(data, 'Paste', steps, pastePoint(ctx?.payload));
      return;
    }
    if (looksLikeFlowFile(text)) {
      // A whole flow file: offer it as an import, which shows what is wrong with it, if anything.
      state.openDialog('import', { text });
      return;
    }
  }
  if (memory) {
    pasteData(memory.data, 'Paste', ++memory.pastes, pastePoint(ctx?.payload));
    return;
  }
  state.showToast('info', 'Nothing to paste: copy some modules first.');
}

// ---------------------------------------------------------------------------------------
// Commands

const hasSelection = (s: EditorState) => s.selection.modules.length > 0 || s.selection.edges.length > 0;
const hasModulesSelected = (s: EditorState) => s.selection.modules.length > 0;
const hasViewport = () => getViewportController() !== null;

function deleteSelection(label: string): void {
  const state = useEditor.getState();
  const { modules, edges } = state.selection;
  if (modules.length === 0 && edges.length === 0) return;
  state.edit(label, (draft) => removeElements(draft, { modules, edges }));
  useEditor.getState().clearSelection();
}

/** An auto-layout is being computed (elkjs loads and runs asynchronously): a second click waits. */
let layoutRunning = false;

const COMMANDS: Command[] = [
  // File
  {
    id: 'file.new',
    label: 'New flow',
    group: 'file',
    icon: 'file-plus',
    run: () => newFlow(),
  },
  {
    id: 'file.openSample',
    label: 'Open sample flow',
    group: 'file',
    icon: 'book-open',
    run: async (ctx) => {
      await openSample(typeof ctx?.payload === 'string' ? ctx.payload : undefined);
    },
  },
  {
    id: 'file.import',
    label: 'Import JSON…',
    group: 'file',
    shortcut: ['Mod+O'],
    icon: 'upload',
    run: () => useEditor.getState().openDialog('import'),
  },
  {
    id: 'file.export',
    label: 'Export JSON',
    group: 'file',
    shortcut: ['Mod+S'],
    icon: 'download',
    run: () => exportFlow(),
  },
  {
    id: 'file.reloadTheirs',
    label: 'Load the flow saved in the other tab',
    group: 'file',
    icon: 'refresh-cw',
    enabled: (s) => s.storage.conflict !== null,
    run: () => reloadTheirs(),
  },
  {
    id: 'file.keepMine',
    label: 'Keep this flow (overwrite the other tab’s save)',
    group: 'file',
    icon: 'save',
    enabled: (s) => s.storage.conflict !== null,
    run: () => keepMine(),
  },
  // Edit
  {
    id: 'edit.undo',
    label: 'Undo',
    group: 'edit',
    shortcut: ['Mod+Z'],
    icon: 'undo-2',
    enabled: (s) => s.canUndo || s.gesture !== null,
    run: () => useEditor.getState().undo(),
  },
  {
    id: 'edit.redo',
    label: 'Redo',
    group: 'edit',
    shortcut: ['Mod+Shift+Z', 'Mod+Y'],
    icon: 'redo-2',
    enabled: (s) => s.canRedo,
    run: () => useEditor.getState().redo(),
  },
  {
    id: 'edit.copy',
    label: 'Copy',
    group: 'edit',
    shortcut: ['Mod+C'],
    icon: 'copy',
    enabled: hasModulesSelected,
    run: () => {
      copyToClipboard();
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
      if (copyToClipboard() !== null) deleteSelection('Cut');
    },
  },
  {
    id: 'edit.paste',
    label: 'Paste',
    group: 'edit',
    shortcut: ['Mod+V'],
    icon: 'clipboard-paste',
    run: (ctx) => pasteFromClipboard(ctx),
  },
  {
    id: 'edit.duplicate',
    label: 'Duplicate',
    group: 'edit',
    shortcut: ['Mod+D'],
    icon: 'copy-plus',
    enabled: hasModulesSelected,
    run: () => {
      const { flow, selection } = useEditor.getState();
      if (selection.modules.length === 0) return;
      pasteData(copySelection(flow, selection), 'Duplicate', 1);
    },
  },
  {
    id: 'edit.delete',
    label: 'Delete',
    group: 'edit',
    shortcut: ['Delete', 'Backspace'],
    icon: 'trash-2',
    enabled: hasSelection,
    run: () => deleteSelection('Delete'),
  },
  // Select
  {
    id: 'select.all',
    label: 'Select all',
    group: 'select',
    shortcut: ['Mod+A'],
    icon: 'box-select',
    enabled: (s) => s.flow.modules.length > 0,
    run: () => useEditor.getState().selectAll(),
  },
  {
    id: 'select.none',
    label: 'Select none',
    group: 'select',
    shortcut: ['Escape'],
    icon: 'x',
    run: () => {
      const state = useEditor.getState();
      // Escape closes an open dialog first, then clears the selection.
      if (state.ui.dialog !== null) state.closeDialog();
      else state.clearSelection();
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
    run: () => getViewportController()?.fitView(),
  },
  {
    id: 'view.zoomIn',
    label: 'Zoom in',
    group: 'view',
    shortcut: ['+', '='],
    icon: 'zoom-in',
    enabled: hasViewport,
    run: () => getViewportController()?.zoomIn(),
  },
  {
    id: 'view.zoomOut',
    label: 'Zoom out',
    group: 'view',
    shortcut: ['-'],
    icon: 'zoom-out',
    enabled: hasViewport,
    run: () => getViewportController()?.zoomOut(),
  },
  {
    id: 'view.toggleSnap',
    label: 'Snap to grid',
    group: 'view',
    icon: 'grid-3x3',
    run: () => {
      const state = useEditor.getState();
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
      const state = useEditor.getState();
      state.setHeatmap(!state.ui.heatmap);
    },
  },
  {
    id: 'view.autoLayout',
    label: 'Auto-layout',
    group: 'view',
    shortcut: ['Shift+L'],
    icon: 'layout-grid',
    enabled: (s) => s.flow.modules.length > 0 && !layoutRunning,
    run: async () => {
      if (layoutRunning) return;
      const before = useEditor.getState().flow;
      layoutRunning = true;
      let moves;
      try {
        moves = await computeLayout(before);
      } catch {
        useEditor.getState().showToast('error', 'Auto-layout could not run (the layout engine failed to load). Try again.');
        return;
      } finally {
        layoutRunning = false;
      }
      const state = useEditor.getState();
      if (state.flow !== before) {
        // The flow changed while elk worked: apply only to modules that still exist.
        const ids = new Set(state.flow.modules.map((m) => m.id));
        state.edit('Auto-layout', (draft) => moveModules(draft, moves.filter((m) => ids.has(m.id))));
      } else {
        state.edit('Auto-layout', (draft) => moveModules(draft, moves));
      }
      getViewportController()?.fitView();
    },
  },
  {
    id: 'view.search',
    label: 'Find module…',
    group: 'view',
    shortcut: ['Mod+F'],
    icon: 'search',
    run: () => useEditor.getState().openDialog('search'),
  },
  {
    id: 'view.palette',
    label: 'Add module…',
    group: 'edit',
    shortcut: ['Mod+K'],
    icon: 'plus',
    run: () => useEditor.getState().openDialog('palette'),
  },
  {
    id: 'help.shortcuts',
    label: 'Keyboard shortcuts',
    group: 'view',
    shortcut: ['?'],
    icon: 'keyboard',
    run: () => useEditor.getState().openDialog('shortcuts'),
  },
];

const BY_ID = new Map(COMMANDS.map((c) => [c.id, c]));

export function getCommands(): readonly Command[] {
  return COMMANDS;
}

export function getCommand(id: string): Command | undefined {
  return BY_ID.get(id);
}

export function isEnabled(command: Command, state: EditorState = useEditor.getState()): boolean {
  return command.enabled ? command.enabled(state) : true;
}

/** Runs a command by id if it exists and is enabled; returns whether it ran. */
export async function runCommand(id: string, payload?: unknown): Promise<boolean> {
  const command = BY_ID.get(id);
  if (!command || !isEnabled(command)) return false;
  await command.run(payload === undefined ? {} : { payload });
  return true;
}

/** The first shortcut of a command as the user reads it, or ''. */
export function shortcutLabel(command: Command): string {
  const first = command.shortcut?.[0];
  return first ? formatShortcut(first) : '';
}

/**
 * The command a key event stands for. Events typed into an input, a textarea, a select or
 * an editable element belong to that field, except Escape.
 */
export function matchShortcut(event: KeyEventLike): Command | undefined {
  if (event.key !== 'Escape' && isTypingTarget(event.target)) return undefined;
  return COMMANDS.find((c) => c.shortcut?.some((s) => shortcutMatches(s, event)));
}

/** Handles copy / cut / paste as DOM clipboard events, which need no permission prompt. */
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

/**
 * Listens to the keyboard (and the clipboard events) on a window and runs the matching
 * commands. Returns a function that removes the listeners.
 */
export function installKeyboardShortcuts(target: Window): () => void {
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.defaultPrevented || event.isComposing) return;
    const command = matchShortcut(event);
    if (!command) return;
    // Copy, cut and paste arrive as clipboard events (below) so the browser's clipboard is used.
    if (CLIPBOARD_COMMANDS.has(command.id)) return;
    if (!isEnabled(command)) return;
    // Escape in a field with no dialog open leaves the field, and keeps the selection.
    if (command.id === 'select.none' && isTypingTarget(event.target) && useEditor.getState().ui.dialog === null) {
      (event.target as { blur?: () => void }).blur?.();
      return;
    }
    event.preventDefault();
    void command.run();
  };
  const onCopyOrCut = (cut: boolean) => (event: Event) => {
    const e = event as unknown as ClipboardEventLike;
    if (isTypingTarget(e.target) || hasTextSelection(target)) return;
    const state = useEditor.getState();
    if (state.selection.modules.length === 0) return;
    const text = copyToClipboard();
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
    void pasteFromClipboard(text === undefined ? {} : { clipboardText: text });
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
}

/**
 * Adds a module of a kind below the selected module (or at the origin), connected to it when
 * the rules allow: the palette's click / Enter. One undo step. Returns the new module's id.
 */
export function addModuleNearSelection(type: Parameters<typeof addModule>[1]): string {
  const state = useEditor.getState();
  const anchorId = state.selection.modules[state.selection.modules.length - 1];
  const anchor = state.flow.modules.find((m) => m.id === anchorId);
  const position = anchor ? { x: anchor.position.x, y: anchor.position.y + 140 } : { x: 0, y: 0 };
  const id = state.edit('Add module', (draft) => {
    const added = addModule(draft, type, position);
    if (anchor) connect(draft, anchor.id, added);
    return added;
  });
  useEditor.getState().setSelection({ modules: [id], edges: [] });
  return id;
}
