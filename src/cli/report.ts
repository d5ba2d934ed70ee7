/**
 * What the cost command reports, as data: the JSON object of `--json` (flow-format.md), built
 * from the engine's result without rounding anything. The table is drawn from the same data.
 */
import type { FlowCost } from '../cost/types';
import type { Problem } from '../model/problems';
import type { Flow, ModuleType } from '../model/types';
import type { PlatformComparison } from '../cost/platforms';
import { PLATFORM_IDS, type PlatformId } from '../cost/platformTable';

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

/** One platform in `--platforms` (platforms.md §3): units and dollars, unrounded. */
export interface PlatformReport {
  unit: 'credits' | 'tasks' | 'executions';
  perRun: number;
  perMonth: number;
  /** With --samples: the month's P90 (plans are chosen on it). */
  perMonthP90?: number;
  /** The plan that covers the month; "per credit" for Altan. */
  plan: string;
  dollarsPerMonth: number;
  /** Present (true) when the month is beyond the largest plan: priced pro rata on it. */
  beyondLargestPlan?: true;
}

/** `"platforms"` of the `--json` object, from the engine's comparison. */
export function platformsReport(comparison: PlatformComparison): Record<PlatformId, PlatformReport> {
  const out = {} as Record<PlatformId, PlatformReport>;
  for (const id of PLATFORM_IDS) {
    const p = comparison.platforms[id];
    out[id] = {
      unit: p.unit,
      perRun: p.perRun,
      perMonth: p.perMonth,
      ...(p.perMonthP90 !== undefined ? { perMonthP90: p.perMonthP90 } : {}),
      plan: p.planName,
      dollarsPerMonth: p.dollarsPerMonth,
      ...(p.beyondLargestPlan ? { beyondLargestPlan: true as const } : {}),
    };
  }
  return out;
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
  /** With --platforms: the flow priced on Altan, Make, Zapier and n8n. */
  platforms?: Record<PlatformId, PlatformReport>;
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
  extra: { scenario?: string; simulation?: SimulationReport; platforms?: Record<PlatformId, PlatformReport> } = {},
): CostReport {
  return {
    total: cost.total,
    perMonth: cost.perMonth,
    dollarsPerRun: cost.dollarsPerRun,
    nodes: cost.nodes.map((n) => ({ id: n.id, type: n.type, executions: n.executions, credits: n.credits })),
    warnings,
    ...(extra.scenario !== undefined ? { scenario: extra.scenario } : {}),
    ...(extra.simulation ? { simulation: extra.simulation } : {}),
    ...(extra.platforms ? { platforms: extra.platforms } : {}),
  };
}

/** Module names by id, for the table. */
export function namesOf(flow: Flow): Map<string, string> {
  return new Map(flow.modules.map((m) => [m.id, m.name]));
}
