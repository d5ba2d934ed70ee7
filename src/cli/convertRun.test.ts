import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFlow } from '../io/import';
import { CURRENT_VERSION } from '../io/migrations';
import { parseFlow } from '../io/parse';
import { serializeFlow } from '../io/serialize';
import { exampleFile } from '../io/testing/exampleFlow';
import { runConvert } from './convertRun';
import { memoryFile } from './testing';

const fixtureText = (name: string) => readFileSync(join(import.meta.dirname, '../io/import/fixtures', name), 'utf8');
const convert = (content: string, argv: string[] = ['in.json']) => runConvert({ argv, cwd: '/', files: memoryFile(content) });

describe('convert', () => {
  it('prints an n8n workflow as a Creditflow flow file (the bytes export writes) and the report on stderr', () => {
    const text = fixtureText('n8n-every-row.json');
    const out = convert(text);
    expect(out.exitCode).toBe(0);
    const expected = importFlow(JSON.parse(text));
    if (!expected.ok) throw new Error('fixture does not import');
    expect(out.stdout).toBe(serializeFlow(expected.flow));
    const read = parseFlow(out.stdout);
    expect(read.ok).toBe(true);
    expect(out.stderr).toContain("in.json: n8n workflow 'Every n8n row'");
    expect(out.stderr).toContain('Sticky Note: sticky note');
    expect(out.stderr).toContain("Chat model: folded into agent 'Support bot'");
    expect(out.stderr).toMatch(/Repaired:\n {2}.*missing node 'Ghost node'/);
  });

  it('writes a Creditflow file back in the current version, saying so', () => {
    const out = convert(JSON.stringify(exampleFile()));
    expect(out.exitCode).toBe(0);
    expect(out.stderr).toBe(`in.json: already a Creditflow flow file (version 1, written as version ${CURRENT_VERSION}).\n`);
  });

  it('says what the reader changed on the way in, as cost does: a key that could reach a prototype removed', () => {
    const text = JSON.stringify(exampleFile()).replace('"id":"m2"', '"constructor":"x","id":"m2"');
    const out = convert(text);
    expect(out.exitCode).toBe(0);
    expect(out.stdout).not.toContain('constructor');
    expect(out.stderr).toContain('in.json: modules[1].constructor was removed: keys named __proto__, constructor, prototype are not allowed in a flow file. (warning)\n');
  });

  it.each([
    ['{"hello": 1}', 'in.json:1:1: This is not a Creditflow, Altan, n8n or Make file: the top level holds an object with the key "hello".'],
    ['{\n  "nodes": [,]\n}', 'in.json:2:'],
    ['', 'in.json: The file is empty.'],
  ])('refuses %j: exit 2, a located message, nothing on stdout', (content, message) => {
    const out = convert(content);
    expect(out.exitCode).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr.startsWith(message)).toBe(true);
  });

  it('asks for exactly one file and knows no options', () => {
    expect(convert('{}', []).stderr).toMatch(/give one file \(none was given\)/);
    expect(convert('{}', ['a.json', 'b.json']).stderr).toMatch(/2 were given/);
    expect(convert('{}', ['a.json', '--json']).stderr).toMatch(/unknown option --json/);
    expect(convert('{}', ['--help']).stdout).toMatch(/^usage: npm run --silent convert/);
  });
});
