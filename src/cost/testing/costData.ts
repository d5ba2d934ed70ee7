import type { FlowCost } from '../types';

/** The numbers of a cost, as plain data (FlowCost's maps carry helper functions): what tests compare. */
export function costData(cost: FlowCost) {
  return {
    total: cost.total,
    runsPerMonth: cost.runsPerMonth,
    perMonth: cost.perMonth,
    dollarsPerRun: cost.dollarsPerRun,
    dollarsPerMonth: cost.dollarsPerMonth,
    nodes: cost.nodes,
    byId: [...cost.byId.entries()],
    edges: [...cost.edges.entries()],
    warnings: cost.warnings,
    rateCard: cost.rateCard,
  };
}
