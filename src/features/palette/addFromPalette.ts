/**
 * Click / Enter on a palette item: add the module below the selected module and connect it
 * when the model's rules allow, or at the centre of the view when nothing is selected.
 * One edit() = one undo step; the new module becomes the selection.
 */
import { useEditor, type EditorStore } from '../../store/editor';
import { addModule, connect } from '../../store/operations';
import { kindOf } from '../../model/modules/registry';
import type { Flow, Module, ModuleType, Position } from '../../model/types';

/** Vertical distance between a module and the one added below it. */
export const ROW_GAP = 150;
/** Horizontal step when the place below is taken. */
export const COLUMN_GAP = 260;

let centreOfView: (() => Position | undefined) | null = null;

/**
 * The canvas tells the palette where the centre of the visible canvas is (in flow
 * coordinates), so a module added with nothing selected appears in view.
 */
export function setCentreOfView(get: (() => Position | undefined) | null): void {
  centreOfView = get;
}

function taken(flow: Flow, at: Position): boolean {
  return flow.modules.some((m) => Math.abs(m.position.x - at.x) < COLUMN_GAP * 0.8 && Math.abs(m.position.y - at.y) < ROW_GAP * 0.6);
}

/** The first free place below `anchor`: straight below, else alternately right and left of it. */
export function placeBelow(flow: Flow, anchor: Module): Position {
  const y = anchor.position.y + ROW_GAP;
  for (let step = 0; step < 50; step++) {
    const side = step === 0 ? 0 : step % 2 === 1 ? Math.ceil(step / 2) : -Math.ceil(step / 2);
    const at = { x: anchor.position.x + side * COLUMN_GAP, y };
    if (!taken(flow, at)) return at;
  }
  return { x: anchor.position.x, y };
}

/** Where a module goes when nothing is selected: the centre of the view, else below everything. */
export function placeUnanchored(flow: Flow): Position {
  const centre = centreOfView?.();
  if (centre && Number.isFinite(centre.x) && Number.isFinite(centre.y)) {
    let at = { x: Math.round(centre.x), y: Math.round(centre.y) };
    for (let i = 0; i < 20 && taken(flow, at); i++) at = { x: at.x + 40, y: at.y + 40 };
    return at;
  }
  if (flow.modules.length === 0) return { x: 0, y: 0 };
  const lowest = flow.modules.reduce((a, b) => (b.position.y > a.position.y ? b : a));
  const xs = flow.modules.map((m) => m.position.x);
  return { x: Math.round((Math.min(...xs) + Math.max(...xs)) / 2), y: lowest.position.y + ROW_GAP };
}

export interface AddedModule {
  id: string;
  /** The new edge from the selected module, when the rules allowed one. */
  edgeId?: string;
  /** Why it was not connected, when it was not. */
  notConnected?: string;
}

/** Adds a module of `type` next to the selected module (connected when allowed) and selects it. */
export function addFromPalette(type: ModuleType, store: EditorStore = useEditor): AddedModule {
  const { flow, selection } = store.getState();
  const anchorId = selection.modules.length >= 1 ? selection.modules[selection.modules.length - 1] : undefined;
  const anchor = anchorId === undefined ? undefined : flow.modules.find((m) => m.id === anchorId);
  const position = anchor ? placeBelow(flow, anchor) : placeUnanchored(flow);
  const result = store.getState().edit(`Add ${kindOf(type).label.toLowerCase()}`, (draft): AddedModule => {
    const id = addModule(draft, type, position);
    if (!anchor) return { id };
    const link = connect(draft, anchor.id, id);
    return link.ok ? { id, edgeId: link.edgeId } : { id, notConnected: link.reason };
  });
  store.getState().setSelection({ modules: [result.id], edges: [] });
  if (result.notConnected) store.getState().showToast('info', `Added, but not connected: ${result.notConnected}`);
  return result;
}
