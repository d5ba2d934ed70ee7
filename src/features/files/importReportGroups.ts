/**
 * The import report as the dialog lists it: groups in the user's words (mapped, dropped or
 * folded, repaired, approximated, defaults used), each a list of rows with what the row is
 * about and what became of it. Pure: the dialog and its tests read the same groups.
 */
import { SOURCE_FORMAT_NAMES as FORMAT_NAMES, type ImportReport } from '../../io/import';
import type { RepairKind } from '../../io/import/report';
import type { Flow } from '../../model/types';
import { describeModule, kindLabel } from '../../model/describe';
import { SENSITIVITY_FIELD_LABELS } from '../../cost/sensitivity';

export type ReportGroupId = 'mapped' | 'dropped' | 'repaired' | 'approximated' | 'defaults';

export interface ReportRow {
  /** What the row is about: a source node's name or id, a module, an edge. */
  subject: string;
  /** What became of it, in words. */
  detail: string;
}

export interface ReportGroup {
  id: ReportGroupId;
  title: string;
  /** One line on what the group means. */
  hint: string;
  rows: ReportRow[];
}

const PASS_RATE_LABEL = 'pass rate';

/** Each repair in a few words (its message says which modules). */
const REPAIR_LABELS: Record<RepairKind, string> = {
  'trigger-added': 'Trigger added',
  'second-trigger': 'Second trigger dropped',
  'router-inserted': 'Router inserted',
  'octopus-inserted': 'Octopus inserted',
  'iterator-inserted': 'Iterator inserted',
  'cycle-edge-dropped': 'Loop-back edge dropped',
  'missing-target-ignored': 'Missing node ignored',
  'edge-into-trigger-dropped': 'Edge into trigger dropped',
  'duplicate-edge-dropped': 'Duplicate edge dropped',
  'error-edge-dropped': 'Error edge dropped',
  'filter-changed': 'Filter changed',
  'route-changed': 'Route changed',
  'aggregator-changed': 'Aggregator changed',
};

function keyLabel(key: string): string {
  return key === 'passRate' ? PASS_RATE_LABEL : (SENSITIVITY_FIELD_LABELS as Record<string, string>)[key] ?? key;
}

/** "Edge e7 ('Fetch' → 'Reply')", or "Edge e7" when its ends are gone. */
function describeEdge(flow: Pick<Flow, 'modules' | 'edges'>, edgeId: string): string {
  const edge = flow.edges.find((e) => e.id === edgeId);
  if (!edge) return `Edge ${edgeId}`;
  const name = (id: string) => {
    const m = flow.modules.find((x) => x.id === id);
    return m?.name?.trim() ? `'${m.name.trim()}'` : id;
  };
  return `Edge ${edgeId} (${name(edge.source)} → ${name(edge.target)})`;
}

/** The report's groups, in reading order; empty groups are left out. */
export function reportGroups(report: ImportReport, flow: Pick<Flow, 'modules' | 'edges'>): ReportGroup[] {
  const moduleOf = (id: string | undefined) => (id === undefined ? undefined : flow.modules.find((m) => m.id === id));
  // A note names its source node; where that is an id (Altan's UUIDs, Make's numbers) the module's name leads.
  const nameBySource = new Map<string, string>();
  for (const m of report.modules) if (m.name && !nameBySource.has(m.source)) nameBySource.set(m.source, m.name);
  const sourceLabel = (source: string) => {
    const name = nameBySource.get(source);
    return name && name !== source ? `${name} (${source})` : source;
  };
  const groups: ReportGroup[] = [
    {
      id: 'mapped',
      title: 'Mapped',
      hint: 'Each source node and the module it became.',
      rows: report.modules.map((m) => ({
        subject: m.source,
        detail: `${kindLabel(m.kind)}${m.name && m.name !== m.source ? ` '${m.name}'` : ''} · ${m.id}`,
      })),
    },
    {
      id: 'dropped',
      title: 'Dropped or folded',
      hint: 'Source nodes that are not a module of their own, and why.',
      rows: report.dropped.map((d) => ({ subject: d.source, detail: d.reason })),
    },
    {
      id: 'repaired',
      title: 'Repaired',
      hint: 'Changes made so the flow follows Creditflow’s rules.',
      rows: report.repairs.map((r) => ({ subject: REPAIR_LABELS[r.kind], detail: r.message })),
    },
    {
      id: 'approximated',
      title: 'Approximated',
      hint: 'What the source says that the flow only approximates or does not price.',
      rows: report.notes.map((n) => ({ subject: sourceLabel(n.source), detail: n.message })),
    },
    {
      id: 'defaults',
      title: 'Defaults used',
      hint: 'Numbers the source does not say; set them in the inspector.',
      rows: report.defaults.map((d) => {
        const module = moduleOf(d.moduleId);
        const subject = module ? describeModule(module) : d.edgeId !== undefined ? describeEdge(flow, d.edgeId) : (d.moduleId ?? '');
        return { subject, detail: [...new Set(d.keys)].map(keyLabel).join(', ') };
      }),
    },
  ];
  return groups.filter((g) => g.rows.length > 0);
}

/** The dialog's first line: what was read, into how many modules. */
export function reportSummaryLine(report: ImportReport): string {
  const n = report.modules.length;
  const dropped = report.dropped.length;
  return (
    `${FORMAT_NAMES[report.format]} “${report.name}”: ${n} ${n === 1 ? 'module' : 'modules'}` +
    (dropped > 0 ? `, ${dropped} ${dropped === 1 ? 'node' : 'nodes'} dropped or folded` : '') +
    (report.repairs.length > 0 ? `, ${report.repairs.length} ${report.repairs.length === 1 ? 'repair' : 'repairs'}` : '') +
    '.'
  );
}
