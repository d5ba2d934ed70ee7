import type { ConfirmReplacePayload } from '../../commands/files';
import { useEditorInstance } from '../../editor/react';
import { Dialog } from './Dialog';

/**
 * Asked before New flow or Open sample replaces a flow whose edits are in no file. Replacing is
 * one undo step, so the flow is not lost; exporting first keeps it in a file as well.
 */
export function ConfirmReplaceDialog({ payload }: { payload: ConfirmReplacePayload }) {
  const { store, commands } = useEditorInstance();
  const close = () => store.getState().closeDialog();
  const undo = commands.get('edit.undo');
  const undoKeys = undo ? commands.shortcutLabel(undo) : '';
  const replace = () => {
    close();
    void commands.run(payload.command, payload.payload);
  };
  return (
    <Dialog
      title={`Replace “${payload.flowName}”?`}
      onClose={close}
      testId="confirm-replace"
      width={440}
      footer={
        <>
          <button type="button" className="cf-btn" onClick={close} data-testid="confirm-cancel">
            Cancel
          </button>
          <button
            type="button"
            className="cf-btn"
            data-testid="confirm-export"
            onClick={() => {
              void commands.run('file.export');
              replace();
            }}
          >
            Export, then replace
          </button>
          <button type="button" className="cf-btn cf-btn--primary" autoFocus onClick={replace} data-testid="confirm-replace-ok">
            Replace
          </button>
        </>
      }
    >
      <p className="cf-confirm__text">
        {payload.action} in place of “{payload.flowName}”. Its latest edits are in no exported file. It stays in undo
        {undoKeys ? ` (${undoKeys})` : ''} until you close this tab.
      </p>
    </Dialog>
  );
}
