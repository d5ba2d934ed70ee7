/**
 * What the diff command reports, as data: the JSON object of `--json` (docs/diff.md), the
 * engine's diff with each side's file, flow name and scenario, and the one-line summary. Numbers
 * are never rounded here; the table and the Markdown are drawn from the same data.
 */
import type { DiffTotals, FlowDiff } from '../cost/diff';
import { summarizeDiff } from '../cost/diffSummary';

export interface DiffSideReport extends DiffTotals {
  /** The file as given on the command line. */
  file: string;
  /** The flow's name. */
  name: string;
  scenario?: string;
}

export interface DiffReport extends Omit<FlowDiff, 'before' | 'after'> {
  before: DiffSideReport;
  after: DiffSideReport;
  summary: string;
}

export interface DiffSideInput {
  file: string;
  name: string;
  scenario?: string | undefined;
}

function side(totals: DiffTotals, input: DiffSideInput): DiffSideReport {
  return { ...totals, file: input.file, name: input.name, ...(input.scenario !== undefined ? { scenario: input.scenario } : {}) };
}

export function buildDiffReport(diff: FlowDiff, before: DiffSideInput, after: DiffSideInput): DiffReport {
  return {
    before: side(diff.before, before),
    after: side(diff.after, after),
    delta: diff.delta,
    summary: summarizeDiff(diff),
    modules: diff.modules,
    edges: diff.edges,
    moduleCounts: diff.moduleCounts,
    edgeCounts: diff.edgeCounts,
    assumptionsChanged: diff.assumptionsChanged,
    runsPerMonthChanged: diff.runsPerMonthChanged,
    rateCardChanged: diff.rateCardChanged,
    flowEdits: diff.flowEdits,
    scenarioCounts: diff.scenarioCounts,
  };
}
