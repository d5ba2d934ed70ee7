import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { GitCompare, Pin, RotateCcw, Save } from 'lucide-react';
import type { LibrarySession } from '../../store/librarySession';
import type { VersionRow } from '../../store/library';
import type { CompareWithPayload } from '../../commands/compare';
import { formatCreditsChange } from '../../cost/diffSummary';
import { useEditor, useEditorInstance } from '../../editor/react';
import { formatCredits } from '../../ui/numbers';
import { Dialog } from '../dialogs/Dialog';
import { ImportProgress } from '../files/ImportProgress';
import { versionLabel, whenText } from './when';
import './library.css';

const KIND_LABEL: Record<string, string> = { saved: '', pause: 'kept automatically', import: 'kept automatically', restore: 'kept automatically', unopened: 'kept automatically' };

/** Why a version's row shows no credits: it cannot be read (its row says why), or a figure is too large for a number. */
const notPriced = (problem: string | undefined) =>
  problem !== undefined ? 'Not priced: this version cannot be read.' : 'Not priced: a figure of this version is too large for a number (restore it to see which).';

/**
 * The open flow's versions: save one under a name (Ctrl+S), see what each changed and cost,
 * compare the flow with one (or, once one is pinned as the base, another with that base), restore one.
 */
export function VersionsDialog({ naming }: { naming: boolean }) {
  const { store, library } = useEditorInstance();
  useEffect(() => {
    void library?.loadVersions();
    // Closing the dialog (Done, Escape) stops the pricing of large versions still pending.
    return () => library?.stopVersions();
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
  // The version the next Compare compares with, instead of comparing the open flow with it.
  const [baseId, setBaseId] = useState<string | null>(null);
  const base = rows?.find((r) => r.version.id === baseId)?.version ?? null;
  // A large version is read through the library's reader (its progress, with Cancel), as a large entry's open.
  const compare = async (version: VersionRow['version']) => {
    const label = versionLabel(version.name, version.savedAt);
    const flow = await library.versionFlow(version.id, 'compared');
    if (!flow) return;
    if (base && base.id !== version.id) {
      const baseFlow = await library.versionFlow(base.id, 'compared');
      if (!baseFlow) return;
      void commands.run('view.compareWith', { flow: baseFlow, label: versionLabel(base.name, base.savedAt), against: { flow, label } } satisfies CompareWithPayload);
    } else {
      void commands.run('view.compareWith', { flow, label } satisfies CompareWithPayload);
    }
    close();
  };
  return (
    <Dialog
      title={`Versions of “${flowName}”`}
      description={`Saved by you (${commands.shortcutLabel(commands.get('library.saveVersion')!)}), and kept automatically before an import, a restore, or editing again after an hour's pause.`}
      onClose={close}
      testId="versions-dialog"
      width={880}
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
        {base && (
          <p className="cf-library__base" data-testid="version-base-note">
            Compare now shows a version against “{base.name}”.{' '}
            <button type="button" className="cf-btn cf-btn--ghost cf-btn--sm" onClick={() => setBaseId(null)}>
              Compare with the open flow again
            </button>
          </p>
        )}
        {/* A large version restored or compared is read by the library's reader: its progress, with Cancel. */}
        <ImportProgress inDialog library />
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
            {rows.map(({ version, change, deltaPerMonth, problem, pending }) => (
              <li key={version.id} className={`cf-library__row cf-library__row--version${version.id === baseId ? ' cf-library__row--base' : ''}`} data-testid="version-row" data-name={version.name}>
                <span className="cf-library__version">
                  <span className="cf-library__version-title">
                    {version.name}
                    {KIND_LABEL[version.kind] && <span className="cf-library__badge">{KIND_LABEL[version.kind]}</span>}
                  </span>
                  <span className="cf-library__change" data-testid="version-change" aria-busy={pending ? true : undefined} title={pending ? 'Read, priced and compared with the version before, off the page' : undefined}>
                    {problem ?? change}
                  </span>
                </span>
                <span className="cf-library__figure" data-testid="version-run" title={version.total === null && !pending ? notPriced(problem) : undefined}>
                  {version.total === null ? (pending ? '…' : '—') : `${formatCredits(version.total)} cr/run`}
                </span>
                <span className="cf-library__figure" data-testid="version-month" data-value={version.perMonth ?? ''} title={version.perMonth === null && !pending ? notPriced(problem) : undefined}>
                  {version.perMonth === null ? (pending ? '…' : '—') : `${formatCredits(version.perMonth)} cr/mo`}
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
                    data-testid="version-compare"
                    disabled={problem !== undefined}
                    title={
                      base && base.id !== version.id
                        ? `Compare this version with “${base.name}” (the open flow stays as it is)`
                        : 'Compare the open flow with this version: what changed is marked on the canvas and listed in the Compare tab'
                    }
                    onClick={() => void compare(version)}
                  >
                    <GitCompare size={13} aria-hidden="true" /> Compare
                  </button>
                  <button
                    type="button"
                    className="cf-btn cf-btn--sm cf-btn--ghost"
                    data-testid="version-base"
                    aria-pressed={baseId === version.id}
                    aria-label={`Compare other versions with “${version.name}”`}
                    disabled={problem !== undefined}
                    title="Pin as the base: Compare on another version then shows that version against this one"
                    onClick={() => setBaseId(baseId === version.id ? null : version.id)}
                  >
                    <Pin size={13} aria-hidden="true" />
                  </button>
                  <button
                    type="button"
                    className="cf-btn cf-btn--sm"
                    data-testid="version-restore"
                    disabled={problem !== undefined}
                    title={`Replace the open flow by this version (${undo ? commands.shortcutLabel(undo) : 'Undo'} takes it back)`}
                    onClick={() => void commands.run('library.restoreVersion', { id: version.id })}
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
