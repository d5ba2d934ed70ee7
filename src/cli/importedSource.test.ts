/**
 * The cost command on Altan, n8n and Make files (issue 14 item 4): priced as imported, and the
 * JSON gains `"source"`: the format, each mapped node ({ source, id, kind }), the dropped ones
 * with their reasons and the repairs. A Creditflow file's output has no `"source"`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCost } from './run';
import { memoryFile } from './testing';
import { importText, NOT_A_FLOW } from '../io/import';
import { priceFlow } from '../cost/price';
import { serializeFlow } from '../io/serialize';

const fixtureText = (name: string) => readFileSync(join(import.meta.dirname, '../io/import/fixtures', name), 'utf8');
const cost = (text: string, ...flags: string[]) => runCost({ argv: ['flow.json', ...flags], cwd: '/', files: memoryFile(text) });

describe('cost on an imported file', () => {
  it.each([
    ['altan-invoice-chaser.json', 'altan'],
    ['n8n-every-row.json', 'n8n'],
    ['make-every-row.json', 'make'],
  ])('%s is priced as imported, and --json gains the %s source', (file, format) => {
    const text = fixtureText(file);
    const imported = importText(text, { fileName: file });
    if (!imported.ok || !imported.report) throw new Error(`${file} does not import`);
    const out = cost(text, '--json');
    expect(out.exitCode).toBe(0);
    const json = JSON.parse(out.stdout) as Record<string, unknown> & { total: number; nodes: { id: string }[] };
    expect(json.total).toBe(priceFlow(imported.flow).total);
    expect(json.source).toEqual({
      format,
      modules: imported.report.modules.map((m) => ({ source: m.source, id: m.id, kind: m.kind })),
      dropped: imported.report.dropped,
      repairs: imported.report.repairs,
    });
    const source = json.source as { modules: Record<string, unknown>[] };
    for (const m of source.modules) expect(Object.keys(m)).toEqual(['source', 'id', 'kind']);
    const priced = new Set(json.nodes.map((n) => n.id));
    for (const m of source.modules) expect(priced.has(m.id as string)).toBe(true);
  });

  it('names the node by its n8n name and the module by its Altan or Make id as text', () => {
    const n8n = JSON.parse(cost(fixtureText('n8n-every-row.json'), '--json').stdout) as { source: { modules: { source: string }[]; dropped: { source: string }[] } };
    expect(n8n.source.modules.map((m) => m.source)).toContain('Fetch orders');
    expect(n8n.source.dropped).toContainEqual({ source: 'Sticky Note', reason: 'sticky note' });
    const make = JSON.parse(cost(fixtureText('make-every-row.json'), '--json').stdout) as { source: { modules: { source: unknown }[] } };
    for (const m of make.source.modules) expect(m.source).toMatch(/^\d+$/);
  });

  it('a Creditflow file has no "source", even after going through the importer', () => {
    const imported = importText(fixtureText('n8n-every-row.json'));
    if (!imported.ok) throw new Error('fixture does not import');
    const json = JSON.parse(cost(serializeFlow(imported.flow), '--json').stdout) as Record<string, unknown>;
    expect(json).not.toHaveProperty('source');
  });

  it('the table says where the flow came from, in one line under its name', () => {
    const out = cost(fixtureText('make-every-row.json'));
    expect(out.exitCode).toBe(0);
    const [, second] = out.stdout.split('\n');
    expect(second).toMatch(/^Imported from the Make scenario '.+': \d+ modules, \d+ dropped or folded, \d+ repairs? \(npm run convert prints the full report\)\.$/);
  });

  it('a JSON of none of the four formats is refused: exit 2, what the top level holds, nothing on stdout', () => {
    const out = cost('{ "hello": 1 }', '--json');
    expect(out.exitCode).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toContain(NOT_A_FLOW);
    expect(out.stderr).toContain('"hello"');
  });
});
