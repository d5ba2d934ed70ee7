/**
 * The "Platforms" dock tab: the flow priced on Altan, Make, Zapier and n8n side by side
 * (docs/platforms.md). Four columns (units per run, per month, the plan, dollars a month and per
 * 1,000 runs), a bar chart of the dollars, the break-even chart with the flow's own runs per month
 * marked, where each platform charges module by module, and the plans, editable. Every figure
 * explains itself on hover or focus. After an import from n8n or Make, the source platform is
 * highlighted and a sentence says what the workflow costs there today and on Altan.
 */
import { useCallback, useId, useMemo, useState, type ReactNode } from 'react';
import { crossovers, curvesOf } from '../../cost/crossover';
import { PLATFORM_IDS, PLATFORM_NAMES, PLATFORM_UNITS, type PlatformId } from '../../cost/platformTable';
import type { PlatformComparison } from '../../cost/platforms';
import { describeCheapest, describeImported, explainFigure, type PlatformFigure } from '../../cost/platformText';
import { isRange } from '../../model/types';
import { formatCount, formatDollars } from '../../ui/numbers';
import { useEditor, useEditorInstance, useFlowCost } from '../../editor/react';
import { RunsPerMonthField } from '../fields/RunsPerMonthField';
import { ExplainerContext, Figure, type Explainer } from './Figure';
import { BreakEvenChart, DollarsBars, Legend } from './PlatformCharts';
import { PlatformModules } from './PlatformModules';
import { PlanEditor } from './PlanEditor';
import { useImportedFrom, usePlatforms } from './usePlatforms';
import './platforms.css';

const HINT = 'Hover or focus a figure to see how it is worked out.';

interface Row {
  figure: PlatformFigure;
  label: string;
  value: (c: PlatformComparison, id: PlatformId) => number | null;
  text: (c: PlatformComparison, id: PlatformId) => ReactNode;
}

const units = (id: PlatformId) => <span className="cf-pf-unit">{PLATFORM_UNITS[id]}</span>;

function rowsFor(simulated: boolean): Row[] {
  const month = (c: PlatformComparison, id: PlatformId) => c.platforms[id].perMonth;
  const p90 = (c: PlatformComparison, id: PlatformId) => c.platforms[id].perMonthP90 ?? c.platforms[id].perMonth;
  return [
    { figure: 'perRun', label: simulated ? 'Per run (mean)' : 'Per run', value: (c, id) => c.platforms[id].perRun, text: (c, id) => <>{formatCount(c.platforms[id].perRun)} {units(id)}</> },
    { figure: 'perMonth', label: simulated ? 'Per month, P50' : 'Per month', value: month, text: (c, id) => <>{formatCount(month(c, id))} {units(id)}</> },
    ...(simulated
      ? [{ figure: 'perMonthP90' as const, label: 'Per month, P90', value: p90, text: (c: PlatformComparison, id: PlatformId) => <>{formatCount(p90(c, id))} {units(id)}</> }]
      : []),
    {
      figure: 'plan',
      label: simulated ? 'Plan (for P90)' : 'Plan',
      value: () => null,
      text: (c, id) => (
        <>
          {c.platforms[id].planName}
          {c.platforms[id].beyondLargestPlan && <span className="cf-pf-flag"> pro rata</span>}
        </>
      ),
    },
    { figure: 'dollarsPerMonth', label: 'Dollars a month', value: (c, id) => c.platforms[id].dollarsPerMonth, text: (c, id) => formatDollars(c.platforms[id].dollarsPerMonth) },
    {
      figure: 'dollarsPer1000Runs',
      label: 'Per 1,000 runs',
      value: (c, id) => c.platforms[id].dollarsPer1000Runs,
      text: (c, id) => (c.platforms[id].dollarsPer1000Runs === null ? '—' : formatDollars(c.platforms[id].dollarsPer1000Runs!)),
    },
  ];
}

function Comparison({ comparison, highlight }: { comparison: PlatformComparison; highlight: PlatformId | null }) {
  const rows = rowsFor(comparison.simulated);
  return (
    <table className="cf-pf-table cf-pf-table--compare" data-testid="platforms-table" aria-label="The flow on four platforms">
      <thead>
        <tr>
          <td />
          {PLATFORM_IDS.map((id) => (
            <th key={id} scope="col" className={`cf-pf-num cf-pf--${id}`} data-testid={`platforms-col-${id}`} data-highlight={id === highlight || undefined}>
              <span className="cf-pf-legend__swatch" aria-hidden="true" />
              {PLATFORM_NAMES[id]}
              {id === comparison.cheapest && (
                <span className="cf-pf-badge" data-testid="platforms-cheapest">
                  cheapest
                </span>
              )}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.figure}>
            <th scope="row">{row.label}</th>
            {PLATFORM_IDS.map((id) => (
              <td key={id} className="cf-pf-num" data-highlight={id === highlight || undefined}>
                <Figure formula={explainFigure(comparison, id, row.figure)} testId={`pf-${id}-${row.figure}`} value={row.value(comparison, id) ?? undefined}>
                  {row.text(comparison, id)}
                </Figure>
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function useExplainer(): { explainer: Explainer; formula: string | null } {
  const lineId = useId();
  const [formula, setFormula] = useState<string | null>(null);
  const show = useCallback((f: string) => setFormula(f), []);
  const hide = useCallback((f: string) => setFormula((now) => (now === f ? null : now)), []);
  const explainer = useMemo(() => ({ lineId, show, hide }), [lineId, show, hide]);
  return { explainer, formula };
}

export function PlatformsPanel() {
  const { derived } = useEditorInstance();
  const { comparison, deferred, waitingForRuns } = usePlatforms();
  const cost = useFlowCost();
  const names = useEditor(derived.selectModuleNames);
  const runsSetting = useEditor((s) => s.flow.settings.runsPerMonth);
  const imported = useImportedFrom();
  const { explainer, formula } = useExplainer();
  const changes = useMemo(() => crossovers(curvesOf(deferred)), [deferred]);

  return (
    <ExplainerContext.Provider value={explainer}>
      <div className="cf-pf" data-testid="platforms-panel" data-highlight={imported ?? undefined}>
        {imported && (
          <p className="cf-pf-imported" data-testid="platforms-imported" role="status">
            {describeImported(comparison, imported)}
          </p>
        )}
        <div className="cf-pf-top">
          <section className="cf-card cf-pf-card" aria-label="Side by side">
            <div className="cf-pf-card__head">
              <h3 className="cf-pf-card__title">The same flow on four platforms</h3>
              <div className="cf-pf-runs">
                {isRange(runsSetting) ? (
                  <span className="cf-pf-muted" data-testid="platforms-runs-range">
                    {formatCount(runsSetting.min)}–{formatCount(runsSetting.max)} runs a month (likely {formatCount(runsSetting.likely)}; edit in the flow settings)
                  </span>
                ) : (
                  <RunsPerMonthField value={runsSetting} fallback={cost.runsPerMonth} testId="platforms-runs-per-month" layout="inline" />
                )}
              </div>
            </div>
            <div className="cf-pf-wide">
              <Comparison comparison={comparison} highlight={imported} />
            </div>
            {waitingForRuns && <p className="cf-pf-muted">Point estimates: the P50 and P90 months follow when the simulated runs are ready.</p>}
            <DollarsBars comparison={deferred} highlight={imported} />
          </section>
          <section className="cf-card cf-pf-card" aria-label="Break-even">
            <h3 className="cf-pf-card__title">Dollars a month as runs grow</h3>
            <BreakEvenChart comparison={deferred} highlight={imported} />
            <Legend highlight={imported} />
            <p className="cf-pf-sentence" data-testid="platforms-sentence">
              {describeCheapest(deferred, changes)}
            </p>
          </section>
        </div>
        <PlatformModules comparison={deferred} cost={cost} names={names} highlight={imported} />
        <PlanEditor table={comparison.table} />
        <p className="cf-pf-explain" id={explainer.lineId} data-testid="platforms-formula" aria-live="polite">
          {formula ?? HINT}
        </p>
      </div>
    </ExplainerContext.Provider>
  );
}
