import { overflowOf } from '../../cost/check';
import { useMemo, useState, type KeyboardEvent } from 'react';
import { MODULE_KINDS } from '../../model/modules/registry';
import { SENSITIVITY_FIELD_LABELS } from '../../cost/sensitivity';
import { isRange, pointOf } from '../../model/types';
import type { AssumptionKey, Estimate, Flow, Scenario } from '../../model/types';
import { addScenario, removeScenario, setScenarioOverride, updateScenario, type OverrideChange } from '../../store/scenarioRecipes';
import { formatCredits, formatDollars } from '../../ui/numbers';
import { EstimateField } from '../fields/EstimateField';
import { CommitInput } from './CommitInput';
import { flowWithScenario, pricedOf } from './useWhatIf';
import { ASSUMPTION_RULES, FIELD_RULES, typedRule, type NumberRule } from '../../model/fieldRules';
import { scaleValue } from '../fields/numbers';
import './whatIf.css';
import { useEditField, useEditor } from '../../editor/react';

/** Most per-module rows the comparison shows (largest change first). */
export const COMPARE_MODULE_ROWS = 20;

function scaleEstimate(value: Estimate, factor: number): Estimate {
  return isRange(value) ? { min: value.min * factor, likely: value.likely * factor, max: value.max * factor } : value * factor;
}

function estimateText(value: Estimate): string {
  return isRange(value) ? `${value.min}–${value.likely}–${value.max}` : String(value);
}

/** An override as its field shows it: a share in % ("pass rate = 50 %"), as it is typed. */
function shownText(value: Estimate, rule: NumberRule): string {
  const scale = rule.scale ?? 1;
  const scaled = scale === 1 ? value : isRange(value) ? { min: scaleValue(value.min, scale), likely: scaleValue(value.likely, scale), max: scaleValue(value.max, scale) } : scaleValue(value, scale);
  return `${estimateText(scaled)}${rule.unit === '%' ? ' %' : ''}`;
}

function moduleName(flow: Flow, id: string): string {
  return flow.modules.find((m) => m.id === id)?.name ?? id;
}

function edgeName(flow: Flow, id: string): string {
  const edge = flow.edges.find((e) => e.id === id);
  if (!edge) return id;
  return `${moduleName(flow, edge.source)} → ${moduleName(flow, edge.target)}`;
}


function TextCommit({ value, label, testId, onCommit }: { value: string; label: string; testId: string; onCommit: (v: string) => string | undefined }) {
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | undefined>();
  const commit = () => {
    if (draft === null) return;
    const problem = onCommit(draft);
    setError(problem);
    if (!problem) setDraft(null);
  };
  return (
    <span>
      <input
        className="cf-whatif-input cf-whatif-input--wide"
        aria-label={label}
        aria-invalid={error ? true : undefined}
        data-testid={testId}
        value={draft ?? value}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e: KeyboardEvent<HTMLInputElement>) => {
          e.stopPropagation();
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') {
            setDraft(null);
            setError(undefined);
          }
        }}
      />
      {error && (
        <span className="cf-whatif-error" role="alert">
          {' '}
          {error}
        </span>
      )}
    </span>
  );
}

/** The overrides of one scenario: runs per month (× factor or value), module assumptions, edge pass rates. */
function ScenarioEditor({ flow, scenario }: { flow: Flow; scenario: Scenario }) {
  const active = useEditor((s) => s.ui.activeScenarioId === scenario.id);
  const setActiveScenario = useEditor((s) => s.setActiveScenario);
  const [runsMode, setRunsMode] = useState<'factor' | 'value'>('factor');
  const [moduleId, setModuleId] = useState('');
  const [key, setKey] = useState<AssumptionKey>('durationSec');
  const [edgeId, setEdgeId] = useState('');
  const [error, setError] = useState<string | undefined>();
  const overrides = scenario.overrides;
  const baseRuns = flow.settings.runsPerMonth ?? pricedOf(flow).runsPerMonth;

  const editField = useEditField();
  /** Sets or removes one override (one undo step); the refusal, if any, shows under the editor. */
  const override = (change: OverrideChange): string | undefined => {
    const problem = editField('Edit scenario', (d) => setScenarioOverride(d, scenario.id, change));
    setError(problem);
    return problem;
  };

  const selectedModule = flow.modules.find((m) => m.id === moduleId);
  const keys = selectedModule ? MODULE_KINDS[selectedModule.type].assumptions : [];
  const shownKey: AssumptionKey | undefined = keys.includes(key) ? key : keys[0];
  // The flow's own value of the chosen assumption (a new range starts around it).
  const ownValue = selectedModule && shownKey ? selectedModule.assumptions?.[shownKey] : undefined;
  const moduleValue =
    ownValue !== undefined && ownValue !== null
      ? pointOf(ownValue)
      : selectedModule && shownKey
        ? (MODULE_KINDS[selectedModule.type].defaults[shownKey] ?? 0)
        : 0;
  const rateEdges = flow.edges.filter((e) => (e.route && !e.route.fallback) || e.filter);
  const selectedEdge = rateEdges.find((e) => e.id === edgeId);
  const edgeRate = selectedEdge ? pointOf(selectedEdge.route?.passRate ?? selectedEdge.filter?.passRate ?? 1) : 1;
  const t = (suffix: string) => `scenario-${suffix}-${scenario.id}`;

  return (
    <div className="cf-whatif-scenario" data-testid={`scenario-${scenario.id}`}>
      <div className="cf-whatif-row">
        <TextCommit
          value={scenario.name}
          label="Scenario name"
          testId={t('name')}
          onCommit={(name) => editField('Rename scenario', (d) => updateScenario(d, scenario.id, { name }))}
        />
        <label className="cf-switch">
          <span>Show on canvas</span>
          <input
            type="checkbox"
            role="switch"
            data-testid={t('show')}
            checked={active}
            onChange={(e) => setActiveScenario(e.target.checked ? scenario.id : null)}
          />
        </label>
        <button
          type="button"
          className="cf-btn cf-btn--sm cf-btn--danger"
          data-testid={t('delete')}
          onClick={() => {
            if (active) setActiveScenario(null);
            editField('Delete scenario', (d) => removeScenario(d, scenario.id));
          }}
        >
          Delete
        </button>
      </div>

      <div className="cf-whatif-row">
        <span>Runs per month</span>
        <select
          className="cf-select"
          aria-label="How to enter runs per month"
          data-testid={t('runs-mode')}
          value={runsMode}
          onChange={(e) => setRunsMode(e.target.value === 'value' ? 'value' : 'factor')}
        >
          <option value="factor">× base</option>
          <option value="value">runs</option>
        </select>
        {runsMode === 'factor' ? (
          <CommitInput
            key={runsMode}
            label="Runs per month factor"
            testId={t('runs')}
            optional
            min={0}
            value={
              overrides.runsPerMonth === undefined || !(pointOf(baseRuns) > 0)
                ? undefined
                : pointOf(overrides.runsPerMonth) / pointOf(baseRuns)
            }
            placeholder="e.g. 5"
            onCommit={(v) => override({ kind: 'runsPerMonth', value: v === undefined ? undefined : scaleEstimate(baseRuns, v) })}
          />
        ) : (
          // A value: a number, or a range (min / likely / max) drawn per month in the simulated runs.
          <EstimateField
            name={t('runs')}
            testId={t('runs')}
            label="Runs per month"
            {...typedRule(FIELD_RULES.runsPerMonth)}
            allowEmpty
            value={overrides.runsPerMonth}
            fallback={pointOf(baseRuns)}
            placeholder={String(pointOf(baseRuns))}
            onCommit={(v) => override({ kind: 'runsPerMonth', value: v })}
          />
        )}
        {overrides.runsPerMonth !== undefined && (
          <span className="cf-whatif-muted">= {estimateText(overrides.runsPerMonth)} runs (base {estimateText(baseRuns)})</span>
        )}
      </div>

      <div className="cf-whatif-row">
        {Object.entries(overrides.modules ?? {}).flatMap(([id, assumptions]) =>
          Object.entries(assumptions).map(([k, v]) => (
            <span className="cf-whatif-chip" key={`${id}:${k}`} data-testid="scenario-override">
              {moduleName(flow, id)} · {SENSITIVITY_FIELD_LABELS[k as AssumptionKey] ?? k} ={' '}
              {v === undefined ? '' : k in ASSUMPTION_RULES ? shownText(v, ASSUMPTION_RULES[k as AssumptionKey]) : estimateText(v)}
              <button
                type="button"
                aria-label={`Remove the override of ${moduleName(flow, id)} ${k}`}
                onClick={() => override({ kind: 'assumption', moduleId: id, key: k as AssumptionKey, value: undefined })}
              >
                ×
              </button>
            </span>
          )),
        )}
        {Object.entries(overrides.edges ?? {}).map(([id, { passRate }]) => (
          <span className="cf-whatif-chip" key={`edge:${id}`} data-testid="scenario-override">
            {edgeName(flow, id)} · pass rate = {shownText(passRate, FIELD_RULES.passRate)}
            <button
              type="button"
              aria-label={`Remove the pass rate override of ${edgeName(flow, id)}`}
              onClick={() => override({ kind: 'passRate', edgeId: id, value: undefined })}
            >
              ×
            </button>
          </span>
        ))}
      </div>

      <div className="cf-whatif-row">
        <select className="cf-select" aria-label="Module to override" data-testid={t('module')} value={moduleId} onChange={(e) => setModuleId(e.target.value)}>
          <option value="">Module…</option>
          {flow.modules.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name || m.id}
            </option>
          ))}
        </select>
        <select
          className="cf-select"
          aria-label="Assumption to override"
          data-testid={t('key')}
          value={keys.includes(key) ? key : (keys[0] ?? '')}
          disabled={!selectedModule}
          onChange={(e) => setKey(e.target.value as AssumptionKey)}
        >
          {keys.map((k) => (
            <option key={k} value={k}>
              {SENSITIVITY_FIELD_LABELS[k]}
            </option>
          ))}
        </select>
        {/* A number or a range (min / likely / max): shows the scenario's value of this assumption, if any. */}
        <EstimateField
          key={`${moduleId}:${shownKey ?? ''}`}
          name={t('module-value')}
          testId={t('module-value')}
          label="Assumption value"
          {...typedRule(shownKey ? ASSUMPTION_RULES[shownKey] : { label: '', unit: '', unitName: '', min: 0, max: Infinity, why: '' })}
          allowEmpty
          disabled={!selectedModule || !shownKey}
          value={selectedModule && shownKey ? overrides.modules?.[selectedModule.id]?.[shownKey] : undefined}
          fallback={moduleValue}
          placeholder={selectedModule && shownKey ? String(scaleValue(moduleValue, ASSUMPTION_RULES[shownKey].scale ?? 1)) : 'value'}
          onCommit={(v) => {
            if (!selectedModule) return 'Choose a module first.';
            if (!shownKey) return 'This module has no assumptions.';
            return override({ kind: 'assumption', moduleId: selectedModule.id, key: shownKey, value: v });
          }}
        />
      </div>

      {rateEdges.length > 0 && (
        <div className="cf-whatif-row">
          <select className="cf-select" aria-label="Edge to override" data-testid={t('edge')} value={edgeId} onChange={(e) => setEdgeId(e.target.value)}>
            <option value="">Filter or route…</option>
            {rateEdges.map((e) => (
              <option key={e.id} value={e.id}>
                {edgeName(flow, e.id)}
              </option>
            ))}
          </select>
          <EstimateField
            key={edgeId}
            name={t('edge-value')}
            testId={t('edge-value')}
            label="Pass rate"
            {...typedRule(FIELD_RULES.passRate)}
            allowEmpty
            disabled={!selectedEdge}
            value={edgeId ? overrides.edges?.[edgeId]?.passRate : undefined}
            fallback={edgeRate}
            placeholder={selectedEdge ? String(scaleValue(edgeRate, FIELD_RULES.passRate.scale)) : '0..100'}
            onCommit={(v) => {
              if (!edgeId) return 'Choose an edge first.';
              return override({ kind: 'passRate', edgeId, value: v });
            }}
          />
        </div>
      )}
      {error && (
        <p className="cf-whatif-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

interface Column {
  id: string;
  name: string;
  flow: Flow;
}

function Delta({ value, base }: { value: number; base: number }) {
  const d = value - base;
  if (Math.abs(d) < 1e-9) return null;
  return (
    <span className={d > 0 ? 'cf-whatif-delta--up' : 'cf-whatif-delta--down'}>
      {' '}
      ({d > 0 ? '+' : '−'}
      {formatCredits(Math.abs(d))})
    </span>
  );
}

/** Base vs every scenario: run total, month total, dollars a month, and the modules that change most. */
export function ScenarioComparison({ flow }: { flow: Flow }) {
  const columns: Column[] = useMemo(
    () => (flow.scenarios ?? []).map((s) => ({ id: s.id, name: s.name, flow: flowWithScenario(flow, s.id).flow })),
    [flow],
  );
  const base = pricedOf(flow);
  const costs = useMemo(() => columns.map((c) => pricedOf(c.flow)), [columns]);
  const rows = useMemo(() => {
    const list = flow.modules.map((m) => {
      const b = base.byId.get(m.id)?.credits ?? 0;
      const values = costs.map((c) => c.byId.get(m.id)?.credits ?? 0);
      const change = Math.max(0, ...values.map((v) => Math.abs(v - b)));
      return { id: m.id, name: m.name || m.id, base: b, values, change };
    });
    return list
      .filter((r) => r.base > 0 || r.values.some((v) => v > 0))
      .sort((a, b) => b.change - a.change)
      .slice(0, COMPARE_MODULE_ROWS);
  }, [flow, base, costs]);
  // A figure too large for a number is never shown (no ∞, no "—"): the engine's overflow problem is.
  const overflows = useMemo(() => {
    const scenarios = flow.scenarios ?? [];
    const found = [overflowOf(flow, undefined, base), ...scenarios.map((sc, i) => overflowOf(flow, sc, costs[i]!))];
    return [...new Set(found.filter((p) => p !== undefined).map((p) => p.message))];
  }, [flow, base, costs]);
  if (columns.length === 0) return null;
  if (overflows.length > 0) {
    return (
      <div className="cf-whatif-error" role="alert" data-testid="scenario-compare-overflow">
        {overflows.map((message) => (
          <p key={message}>{message}</p>
        ))}
      </div>
    );
  }
  return (
    <table className="cf-whatif-table" data-testid="scenario-compare">
      <thead>
        <tr>
          <th scope="col">credits</th>
          <th scope="col">Base</th>
          {columns.map((c) => (
            <th scope="col" key={c.id}>
              {c.name}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        <tr>
          <th scope="row">Per run</th>
          <td data-testid="compare-run-base" data-value={String(base.total)}>
            {formatCredits(base.total)}
          </td>
          {costs.map((c, i) => (
            <td key={columns[i]!.id} data-testid={`compare-run-${columns[i]!.id}`} data-value={String(c.total)}>
              {formatCredits(c.total)}
              <Delta value={c.total} base={base.total} />
            </td>
          ))}
        </tr>
        <tr>
          <th scope="row">Per month</th>
          <td data-testid="compare-month-base" data-value={String(base.perMonth)}>
            {formatCredits(base.perMonth)}
          </td>
          {costs.map((c, i) => (
            <td key={columns[i]!.id} data-testid={`compare-month-${columns[i]!.id}`} data-value={String(c.perMonth)}>
              {formatCredits(c.perMonth)}
              <Delta value={c.perMonth} base={base.perMonth} />
            </td>
          ))}
        </tr>
        <tr>
          <th scope="row">$ per month</th>
          <td>{formatDollars(base.dollarsPerMonth)}</td>
          {costs.map((c, i) => (
            <td key={columns[i]!.id}>{formatDollars(c.dollarsPerMonth)}</td>
          ))}
        </tr>
        {rows.map((r) => (
          <tr key={r.id} data-testid={`compare-module-${r.id}`}>
            <td title={r.name}>{r.name}</td>
            <td>{formatCredits(r.base)}</td>
            {r.values.map((v, i) => (
              <td key={columns[i]!.id}>
                {formatCredits(v)}
                <Delta value={v} base={r.base} />
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * Scenarios: named sets of overrides on top of the flow (runs per month, module assumptions, edge
 * pass rates), saved in the flow file; create, rename, edit, delete; compare each with the base;
 * "Show on canvas" makes the canvas (and the other what-if panels) price that scenario.
 */
export function ScenarioPanel() {
  const editField = useEditField();
  const flow = useEditor((s) => s.flow);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | undefined>();
  const add = () => {
    const refused = editField('Add scenario', (d) => {
      const result = addScenario(d, { name: name.trim() || 'Scenario' });
      return result.ok ? undefined : result.error;
    });
    setError(refused);
    if (refused === undefined) setName('');
  };
  return (
    <section className="cf-card cf-whatif-card cf-whatif-card--wide" data-testid="scenario-panel">
      <div className="cf-whatif-card__head">
        <h3 className="cf-whatif-card__title">Scenarios</h3>
        <div className="cf-whatif-row">
          <input
            className="cf-whatif-input cf-whatif-input--wide"
            aria-label="New scenario name"
            placeholder="e.g. Black Friday"
            data-testid="scenario-new-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            onKeyDown={(e) => {
              e.stopPropagation();
              if (e.key === 'Enter') add();
            }}
          />
          <button type="button" className="cf-btn cf-btn--sm cf-btn--primary" data-testid="scenario-add" onClick={add}>
            Add scenario
          </button>
        </div>
      </div>
      {error && (
        <p className="cf-whatif-error" role="alert">
          {error}
        </p>
      )}
      {(flow.scenarios ?? []).length === 0 && (
        <p className="cf-whatif-muted">A scenario changes some numbers on top of the flow, e.g. “Black Friday”: runs ×5, 200 contacts a loop.</p>
      )}
      {(flow.scenarios ?? []).map((s) => (
        <ScenarioEditor key={s.id} flow={flow} scenario={s} />
      ))}
      <ScenarioComparison flow={flow} />
    </section>
  );
}
