import { useStore } from 'zustand';
import { CommandIcon } from '../../ui/CommandIcon';
import { useEditor, useEditorInstance } from '../../editor/react';

interface Props {
  id: string;
  /** For toggles: whether the option is on (aria-pressed). */
  pressed?: boolean;
  /** Show the label next to the icon. */
  withLabel?: boolean;
  size?: number;
}

/** An icon button for one registry command: label and shortcut in the tooltip, disabled when the command is. */
export function CommandButton({ id, pressed, withLabel = false, size = 16 }: Props) {
  const { commands } = useEditorInstance();
  const command = commands.get(id);
  // Undo and Redo are offered while an edit waits in the commands' queue, which is not in the
  // document store: the button re-renders when the queue starts or drains, and every render reads
  // the enabled state again (useEditor's selector runs on each render).
  useStore(commands.queue, (q) => q.pending);
  const enabled = useEditor((s) => (command ? commands.isEnabled(command, s) : false));
  if (!command) return null;
  const shortcut = commands.shortcutLabel(command);
  const tooltip = shortcut ? `${command.label}  ${shortcut}` : command.label;
  return (
    <button
      type="button"
      className={withLabel ? 'cf-btn cf-btn--ghost cf-btn--sm' : 'cf-icon-btn'}
      aria-label={command.label}
      aria-keyshortcuts={command.shortcut?.[0]?.replace('Mod', 'Control')}
      aria-pressed={pressed}
      data-tooltip={tooltip}
      data-testid={`cmd-${id}`}
      disabled={!enabled}
      onClick={() => void commands.run(id)}
      onPointerEnter={command.prepare}
      onFocus={command.prepare}
    >
      <CommandIcon name={command.icon} size={size} strokeWidth={2} />
      {withLabel && <span>{command.label}</span>}
    </button>
  );
}
