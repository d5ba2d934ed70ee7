import { useEditor } from '../../store/editor';
import { addModule, connect } from '../../store/operations';
import { kindOf } from '../../model/modules/registry';
import type { ModuleType, Position } from '../../model/types';
import { Palette } from '../palette/Palette';
import { addFromPalette } from '../palette/addFromPalette';
import { Dialog } from './Dialog';

/** What opens the palette as a dialog: an edge dropped on empty canvas, a right click, or Ctrl+K. */
export interface PalettePayload {
  /** Where to add the module (flow coordinates); without it, next to the selection. */
  position?: Position;
  /** Connect the new module after this one (an edge dragged from its bottom handle). */
  sourceId?: string;
  /** Connect the new module before this one (an edge dragged from its top handle). */
  targetId?: string;
}

export function isPalettePayload(value: unknown): value is PalettePayload {
  return typeof value === 'object' && value !== null;
}

/** Adds a module at a point and connects it, in one undo step; selects it. */
export function addConnectedModule(type: ModuleType, payload: PalettePayload): void {
  const state = useEditor.getState();
  if (!payload.position) {
    addFromPalette(type);
    return;
  }
  const position = payload.position;
  const result = state.edit(`Add ${kindOf(type).label.toLowerCase()}`, (draft) => {
    const id = addModule(draft, type, { x: Math.round(position.x), y: Math.round(position.y) });
    let reason: string | undefined;
    if (payload.sourceId) {
      const link = connect(draft, payload.sourceId, id);
      if (!link.ok) reason = link.reason;
    } else if (payload.targetId) {
      const link = connect(draft, id, payload.targetId);
      if (!link.ok) reason = link.reason;
    }
    return { id, reason };
  });
  const after = useEditor.getState();
  after.setSelection({ modules: [result.id], edges: [] });
  if (result.reason) after.showToast('warning', `Added, but not connected: ${result.reason}`);
}

const NO_TRIGGER: readonly ModuleType[] = ['trigger'];

export function PaletteDialog({ payload }: { payload: PalettePayload }) {
  const close = () => useEditor.getState().closeDialog();
  const connecting = payload.sourceId !== undefined || payload.targetId !== undefined;
  const title = connecting ? 'Add a connected module' : 'Add a module';
  return (
    <Dialog title={title} onClose={close} testId="palette-dialog" width={360} variant="palette">
      <Palette
        variant="popover"
        autoFocus
        exclude={connecting ? NO_TRIGGER : undefined}
        onClose={close}
        onPick={(type) => {
          close();
          addConnectedModule(type, payload);
        }}
      />
    </Dialog>
  );
}
