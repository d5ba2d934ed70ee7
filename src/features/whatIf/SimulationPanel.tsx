import { useMemo } from 'react';
import type { SimulationResult } from '../../cost/simulate';
import { formatCredits } from '../../ui/numbers';
import { CommitInput } from './CommitInput';
import { useActiveFlow } from './useWhatIf';
import { MAX_SAMPLES, MIN_SAMPLES, useWhatIfSettings, useWhatIfSimulation } from './useWhatIfSimulation';
import type { SimulationState } from '../../workers/simulationHandle';
import './whatIf.css';
import { useEditor, useEditorInstance } from '../../editor/react';

/** Modules listed under the simulated runs: the costliest by their simulated mean. */
export const SIMULATED_MODULE_ROWS = 8;

/** The SIMULATED_MODULE_ROWS costliest modules by simulated mean (then P90), those that never cost anything left out. */
function costliestModules(nodes: SimulationResult['nodes']): SimulationResult['nodes'] {
  return nodes
    .filter((n) => n.mean > 0 || n.p90 > 0)
    .sort((a, b) => b.mean - a.mean || b.p90 - a.p90)
    .slice(0, SIMULATED_MODULE_ROWS);
}

/**
 * Per module: the mean and P90 of its credits per run in the simulated runs, costliest first
 * (modules that never cost anything left out). A click selects the module.
 */
export function SimulatedModules({ result }: { result: Pick<SimulationResult, 'nodes' | 'samples' | 'nodeQuantileSamples'> }) {
  const { commands, derived } = useEditorInstance();
  const names = useEditor(derived.selectModuleNames);
  // Once per result, not per render (the panel renders with the next run's progress).
  const rows = useMemo(() => costliestModules(result.nodes), [result.nodes]);
  if (rows.length === 0) return null;
  const fewer = result.nodeQuantileSamples < result.samples;
  return (
    <table className="cf-whatif-table" data-testid="sim-modules">
      <caption className="cf-whatif-muted">
        Costliest modules per run{fewer ? ` (P90 from the first ${result.nodeQuantileSamples.toLocaleString('en-US')} runs)` : ''}
      </caption>
      <thead>
        <tr>
          <th scope="col">Module</th>
          <th scope="col">Mean</th>
          <th scope="col">P90</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((n) => (
          <tr key={n.id} data-testid="sim-module" data-module-id={n.id}>
            <th scope="row">
              <button type="button" className="cf-whatif-link" onClick={() => void commands.run('select.reveal', { moduleId: n.id })}>
                {names.get(n.id) || n.id}
              </button>
            </th>
            <td data-testid="sim-module-mean" data-value={String(n.mean)}>
              {formatCredits(n.mean)}
            </td>
            <td data-testid="sim-module-p90" data-value={String(n.p90)}>
              {formatCredits(n.p90)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const HIST_W = 300;
const HIST_H = 72;

/** The histogram of simulated run costs, with the P50 and P90 marked. */
export function Histogram({ result }: { result: Pick<SimulationResult, 'histogram' | 'p50' | 'p90'> }) {
  const bins = result.histogram;
  if (bins.length === 0) return null;
  const start = bins[0]!.start;
  const end = bins[bins.length - 1]!.end;
  const span = end - start || 1;
  const maxCount = Math.max(1, ...bins.map((b) => b.count));
  const x = (value: number) => ((value - start) / span) * HIST_W;
  const mark = (value: number, className: string, label: string) =>
    value >= start && value <= end ? (
      <g>
        <line className={className} x1={x(value)} x2={x(value)} y1={0} y2={HIST_H} />
        <text x={x(value) + 2} y={9}>
          {label}
        </text>
      </g>
    ) : null;
  return (
    <svg
      className="cf-whatif-svg"
      viewBox={`0 0 ${HIST_W} ${HIST_H + 12}`}
      role="img"
      aria-label={`Histogram of credits per run from ${formatCredits(start)} to ${formatCredits(end)}`}
      data-testid="sim-histogram"
    >
      {bins.map((b, i) => {
        const h = (b.count / maxCount) * HIST_H;
        return (
          <rect
            key={i}
            className="cf-whatif-hist__bar"
            x={x(b.start)}
            y={HIST_H - h}
            width={Math.max(0.5, x(b.end) - x(b.start) - 0.5)}
            height={h}
          >
            <title>{`${formatCredits(b.start)}–${formatCredits(b.end)} credits: ${b.count} runs`}</title>
          </rect>
        );
      })}
      {mark(result.p50, 'cf-whatif-hist__mark', 'P50')}
      {mark(result.p90, 'cf-whatif-hist__mark cf-whatif-hist__mark--p90', 'P90')}
      <text x={0} y={HIST_H + 11}>
        {formatCredits(start)}
      </text>
      <text x={HIST_W} y={HIST_H + 11} textAnchor="end">
        {formatCredits(end)}
      </text>
    </svg>
  );
}

function Stat({ label, value, testId, title }: { label: string; value: number | undefined; testId: string; title?: string }) {
  return (
    <div className="cf-whatif-stat" title={title}>
      <span className="cf-whatif-stat__label">{label}</span>
      <span className="cf-whatif-stat__value" data-testid={testId} data-value={value === undefined ? '' : String(value)}>
        {value === undefined ? '—' : formatCredits(value)}
      </span>
    </div>
  );
}

/** What the panel shows for a simulation state (the panel itself reads the shared run). */
export function SimulationView({ state, scenarioName }: { state: SimulationState; scenarioName?: string | null }) {
  const { samples, seed, setSamples, setSeed } = useWhatIfSettings((s) => s);
  const result = state.result;
  const running = state.status === 'running';
  return (
    <section className="cf-card cf-whatif-card" data-testid="simulation-panel" aria-busy={running} data-ran-on={state.ranOn ?? ''}>
      <div className="cf-whatif-card__head">
        <h3 className="cf-whatif-card__title">Simulated runs{scenarioName ? ` · ${scenarioName}` : ''}</h3>
        <span className="cf-whatif-muted" data-testid="sim-status">
          {running ? `running ${Math.round(state.progress * 100)} %` : state.status === 'done' ? 'up to date' : state.status}
        </span>
      </div>
      <div className="cf-whatif-row">
        <label>
          Samples
          <CommitInput
            label="Samples"
            testId="sim-samples"
            value={samples}
            min={MIN_SAMPLES}
            max={MAX_SAMPLES}
            integer
            onCommit={(v) => setSamples(v!)}
          />
        </label>
        <label>
          Seed
          <CommitInput label="Seed" testId="sim-seed" value={seed} integer min={0} onCommit={(v) => setSeed(v!)} />
        </label>
      </div>
      <div className="cf-whatif-progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(state.progress * 100)} data-testid="sim-progress" hidden={!running}>
        <div className="cf-whatif-progress__bar" style={{ transform: `scaleX(${state.progress})` }} />
      </div>
      {state.error && (
        <p className="cf-whatif-error" role="alert">
          {state.error}
        </p>
      )}
      {/* A refused run shows its reason only: no placeholder figures beside it. */}
      {!state.error && (
      <div className="cf-whatif-stats">
        <Stat label="P50 / run" value={result?.p50} testId="sim-p50" title="Half of the runs cost at most this" />
        <Stat label="P90 / run" value={result?.p90} testId="sim-p90" title="Nine runs in ten cost at most this" />
        <Stat label="P99 / run" value={result?.p99} testId="sim-p99" title="99 runs in 100 cost at most this" />
        <div className="cf-whatif-stat" title="Mean credits per run ± its sampling error (one standard error)">
          <span className="cf-whatif-stat__label">Mean / run</span>
          <span className="cf-whatif-stat__value" data-testid="sim-mean" data-value={result ? String(result.mean) : ''}>
            {result ? formatCredits(result.mean) : '—'}
            {result && <span className="cf-whatif-stat__error"> ± {formatCredits(result.stdError)}</span>}
          </span>
        </div>
      </div>
      )}
      {result && <Histogram result={result} />}
      {result && <SimulatedModules result={result} />}
      {result && (
        <div className="cf-whatif-row">
          <span>
            Per month: P50{' '}
            <strong data-testid="sim-month-p50" data-value={String(result.perMonth.p50)}>
              {formatCredits(result.perMonth.p50)}
            </strong>{' '}
            · P90{' '}
            <strong data-testid="sim-month-p90" data-value={String(result.perMonth.p90)}>
              {formatCredits(result.perMonth.p90)}
            </strong>{' '}
            credits
          </span>
          <span className="cf-whatif-muted">
            {result.samples.toLocaleString('en-US')} runs, seed {result.seed}; sampling error of the mean ±
            {formatCredits(result.stdError)} (1 s.e.)
          </span>
        </div>
      )}
    </section>
  );
}

/**
 * Simulated runs of the flow (or of the scenario shown on the canvas): P50 / P90 / P99 per run,
 * the mean with its sampling error, a histogram, the month's P50 / P90, progress while it runs,
 * and the sample count and seed. Re-runs 300 ms after an edit; a stale run is cancelled.
 */
export function SimulationPanel() {
  return <SimulationView {...useSimulationPanel()} />;
}

/** What the simulation panel shows: the shared run's state and the name of the scenario shown, if any. */
export function useSimulationPanel(): { state: SimulationState; scenarioName: string | null } {
  const state = useWhatIfSimulation();
  const { scenario } = useActiveFlow();
  return { state, scenarioName: scenario?.name ?? null };
}
