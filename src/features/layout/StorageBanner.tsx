import { useState } from 'react';
import { CloudOff, Info, RefreshCw, X } from 'lucide-react';
import { useEditor, useEditorInstance } from '../../editor/react';

/** What the autosave needs the user to know: storage full or off, another tab's save, a restore notice. */
export function StorageBanner() {
  const { commands } = useEditorInstance();
  const storage = useEditor((s) => s.storage);
  const [dismissedNotice, setDismissedNotice] = useState<string | null>(null);
  const exportButton = (
    <button type="button" className="cf-btn cf-btn--sm" data-testid="banner-export" onClick={() => void commands.run('file.export')}>
      Export flow
    </button>
  );
  if (storage.state === 'conflict') {
    return (
      <div className="cf-banner cf-banner--warning" role="alert" data-testid="storage-conflict">
        <RefreshCw size={16} aria-hidden="true" />
        <span className="cf-banner__text">
          {storage.message ?? 'Another tab saved a different version of this flow.'}
        </span>
        <button type="button" className="cf-btn cf-btn--sm" data-testid="reload-theirs" onClick={() => void commands.run('file.reloadTheirs')}>
          Reload theirs
        </button>
        <button type="button" className="cf-btn cf-btn--sm cf-btn--primary" data-testid="keep-mine" onClick={() => void commands.run('file.keepMine')}>
          Keep mine
        </button>
      </div>
    );
  }
  const unreadable = storage.unreadable;
  if (unreadable && (storage.state === 'held' || (storage.notice && storage.notice !== dismissedNotice))) {
    // A saved flow was refused on start: offer it as it is, and what of it can be read.
    return (
      <div className="cf-banner cf-banner--warning" role="alert" data-testid="storage-notice" data-unreadable-key={unreadable.key}>
        <Info size={16} aria-hidden="true" />
        <span className="cf-banner__text">
          {storage.notice}
          {storage.state === 'held' ? ` ${storage.message ?? ''}` : ''}
        </span>
        <button type="button" className="cf-btn cf-btn--sm cf-btn--primary" data-testid="download-unreadable" onClick={() => void commands.run('file.downloadUnreadable')}>
          {unreadable.unopened ? 'Download the saved flow' : 'Download the unreadable copy'}
        </button>
        {unreadable.repairable && (
          <button type="button" className="cf-btn cf-btn--sm" data-testid="repair-unreadable" onClick={() => void commands.run('file.repairUnreadable')}>
            Try to repair
          </button>
        )}
        {storage.state !== 'held' && (
          <button type="button" className="cf-icon-btn" aria-label="Dismiss" onClick={() => setDismissedNotice(storage.notice ?? null)}>
            <X size={14} />
          </button>
        )}
      </div>
    );
  }
  if (storage.state === 'error' || storage.state === 'unavailable') {
    return (
      <div className="cf-banner cf-banner--error" role="alert" data-testid="storage-error">
        <CloudOff size={16} aria-hidden="true" />
        <span className="cf-banner__text">{storage.message ?? 'Saving to the browser failed. Export your flow to keep it.'}</span>
        {exportButton}
      </div>
    );
  }
  if (storage.notice && storage.notice !== dismissedNotice) {
    return (
      <div className="cf-banner cf-banner--info" role="status" data-testid="storage-notice">
        <Info size={16} aria-hidden="true" />
        <span className="cf-banner__text">{storage.notice}</span>
        <button type="button" className="cf-icon-btn" aria-label="Dismiss" onClick={() => setDismissedNotice(storage.notice ?? null)}>
          <X size={14} />
        </button>
      </div>
    );
  }
  return null;
}
