import type { ModuleType, RateCard } from '../model/types';
import type { Problem } from '../model/problems';

/** The cost of one module for one run, with every part of its formula kept for explanation. */
export interface NodeCost {
  id: string;
  type: ModuleType;
  /** m(n): expected executions per run (may be fractional). */
  executions: number;
  /** Parts of one attempt: base(type), T(t), P(s), x. */
  base: number;
  time: number;
  payload: number;
  extra: number;
  /** attempt(n) = base + time + payload + extra. */
  attempt: number;
  /** S(n): search surcharge for the whole run, items beyond the first of its loop plus pages beyond the first (0 for other modules). */
  surcharge: number;
  /** 1 + r. */
  retryFactor: number;
  /** credits(n) = retryFactor · (executions · attempt + surcharge). */
  credits: number;
  /** Iterations N of the innermost loop around this module (undefined outside loops). */
  loopIterations?: number;
  /** Id of the iterator of the innermost loop around this module (undefined outside loops). */
  loopId?: string;
  /**
   * The point-estimate inputs used: t, s, r, x, the failure share φ (0 for kinds that cannot fail)
   * and the pages p of a search (1 for other kinds).
   */
  inputs: { durationSec: number; payloadKB: number; retries: number; extraCredits: number; failureRate: number; pages: number };
}

export interface EdgeFlow {
  id: string;
  /** How many bundles per run travel along this edge, before its filter. */
  count: number;
  /** How many pass its filter / route and enter the target. */
  passed: number;
}

export interface FlowCost {
  /** Credits per run: Σ credits(n). */
  total: number;
  runsPerMonth: number;
  perMonth: number;
  dollarsPerRun: number;
  dollarsPerMonth: number;
  /** One entry per module, in the flow's module order. */
  nodes: NodeCost[];
  byId: ReadonlyMap<string, NodeCost>;
  edges: ReadonlyMap<string, EdgeFlow>;
  /** Warnings the pricing raises (e.g. unreachable modules). */
  warnings: Problem[];
  rateCard: RateCard;
}
