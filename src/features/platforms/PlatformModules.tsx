/** Where each platform's units come from: one row per module, one column per platform. */
import { memo } from 'react';
import { PLATFORM_IDS, PLATFORM_NAMES, PLATFORM_UNITS, type PlatformId } from '../../cost/platformTable';
import { unitsPerExecution, type PlatformComparison } from '../../cost/platforms';
import { describeCharges, explainModuleUnits } from '../../cost/platformText';
import type { FlowCost } from '../../cost/types';
import { MODULE_KINDS } from '../../model/modules/registry';
import { KindIcon } from '../../ui/KindIcon';
import { formatCount } from '../../ui/numbers';
import { Figure } from './Figure';

/** Rows drawn at most: a flow of thousands of modules lists its first ones, and says so. */
export const MAX_MODULE_ROWS = 200;

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
  const { modules, table, platforms } = comparison;
  const shown = modules.slice(0, MAX_MODULE_ROWS);
  const cell = (id: PlatformId, value: number, formula: string, testId?: string) => (
    <td key={id} className="cf-pf-num" data-highlight={id === highlight || undefined}>
      <Figure formula={formula} value={value} testId={testId} className={value === 0 ? 'cf-pf-fig--zero' : undefined}>
        {formatCount(value)}
      </Figure>
    </td>
  );
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
              return (
                <tr key={m.id} data-testid={`platforms-module-${m.id}`}>
                  <th scope="row">
                    <span className="cf-pf-module">
                      <span style={{ color: MODULE_KINDS[m.type].colour }}>
                        <KindIcon type={m.type} size={13} />
                      </span>
                      <span className="cf-pf-module__name">{names.get(m.id) ?? m.id}</span>
                      <span className="cf-pf-unit">{MODULE_KINDS[m.type].label}</span>
                    </span>
                  </th>
                  <td className="cf-pf-num">{formatCount(m.executions)}</td>
                  {PLATFORM_IDS.map((id) => cell(id, m.units[id], explainModuleUnits(m, counts, id, per(id))))}
                </tr>
              );
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
              <th scope="row">Per run</th>
              <td />
              {PLATFORM_IDS.map((id) =>
                cell(id, platforms[id].perRun, `Σ of the column = ${formatCount(platforms[id].perRun)} ${PLATFORM_UNITS[id]} per run`),
              )}
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
