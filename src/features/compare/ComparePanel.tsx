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

/** A change in credits, coloured by its direction. */
function Delta({ value, testId, percent }: { value: number; testId: string; percent?: number | null }) {
  return (
    <td className={`cf-table__num cf-compare__delta${value > 0 ? ' cf-compare__delta--up' : value < 0 ? ' cf-compare__delta--down' : ''}`} data-testid={testId} data-value={value}>
      {formatCreditsChange(value)}
      {percent !== undefined && <span className="cf-muted"> ({formatPercentChange(percent)})</span>}
    </td>
  );
}

/** One line of the totals: before, after and the change (with its percent when given); `ids` are the three cells' test ids. */
function TotalRow({ label, ids, before, after, delta, percent }: { label: string; ids: string; before: number; after: number; delta: number; percent?: number | null }) {
  const [beforeId, afterId, deltaId] = ids.split(' ');
  return (
    <tr>
      <th scope="row">{label}</th>
      <td className="cf-table__num" data-testid={beforeId} data-value={before}>
        {formatCredits(before)}
      </td>
      <td className="cf-table__num" data-testid={afterId} data-value={after}>
        {formatCredits(after)}
      </td>
      <Delta value={delta} testId={deltaId!} {...(percent !== undefined ? { percent } : {})} />
    </tr>
  );
}

function Row({ view, entry }: { view: CompareView; entry: ModuleDiff }) {
  const editor = useEditorInstance();
  const status = rowStatus(view, entry);
  const runBefore = entry.before ? entry.before.credits : null;
  const runAfter = entry.after ? entry.after.credits : null;
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
      <td className="cf-table__num" data-testid="compare-run-before" data-value={runBefore ?? ''}>
        <Money value={runBefore} />
      </td>
      <td className="cf-table__num" data-testid="compare-run-after" data-value={runAfter ?? ''}>
        <Money value={runAfter} />
      </td>
      <Delta value={entry.delta.credits} testId="compare-run-delta" />
      <td className="cf-table__num">
        <Money value={before} />
      </td>
      <td className="cf-table__num">
        <Money value={after} />
      </td>
      <Delta value={delta} testId="compare-delta" />
    </tr>
  );
}

/**
 * The dock's Compare tab while comparing: the totals per run and per month before, after and
 * the change, and every module that differs with its credits per run and per month before,
 * after and the change, the largest change first (unchanged ones on request). A row shows its
 * module on the canvas.
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
  const after = view.against ? 'After' : 'Now';
  const rows = diff.modules.filter((m) => showUnchanged || rowStatus(view, m) !== 'unchanged');
  const unchanged = diff.modules.length - diff.modules.filter((m) => rowStatus(view, m) !== 'unchanged').length;
  return (
    <div className="cf-compare" data-testid="compare-panel">
      <div className="cf-compare__head">
        <div className="cf-compare__title">
          <span data-testid="compare-panel-title">
            {view.against ? (
              <>
                <strong>{view.against}</strong> compared with <strong>{view.label}</strong>
              </>
            ) : (
              <>
                Compared with <strong>{view.label}</strong>
              </>
            )}
          </span>
          <span className="cf-muted" data-testid="compare-panel-summary">
            {view.summary}
          </span>
        </div>
        <table className="cf-table cf-compare__totals" aria-label="Totals compared">
          <thead>
            <tr>
              <th />
              <th className="cf-table__num">Before</th>
              <th className="cf-table__num">{after}</th>
              <th className="cf-table__num">Change</th>
            </tr>
          </thead>
          <tbody>
            <TotalRow label="Per run" ids="compare-run-total-before compare-run-total-after compare-run-total-delta" before={diff.before.total} after={diff.after.total} delta={diff.delta.total} />
            <TotalRow label="Per month" ids="compare-before compare-after compare-total-delta" before={diff.before.perMonth} after={diff.after.perMonth} delta={diff.delta.perMonth} percent={diff.delta.percent} />
          </tbody>
        </table>
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
              <th className="cf-table__num">Credits / run before</th>
              <th className="cf-table__num">{after}</th>
              <th className="cf-table__num">Change</th>
              <th className="cf-table__num">Credits / mo before</th>
              <th className="cf-table__num">{after}</th>
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
