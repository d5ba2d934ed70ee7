/**
 * The Calibration tab (issue 15 §3–4): what a log of the flow's runs says. The fit (credits per
 * run predicted with the calibrated scenario against those observed, mean and P90), the
 * backtest (the first half of the runs predicting the second), and per module the executions
 * observed, assumed by the flow as it is and given by the calibration, with a predicted-vs-observed
 * chart sorted by credits. "Apply calibration" adds the scenario to the flow (one undo step).
 */
import { useMemo } from 'react';
import { useStore } from 'zustand';
import { useEditor, useEditorInstance, useFlowCost } from '../../editor/react';
import { formatCredits, formatPercent } from '../../cost/format';
import { LOG_FORMAT_LABELS } from '../../io/logs/reader';
import { countsDiffer } from '../../store/calibration';
import { calibrationRows, chartScale, errorText, progressPercent, progressText } from './rows';
import './calibration.css';

export function CalibrationPanel() {
  const editor = useEditorInstance();
  const view = useStore(editor.calibration.store);
  const names = useEditor(editor.derived.selectModuleNames);
  const cost = useFlowCost();
  const assumed = useMemo(() => new Map(cost.nodes.map((n) => [n.id, n.executions])), [cost]);
  const result = view.result;
  const rows = useMemo(() => (result ? calibrationRows(result) : []), [result]);

  if (view.status === 'idle') {
    return (
      <div className="cf-panel-empty" data-testid="calibration-panel">
        <p>
          Drop a log of this flow's runs on the canvas, or use File → Import runs…, to calibrate its assumptions from what really happened
          (CSV, JSON, Altan or n8n executions).
        </p>
      </div>
    );
  }
  if (view.status === 'running') {
    const { progress } = view;
    const percent = progress ? progressPercent(progress) : 0;
    return (
      <div className="cf-calibration" data-testid="calibration-panel" data-status="running">
        <p className="cf-calibration__status" data-testid="calibration-status" aria-live="polite">
          {progressText(view.logName ?? 'the log', progress)}
        </p>
        <div className="cf-calibration__running">
          {/* Indeterminate until the first chunk is read, and while the rows are fitted. */}
          <progress
            className="cf-calibration__progress"
            data-testid="calibration-progress"
            data-percent={percent}
            aria-label="Calibrating"
            aria-valuetext={`${percent} %`}
            {...(progress?.stage === 'reading' ? { value: progress.bytesRead, max: progress.totalBytes } : {})}
          />
          <button type="button" className="cf-btn" data-testid="calibration-cancel" onClick={() => void editor.commands.run('calibration.cancel')}>
            Cancel
          </button>
        </div>
      </div>
    );
  }
  if (view.status === 'error' || !result) {
    return (
      <div className="cf-calibration" data-testid="calibration-panel" data-status="error">
        <p className="cf-calibration__error" role="alert" data-testid="calibration-error">
          {view.message}
        </p>
      </div>
    );
  }
  const { calibration, fit, backtest } = result;
  const scale = chartScale(rows);
  const nameOf = (id: string) => names.get(id) ?? id;
  return (
    <div className="cf-calibration" data-testid="calibration-panel" data-status="done">
      <div className="cf-calibration__head">
        <div>
          <h3 className="cf-calibration__title" data-testid="calibration-scenario">
            {calibration.scenario.name}
          </h3>
          <p className="cf-calibration__sub">
            {result.logName}: {LOG_FORMAT_LABELS[result.format]}, {calibration.rows.toLocaleString('en-US')} rows
            {result.skipped > 0 ? `, ${result.skipped.toLocaleString('en-US')} left out` : ''}
            {calibration.runsPerMonth !== undefined ? `; ${Math.round(calibration.runsPerMonth).toLocaleString('en-US')} runs a month` : ''}
          </p>
        </div>
        <button type="button" className="cf-btn cf-btn--primary" data-testid="calibration-apply" onClick={() => void editor.commands.run('calibration.apply')}>
          Apply calibration
        </button>
      </div>
      <div className="cf-calibration__figures" data-testid="calibration-fit">
        <Figure label="Observed per run" value={`${formatCredits(fit.observed.mean)} cr`} detail={`P90 ${formatCredits(fit.observed.p90)}`} testId="fit-observed" raw={fit.observed.mean} />
        <Figure label="Predicted per run" value={`${formatCredits(fit.predicted.mean)} cr`} detail={`P90 ${formatCredits(fit.predicted.p90)}`} testId="fit-predicted" raw={fit.predicted.mean} />
        <Figure
          label="Fit error (mean)"
          value={errorText((fit.predicted.mean - fit.observed.mean) / (fit.observed.mean || 1))}
          detail={`P90 ${errorText((fit.predicted.p90 - fit.observed.p90) / (fit.observed.p90 || 1))}`}
          testId="fit-error"
        />
        <Figure
          label="Backtest"
          value={backtest ? `mean ${errorText(backtest.meanError)}` : 'n/a'}
          detail={backtest ? `first ${backtest.trainRuns} runs predict the last ${backtest.testRuns}; P90 ${errorText(backtest.p90Error)}` : 'needs 2 runs or more'}
          testId="backtest"
        />
      </div>
      <table className="cf-calibration__table" data-testid="calibration-table">
        <thead>
          <tr>
            <th scope="col">Module</th>
            <th scope="col">Observed ×/run</th>
            <th scope="col">Assumed ×/run</th>
            <th scope="col">Calibrated ×/run</th>
            <th scope="col">Credits per run: observed vs predicted</th>
            <th scope="col">Backtest</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const a = assumed.get(row.id);
            const off = a !== undefined && countsDiffer(row.observedExecutions, a);
            return (
              <tr key={row.id} data-testid="calibration-row" data-module-id={row.id} className={row.explained ? undefined : 'cf-calibration__row--unexplained'}>
                <th scope="row">
                  <button type="button" className="cf-link" onClick={() => void editor.commands.run('select.reveal', { moduleId: row.id })}>
                    {nameOf(row.id)}
                  </button>
                </th>
                <td className="cf-num">{row.observedExecutions.toFixed(2)}</td>
                <td className={off ? 'cf-num cf-calibration__off' : 'cf-num'} data-testid="assumed-executions">
                  {a === undefined ? '—' : a.toFixed(2)}
                </td>
                <td className="cf-num" title={row.explained ? 'Matches the observed count within 1 %' : 'The flow\'s structure cannot reproduce this count'}>
                  {row.predictedExecutions.toFixed(2)}
                  {row.explained ? '' : ' ⚠'}
                </td>
                <td>
                  <div className="cf-calibration__bars" aria-label={`observed ${formatCredits(row.observed)}, predicted ${formatCredits(row.predicted)} credits per run`}>
                    <span className="cf-calibration__bar cf-calibration__bar--observed" style={{ width: `${scale(row.observed)}%` }} />
                    <span className="cf-calibration__bar cf-calibration__bar--predicted" style={{ width: `${scale(row.predicted)}%` }} />
                  </div>
                  <span className="cf-calibration__bar-text">
                    {formatCredits(row.observed)} vs {formatCredits(row.predicted)}
                  </span>
                </td>
                <td className="cf-num">{row.backtestError === undefined ? '—' : errorText(row.backtestError)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="cf-calibration__legend">
        <span className="cf-calibration__swatch cf-calibration__bar--observed" /> observed <span className="cf-calibration__swatch cf-calibration__bar--predicted" />{' '}
        predicted with the calibrated scenario ({formatPercent(1)} = the largest module). Values with fewer than 10 rows are means, not ranges.
      </p>
    </div>
  );
}

function Figure({ label, value, detail, testId, raw }: { label: string; value: string; detail: string; testId: string; raw?: number }) {
  return (
    <div className="cf-stat" data-testid={testId} data-value={raw}>
      <span className="cf-stat__label">{label}</span>
      <span className="cf-stat__value">{value}</span>
      <span className="cf-calibration__detail">{detail}</span>
    </div>
  );
}
