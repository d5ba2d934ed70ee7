/**
 * What the what-if panels share: the flow they look at (the document, or the scenario shown on
 * the canvas) and its point estimate, memoised per document so every panel gets the same objects.
 */
import { useMemo } from 'react';
import type { Flow, Scenario } from '../../model/types';
import { applyScenario } from '../../model/scenario';
import { priceFlow } from '../../cost/price';
import type { FlowCost } from '../../cost/types';
import { useEditor } from '../../editor/react';
import { useFlowIgnoringPositions } from '../../editor/laterHooks';

const withScenario = new WeakMap<Flow, Map<string, Flow>>();

/** `flow` with scenario `scenarioId` applied, memoised per document so every panel gets the same object. */
export function flowWithScenario(flow: Flow, scenarioId: string | null): { flow: Flow; scenario: Scenario | null } {
  const scenario = scenarioId ? (flow.scenarios?.find((s) => s.id === scenarioId) ?? null) : null;
  if (!scenario) return { flow, scenario: null };
  let byId = withScenario.get(flow);
  if (!byId) {
    byId = new Map();
    withScenario.set(flow, byId);
  }
  let applied = byId.get(scenario.id);
  if (!applied) {
    applied = applyScenario(flow, scenario);
    byId.set(scenario.id, applied);
  }
  return { flow: applied, scenario };
}

/** The flow the what-if panels look at: the document, or the active scenario applied to it. */
export function useActiveFlow(): { flow: Flow; base: Flow; scenario: Scenario | null } {
  const base = useFlowIgnoringPositions();
  const scenarioId = useEditor((s) => s.ui.activeScenarioId);
  return useMemo(() => ({ ...flowWithScenario(base, scenarioId), base }), [base, scenarioId]);
}

const priced = new WeakMap<Flow, FlowCost>();

/** The point estimate of a flow, computed once per flow object. */
export function pricedOf(flow: Flow): FlowCost {
  let cost = priced.get(flow);
  if (!cost) {
    cost = priceFlow(flow);
    priced.set(flow, cost);
  }
  return cost;
}
