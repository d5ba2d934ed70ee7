/**
 * The work limits of simulated runs, and the refusal when a flow would break them (see the
 * comment on MAX_TOTAL_EXECUTIONS).
 */
import type { Estimate, Flow, Module } from '../../model/types';
import type { Problem } from '../../model/problems';
import { compileFlow } from '../../model/compiled';
import { countExecutions } from '../price';

/**
 * Work limits. A simulated run walks every execution, so a flow whose runs execute billions of
 * modules (a loop of 10^12 items, nested loops of millions) would never finish. Before starting,
 * the expected work (executions per run × samples, ranges at their mean) is checked against
 * MAX_TOTAL_EXECUTIONS; during the walk, a single run stops at MAX_EXECUTIONS_PER_RUN. Both
 * refuse with a message instead of hanging. At ~20–50 million executions per second, the total
 * cap is about 10–20 s of work.
 */
export const MAX_TOTAL_EXECUTIONS = 3e8;
export const MAX_EXECUTIONS_PER_RUN = 5e7;
// The runs kept per module for the percentiles: in blocks.ts, which the page's first bundle may
// import (the shares of a simulation depend on them) without this file's imports.
export { NODE_QUANTILE_CAP, nodeQuantileRuns } from './blocks';

/** Why a simulation was refused, for a person. */
export interface SimulationRefusal {
  code: 'too-much-work' | 'run-too-long' | 'bad-options' | 'overflow';
  message: string;
  /** For `overflow`: the problem, on the module and the assumption that overflowed (overflow.ts). */
  problem?: Problem;
}

/** Thrown by `simulate` when it refuses; `trySimulate` returns the same as a value. */
export class SimulationRefused extends Error {
  constructor(readonly refusal: SimulationRefusal) {
    super(refusal.message);
    this.name = 'SimulationRefused';
  }
}


/** Mean of an estimate (triangular mean for ranges). */
function meanOf(e: Estimate): number {
  return typeof e === 'number' ? e : (e.min + e.likely + e.max) / 3;
}

/** Expected executions per run with every range at its mean (the work estimate). */
export function expectedExecutionsPerRun(flow: Flow): number {
  const modules = flow.modules.map((m): Module => {
    if (m.type !== 'iterator' || typeof m.assumptions?.iterations !== 'object' || m.assumptions.iterations === null) return m;
    return { ...m, assumptions: { ...m.assumptions, iterations: meanOf(m.assumptions.iterations) } };
  });
  const edges = flow.edges.map((e) => {
    if (e.filter && typeof e.filter.passRate === 'object') return { ...e, filter: { ...e.filter, passRate: meanOf(e.filter.passRate) } };
    if (e.route && typeof e.route.passRate === 'object') return { ...e, route: { ...e.route, passRate: meanOf(e.route.passRate) } };
    return e;
  });
  const plan = compileFlow({ modules, edges });
  const { executions } = countExecutions({ modules, edges }, plan);
  let sum = 0;
  for (let i = 0; i < executions.length; i++) sum += executions[i]!;
  return sum;
}

/** Checks whether a simulation of `samples` runs would stay within the work limits. */
export function checkSimulation(flow: Flow, samples: number): SimulationRefusal | null {
  if (!Number.isInteger(samples) || samples < 1) {
    return { code: 'bad-options', message: `The number of simulated runs must be a whole number of at least 1 (got ${samples}).` };
  }
  const perRun = expectedExecutionsPerRun(flow);
  const total = perRun * samples;
  if (!(total <= MAX_TOTAL_EXECUTIONS)) {
    const fits = Math.floor(MAX_TOTAL_EXECUTIONS / Math.max(1, perRun));
    const perRunText = Number.isFinite(perRun) ? perRun.toExponential(2) : 'an unbounded number of';
    return {
      code: 'too-much-work',
      message:
        `Too much work to simulate: one run executes about ${perRunText} modules, so ${samples.toLocaleString('en-US')} runs would execute ` +
        `${Number.isFinite(total) ? total.toExponential(2) : 'unboundedly many'} (the limit is ${MAX_TOTAL_EXECUTIONS.toExponential(0)}). ` +
        (fits >= 1 ? `Simulate at most ${fits.toLocaleString('en-US')} runs, or make the loops smaller.` : 'Make the loops smaller (check the iterations of each iterator).'),
    };
  }
  return null;
}

export function runTooLong(): SimulationRefused {
  return new SimulationRefused({
    code: 'run-too-long',
    message: `One simulated run executed more than ${MAX_EXECUTIONS_PER_RUN.toExponential(0)} modules, so the simulation stopped. Make the loops smaller (check the iterations of each iterator, including the maximum of ranges).`,
  });
}

