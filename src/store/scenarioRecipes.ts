/**
 * The scenarios' recipes (the what-if scenario panel; calibration's Apply adds one directly): pure
 * recipes on a flow draft as in operations.ts, their own module so that they load with that panel,
 * not with the page.
 */
import { current, isDraft } from 'immer';
import { ASSUMPTION_KEYS, type AssumptionKey, type Assumptions, type Estimate, type Flow, type Scenario, type ScenarioOverrides } from '../model/types';
import { FIELD_RULES, TEXT_RULES } from '../model/fieldRules';
import { checkEstimateRule, checkName, nextId, plain, type FieldError } from './operations';
import { checkAssumption } from './checkAssumption';
import { checkPassRate, uniqueName } from './moduleRecipes';
import { setRateCard } from './inspectorRecipes';

/** Checks every number of a scenario's overrides; returns the first problem. */
export function checkOverrides(flow: Flow, overrides: ScenarioOverrides): FieldError | undefined {
  if (overrides.runsPerMonth !== undefined) {
    const problem = checkEstimateRule(overrides.runsPerMonth, FIELD_RULES.runsPerMonth);
    if (problem) return { field: 'overrides.runsPerMonth', message: problem };
  }
  for (const [moduleId, assumptions] of Object.entries(overrides.modules ?? {})) {
    if (!flow.modules.some((m) => m.id === moduleId)) {
      return { field: `overrides.modules.${moduleId}`, message: `There is no module "${moduleId}".` };
    }
    for (const [key, value] of Object.entries(assumptions)) {
      const field = `overrides.modules.${moduleId}.${key}`;
      if (!(ASSUMPTION_KEYS as readonly string[]).includes(key)) return { field, message: `Unknown assumption "${key}".` };
      if (value === undefined) continue;
      const problem = checkAssumption(key as AssumptionKey, value);
      if (problem) return { field, message: problem };
    }
  }
  for (const [edgeId, edge] of Object.entries(overrides.edges ?? {})) {
    if (!flow.edges.some((e) => e.id === edgeId)) {
      return { field: `overrides.edges.${edgeId}`, message: `There is no edge "${edgeId}".` };
    }
    const problem = checkPassRate(edge.passRate);
    if (problem) return { field: `overrides.edges.${edgeId}.passRate`, message: problem };
  }
  if (overrides.rateCard) {
    const probe = { settings: {} } as unknown as Flow;
    const problem = setRateCard(probe, overrides.rateCard);
    if (problem) return { field: `overrides.${problem.field}`, message: problem.message };
  }
  return undefined;
}

export type ScenarioResult = { ok: true; id: string } | { ok: false; error: FieldError };

export function addScenario(draft: Flow, input: { name: string; overrides?: ScenarioOverrides }): ScenarioResult {
  const checked = checkName(input.name, TEXT_RULES.scenarioName, 'A scenario needs a name.');
  if (!checked.ok) return { ok: false, error: checked.error };
  const overrides = input.overrides ?? {};
  const problem = checkOverrides(draft, overrides);
  if (problem) return { ok: false, error: problem };
  draft.scenarios ??= [];
  const id = nextId('s', draft.scenarios.map((s) => s.id));
  const name = uniqueName(checked.name, draft.scenarios.map((s) => s.name), TEXT_RULES.scenarioName.max);
  draft.scenarios.push({ id, name, overrides: plain(overrides) });
  return { ok: true, id };
}

export function updateScenario(
  draft: Flow,
  scenarioId: string,
  patch: { name?: string; overrides?: ScenarioOverrides },
): FieldError | undefined {
  const scenario: Scenario | undefined = draft.scenarios?.find((s) => s.id === scenarioId);
  if (!scenario) return { field: 'scenario', message: `There is no scenario "${scenarioId}".` };
  if (patch.name !== undefined) {
    const checked = checkName(patch.name, TEXT_RULES.scenarioName, 'A scenario needs a name.');
    if (!checked.ok) return checked.error;
  }
  if (patch.overrides !== undefined) {
    const problem = checkOverrides(draft, patch.overrides);
    if (problem) return problem;
  }
  if (patch.name !== undefined && scenario.name !== patch.name.trim()) scenario.name = patch.name.trim();
  if (patch.overrides !== undefined) scenario.overrides = plain(patch.overrides);
  return undefined;
}

/** One change to a scenario's overrides; a value of `undefined` removes that override. */
export type OverrideChange =
  | { kind: 'runsPerMonth'; value: Estimate | undefined }
  | { kind: 'assumption'; moduleId: string; key: AssumptionKey; value: Estimate | undefined }
  | { kind: 'passRate'; edgeId: string; value: Estimate | undefined };

/** The overrides with one change made (a new object; the input is not touched). */
export function withOverride(overrides: ScenarioOverrides, change: OverrideChange): ScenarioOverrides {
  const next: ScenarioOverrides = { ...overrides };
  if (change.kind === 'runsPerMonth') {
    if (change.value === undefined) delete next.runsPerMonth;
    else next.runsPerMonth = change.value;
  } else if (change.kind === 'assumption') {
    const own: Assumptions = { ...overrides.modules?.[change.moduleId] };
    if (change.value === undefined) delete own[change.key];
    else own[change.key] = change.value;
    const modules = { ...overrides.modules };
    if (Object.keys(own).length === 0) delete modules[change.moduleId];
    else modules[change.moduleId] = own;
    next.modules = modules;
  } else {
    const edges = { ...overrides.edges };
    if (change.value === undefined) delete edges[change.edgeId];
    else edges[change.edgeId] = { passRate: change.value };
    next.edges = edges;
  }
  return next;
}

/**
 * Sets or removes one override of a scenario (the what-if panel's fields and chips). Checked
 * like every scenario value: a refused value changes nothing and comes back as a FieldError.
 */
export function setScenarioOverride(draft: Flow, scenarioId: string, change: OverrideChange): FieldError | undefined {
  const scenario = draft.scenarios?.find((s) => s.id === scenarioId);
  if (!scenario) return { field: 'scenario', message: `There is no scenario "${scenarioId}".` };
  const overrides = isDraft(scenario.overrides) ? (current(scenario.overrides) as ScenarioOverrides) : scenario.overrides;
  // Only the change is checked: a file may hold overrides of a module or edge the flow lacks (the
  // reader accepts and ignores them), and those must not block editing the scenario's others.
  const problem = checkOverrides(draft, withOverride({}, change));
  if (problem) return problem;
  scenario.overrides = plain(withOverride(overrides, change));
  return undefined;
}

export function removeScenario(draft: Flow, scenarioId: string): void {
  if (!draft.scenarios) return;
  const index = draft.scenarios.findIndex((s) => s.id === scenarioId);
  if (index < 0) return;
  draft.scenarios.splice(index, 1);
  if (draft.scenarios.length === 0) delete draft.scenarios;
}
