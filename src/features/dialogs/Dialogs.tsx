import { ImportDialog, ImportErrorsDialog, ImportNotesDialog } from '../files/ImportDialog';
import { isNotesPayload, type ImportErrorsPayload } from '../files/importFile';
import { PaletteDialog, isPalettePayload } from './PaletteDialog';
import { SearchDialog } from './SearchDialog';
import { ConfirmReplaceDialog } from './ConfirmReplaceDialog';
import { isConfirmReplacePayload } from '../../commands/files';
import { ShortcutsDialog } from './ShortcutsDialog';
import { LastImportDialog } from '../files/LastImportDialog';
import { useEditor } from '../../editor/react';
import { LibraryDialog } from '../library/LibraryDialog';
import { VersionsDialog } from '../library/VersionsDialog';

function textOf(payload: unknown): string | undefined {
  if (typeof payload === 'object' && payload !== null && typeof (payload as { text?: unknown }).text === 'string') {
    return (payload as { text: string }).text;
  }
  return undefined;
}

function isErrorsPayload(payload: unknown): payload is ImportErrorsPayload {
  return typeof payload === 'object' && payload !== null && Array.isArray((payload as { errors?: unknown }).errors);
}

/** The open dialog (the store's ui.dialog), if any. */
export function Dialogs() {
  const dialog = useEditor((s) => s.ui.dialog);
  if (!dialog) return null;
  switch (dialog.kind) {
    case 'import':
      return <ImportDialog initialText={textOf(dialog.payload)} />;
    case 'importErrors':
      // A refused file's errors, or an imported file's notes.
      if (isErrorsPayload(dialog.payload)) return <ImportErrorsDialog payload={dialog.payload} />;
      return isNotesPayload(dialog.payload) ? <ImportNotesDialog payload={dialog.payload} /> : null;
    case 'importReport':
      return <LastImportDialog />;
    case 'search':
      return <SearchDialog />;
    case 'palette':
      return <PaletteDialog payload={isPalettePayload(dialog.payload) ? dialog.payload : {}} />;
    case 'shortcuts':
      return <ShortcutsDialog />;
    case 'confirm':
      return isConfirmReplacePayload(dialog.payload) ? <ConfirmReplaceDialog payload={dialog.payload} /> : null;
    case 'library':
      return <LibraryDialog />;
    case 'versions':
      return <VersionsDialog naming={typeof dialog.payload === 'object' && dialog.payload !== null && (dialog.payload as { naming?: unknown }).naming === true} />;
    default:
      return null;
  }
}
