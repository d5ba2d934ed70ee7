/**
 * What the cost command reports, as data: the JSON object of `--json` (flow-format.md), built
 * from the engine's result without rounding anything. The table is drawn from the same data.
 */
import type { FlowCost } from '../cost/types';
import type { Problem } from '../model/problems';
import type { Flow, ModuleType } from '../model/types';

export interface ReportWarning {
  code: string;
  moduleId?: string;
  edgeId?: string;
  message: string;
}

export interface SimulationReport {
  samples: number;
  seed: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  nodes: { id: string; mean: number; p90: number }[];
  perMonth: { p50: number; p90: number };
}

/** The `--json` object. */
export interface CostReport {
  total: number;
  perMonth: number;
  dollarsPerRun: number;
  nodes: { id: string; type: ModuleType; executions: number; credits: number }[];
  warnings: ReportWarning[];
  scenario?: string;
  simulation?: SimulationReport;
}

/** Warnings of validation and pricing, each once (both may report an unreachable module). */
export function mergeWarnings(...lists: readonly (readonly Problem[])[]): ReportWarning[] {
  const seen = new Set<string>();
  const out: ReportWarning[] = [];
  for (const list of lists)
    for (const p of list) {
      if (p.severity !== 'warning') continue;
      const key = `${p.code}\u0000${p.moduleId ?? ''}\u0000${p.edgeId ?? ''}\u0000${p.field ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({
        code: p.code,
        ...(p.moduleId !== undefined ? { moduleId: p.moduleId } : {}),
        ...(p.edgeId !== undefined ? { edgeId: p.edgeId } : {}),
        message: p.message,
      });
    }
  return out;
}

export function buildReport(
  cost: Pick<FlowCost, 'total' | 'perMonth' | 'dollarsPerRun' | 'nodes'>,
  warnings: ReportWarning[],
  extra: { scenario?: string; simulation?: SimulationReport } = {},
): CostReport {
  return {
    total: cost.total,
    perMonth: cost.perMonth,
    dollarsPerRun: cost.dollarsPerRun,
    nodes: cost.nodes.map((n) => ({ id: n.id, type: n.type, executions: n.executions, credits: n.credits })),
    warnings,
    ...(extra.scenario !== undefined ? { scenario: extra.scenario } : {}),
    ...(extra.simulation ? { simulation: extra.simulation } : {}),
  };
}

/** Module names by id, for the table. */
export function namesOf(flow: Flow): Map<string, string> {
  return new Map(flow.modules.map((m) => [m.id, m.name]));
}
