import type { Editor } from '../editor/createEditor';
import { useEditorInstance } from '../editor/react';
import type { MenuItem } from '../ui/Menu';
import { ContextMenu } from '../ui/MenuList';

export type ContextTarget =
  | { kind: 'module'; id?: string; x: number; y: number }
  | { kind: 'edge'; id: string; x: number; y: number }
  | { kind: 'canvas'; x: number; y: number; flowPoint: { x: number; y: number } };

/** Which registry commands each context menu lists ('-' draws a divider). */
export const CONTEXT_COMMANDS: Record<ContextTarget['kind'], readonly string[]> = {
  module: ['edit.copy', 'edit.cut', 'edit.duplicate', '-', 'edit.delete'],
  edge: ['edit.delete'],
  canvas: ['view.palette', 'edit.paste', '-', 'select.all', 'view.autoLayout', 'view.fitView', '-', 'view.toggleSnap', 'view.toggleHeatmap'],
};

function itemsFor(target: ContextTarget, { store, commands }: Editor): MenuItem[] {
  const state = store.getState();
  const items: MenuItem[] = [];
  let separate = false;
  for (const id of CONTEXT_COMMANDS[target.kind]) {
    if (id === '-') {
      separate = true;
      continue;
    }
    const command = commands.get(id);
    if (!command) continue;
    const run =
      id === 'view.palette' && target.kind === 'canvas'
        ? () => state.openDialog('palette', { position: target.flowPoint })
        : () => void commands.run(id);
    items.push({
      id,
      label: command.label,
      shortcut: commands.shortcutLabel(command),
      ...(command.icon === undefined ? {} : { icon: command.icon }),
      disabled: !commands.isEnabled(command, state),
      danger: id === 'edit.delete',
      separatorBefore: separate && items.length > 0,
      testId: `ctx-${id}`,
      onSelect: run,
    });
    separate = false;
  }
  return items;
}

const LABELS: Record<ContextTarget['kind'], string> = { module: 'Module actions', edge: 'Edge actions', canvas: 'Canvas actions' };

export function CanvasContextMenu({ target, onClose }: { target: ContextTarget; onClose: () => void }) {
  const editor = useEditorInstance();
  return <ContextMenu x={target.x} y={target.y} items={itemsFor(target, editor)} label={LABELS[target.kind]} onClose={onClose} />;
}
