import { useState } from 'react';
import { formatCredits } from '../../ui/numbers';
import { formatCreditsChange, formatPercentChange } from '../../cost/diffSummary';
import type { ModuleDiff } from '../../cost/diff';
import type { CompareView } from '../../store/compare';
import { DiffTag } from '../../ui/DiffTag';
import { useEditor, useEditorInstance } from '../../editor/react';
import '../costPanel/costPanel.css';
import { ModuleCell, rowAction } from '../costPanel/ModuleCell';
import './compare.css';

/** A module's row status: the diff's, with `edited` for one unchanged in cost but edited beyond a move. */
function rowStatus(view: CompareView, entry: ModuleDiff): 'added' | 'removed' | 'changed' | 'edited' | 'unchanged' {
  if (entry.status !== 'unchanged') return entry.status;
  return view.modules.get(entry.id)?.status === 'edited' ? 'edited' : 'unchanged';
}

const STATUS_WORD = { added: 'Added', removed: 'Removed', changed: 'Changed', edited: 'Edited', unchanged: 'Unchanged' } as const;

function Money({ value }: { value: number | null }) {
  return <>{value === null ? '—' : formatCredits(value)}</>;
}

function Row({ view, entry }: { view: CompareView; entry: ModuleDiff }) {
  const editor = useEditorInstance();
  const status = rowStatus(view, entry);
  const before = entry.before ? entry.before.credits * view.diff.before.runsPerMonth : null;
  const after = entry.after ? entry.after.credits * view.diff.after.runsPerMonth : null;
  const delta = (after ?? 0) - (before ?? 0);
  const mark = view.modules.get(entry.id);
  const reveal = () => {
    // A removed module is only a ghost: show where it was, select nothing.
    if (status === 'removed') editor.viewport?.centerOn(entry.id);
    else void editor.commands.run('select.reveal', { moduleId: entry.id });
  };
  return (
    <tr
      className={`cf-compare__row cf-compare__row--${status}`}
      data-testid={`compare-row-${entry.id}`}
      data-status={status}
      title={mark?.detail ?? (entry.previousName ? `Renamed from ${entry.previousName}` : undefined)}
      {...rowAction(reveal)}
    >
      <td>
        <ModuleCell type={entry.type} name={entry.name} nameClassName={status === 'removed' ? 'cf-compare__removed-name' : ''} />
      </td>
      <td>
        {status === 'unchanged' ? (
          <span className="cf-muted">Unchanged</span>
        ) : (
          <DiffTag status={status} tag={STATUS_WORD[status]} detail={mark?.detail ?? STATUS_WORD[status]} inline />
        )}
      </td>
      <td className="cf-table__num">
        <Money value={before} />
      </td>
      <td className="cf-table__num">
        <Money value={after} />
      </td>
      <td className={`cf-table__num cf-compare__delta${delta > 0 ? ' cf-compare__delta--up' : delta < 0 ? ' cf-compare__delta--down' : ''}`} data-testid="compare-delta" data-value={delta}>
        {formatCreditsChange(delta)}
      </td>
    </tr>
  );
}

/**
 * The dock's Compare tab while comparing: the totals before, after and the change, and every
 * module that differs with its credits per month before, after and the change, the largest
 * change first (unchanged ones on request). A row shows its module on the canvas.
 */
export function ComparePanel() {
  const { derived, commands } = useEditorInstance();
  const view = useEditor(derived.selectCompare);
  const [showUnchanged, setShowUnchanged] = useState(false);
  if (!view) {
    return (
      <div className="cf-panel-empty" data-testid="compare-panel">
        <p>Not comparing. Choose “Compare with file…” in the File menu.</p>
      </div>
    );
  }
  const { diff } = view;
  const rows = diff.modules.filter((m) => showUnchanged || rowStatus(view, m) !== 'unchanged');
  const unchanged = diff.modules.length - diff.modules.filter((m) => rowStatus(view, m) !== 'unchanged').length;
  return (
    <div className="cf-compare" data-testid="compare-panel">
      <div className="cf-compare__head">
        <div className="cf-compare__title">
          <span>
            Compared with <strong>{view.label}</strong>
          </span>
          <span className="cf-muted" data-testid="compare-panel-summary">
            {view.summary}
          </span>
        </div>
        <dl className="cf-compare__totals">
          <div>
            <dt>Per month before</dt>
            <dd data-testid="compare-before">{formatCredits(diff.before.perMonth)}</dd>
          </div>
          <div>
            <dt>Per month now</dt>
            <dd data-testid="compare-after">{formatCredits(diff.after.perMonth)}</dd>
          </div>
          <div>
            <dt>Change</dt>
            <dd data-testid="compare-total-delta" data-value={diff.delta.perMonth}>
              {formatCreditsChange(diff.delta.perMonth)} <span className="cf-muted">({formatPercentChange(diff.delta.percent)})</span>
            </dd>
          </div>
          <div>
            <dt>Per run</dt>
            <dd>
              {formatCredits(diff.before.total)} → {formatCredits(diff.after.total)}
            </dd>
          </div>
        </dl>
        <button type="button" className="cf-btn cf-btn--sm" onClick={() => void commands.run('view.endCompare')}>
          End compare
        </button>
      </div>
      <div className="cf-compare__rows">
        <table className="cf-table" aria-label="Modules compared">
          <thead>
            <tr>
              <th>Module</th>
              <th>Status</th>
              <th className="cf-table__num">Credits / mo before</th>
              <th className="cf-table__num">Now</th>
              <th className="cf-table__num">Change</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((entry) => (
              <Row key={entry.id} view={view} entry={entry} />
            ))}
          </tbody>
        </table>
        {rows.length === 0 && <p className="cf-panel-empty">No module differs.</p>}
        {unchanged > 0 && (
          <button type="button" className="cf-btn cf-btn--ghost cf-btn--sm cf-compare__more" onClick={() => setShowUnchanged((v) => !v)}>
            {showUnchanged ? 'Hide unchanged modules' : `Show ${unchanged} unchanged module${unchanged === 1 ? '' : 's'}`}
          </button>
        )}
      </div>
    </div>
  );
}
