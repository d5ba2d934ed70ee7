import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileKindOf, flowFormatOf } from './fileKind';
import { exampleFile } from './testing/exampleFlow';

const FIXTURES = join(import.meta.dirname, 'import/fixtures');
const fixtures = readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));

/** A file as the app sees it: whole, or only its start (a file larger than the head read). */
const asWhole = (text: string) => fileKindOf(text, true);
const asHead = (text: string) => fileKindOf(text.slice(0, Math.max(1, Math.floor(text.length / 2))), false);

describe('what a dropped or opened file is: a flow or a log of runs, by content', () => {
  it('a flow file is a flow, also a broken one or one that is not JSON at all (the import says what is wrong)', () => {
    expect(asWhole(JSON.stringify(exampleFile(), null, 2))).toBe('flow');
    expect(fileKindOf('\uFEFF{"format": "creditflow", "version": 3,', false)).toBe('flow');
    expect(fileKindOf('{ "name": "no format", "modules": [', false)).toBe('flow');
    expect(asWhole('hello')).toBe('flow');
    expect(asWhole('[1, 2, 3]')).toBe('flow');
    expect(asWhole('{"nodes": 3}')).toBe('flow');
    expect(asWhole('')).toBe('flow');
  });

  // A Make blueprint's modules say `"module": "http:…"`: read as a log of runs before, so dropping one calibrated instead of importing.
  it.each(fixtures)('the Altan, n8n and Make flow %s is a flow, whole and from its first half', (name) => {
    const text = readFileSync(join(FIXTURES, name), 'utf8');
    expect(asWhole(text)).toBe('flow');
    expect(asHead(text)).toBe('flow');
    expect(asHead(JSON.stringify(JSON.parse(text)))).toBe('flow');
    expect(flowFormatOf(text)).toBe(name.split('-')[0]);
  });

  it('CSV with a header, a JSON array of rows, JSON lines, n8n and Altan executions are logs, whole or in part', () => {
    const logs = [
      'run,module,durationMs,payloadBytes,status\nr1,t,10,100,ok\n',
      '[{"run": "r1", "module": "t"}]',
      '{"run": "r1", "module": "t", "durationMs": 1}\n{"run": "r1", "module": "u"}\n',
      '{"data": {"resultData": {"runData": {}}}}',
      '[{"id": 1, "data": {"resultData": {"runData": {}}}}]',
      '{"id": "x", "executions": []}',
      '{"id": "x", "modules": {"m1": {"credits": 1}}}',
      '{"id": "x", "module_executions": [{"module_id": "m1"}]}',
    ];
    for (const text of logs) {
      expect(asWhole(text), text).toBe('log');
      expect(fileKindOf(text, false), text).toBe('log');
    }
    expect(fileKindOf('{"run": "r1", "module": "t", "durationMs": 1}\n{"run": "r1"', false)).toBe('log');
  });

  it('only a whole flow file is a flow format (pasted text: modules copied, or a file to import)', () => {
    expect(flowFormatOf(JSON.stringify(exampleFile()))).toBe('creditflow');
    expect(flowFormatOf('{"format": "creditflow"')).toBeNull();
    expect(flowFormatOf('[{"run": "r1", "module": "t"}]')).toBeNull();
    expect(flowFormatOf('plain text')).toBeNull();
  });
});
