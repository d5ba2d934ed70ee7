/**
 * The two charts of the platforms panel, in plain SVG: dollars per month on each platform (bars),
 * and dollars per month against runs per month on log axes, 10 to 1,000,000 runs (the
 * break-even chart), with the flow's own runs per month marked and the crossovers dotted.
 */
import { breakEven, dollarsAt, curvesOf, RUNS_RANGE, type BreakEven } from '../../cost/crossover';
import { PLATFORM_IDS, PLATFORM_NAMES, type PlatformId } from '../../cost/platformTable';
import type { PlatformComparison } from '../../cost/platforms';
import { formatCount, formatDollars } from '../../ui/numbers';

/** Short axis labels: $1, $10, $1k, $1M; 10, 1k, 1M. */
export function shortNumber(n: number, dollar = false): string {
  const abs = Math.abs(n);
  const [value, suffix] = abs >= 1e9 ? [n / 1e9, 'B'] : abs >= 1e6 ? [n / 1e6, 'M'] : abs >= 1e3 ? [n / 1e3, 'k'] : [n, ''];
  return `${dollar ? '$' : ''}${Number(value.toPrecision(3))}${suffix}`;
}

const BAR = { width: 420, label: 64, row: 26, value: 96 };

export function DollarsBars({ comparison, highlight }: { comparison: PlatformComparison; highlight: PlatformId | null }) {
  const max = Math.max(...PLATFORM_IDS.map((id) => comparison.platforms[id].dollarsPerMonth));
  const track = BAR.width - BAR.label - BAR.value;
  const height = PLATFORM_IDS.length * BAR.row;
  return (
    <svg className="cf-pf-bars" viewBox={`0 0 ${BAR.width} ${height}`} role="img" aria-label="Dollars per month on each platform" data-testid="platforms-bars">
      {PLATFORM_IDS.map((id, i) => {
        const p = comparison.platforms[id];
        const w = max > 0 ? (p.dollarsPerMonth / max) * track : 0;
        const y = i * BAR.row;
        return (
          <g key={id} className={`cf-pf-bar cf-pf--${id}`} data-testid={`platforms-bar-${id}`} data-value={p.dollarsPerMonth} data-highlight={id === highlight || undefined}>
            <text className="cf-pf-bar__name" x={BAR.label - 8} y={y + BAR.row / 2 + 4} textAnchor="end">
              {PLATFORM_NAMES[id]}
            </text>
            <rect className="cf-pf-bar__track" x={BAR.label} y={y + 5} width={track} height={BAR.row - 10} rx={3} />
            <rect className="cf-pf-bar__fill" x={BAR.label} y={y + 5} width={Math.max(w, p.dollarsPerMonth > 0 ? 2 : 0)} height={BAR.row - 10} rx={3} />
            <text className="cf-pf-bar__value" x={BAR.width - 4} y={y + BAR.row / 2 + 4} textAnchor="end">
              {formatDollars(p.dollarsPerMonth)}
              {id === comparison.cheapest ? ' ★' : ''}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

const CHART = { width: 560, height: 250, left: 52, right: 14, top: 26, bottom: 30 };
/** Dollars below this are drawn on the bottom axis (a log axis has no 0): free plans sit there. */
export const DOLLAR_FLOOR = 1;

/** The x and y of a chart of `series` on log axes. */
export function chartScale(top: number) {
  const plotW = CHART.width - CHART.left - CHART.right;
  const plotH = CHART.height - CHART.top - CHART.bottom;
  const lx0 = Math.log10(RUNS_RANGE.min);
  const lx1 = Math.log10(RUNS_RANGE.max);
  const ly1 = Math.max(1, Math.ceil(Math.log10(Math.max(top, DOLLAR_FLOOR * 10))));
  const x = (runs: number) => CHART.left + ((Math.log10(Math.min(RUNS_RANGE.max, Math.max(RUNS_RANGE.min, runs))) - lx0) / (lx1 - lx0)) * plotW;
  const y = (dollars: number) => CHART.top + plotH - (Math.log10(Math.max(DOLLAR_FLOOR, dollars)) / ly1) * plotH;
  return { x, y, decadesY: ly1, plotW, plotH };
}

export function BreakEvenChart({ comparison, highlight }: { comparison: PlatformComparison; highlight: PlatformId | null }) {
  const data: BreakEven = breakEven(comparison);
  const curves = curvesOf(comparison);
  let top = DOLLAR_FLOOR;
  for (const id of PLATFORM_IDS) for (const p of data.series[id]) top = Math.max(top, p.dollars);
  const { x, y, decadesY } = chartScale(top);
  const runs = data.runsPerMonth;
  const inRange = runs >= RUNS_RANGE.min && runs <= RUNS_RANGE.max;
  const markX = x(runs);
  const bottom = CHART.height - CHART.bottom;
  const xTicks = [10, 100, 1_000, 10_000, 100_000, 1_000_000];
  const yTicks = Array.from({ length: decadesY + 1 }, (_, i) => 10 ** i);
  const summary = `Dollars per month from ${formatCount(RUNS_RANGE.min)} to ${formatCount(RUNS_RANGE.max)} runs a month; this flow runs ${formatCount(runs)} times a month, where ${PLATFORM_NAMES[data.cheapest]} is the cheapest.`;
  return (
    <svg className="cf-pf-chart" viewBox={`0 0 ${CHART.width} ${CHART.height}`} role="img" aria-label={summary} data-testid="platforms-breakeven">
      <g className="cf-pf-axis">
        {yTicks.map((t) => (
          <g key={t}>
            <line className="cf-pf-grid" x1={CHART.left} x2={CHART.width - CHART.right} y1={y(t)} y2={y(t)} />
            <text x={CHART.left - 6} y={y(t) + 3.5} textAnchor="end">
              {t === DOLLAR_FLOOR ? `≤${shortNumber(t, true)}` : shortNumber(t, true)}
            </text>
          </g>
        ))}
        {xTicks.map((t) => (
          <g key={t}>
            <line className="cf-pf-grid cf-pf-grid--x" x1={x(t)} x2={x(t)} y1={CHART.top} y2={bottom} />
            <text x={x(t)} y={bottom + 14} textAnchor="middle">
              {shortNumber(t)}
            </text>
          </g>
        ))}
        <text className="cf-pf-axis__title" x={CHART.width - CHART.right} y={CHART.height - 2} textAnchor="end">
          runs per month (log)
        </text>
        <text className="cf-pf-axis__title" x={4} y={12}>
          $ per month (log)
        </text>
      </g>
      {PLATFORM_IDS.map((id) => (
        <polyline
          key={id}
          className={`cf-pf-line cf-pf--${id}`}
          data-testid={`breakeven-line-${id}`}
          data-highlight={id === highlight || undefined}
          points={data.series[id].map((p) => `${x(p.runs).toFixed(1)},${y(p.dollars).toFixed(1)}`).join(' ')}
        />
      ))}
      {data.crossovers.map((c) => (
        <circle key={`${c.runs}-${c.to}`} className={`cf-pf-crossover cf-pf--${c.to}`} data-testid="breakeven-crossover" data-runs={c.runs} cx={x(c.runs)} cy={y(dollarsAt(curves[c.to], c.runs))} r={3.5}>
          <title>{`Above ${formatCount(c.runs)} runs a month ${PLATFORM_NAMES[c.to]} is the cheapest (instead of ${PLATFORM_NAMES[c.from]})`}</title>
        </circle>
      ))}
      <g className="cf-pf-marker" data-testid="breakeven-marker" data-runs={runs} data-x={markX.toFixed(1)} data-in-range={inRange}>
        <line x1={markX} x2={markX} y1={CHART.top - 4} y2={bottom} />
        {PLATFORM_IDS.map((id) => (
          <circle key={id} className={`cf-pf--${id}`} cx={markX} cy={y(dollarsAt(curves[id], runs))} r={3} />
        ))}
        <text x={Math.min(Math.max(markX, CHART.left + 60), CHART.width - CHART.right - 60)} y={CHART.top - 8} textAnchor="middle">
          {inRange ? `this flow: ${formatCount(runs)} runs` : `this flow: ${formatCount(runs)} runs (off the chart)`}
        </text>
      </g>
    </svg>
  );
}

export function Legend({ highlight }: { highlight: PlatformId | null }) {
  return (
    <ul className="cf-pf-legend" aria-label="Legend">
      {PLATFORM_IDS.map((id) => (
        <li key={id} className={`cf-pf--${id}`} data-highlight={id === highlight || undefined}>
          <span className="cf-pf-legend__swatch" aria-hidden="true" />
          {PLATFORM_NAMES[id]}
        </li>
      ))}
      <li className="cf-pf-legend__note">● crossover · ┆ this flow</li>
    </ul>
  );
}
