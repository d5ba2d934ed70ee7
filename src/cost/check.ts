/**
 * Every problem of the flow the user is looking at (the base flow, or a scenario of it): the
 * structural and numeric problems of validation (model/validate.ts, scenario named in each
 * message it brings) and, when the flow can be priced, a figure too large for a number
 * (overflow.ts), pinned to the module and the assumption that overflowed.
 */
import type { Flow, Scenario } from '../model/types';
import type { Problem } from '../model/problems';
import { createScenarioValidator } from '../model/validate';
import { applyScenario } from '../model/scenario';
import { quoteName } from '../model/describe';
import { priceFlow } from './price';
import { pricingOverflow } from './overflow';
import type { FlowCost } from './types';

/** The problems of the flow the user is looking at (see above); `scenario` absent for the base flow. */
export function checkFlow(flow: Flow, scenario?: Scenario): Problem[] {
  return createFlowChecker().check(flow, scenario);
}

/** checkFlow for a flow checked after every edit (the editor): see `createFlowChecker`. */
export interface FlowChecker {
  /**
   * checkFlow(flow, scenario). `cost`, when given, must be the price of the flow the user is looking
   * at (flow with scenario applied), as the editor already has it: the overflow check then prices nothing.
   */
  check(flow: Flow, scenario: Scenario | undefined, cost?: FlowCost): Problem[];
}

/**
 * checkFlow with a memory of the last flow it checked: after an edit of assumptions only, only
 * the edited modules' own checks run again (model/validate.ts, createScenarioValidator). Same result as checkFlow.
 */
export function createFlowChecker(): FlowChecker {
  const validator = createScenarioValidator();
  return {
    check(flow, scenario, cost) {
      const problems = validator.validate(flow, scenario);
      if (problems.some((p) => p.severity === 'error')) return problems;
      const overflow = overflowOf(flow, scenario, cost ?? priceFlow(scenario ? applyScenario(flow, scenario) : flow));
      return overflow ? [...problems, overflow] : problems;
    },
  };
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
