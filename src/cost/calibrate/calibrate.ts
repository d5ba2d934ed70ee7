/**
 * Calibration (execution-logs.md §3, docs/calibration.md): a flow and a log of its runs in, a
 * scenario out that replaces the user's guesses with what the runs showed (durations, payloads,
 * retries, failure rates, pages, iterations, filter and route pass rates, runs per month, and extra credits
 * when the log says what was billed), with how many rows each
 * value came from and which modules' counts no pass rate can explain.
 */
import { compileFlow } from '../../model/compiled';
import type { ExecutionLog } from '../../model/executionLog';
import { canFail, type Assumptions, type Estimate, type Flow, type Scenario, type ScenarioOverrides } from '../../model/types';
import { applyScenario } from '../../model/scenario';
import { uniqueText } from '../../model/uniqueText';
import { TEXT_RULES } from '../../model/fieldRules';
import { observeModules, type ModuleObservation } from './observe';
import { extraCreditsOfLog } from './rowCredits';
import { matches, solvePassRates, type UnexplainedReason } from './solve';

/** Average length of a month (365.25 / 12 days), in milliseconds. */
const MONTH_MS = (365.25 / 12) * 24 * 3600 * 1000;

export interface CalibratedModule {
  id: string;
  /** Rows of this module ÷ runs. */
  observedExecutions: number;
  /** Point executions per run with the calibrated scenario. */
  predictedExecutions: number;
  /** True when the predicted count is within 1 % of the observed one. */
  explained: boolean;
  durationSec?: Estimate;
  payloadKB?: Estimate;
  retries?: number;
  failureRate?: number;
  pages?: number;
  iterations?: number;
  /** Per attempt, beyond the rate card: learnt from the rows whose billed `credits` the log gives. */
  extraCredits?: number;
  /** Rows of this module in the log. */
  rows: number;
  /** Rows each calibrated value came from. */
  provenance: Partial<Record<'durationSec' | 'payloadKB' | 'retries' | 'failureRate' | 'pages' | 'iterations' | 'extraCredits', number>>;
}

export interface CalibratedEdge {
  id: string;
  passRate: number;
  /** Rows of the edge's target module the rate came from. */
  rows: number;
}

export interface UnexplainedModule {
  moduleId: string;
  reason: UnexplainedReason;
  message: string;
}

export interface Calibration {
  runs: number;
  rows: number;
  /** First and last run start (ISO 8601), when the log has times. */
  from?: string;
  to?: string;
  runsPerMonth?: number;
  modules: CalibratedModule[];
  edges: CalibratedEdge[];
  unexplained: UnexplainedModule[];
  /** Modules whose count was met by one rate shared by several filtered edges (their split is unknown). */
  sharedRates: string[];
  /** The calibrated assumptions as a scenario of the flow. */
  scenario: Scenario;
}

export interface CalibrateOptions {
  /** The log's name (its file name), used in the scenario's name when the log has no times. */
  logName?: string;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Start of each run: the earliest `startedAt` of its rows (NaN when none has one). */
export function runStarts(log: ExecutionLog): Float64Array {
  const starts = new Float64Array(log.runIds.length).fill(NaN);
  for (let i = 0; i < log.rows; i++) {
    const t = log.startedAt[i]!;
    if (t !== t) continue;
    const r = log.run[i]!;
    const s = starts[r]!;
    if (s !== s || t < s) starts[r] = t;
  }
  return starts;
}

/** A scenario id not yet used in the flow. */
function freshId(flow: Flow): string {
  const used = new Set((flow.scenarios ?? []).map((s) => s.id));
  let id = 'calibrated';
  for (let k = 2; used.has(id); k++) id = `calibrated-${k}`;
  return id;
}

function moduleFigures(o: ModuleObservation, iterations: number, iterationRows: number): Pick<CalibratedModule, 'durationSec' | 'payloadKB' | 'retries' | 'failureRate' | 'pages' | 'iterations' | 'provenance'> {
  const out: ReturnType<typeof moduleFigures> = { provenance: {} };
  if (o.durationSec) {
    out.durationSec = o.durationSec.value;
    out.provenance.durationSec = o.durationSec.rows;
  }
  if (o.payloadKB) {
    out.payloadKB = o.payloadKB.value;
    out.provenance.payloadKB = o.payloadKB.rows;
  }
  if (o.retries) {
    out.retries = o.retries.value as number;
    out.provenance.retries = o.retries.rows;
  }
  if (o.failureRate) {
    out.failureRate = o.failureRate.value as number;
    out.provenance.failureRate = o.failureRate.rows;
  }
  if (o.pages) {
    out.pages = o.pages.value as number;
    out.provenance.pages = o.pages.rows;
  }
  if (!Number.isNaN(iterations)) {
    out.iterations = iterations;
    out.provenance.iterations = iterationRows;
  }
  return out;
}

/** Calibrates `flow` from `log` (whose module indices are the flow's). */
export function calibrate(flow: Flow, log: ExecutionLog, options: CalibrateOptions = {}): Calibration {
  const plan = compileFlow(flow);
  const observed = observeModules(log);
  const runs = log.runIds.length;
  // Every run starts with the trigger: a log that records none of its firings (Altan's records need not,
  // a hand-made log may leave it out) says nothing against one per run; it is not "×0, unexplained".
  const trigger = observed[plan.trigger];
  if (trigger !== undefined && trigger.rows === 0 && runs > 0) observed[plan.trigger] = { ...trigger, executions: 1 };
  const solved = solvePassRates(flow, plan, observed);

  const modules: CalibratedModule[] = [];
  const overrides: ScenarioOverrides = {};
  const moduleOverrides: Record<string, Assumptions> = {};
  for (let v = 0; v < plan.size; v++) {
    const module = flow.modules[v]!;
    if (plan.index.get(module.id) !== v) continue;
    const o = observed[v] ?? { rows: 0, executions: 0 };
    const figures = moduleFigures(o, solved.iterations[v]!, solved.iterationRows[v]!);
    const predicted = solved.predicted[v]!;
    modules.push({
      id: module.id,
      observedExecutions: o.executions,
      predictedExecutions: predicted,
      explained: matches(predicted, o.executions) && (plan.reached[v] === 1 || o.executions === 0),
      ...figures,
      rows: o.rows,
    });
    // Failure rates and pages (flow file version 3, cost-model §7) only where the engine reads them:
    // a failure rate on the kinds that can fail, pages on searches.
    const a: Assumptions = {};
    if (figures.durationSec !== undefined) a.durationSec = figures.durationSec;
    if (figures.payloadKB !== undefined) a.payloadKB = figures.payloadKB;
    if (figures.retries !== undefined) a.retries = figures.retries;
    if (figures.iterations !== undefined) a.iterations = figures.iterations;
    if (figures.failureRate !== undefined && canFail(module.type)) a.failureRate = figures.failureRate;
    if (figures.pages !== undefined && module.type === 'search') a.pages = figures.pages;
    if (Object.keys(a).length > 0) moduleOverrides[module.id] = a;
  }
  if (Object.keys(moduleOverrides).length > 0) overrides.modules = moduleOverrides;

  const edges: CalibratedEdge[] = [];
  const edgeOverrides: Record<string, { passRate: number }> = {};
  flow.edges.forEach((edge, e) => {
    const rate = solved.edgeRates[e]!;
    if (Number.isNaN(rate)) return;
    const t = plan.edgeTarget[e]!;
    edges.push({ id: edge.id, passRate: rate, rows: t === -1 ? 0 : (observed[t]?.rows ?? 0) });
    edgeOverrides[edge.id] = { passRate: rate };
  });
  if (edges.length > 0) overrides.edges = edgeOverrides;

  // Extra credits (LLM and API credits, say) from what the log says was billed beyond the rate card,
  // each row priced with its own figures and the calibrated loops' search surcharge.
  const extra = extraCreditsOfLog(applyScenario(flow, { id: '', name: '', overrides }), log);
  for (const m of modules) {
    const v = plan.index.get(m.id)!;
    const value = extra.value[v]!;
    if (Number.isNaN(value)) continue;
    m.extraCredits = value;
    m.provenance.extraCredits = extra.rows[v]!;
    moduleOverrides[m.id] = { ...moduleOverrides[m.id], extraCredits: value };
  }
  if (Object.keys(moduleOverrides).length > 0) overrides.modules = moduleOverrides;

  // Runs per month from the first and last run start: (runs − 1) intervals over that span.
  const starts = runStarts(log);
  let first = Infinity;
  let last = -Infinity;
  let timed = 0;
  for (const s of starts) {
    if (s !== s) continue;
    timed++;
    if (s < first) first = s;
    if (s > last) last = s;
  }
  let runsPerMonth: number | undefined;
  if (timed >= 2 && last > first) {
    runsPerMonth = ((timed - 1) / (last - first)) * MONTH_MS;
    overrides.runsPerMonth = runsPerMonth;
  }
  const period = timed > 0 ? `, ${day(first)} to ${day(last)}` : options.logName ? ` (${options.logName})` : '';
  const scenario: Scenario = {
    id: freshId(flow),
    // A name of its own: calibrating twice from one log must not give two scenarios of one name.
    name: uniqueText(
      `Calibrated from ${runs.toLocaleString('en-US')} run${runs === 1 ? '' : 's'}${period}`,
      (flow.scenarios ?? []).map((s) => s.name),
      TEXT_RULES.scenarioName.max,
    ),
    overrides,
  };

  const unexplained: UnexplainedModule[] = [];
  for (const m of modules) {
    const v = plan.index.get(m.id)!;
    const why = solved.reasons.get(v);
    // An iterator calibrated at the limit matches its own count, but what it stands for is not what the log says.
    if (m.explained && why?.reason !== 'over-limit') continue;
    if (why) unexplained.push({ moduleId: m.id, reason: why.reason, message: why.message });
  }
  return {
    runs,
    rows: log.rows,
    ...(timed > 0 ? { from: new Date(first).toISOString(), to: new Date(last).toISOString() } : {}),
    ...(runsPerMonth !== undefined ? { runsPerMonth } : {}),
    modules,
    edges,
    unexplained,
    sharedRates: [...solved.shared].map((v) => flow.modules[v]!.id),
    scenario,
  };
}
