import { Dialog } from './Dialog';
import { useEditorInstance } from '../../editor/react';

/** Every command that has a keyboard shortcut. */
export function ShortcutsDialog() {
  const { store, commands: registry } = useEditorInstance();
  const close = () => store.getState().closeDialog();
  const commands = registry.list.filter((c) => c.shortcut && c.shortcut.length > 0);
  return (
    <Dialog title="Keyboard shortcuts" onClose={close} testId="shortcuts-dialog" width={440}>
      <table className="cf-shortcuts">
        <tbody>
          {commands.map((c) => (
            <tr key={c.id}>
              <td>{c.label}</td>
              <td className="cf-shortcuts__keys">
                <kbd className="cf-kbd">{registry.shortcutLabel(c)}</kbd>
              </td>
            </tr>
          ))}
          <tr>
            <td>Add to the selection</td>
            <td className="cf-shortcuts__keys">
              <kbd className="cf-kbd">Shift</kbd> + click
            </td>
          </tr>
          <tr>
            <td>Select with a box</td>
            <td className="cf-shortcuts__keys">
              <kbd className="cf-kbd">Shift</kbd> + drag
            </td>
          </tr>
        </tbody>
      </table>
    </Dialog>
  );
}
