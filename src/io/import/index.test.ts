import { describe, expect, it } from 'vitest';
import { exampleFile } from '../testing/exampleFlow';
import { parseFlow } from '../parse';
import { serializeFlow } from '../serialize';
import { importFlow, importText, NOT_A_FLOW } from './index';
import { fixture } from './testing';

describe('importFlow: detection from content', () => {
  it.each([
    ['altan-invoice-chaser.json', 'altan'],
    ['altan-every-row.json', 'altan'],
    ['n8n-every-row.json', 'n8n'],
    ['make-every-row.json', 'make'],
    ['make-scheduled-poll.json', 'make'],
  ])('%s is %s', (file, format) => {
    const result = importFlow(fixture(file));
    expect(result.ok && result.format).toBe(format);
  });

  it('accepts a bare Altan flow and a wrapped Make blueprint, also as JSON text', () => {
    const wrapped = fixture('altan-invoice-chaser.json') as { flow: object };
    const bare = importFlow(wrapped.flow);
    expect(bare.ok && bare.format).toBe('altan');
    const blueprint = fixture('make-every-row.json');
    const asText = importFlow({ blueprint: JSON.stringify(blueprint) });
    expect(asText.ok && asText.format).toBe('make');
  });

  it('reads a Creditflow file unchanged, with no report', () => {
    const file = exampleFile();
    const parsed = parseFlow(JSON.stringify(file));
    if (!parsed.ok) throw new Error('example does not parse');
    const flow = parsed.value;
    const result = importFlow(file);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.format).toBe('creditflow');
    expect(result.migratedFrom).toBe(1);
    expect(result.report).toBeUndefined();
    expect(serializeFlow(result.flow)).toBe(serializeFlow(flow));
  });

  it.each([
    [{ hello: 1, world: 2 }, 'an object with the keys "hello", "world"'],
    [[1, 2, 3], 'a list of 3 items'],
    [42, 'a number'],
    [null, 'null'],
    [{}, 'an empty object'],
    [{ format: 'other', modules: [] }, 'an object with the keys "format", "modules"'],
  ])('refuses %j, saying what the top level holds', (value, found) => {
    const result = importFlow(value);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]!.message).toBe(`This is ${NOT_A_FLOW}: the top level holds ${found}.`);
  });

  it('reads an n8n workflow as n8n writes it: inside { "data": … } (REST API), or the one item of a list (export:workflow)', () => {
    const workflow = { name: 'Orders', nodes: [{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', position: [0, 0], parameters: {} }], connections: {} };
    for (const value of [[workflow], { data: workflow }, { data: [workflow] }]) {
      const result = importFlow(value);
      expect(result.ok && result.format).toBe('n8n');
      expect(result.ok && result.report!.modules.map((m) => m.source)).toEqual(['Start']);
      expect(result.ok && result.flow.name).toBe('Orders');
    }
  });

  it('refuses a list of several n8n workflows, naming them and saying to import one at a time', () => {
    const workflow = (name: string) => ({ name, nodes: [], connections: {} });
    const result = importFlow([workflow('Orders'), workflow('Invoices')]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]!.message).toBe("This holds 2 n8n workflows ('Orders', 'Invoices'), as n8n's export:workflow writes them; import one at a time (export it alone, with --id).");
  });

  it('never lets a __proto__ key reach a prototype', () => {
    const value = JSON.parse('{"nodes":[{"name":"A","type":"n8n-nodes-base.set","parameters":{"__proto__":{"polluted":true}}}],"connections":{"__proto__":{"main":[]}}}') as unknown;
    const result = importFlow(value);
    expect(result.ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    if (result.ok) expect(result.report!.notes.some((n) => n.message.includes('__proto__'))).toBe(true);
  });
});

describe('an imported flow is a flow file today\'s reader accepts', () => {
  it.each(['altan-invoice-chaser.json', 'altan-every-row.json', 'n8n-every-row.json', 'n8n-one-branch-if.json', 'make-every-row.json', 'make-scheduled-poll.json'])(
    '%s: export → read → export gives the same bytes, version-3 fields kept',
    (file) => {
      const result = importFlow(fixture(file));
      if (!result.ok) throw new Error(result.errors[0]!.message);
      const text = serializeFlow(result.flow);
      const read = parseFlow(text);
      expect(read.ok).toBe(true);
      if (!read.ok) return;
      expect(serializeFlow(read.value)).toBe(text);
      expect(read.value.edges.filter((e) => e.error).length).toBe(result.flow.edges.filter((e) => e.error).length);
    },
  );
});

describe('positions past the canvas bounds (issue 18 item 27)', () => {
  it('a Make module placed at 1e300 is kept at the edge, so the imported flow reopens', () => {
    const blueprint = JSON.parse(JSON.stringify(fixture('make-every-row.json'))) as { flow: { metadata?: { designer?: { x: number; y: number } } }[] };
    const first = blueprint.flow[0]!;
    first.metadata = { ...first.metadata, designer: { x: 1e300, y: -1e300 } };
    const result = importFlow(blueprint);
    if (!result.ok) throw new Error(result.errors[0]!.message);
    const read = parseFlow(serializeFlow(result.flow));
    expect(read.ok).toBe(true);
  });
});

describe('a flow its tool draws left to right runs down the canvas', () => {
  // Three modules in a row, each 300 to the right of the one before, in each tool's own shape.
  const sources: [string, unknown][] = [
    [
      'n8n',
      {
        nodes: [0, 1, 2].map((i) => ({ id: `n${i}`, name: `N${i}`, type: i === 0 ? 'n8n-nodes-base.manualTrigger' : 'n8n-nodes-base.httpRequest', typeVersion: 1, position: [300 * i, 40], parameters: {} })),
        connections: { N0: { main: [[{ node: 'N1', type: 'main', index: 0 }]] }, N1: { main: [[{ node: 'N2', type: 'main', index: 0 }]] } },
      },
    ],
    ['make', { name: 'Row', flow: [1, 2, 3].map((id) => ({ id, module: 'http:ActionSendData', version: 3, mapper: {}, metadata: { designer: { x: 300 * id, y: 40 } } })), metadata: { version: 1 } }],
    [
      'altan',
      {
        flow: {
          name: 'Row',
          modules: ['a', 'b', 'c'].map((id, i, ids) => ({
            id,
            type: i === 0 ? 'trigger' : 'action',
            position: i,
            meta_data: { position: { x: 300 * i, y: 40 } },
            next_module_id: ids[i + 1] ?? null,
          })),
        },
      },
    ],
  ];
  it.each(sources)('%s: every edge goes from a module down to the one below it, on one line', (format, source) => {
    const result = importFlow(source);
    if (!result.ok) throw new Error(result.errors[0]!.message);
    expect(result.format).toBe(format);
    const at = new Map(result.flow.modules.map((m) => [m.id, m.position]));
    expect(result.flow.edges.length).toBeGreaterThanOrEqual(2);
    for (const e of result.flow.edges) {
      const [from, to] = [at.get(e.source)!, at.get(e.target)!];
      expect(to.y).toBeGreaterThan(from.y + 100);
      expect(to.x).toBe(from.x);
    }
  });
});

describe('importText', () => {
  it('locates JSON syntax errors as the flow file reader does', () => {
    const result = importText('{\n  "nodes": [,]\n}');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatchObject({ line: 2 });
  });

  it('a file naming another format, or a flow file without one, gets the flow reader\'s located message, not "none of the four"', () => {
    const noFormat = '{\n  "version": 3,\n  "modules": [],\n  "edges": []\n}';
    const parsedNoFormat = parseFlow(noFormat);
    expect(importText(noFormat)).toEqual({ ok: false, errors: parsedNoFormat.ok ? [] : parsedNoFormat.errors });
    const text = '{\n  "format": "n8n",\n  "version": 3,\n  "modules": []\n}';
    const result = importText(text);
    const parsed = parseFlow(text);
    expect(result.ok).toBe(false);
    expect(result).toEqual({ ok: false, errors: parsed.ok ? [] : parsed.errors });
    expect(result.ok ? '' : result.errors[0]!.message).toContain('it has "format": "n8n"');
    expect(result.ok ? {} : result.errors[0]).toMatchObject({ path: 'format', line: 2 });
  });

  it('keeps the flow file reader\'s messages for Creditflow files', () => {
    const result = importText('{"format":"creditflow","version":99}');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]!.message).toMatch(/version/i);
  });

  it('imports foreign files from text and names the flow after the file when the source has no name', () => {
    const result = importText(JSON.stringify({ nodes: [{ name: 'Hook', type: 'n8n-nodes-base.webhook' }] }), { fileName: 'leads.json' });
    expect(result.ok && result.flow.name).toBe('leads');
  });
});
