import { ChevronRight } from 'lucide-react';
import { Dialog } from '../dialogs/Dialog';
import { useEditor, useEditorInstance } from '../../editor/react';
import { reportGroups, reportSummaryLine, type ReportGroup } from './importReportGroups';
import { firstOf, moreLine } from '../../ui/firstOf';

/** Groups longer than this start folded (the summary line still gives their count). */
const OPEN_UP_TO = 8;

function Group({ group }: { group: ReportGroup }) {
  const { shown, more } = firstOf(group.rows);
  const open = group.rows.length <= OPEN_UP_TO || (group.id !== 'mapped' && group.id !== 'defaults');
  return (
    <details className={`cf-report__group cf-report__group--${group.id}`} open={open} data-testid={`import-report-${group.id}`}>
      <summary className="cf-report__summary">
        <ChevronRight size={14} aria-hidden="true" className="cf-report__chevron" />
        <span className="cf-report__title">{group.title}</span>
        <span className="cf-report__count">{group.rows.length}</span>
        <span className="cf-report__hint">{group.hint}</span>
      </summary>
      <ul className="cf-report__rows">
        {shown.map((row, i) => (
          <li key={i} className="cf-report__row" data-testid="import-report-row">
            <span className="cf-report__subject" title={row.subject}>
              {row.subject}
            </span>
            <span className="cf-report__detail">{row.detail}</span>
          </li>
        ))}
        {more > 0 && (
          <li className="cf-report__row cf-muted" data-testid="import-report-more">
            {moreLine(more, 'row', 'rows')}
          </li>
        )}
      </ul>
    </details>
  );
}

/**
 * The report of the last import from Altan, n8n or Make, grouped: what each source node became,
 * what was dropped or folded and why, the repairs, what is approximated and the numbers left at
 * defaults. Opens after the import; File → Last import report… opens it again.
 */
export function LastImportDialog() {
  const { store } = useEditorInstance();
  const last = useEditor((s) => s.lastImport);
  const flow = useEditor((s) => s.flow);
  const close = () => store.getState().closeDialog();
  if (!last) return null;
  const { report, fileName, laidOut } = last;
  return (
    <Dialog
      title="Import report"
      description={
        <>
          {fileName ? <>“{fileName}”: </> : null}
          {reportSummaryLine(report)} Undo brings back the flow you had before.
        </>
      }
      onClose={close}
      testId="import-report-dialog"
      width={720}
      footer={
        <button type="button" className="cf-btn cf-btn--primary" onClick={close} autoFocus data-testid="import-report-ok">
          OK
        </button>
      }
    >
      {laidOut && (
        <p className="cf-report__layout" data-testid="import-report-layout">
          Laid out automatically: {report.layoutReason ?? 'the source gave no usable positions'}.
        </p>
      )}
      <div className="cf-report">
        {reportGroups(report, flow).map((group) => (
          <Group key={group.id} group={group} />
        ))}
      </div>
    </Dialog>
  );
}
