import { GitCompare, X } from 'lucide-react';
import { useEditorInstance } from '../editor/react';
import type { CompareView } from '../store/compare';

/**
 * Over the canvas while comparing, one line: with what, what it does to credits per month, and
 * the way out. The whole summary is its tooltip and heads the dock's Compare tab; the markers on
 * the modules say what each one is in words.
 */
export function CompareBanner({ view }: { view: CompareView }) {
  const { commands } = useEditorInstance();
  return (
    <div className="cf-compare-banner" role="status" data-testid="compare-banner" title={`${view.against ?? 'Compared'} ${view.against ? 'compared ' : ''}with ${view.label}: ${view.summary}`}>
      <GitCompare size={15} aria-hidden="true" className="cf-compare-banner__icon" />
      <span className="cf-compare-banner__text">
        {view.against ? (
          <>
            Comparing <strong>{view.against}</strong> with <strong>{view.label}</strong> (the canvas shows the open flow)
          </>
        ) : (
          <>
            Comparing with <strong>{view.label}</strong>
          </>
        )}
        <span className="cf-compare-banner__sep" aria-hidden="true">
          ·
        </span>
        <span className="cf-compare-banner__summary" data-testid="compare-summary" aria-label={view.summary}>
          {view.costChange}
        </span>
      </span>
      <button type="button" className="cf-btn cf-btn--sm" data-testid="compare-end" onClick={() => void commands.run('view.endCompare')}>
        <X size={14} aria-hidden="true" /> End compare
      </button>
    </div>
  );
}
