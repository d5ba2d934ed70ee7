/**
 * The engine's simulated runs (src/cost/simulate.ts) as the CLI reports them: the fields of
 * cost-model.md §6, unrounded: `{ samples, seed, mean, p50, p90, p99, nodes: [{ id, mean, p90 }],
 * perMonth: { p50, p90 } }`.
 */
import type { Flow } from '../model/types';
import type { Problem } from '../model/problems';
import type { SimulationResult } from '../cost/simulate';
import { simulateInThreads } from './simulationThreads';
import type { SimulationReport } from './report';

export function toSimulationReport(result: SimulationResult): SimulationReport {
  return {
    samples: result.samples,
    seed: result.seed,
    mean: result.mean,
    p50: result.p50,
    p90: result.p90,
    p99: result.p99,
    nodes: result.nodes.map((n) => ({ id: n.id, mean: n.mean, p90: n.p90 })),
    perMonth: { p50: result.perMonth.p50, p90: result.perMonth.p90 },
  };
}

/** Simulated runs for the CLI (shared between worker threads when large): a report, or the engine's reason for refusing. */
export function simulateForCli(
  flow: Flow,
  options: { samples: number; seed: number },
): { ok: true; report: SimulationReport } | { ok: false; message: string; problem?: Problem } {
  const outcome = simulateInThreads(flow, options);
  if (outcome.ok) return { ok: true, report: toSimulationReport(outcome.result) };
  return { ok: false, message: outcome.error.message, ...(outcome.error.problem ? { problem: outcome.error.problem } : {}) };
}
