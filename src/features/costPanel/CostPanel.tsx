import { memo, useDeferredValue, useMemo, useRef, useState } from 'react';
import { ArrowDown, ArrowUp } from 'lucide-react';
import { isRange } from '../../model/types';
import { RunsPerMonthField } from '../fields/RunsPerMonthField';
import { useRowWindow } from '../../ui/useRowWindow';
import { formatCount, formatCredits, formatDollars } from '../../ui/numbers';
import { addRow, createRowSorter, emptyColumns, rowAt, type CostRow, type SortKey, type SortState } from './rows';
import './costPanel.css';
import { ModuleCell, rowAction } from './ModuleCell';
import { useEditor, useEditorInstance, useFlowCost } from '../../editor/react';

/** Selects a module and scrolls the canvas to it. */
function Stat({ label, children, hint }: { label: string; children: React.ReactNode; hint?: string }) {
  return (
    <div className="cf-stat" title={hint}>
      <span className="cf-stat__label">{label}</span>
      <span className="cf-stat__value">{children}</span>
    </div>
  );
}

const COLUMNS: { key: SortKey; label: string; numeric: boolean }[] = [
  { key: 'name', label: 'Module', numeric: false },
  { key: 'executions', label: 'Executions / run', numeric: true },
  { key: 'credits', label: 'Credits / run', numeric: true },
  { key: 'share', label: 'Share of run', numeric: true },
];

const ROW_HEIGHT = 35;

/** One module's row; re-renders only when its own numbers, name or selection change. */
const CostTableRow = memo(function CostTableRow({ row, index, selected }: { row: CostRow; index: number; selected: boolean }) {
  const { commands } = useEditorInstance();
  const reveal = () => void commands.run('select.reveal', { moduleId: row.id });
  return (
    <tr
      className={selected ? 'cf-table__row--selected' : undefined}
      data-testid={`cost-row-${row.id}`}
      aria-rowindex={index + 2}
      {...rowAction(reveal)}
    >
      <td>
        <ModuleCell type={row.type} name={row.name} showKind />
      </td>
      <td className="cf-table__num">{formatCount(row.executions)}</td>
      <td className="cf-table__num" data-testid="row-credits">
        {formatCredits(row.credits)}
      </td>
      <td className="cf-table__num">
        <span className="cf-share">
          <span className="cf-share__bar" aria-hidden="true">
            <span style={{ width: `${Math.min(100, row.share * 100)}%` }} />
          </span>
          <span className="cf-share__text">{(row.share * 100).toFixed(1)} %</span>
        </span>
      </td>
    </tr>
  );
}, sameRow);

function sameRow(a: { row: CostRow; index: number; selected: boolean }, b: { row: CostRow; index: number; selected: boolean }): boolean {
  const x = a.row;
  const y = b.row;
  return (
    a.selected === b.selected &&
    a.index === b.index &&
    x.id === y.id &&
    x.name === y.name &&
    x.type === y.type &&
    x.executions === y.executions &&
    x.credits === y.credits &&
    (x.share * 100).toFixed(1) === (y.share * 100).toFixed(1)
  );
}

/** Totals, runs per month (editable) and the modules sorted by what they cost. */
export function CostPanel() {
  // Deferred: after an edit the top bar's total paints first; the table (a sort of every module)
  // follows in the next idle moment.
  const { derived } = useEditorInstance();
  const cost = useDeferredValue(useFlowCost());
  // Names only (not positions): dragging a module does not re-render the table.
  const nameOf = useEditor(derived.selectModuleNames);
  const runsSetting = useEditor((s) => s.flow.settings.runsPerMonth);
  const selectedIds = useDeferredValue(useEditor((s) => s.selection.modules));
  const selected = useMemo(() => new Set(selectedIds), [selectedIds]);
  const [sort, setSort] = useState<SortState>({ key: 'credits', descending: true });
  const scroller = useRef<HTMLDivElement>(null);
  // Keeps the last order: after an edit only the rows out of place move (no sort of every module).
  const [sortRows] = useState(createRowSorter);

  // The modules' numbers as columns: a row object is made only for the rows on screen.
  const columns = useMemo(() => {
    const table = emptyColumns(cost.nodes.length);
    for (const node of cost.nodes) {
      const name = nameOf.get(node.id);
      if (name === undefined) continue;
      addRow(table, node.id, name, node.type, node.executions, node.credits, cost.total > 0 ? node.credits / cost.total : 0);
    }
    return table;
  }, [cost, nameOf]);
  const order = useMemo(() => sortRows(columns, sort), [columns, sort, sortRows]);

  // Only the rows in view (and a margin) are in the DOM: a flow of thousands of modules
  // re-renders a screenful of rows on an edit, not the whole table.
  const { start, end, padTop, padBottom } = useRowWindow(scroller, order.length, ROW_HEIGHT, 24);

  const onSort = (key: SortKey) =>
    setSort((s) => (s.key === key ? { key, descending: !s.descending } : { key, descending: key !== 'name' }));

  return (
    <div className="cf-cost" data-testid="cost-panel">
      <div className="cf-cost__summary">
        <Stat label="Credits per run">
          <span data-testid="cost-total-run">{formatCredits(cost.total)}</span>
        </Stat>
        {isRange(runsSetting) ? (
          <Stat label="Runs per month" hint="A range: edit min / likely / max in the flow settings (inspector, nothing selected).">
            <span data-testid="cost-runs-range">
              {formatCount(runsSetting.likely)}
              <span className="cf-stat__sub">
                {formatCount(runsSetting.min)}–{formatCount(runsSetting.max)}
              </span>
            </span>
          </Stat>
        ) : (
          <div className="cf-stat cf-stat--field">
            <RunsPerMonthField value={runsSetting} fallback={cost.runsPerMonth} testId="cost-runs-per-month" />
          </div>
        )}
        <Stat label="Credits per month" hint={`${formatCredits(cost.total)} × ${formatCount(cost.runsPerMonth)} runs`}>
          <span data-testid="cost-total-month">{formatCredits(cost.perMonth)}</span>
        </Stat>
        <Stat label="Dollars per run">
          <span data-testid="cost-dollars-run">{formatDollars(cost.dollarsPerRun)}</span>
        </Stat>
        <Stat label="Dollars per month" hint={`at $${cost.rateCard.dollarsPerCredit} per credit`}>
          <span data-testid="cost-dollars-month">{formatDollars(cost.dollarsPerMonth)}</span>
        </Stat>
      </div>
      <div className="cf-cost__rows" ref={scroller}>
        {order.length === 0 ? (
          <p className="cf-panel-empty">No modules yet.</p>
        ) : (
          <table className="cf-table" aria-label="Cost by module" aria-rowcount={order.length + 1}>
            <thead>
              <tr>
                {COLUMNS.map((col) => {
                  const active = sort.key === col.key;
                  return (
                    <th
                      key={col.key}
                      scope="col"
                      className={col.numeric ? 'cf-table__num' : undefined}
                      aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}
                    >
                      <button type="button" className="cf-table__sort" data-testid={`sort-${col.key}`} onClick={() => onSort(col.key)}>
                        {col.label}
                        {active &&
                          (sort.descending ? <ArrowDown size={12} aria-hidden="true" /> : <ArrowUp size={12} aria-hidden="true" />)}
                      </button>
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody>
              {padTop > 0 && <tr aria-hidden="true" style={{ height: padTop }} />}
              {order.slice(start, end).map((at, i) => {
                const row = rowAt(columns, at);
                return <CostTableRow key={row.id} row={row} index={start + i} selected={selected.has(row.id)} />;
              })}
              {padBottom > 0 && <tr aria-hidden="true" style={{ height: padBottom }} />}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
