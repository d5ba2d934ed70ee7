import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { RotateCcw, Save } from 'lucide-react';
import type { LibrarySession } from '../../store/librarySession';
import { formatCreditsChange } from '../../cost/diffSummary';
import { useEditor, useEditorInstance } from '../../editor/react';
import { formatCredits } from '../../ui/numbers';
import { Dialog } from '../dialogs/Dialog';
import { whenText } from './when';
import './library.css';

const KIND_LABEL: Record<string, string> = { saved: '', pause: 'kept automatically', import: 'kept automatically', restore: 'kept automatically' };

/** The open flow's versions: save one under a name (Ctrl+S), see what each changed and cost, restore one. */
export function VersionsDialog({ naming }: { naming: boolean }) {
  const { store, library } = useEditorInstance();
  useEffect(() => {
    void library?.loadVersions();
  }, [library]);
  if (!library) return null;
  return <VersionsBody library={library} naming={naming} close={() => store.getState().closeDialog()} />;
}

function VersionsBody({ library, naming, close }: { library: LibrarySession; naming: boolean; close: () => void }) {
  const { commands } = useEditorInstance();
  const flowName = useEditor((s) => s.flow.name);
  const rows = useStore(library.state, (s) => s.versions);
  const error = useStore(library.state, (s) => s.error);
  const [name, setName] = useState('');
  // "5 min ago" as of when the dialog opened.
  const [now] = useState(() => Date.now());
  const save = async () => {
    if (await library.saveVersion(name)) setName('');
  };
  const undo = commands.get('edit.undo');
  return (
    <Dialog
      title={`Versions of “${flowName}”`}
      description={`Saved by you (${commands.shortcutLabel(commands.get('library.saveVersion')!)}), and kept automatically before an import, a restore, or editing again after an hour's pause.`}
      onClose={close}
      testId="versions-dialog"
      width={760}
      footer={
        <button type="button" className="cf-btn cf-btn--primary" onClick={close}>
          Done
        </button>
      }
    >
      <div className="cf-library">
        <form
          className="cf-library__save"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <input
            className="cf-search__input cf-library__version-name"
            placeholder="Name this version (e.g. “Before the CRM sync”)"
            aria-label="Version name"
            data-testid="version-name"
            autoFocus={naming}
            value={name}
            maxLength={200}
            onChange={(e) => setName(e.target.value)}
          />
          <button type="submit" className="cf-btn" data-testid="version-save">
            <Save size={14} aria-hidden="true" /> Save version
          </button>
        </form>
        {error && (
          <p className="cf-library__error" role="alert">
            {error}
          </p>
        )}
        {rows === null ? (
          <p className="cf-library__empty">Reading the versions…</p>
        ) : rows.length === 0 ? (
          <p className="cf-library__empty">No versions yet. Save one to come back to this flow as it is now.</p>
        ) : (
          <ul className="cf-library__list" data-testid="versions-list" aria-label="Versions, newest first">
            {rows.map(({ version, change, deltaPerMonth, problem }) => (
              <li key={version.id} className="cf-library__row cf-library__row--version" data-testid="version-row" data-name={version.name}>
                <span className="cf-library__version">
                  <span className="cf-library__version-title">
                    {version.name}
                    {KIND_LABEL[version.kind] && <span className="cf-library__badge">{KIND_LABEL[version.kind]}</span>}
                  </span>
                  <span className="cf-library__change" data-testid="version-change">
                    {problem ?? change}
                  </span>
                </span>
                <span className="cf-library__figure" data-testid="version-run">
                  {version.total === null ? '—' : `${formatCredits(version.total)} cr/run`}
                </span>
                <span className="cf-library__figure" data-testid="version-month" data-value={version.perMonth ?? ''}>
                  {version.perMonth === null ? '—' : `${formatCredits(version.perMonth)} cr/mo`}
                </span>
                <span className="cf-library__figure cf-library__delta" data-testid="version-delta" data-value={deltaPerMonth ?? ''}>
                  {deltaPerMonth === null ? '' : formatCreditsChange(deltaPerMonth)}
                </span>
                <span className="cf-library__when" title={new Date(version.savedAt).toLocaleString()}>
                  {whenText(version.savedAt, now)}
                </span>
                <span className="cf-library__actions">
                  <button
                    type="button"
                    className="cf-btn cf-btn--sm"
                    data-testid="version-restore"
                    disabled={problem !== undefined}
                    title={`Replace the open flow by this version (${undo ? commands.shortcutLabel(undo) : 'Undo'} takes it back)`}
                    onClick={() => void library.restoreVersion(version.id)}
                  >
                    <RotateCcw size={13} aria-hidden="true" /> Restore
                  </button>
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Dialog>
  );
}
