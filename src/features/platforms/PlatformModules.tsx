/** Where each platform's units come from: one row per module, one column per platform. */
import { memo } from 'react';
import { PLATFORM_IDS, PLATFORM_NAMES, PLATFORM_UNITS, type PlatformId } from '../../cost/platformTable';
import { unitsPerExecution, type PlatformComparison } from '../../cost/platforms';
import { describeCharges, explainModuleUnits } from '../../cost/platformText';
import type { FlowCost } from '../../cost/types';
import { MODULE_KINDS } from '../../model/modules/registry';
import type { ModuleType } from '../../model/types';
import { KindIcon } from '../../ui/KindIcon';
import { formatCount } from '../../ui/numbers';
import { Figure } from './Figure';

/** Rows drawn at most: a flow of thousands of modules lists its first ones, and says so. */
export const MAX_MODULE_ROWS = 200;

/** One platform's units in a cell, with the formula that gives them. */
function UnitCell({ id, value, formula, highlight }: { id: PlatformId; value: number; formula: string; highlight: PlatformId | null }) {
  return (
    <td className="cf-pf-num" data-highlight={id === highlight || undefined}>
      <Figure formula={formula} value={value} className={value === 0 ? 'cf-pf-fig--zero' : undefined}>
        {formatCount(value)}
      </Figure>
    </td>
  );
}

/** What one module's row shows: its name and kind, its executions, and each platform's units with their formula. */
interface ModuleRowView {
  id: string;
  type: ModuleType;
  name: string;
  executions: number;
  units: readonly number[];
  formulas: readonly string[];
}

const sameList = <T,>(a: readonly T[], b: readonly T[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * One module's row; re-drawn only when what it shows changes. An edit of one module's assumption
 * gives a new comparison of every module, and redrawing every row's icon and four figures made
 * the panel the slowest part of an edit (issue 16: all four prices in the same frame budget).
 */
const ModuleRow = memo(
  function ModuleRow({ row, highlight }: { row: ModuleRowView; highlight: PlatformId | null }) {
    return (
      <tr data-testid={`platforms-module-${row.id}`}>
        <th scope="row">
          <span className="cf-pf-module">
            <span style={{ color: MODULE_KINDS[row.type].colour }}>
              <KindIcon type={row.type} size={13} />
            </span>
            <span className="cf-pf-module__name">{row.name}</span>
            <span className="cf-pf-unit">{MODULE_KINDS[row.type].label}</span>
          </span>
        </th>
        <td className="cf-pf-num">{formatCount(row.executions)}</td>
        {PLATFORM_IDS.map((id, k) => (
          <UnitCell key={id} id={id} value={row.units[k]!} formula={row.formulas[k]!} highlight={highlight} />
        ))}
      </tr>
    );
  },
  (a, b) =>
    a.highlight === b.highlight &&
    a.row.id === b.row.id &&
    a.row.type === b.row.type &&
    a.row.name === b.row.name &&
    a.row.executions === b.row.executions &&
    sameList(a.row.units, b.row.units) &&
    sameList(a.row.formulas, b.row.formulas),
);

export const PlatformModules = memo(function PlatformModules({
  comparison,
  cost,
  names,
  highlight,
}: {
  comparison: PlatformComparison;
  cost: FlowCost;
  names: ReadonlyMap<string, string>;
  highlight: PlatformId | null;
}) {
  const { modules, table, pointPerRun, simulated } = comparison;
  const shown = modules.slice(0, MAX_MODULE_ROWS);
  const cell = (id: PlatformId, value: number, formula: string) => <UnitCell key={id} id={id} value={value} formula={formula} highlight={highlight} />;
  return (
    <section className="cf-card cf-pf-card cf-pf-card--wide" aria-label="Where each platform charges">
      <h3 className="cf-pf-card__title">Where each platform charges</h3>
      <p className="cf-pf-sentence" data-testid="platforms-charges">
        {describeCharges(modules)}
      </p>
      <div className="cf-pf-scroll">
        <table className="cf-pf-table cf-pf-table--modules" data-testid="platforms-modules">
          <thead>
            <tr>
              <th scope="col">Module</th>
              <th scope="col" className="cf-pf-num">
                Runs / run
              </th>
              {PLATFORM_IDS.map((id) => (
                <th key={id} scope="col" className={`cf-pf-num cf-pf--${id}`} data-highlight={id === highlight || undefined}>
                  {PLATFORM_NAMES[id]} <span className="cf-pf-unit">{PLATFORM_UNITS[id]}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((m) => {
              const node = cost.byId.get(m.id);
              const counts = node ?? { retryFactor: 1, inputs: { durationSec: 0, failureRate: 0 } };
              const per = (id: PlatformId) => (id === 'altan' ? 0 : unitsPerExecution(table[id], m.type, counts.inputs.durationSec));
              const row: ModuleRowView = {
                id: m.id,
                type: m.type,
                name: names.get(m.id) ?? m.id,
                executions: m.executions,
                units: PLATFORM_IDS.map((id) => m.units[id]),
                formulas: PLATFORM_IDS.map((id) => explainModuleUnits(m, counts, id, per(id))),
              };
              return <ModuleRow key={m.id} row={row} highlight={highlight} />;
            })}
            <tr className="cf-pf-table__extra">
              <th scope="row">Per run, whatever the flow holds</th>
              <td />
              {PLATFORM_IDS.map((id) => {
                const perRun = id === 'altan' ? 0 : table[id].unitsPerRun;
                return cell(id, perRun, perRun > 0 ? `${PLATFORM_NAMES[id]} bills ${formatCount(perRun)} per run` : `${PLATFORM_NAMES[id]} bills nothing per run itself`);
              })}
            </tr>
          </tbody>
          <tfoot>
            <tr>
              {/* The rows' own sum: with simulated runs the table above shows the mean, these rows the likely values. */}
              <th scope="row">{simulated ? 'Per run (likely values)' : 'Per run'}</th>
              <td />
              {PLATFORM_IDS.map((id) => cell(id, pointPerRun[id], `Σ of the column = ${formatCount(pointPerRun[id])} ${PLATFORM_UNITS[id]} per run`))}
            </tr>
          </tfoot>
        </table>
      </div>
      {modules.length > shown.length && (
        <p className="cf-pf-muted">
          The first {formatCount(shown.length)} of {formatCount(modules.length)} modules; the totals count them all.
        </p>
      )}
    </section>
  );
});
