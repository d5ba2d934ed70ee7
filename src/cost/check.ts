/**
 * Every problem of the flow the user is looking at (the base flow, or a scenario of it): the
 * structural and numeric problems of validation (model/validate.ts, scenario named in each
 * message it brings) and, when the flow can be priced, a figure too large for a number
 * (overflow.ts), pinned to the module and the assumption that overflowed.
 */
import type { Flow, Scenario } from '../model/types';
import type { Problem } from '../model/problems';
import { validateScenario } from '../model/validate';
import { applyScenario } from '../model/scenario';
import { quoteName } from '../model/describe';
import { priceFlow } from './price';
import { pricingOverflow } from './overflow';
import type { FlowCost } from './types';

/** The problems of the flow the user is looking at (see above); `scenario` absent for the base flow. */
export function checkFlow(flow: Flow, scenario?: Scenario): Problem[] {
  const problems = validateScenario(flow, scenario);
  if (problems.some((p) => p.severity === 'error')) return problems;
  const viewed = scenario ? applyScenario(flow, scenario) : flow;
  const overflow = overflowOf(flow, scenario, priceFlow(viewed));
  return overflow ? [...problems, overflow] : problems;
}

/**
 * The overflow of the viewed flow's cost (`cost` = the price of `flow` with `scenario` applied),
 * naming the scenario when the base flow does not overflow.
 */
export function overflowOf(flow: Flow, scenario: Scenario | undefined, cost: FlowCost): Problem | undefined {
  const overflow = pricingOverflow(scenario ? applyScenario(flow, scenario) : flow, cost);
  if (!overflow || !scenario || pricingOverflow(flow, priceFlow(flow))) return overflow;
  return { ...overflow, scenario: scenario.id, message: `Scenario ${quoteName(scenario.name)}: ${overflow.message}` };
}
