import { useEffect, useState, type KeyboardEvent } from 'react';
import { sensitivityOf, type SensitivityBar, type SensitivityResult } from '../../cost/sensitivity';
import { formatCredits } from '../../ui/numbers';
import { useActiveFlow } from './useWhatIf';
import './whatIf.css';
import { useEditorInstance } from '../../editor/react';

const ROW_H = 22;
const LABEL_W = 190;
const CHART_W = 420;
const BAR_X = LABEL_W + 8;
const BAR_W = CHART_W - BAR_X - 8;

/** Flows above this many modules compute the tornado only on request (it re-prices twice per input). */
export const AUTO_SENSITIVITY_LIMIT = 200;
/** Wait this long after the last edit before re-computing (it re-prices the flow twice per input). */
export const SENSITIVITY_DEBOUNCE_MS = 250;

function cut(text: string, max = 34): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The tornado for given data; a click (or Enter) on a bar selects its module or edge. */
export function TornadoView({ data, onPick }: { data: SensitivityResult; onPick: (bar: SensitivityBar) => void }) {
  const { base, bars } = data;
  if (bars.length === 0) {
    return <p className="cf-whatif-muted">No input moves the monthly cost: add modules, or enter ranges.</p>;
  }
  const lo = Math.min(base, ...bars.map((b) => b.low));
  const hi = Math.max(base, ...bars.map((b) => b.high));
  const span = hi - lo || 1;
  const x = (v: number) => BAR_X + ((v - lo) / span) * BAR_W;
  const height = bars.length * ROW_H + 16;
  return (
    <svg className="cf-whatif-svg" viewBox={`0 0 ${CHART_W} ${height}`} role="list" aria-label="Sensitivity of the monthly cost" data-testid="tornado">
      {bars.map((bar, i) => {
        const y = i * ROW_H;
        const key = `${bar.target.moduleId ?? bar.target.edgeId ?? 'flow'}:${bar.target.field}`;
        const onKeyDown = (e: KeyboardEvent<SVGGElement>) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            onPick(bar);
          }
        };
        const fromTo = `${formatCredits(bar.from)} → ${formatCredits(bar.to)}${bar.fromRange ? ' (range)' : ' (±50 %)'}`;
        return (
          <g
            key={key}
            className="cf-whatif-tornado__row"
            role="listitem"
            tabIndex={0}
            data-testid="tornado-bar"
            data-module-id={bar.target.moduleId}
            data-edge-id={bar.target.edgeId}
            aria-label={`${bar.label}: ${formatCredits(bar.low)} to ${formatCredits(bar.high)} credits a month`}
            onClick={() => onPick(bar)}
            onKeyDown={onKeyDown}
          >
            <title>{`${bar.label}\n${fromTo}\nmonth: ${formatCredits(bar.atFrom)} → ${formatCredits(bar.atTo)} credits (swing ${formatCredits(bar.swing)})`}</title>
            <rect className="cf-whatif-tornado__bg" x={0} y={y} width={CHART_W} height={ROW_H} rx={4} />
            <text x={LABEL_W} y={y + ROW_H / 2 + 3.5} textAnchor="end">
              {cut(bar.label)}
            </text>
            <rect className="cf-whatif-tornado__down" x={x(bar.low)} y={y + 4} width={Math.max(0, x(base) - x(bar.low))} height={ROW_H - 8} />
            <rect className="cf-whatif-tornado__up" x={x(base)} y={y + 4} width={Math.max(0, x(bar.high) - x(base))} height={ROW_H - 8} />
          </g>
        );
      })}
      <line className="cf-whatif-tornado__base" x1={x(base)} x2={x(base)} y1={0} y2={bars.length * ROW_H} />
      <text x={x(base)} y={height - 2} textAnchor="middle">
        {formatCredits(base)} / month
      </text>
    </svg>
  );
}

/**
 * Sensitivity: the inputs that move the monthly cost most, each swept from its range's min to
 * max (±50 % without a range), the rest at their likely value. Clicking a bar selects the module
 * or edge it is about (runs per month: clears the selection, so the inspector shows the flow).
 */
export function TornadoChart({ top = 8 }: { top?: number }) {
  const { flow, scenario } = useActiveFlow();
  const { commands } = useEditorInstance();
  const [asked, setAsked] = useState(false);
  const manual = flow.modules.length > AUTO_SENSITIVITY_LIMIT && !asked;
  const [computed, setComputed] = useState<{ flow: typeof flow; data: SensitivityResult } | null>(null);
  useEffect(() => {
    if (manual) return;
    // Debounced: typing in a field does not re-sweep on every keystroke; the last bars stay meanwhile.
    const timer = setTimeout(() => setComputed({ flow, data: sensitivityOf(flow, { top }) }), SENSITIVITY_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [flow, top, manual]);
  const data = manual ? null : (computed?.data ?? null);
  const stale = computed !== null && computed.flow !== flow;
  const pick = (bar: SensitivityBar) => {
    if (bar.target.moduleId) void commands.run('select.reveal', { moduleId: bar.target.moduleId });
    else if (bar.target.edgeId) void commands.run('select.reveal', { edgeId: bar.target.edgeId });
    // Runs per month lives in the flow's settings: an empty selection shows them in the inspector.
    else void commands.run('select.none');
  };
  return (
    <section className="cf-card cf-whatif-card" data-testid="tornado-panel">
      <div className="cf-whatif-card__head">
        <h3 className="cf-whatif-card__title">What moves the monthly cost{scenario ? ` · ${scenario.name}` : ''}</h3>
        <span className="cf-whatif-muted">min → max of each range, or ±50 %</span>
      </div>
      {data ? (
        <div aria-busy={stale} data-testid="tornado-ready" data-stale={stale ? 'true' : 'false'}>
          <TornadoView data={data} onPick={pick} />
        </div>
      ) : !manual ? (
        <p className="cf-whatif-muted">Computing…</p>
      ) : (
        <p className="cf-whatif-muted">
          This flow has {flow.modules.length} modules, so the sensitivity is computed on request.{' '}
          <button type="button" className="cf-btn cf-btn--sm" onClick={() => setAsked(true)}>
            Compute
          </button>
        </p>
      )}
    </section>
  );
}
