import type { Edge, Flow, Module, PartialRateCard, Scenario } from './types';

function own<T>(record: Record<string, T> | undefined, key: string): T | undefined {
  return record && typeof record === 'object' && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/** A partial rate card on top of another: fields replace, objects merge one level deep (as cost-model §2). */
function layerRateCard(base: PartialRateCard | undefined, top: PartialRateCard): PartialRateCard {
  const out: PartialRateCard = { ...base };
  for (const key of Object.keys(top) as (keyof PartialRateCard)[]) {
    const value = top[key];
    if (value === undefined) continue;
    const under = base?.[key];
    if (key !== 'timeExempt' && typeof value === 'object' && !Array.isArray(value) && typeof under === 'object' && under !== null) {
      (out as Record<string, unknown>)[key] = { ...under, ...value };
    } else {
      (out as Record<string, unknown>)[key] = value;
    }
  }
  return out;
}

/**
 * The flow as a scenario sees it: a new flow with the scenario's overrides applied on top of
 * the base flow (which is left untouched). Module assumptions named by the scenario replace
 * the module's own, key by key; an edge's pass rate replaces its filter's or route's; runs per
 * month replace the flow's; the rate card is layered on the flow's own. Ids the flow does not
 * have are ignored. Without a scenario the flow itself is returned.
 */
export function applyScenario(flow: Flow, scenario: Scenario | undefined): Flow {
  if (!scenario) return flow;
  const o = scenario.overrides ?? {};
  let modules = flow.modules;
  if (o.modules && typeof o.modules === 'object') {
    modules = flow.modules.map((m): Module => {
      const assumptions = own(o.modules, m.id);
      return assumptions ? ({ ...m, assumptions: { ...m.assumptions, ...assumptions } } as Module) : m;
    });
  }
  let edges = flow.edges;
  if (o.edges && typeof o.edges === 'object') {
    edges = flow.edges.map((e): Edge => {
      const change = own(o.edges, e.id);
      if (!change || change.passRate === undefined) return e;
      if (e.route) return { ...e, route: { ...e.route, passRate: change.passRate } };
      if (e.filter) return { ...e, filter: { ...e.filter, passRate: change.passRate } };
      return e;
    });
  }
  let settings = flow.settings;
  if (o.runsPerMonth !== undefined || o.rateCard !== undefined) {
    settings = { ...flow.settings };
    if (o.runsPerMonth !== undefined) settings.runsPerMonth = o.runsPerMonth;
    if (o.rateCard !== undefined) settings.rateCard = layerRateCard(flow.settings?.rateCard, o.rateCard);
  }
  return { ...flow, settings, modules, edges };
}

/** The scenario of a flow with this id or name, if any. */
export function findScenario(flow: Flow, idOrName: string): Scenario | undefined {
  return flow.scenarios?.find((s) => s.id === idOrName) ?? flow.scenarios?.find((s) => s.name === idOrName);
}
