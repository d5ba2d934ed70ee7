/**
 * The import report as lines for a terminal (`convert` prints it on stderr): what each source
 * node became, what was dropped and why, the repairs, the notes, the numbers left at defaults.
 */
import { SOURCE_FORMAT_NAMES as FORMAT_NAMES, type ImportReport } from '../io/import';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What an import made of the source, in one line: `n8n workflow 'Orders': 12 modules, 3 dropped or folded, 1 repair`. */
function importCounts(report: ImportReport): string {
  return (
    `${FORMAT_NAMES[report.format]} '${report.name}': ${plural(report.modules.length, 'module')}, ` +
    `${report.dropped.length} dropped or folded, ${plural(report.repairs.length, 'repair')}`
  );
}

/** The cost table's line on an imported file's source. */
export function sourceLine(report: ImportReport): string {
  return `Imported from the ${importCounts(report)} (npm run convert prints the full report).`;
}

export function formatImportReport(report: ImportReport, file: string): string {
  const lines: string[] = [];
  lines.push(`${file}: ${importCounts(report)}.`);
  if (report.modules.length > 0) {
    lines.push('Modules:');
    for (const m of report.modules) lines.push(`  ${m.source} → ${m.id} (${m.kind})`);
  }
  if (report.dropped.length > 0) {
    lines.push('Dropped:');
    for (const d of report.dropped) lines.push(`  ${d.source}: ${d.reason}`);
  }
  if (report.repairs.length > 0) {
    lines.push('Repaired:');
    for (const r of report.repairs) lines.push(`  ${r.message}`);
  }
  if (report.notes.length > 0) {
    lines.push('Notes:');
    for (const n of report.notes) lines.push(`  ${n.source}: ${n.message}`);
  }
  const modules = report.defaults.filter((d) => d.moduleId !== undefined).length;
  const edges = report.defaults.filter((d) => d.edgeId !== undefined).length;
  if (modules + edges > 0) {
    lines.push(`Defaults used: ${plural(modules, 'module')} and ${plural(edges, 'edge')} take numbers the source does not say; set them in the inspector.`);
  }
  if (report.needsLayout) lines.push(`Layout: needed (${report.layoutReason ?? 'positions missing'}).`);
  return `${lines.join('\n')}\n`;
}
