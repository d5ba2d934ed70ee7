import type { ModuleType, Position } from '../../model/types';
import type { AddModulePayload } from '../../commands/registry';
import { useEditorInstance } from '../../editor/react';
import { Palette } from '../palette/Palette';
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

const NO_TRIGGER: readonly ModuleType[] = ['trigger'];

export function PaletteDialog({ payload }: { payload: PalettePayload }) {
  const { store, commands } = useEditorInstance();
  const close = () => store.getState().closeDialog();
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
          void commands.run('module.add', { ...payload, type } satisfies AddModulePayload);
        }}
      />
    </Dialog>
  );
}
