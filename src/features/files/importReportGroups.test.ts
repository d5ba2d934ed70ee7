import { describe, expect, it } from 'vitest';
import { imported, fixture } from '../../io/import/testing';
import { reportGroups, reportSummaryLine } from './importReportGroups';

describe('the import report, grouped for the dialog', () => {
  it('lists every source node once, under mapped or dropped, and the repairs, notes and defaults', () => {
    const { flow, report } = imported(fixture('n8n-every-row.json'));
    const groups = reportGroups(report, flow);
    const byId = Object.fromEntries(groups.map((g) => [g.id, g]));
    expect(groups.map((g) => g.id)).toEqual(['mapped', 'dropped', 'repaired', 'approximated', 'defaults']);
    const listed = [...byId.mapped!.rows, ...byId.dropped!.rows].map((r) => r.subject).sort();
    const sources = (fixture('n8n-every-row.json') as { nodes: { name: string }[] }).nodes.map((n) => n.name).sort();
    expect(listed).toEqual(sources);
    expect(byId.dropped!.rows).toContainEqual({ subject: 'Sticky Note', detail: 'sticky note' });
    expect(byId.repaired!.rows).toHaveLength(report.repairs.length);
    expect(byId.approximated!.rows).toHaveLength(report.notes.length);
    expect(byId.defaults!.rows).toHaveLength(report.defaults.length);
  });

  it('names defaults in words, each once, and edges by their ends', () => {
    const { flow, report } = imported(fixture('altan-invoice-chaser.json'));
    const defaults = reportGroups(report, flow).find((g) => g.id === 'defaults')!;
    for (const row of defaults.rows) {
      const words = row.detail.split(', ');
      expect(new Set(words).size).toBe(words.length);
      expect(row.detail).not.toMatch(/[a-z][A-Z]/); // no key names like durationSec
    }
    expect(defaults.rows.some((r) => /^Edge e\d+ \('.+' → '.+'\)$/.test(r.subject) && r.detail === 'pass rate')).toBe(true);
  });

  it('leaves empty groups out and sums the import up in one line', () => {
    const { flow, report } = imported(fixture('altan-invoice-chaser.json'));
    expect(reportGroups(report, flow).map((g) => g.id)).not.toContain('dropped');
    expect(reportSummaryLine(report)).toBe(`Altan flow “Weekly invoice chaser”: ${report.modules.length} modules.`);
  });
});

describe('notes', () => {
  it('name the module a note is about, not only its source id (Altan ids are UUIDs that look alike when cut short)', () => {
    const { flow, report } = imported(fixture('altan-invoice-chaser.json'));
    const rows = reportGroups(report, flow).find((g) => g.id === 'approximated')!.rows;
    expect(rows.length).toBeGreaterThan(0);
    const bySource = new Map(report.modules.map((m) => [m.source, m]));
    for (const [i, note] of report.notes.entries()) {
      const module = bySource.get(note.source)!;
      expect(module.name).not.toBe(note.source);
      expect(rows[i]!.subject).toBe(`${module.name} (${note.source})`);
    }
  });

  it('a note about a source node whose name is its id keeps the id alone (n8n)', () => {
    const { flow, report } = imported(fixture('n8n-every-row.json'));
    const rows = reportGroups(report, flow).find((g) => g.id === 'approximated')!.rows;
    expect(rows.map((r) => r.subject)).toEqual(report.notes.map((n) => n.source));
  });
});

describe('repairs', () => {
  it('each repair is named in words, with its message', () => {
    const { flow, report } = imported(fixture('n8n-every-row.json'));
    const repaired = reportGroups(report, flow).find((g) => g.id === 'repaired')!;
    expect(repaired.rows.map((r) => r.subject)).toContain('Octopus inserted');
    expect(repaired.rows.map((r) => r.detail)).toEqual(report.repairs.map((r) => r.message));
  });
});
