import { GitCompare, X } from 'lucide-react';
import { useEditorInstance } from '../editor/react';
import type { CompareView } from '../store/compare';
import { DiffTag } from '../ui/DiffTag';

/** Over the canvas while comparing: with what, the change in one line, the legend of the markers, and the way out. */
export function CompareBanner({ view }: { view: CompareView }) {
  const { commands } = useEditorInstance();
  return (
    <div className="cf-compare-banner" role="status" data-testid="compare-banner">
      <div className="cf-compare-banner__text">
        <span className="cf-compare-banner__title">
          <GitCompare size={14} aria-hidden="true" />
          Comparing with <strong title={view.label}>{view.label}</strong>
        </span>
        <span className="cf-compare-banner__summary" data-testid="compare-summary">
          {view.summary}
        </span>
      </div>
      <div className="cf-compare-banner__legend" aria-label="Markers">
        <DiffTag status="added" tag="Added" detail="Added: only in this flow" inline />
        <DiffTag status="removed" tag="Removed" detail="Removed: only in the flow compared with, drawn where it was" inline />
        <DiffTag status="changed" tag="Cost" detail="Changed: costs something else per run" inline />
        <DiffTag status="edited" tag="Edited" detail="Edited: assumptions, name or settings changed, same cost" inline />
      </div>
      <button type="button" className="cf-btn cf-btn--sm" data-testid="compare-end" onClick={() => void commands.run('view.endCompare')}>
        <X size={14} aria-hidden="true" /> End compare
      </button>
    </div>
  );
}
