/**
 * The bad inputs of issue 6 through the cost command, for the cases run.test.ts and
 * cost.test.ts do not already take through the CLI (docs/reliability.md tables them all).
 * Each bad file: exit 2, nothing on stdout, one located line per error on stderr.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { runCost } from './run';
import { REAL_FILES, memoryFile, exampleFileWith, refusedIn, tempDir, writeTemp } from './testing';
import { MAX_FILE_BYTES } from '../io/limits';
import { ONE_BYTE_OVER } from '../io/testing/limitWords';
import { serializeFlow } from '../io/serialize';
import { generateFlow } from '../model/generate';

const dir = tempDir();

function run(name: string, content: string) {
  writeTemp(dir, name, content);
  return runCost({ argv: [name, '--json'], cwd: dir, files: REAL_FILES });
}

/** A bad file: exit 2, empty stdout; returns stderr. */
const refused = (content: string, name = 'flow.json'): string => refusedIn(dir, content, name);
const file = exampleFileWith;

describe('cost CLI: bad files of issue 6 (the cases the other CLI tests do not take)', () => {
  it('a missing format', () => {
    expect(refused(JSON.stringify({ version: 1, modules: [] }))).toBe(
      'flow.json:1:1: This is not a Creditflow flow file: it has no "format" (a flow file says "format": "creditflow").\n',
    );
  });

  it('a missing or malformed version', () => {
    expect(refused('{"format":"creditflow","modules":[]}')).toBe('flow.json:1:1: Version is missing (it must be a whole number ≥ 1).\n');
    expect(refused(file((f) => (f.version = '2')))).toMatch(/^flow\.json:3:\d+: .*got the text "2"/);
    expect(refused(file((f) => (f.version = 1.5)))).toMatch(/^flow\.json:3:\d+: .*got 1\.5/);
  });

  it('an older version is migrated and priced like the same flow at the current version; the file is left as it was', () => {
    const v1 = file(() => {});
    const older = run('older.json', v1);
    expect(older.exitCode).toBe(0);
    const current = run('current.json', file((f) => (f.version = 3)));
    expect(JSON.parse(older.stdout)).toEqual(JSON.parse(current.stdout));
    expect(older.stderr).toBe('older.json: version 1 file, read as version 3; the file itself is left as it was. (note)\n');
    expect(current.stderr).toBe('');
    expect(readFileSync(`${dir}/older.json`, 'utf8')).toBe(v1);
  });

  it('duplicate module ids', () => {
    expect(refused(file((f) => f.modules.push({ id: 'm2', type: 'code', name: 'Copy', position: { x: 0, y: 0 } })))).toMatch(
      /^flow\.json:\d+:\d+: modules\[5\] \(id 'm2'\): id is already used by modules\[1\]; module ids must be unique\n$/,
    );
  });

  it('NaN and Infinity: as text, bare (a JSON syntax error with line and column), and 1e999 (read as Infinity)', () => {
    expect(refused(file((f) => ((f.modules[3]!.assumptions as Record<string, unknown>).retries = 'NaN')))).toMatch(
      /^flow\.json:\d+:\d+: modules\[3\] \(id 'm4'\): assumptions\.retries must be a number ≥ 0, got the text "NaN"\n$/,
    );
    expect(refused('{"format":"creditflow","version":2,\n"modules":[{"id":"m1","type":"code","assumptions":{"retries":NaN}}]}')).toBe(
      'flow.json:2:62: Not valid JSON: NaN and Infinity are not allowed in JSON; write a number.\n',
    );
    expect(refused('{"format":"creditflow","version":2,\n"modules":[{"id":"m1","type":"code","assumptions":{"retries":1e999}}]}')).toBe(
      "flow.json:2:62: modules[0] (id 'm1'): assumptions.retries must be a number ≥ 0, got Infinity\n",
    );
  });

  it('a cycle through an octopus is refused on the edge that closes it', () => {
    const stderr = refused(
      file((f) => {
        f.modules.push({ id: 'm6', type: 'octopus', name: 'Merge', position: { x: 0, y: 0 } });
        f.edges[3]!.target = 'm6';
        f.edges.push({ id: 'e5', source: 'm6', target: 'm4' });
      }),
    );
    expect(stderr).toMatch(
      /^flow\.json:\d+:\d+: edge e5: The edge from Octopus 'Merge' back to Search 'Find company' closes a loop; loops are iterators, never back edges\. \[cycle\]$/m,
    );
  });

  it.each([1.3, -0.1])('a pass rate of %s', (rate) => {
    expect(refused(file((f) => ((f.edges[0]!.filter as Record<string, unknown>).passRate = rate)))).toMatch(
      new RegExp(`^flow\\.json:\\d+:\\d+: edges\\[0\\] \\(id 'e1'\\): filter\\.passRate must be a number between 0 and 1, got ${rate}\\n$`),
    );
  });

  it('10^12 iterations are refused with the limit, at once', () => {
    const started = performance.now();
    const stderr = refused(file((f) => (f.modules[2]!.assumptions = { iterations: 1e12 })));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(stderr).toContain("modules[2] (id 'm3'): assumptions.iterations is 1,000,000,000,000; the limit is 1,000,000 items per iterator execution");
  });

  it('a 1 MB module name is refused with the limit', () => {
    const started = performance.now();
    const stderr = refused(file((f) => (f.modules[0]!.name = 'x'.repeat(1024 * 1024))));
    expect(performance.now() - started).toBeLessThan(3000);
    expect(stderr).toMatch(/^flow\.json:\d+:\d+: modules\[0\] \(id 'm1'\): name is 1,048,576 characters long; the limit is 200 characters\n$/);
  });

  it('conditions nested 1,000 deep are refused without a stack overflow', () => {
    let conditions: Record<string, unknown> = { '{{[m1].email}}': { _neq: '' } };
    for (let i = 0; i < 1000; i++) conditions = { '@not': conditions };
    expect(refused(file((f) => ((f.edges[0]!.filter as Record<string, unknown>).conditions = conditions)))).toMatch(
      /^flow\.json:\d+:\d+: edges\[0\] \(id 'e1'\): filter\.conditions are nested more than 64 levels deep; the limit is 64\n$/,
    );
  });

  it('a real file above the size cap on disk is refused from its size', () => {
    const stderr = refused(' '.repeat(MAX_FILE_BYTES + 1), 'huge.json');
    expect(stderr).toBe(`huge.json: ${ONE_BYTE_OVER}\n`);
  });

  it('__proto__, constructor and prototype keys: dropped with a warning each, priced, and nothing polluted', () => {
    const out = run(
      'proto.json',
      '{"format":"creditflow","version":3,"__proto__":{"polluted":"root"},\n' +
        '"settings":{"constructor":{"prototype":{"polluted":"settings"}}},\n' +
        '"modules":[{"id":"m1","type":"trigger","name":"T","position":{"x":0,"y":0},"assumptions":{"__proto__":{"retries":5}}}],"edges":[]}',
    );
    expect(out.exitCode).toBe(0);
    expect(JSON.parse(out.stdout).nodes).toHaveLength(1);
    const warnings = out.stderr.trim().split('\n');
    expect(warnings).toEqual([
      expect.stringMatching(/^proto\.json: __proto__ was removed: .* \(warning\)$/),
      expect.stringMatching(/^proto\.json: settings\.constructor was removed: .* \(warning\)$/),
      expect.stringMatching(/^proto\.json: modules\[0\]\.assumptions\.__proto__ was removed: .* \(warning\)$/),
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(Object.prototype).not.toHaveProperty('retries');
  });

  it('HTML and script in names are printed as the same plain text', () => {
    const html = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
    const short = '<b onclick=alert(3)>x</b>';
    writeTemp(dir, 'html.json', file((f) => ((f.name = html), (f.modules[0]!.name = short))));
    const out = runCost({ argv: ['html.json'], cwd: dir, files: REAL_FILES });
    expect(out.exitCode).toBe(0);
    expect(out.stdout.split('\n')[0]).toBe(html);
    expect(out.stdout).toMatch(new RegExp(`^${short.replace(/[()]/g, '\\$&')} \\(m1\\)\\s+trigger`, 'm'));
  });

  it('a _like pattern built for catastrophic backtracking does not slow the command', () => {
    const started = performance.now();
    const out = run(
      'like.json',
      file((f) => ((f.edges[0]!.filter as Record<string, unknown>).conditions = { '@and': [{ '{{[m1].email}}': { _like: `${'%a'.repeat(40)}%b` } }] })),
    );
    expect(out.exitCode).toBe(0);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('cost CLI: fuzzed files', { timeout: 120_000 }, () => {
  it('mutated flow files: priced (exit 0) or refused (exit 2) with located lines, never an exception', () => {
    const seen = { priced: 0, refused: 0 };
    const chars = fc.constantFrom('{', '}', '[', '"', ',', ':', 'x', '-', '\n', '\\', '0', 'NaN');
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 25 }), fc.nat(), fc.nat(), chars, fc.boolean(), (modules, seed, at, char, cut) => {
        const text = serializeFlow(generateFlow({ modules, seed, rangeShare: 0.3 }));
        const i = at % text.length;
        const input = cut ? text.slice(0, i) : text.slice(0, i) + char + text.slice(i + 1);
        const out = runCost({ argv: ['f.json', '--json'], cwd: '/', files: memoryFile(input) });
        expect([0, 2]).toContain(out.exitCode);
        if (out.exitCode === 0) {
          seen.priced++;
          expect(Number.isFinite(JSON.parse(out.stdout).total)).toBe(true);
        } else {
          seen.refused++;
          expect(out.stdout).toBe('');
          const lines = out.stderr.trimEnd().split('\n');
          expect(lines.length).toBeGreaterThan(0);
          for (const line of lines) expect(line).toMatch(/^f\.json(:\d+:\d+)?: \S/);
        }
      }),
      { numRuns: 1000 },
    );
    // Both outcomes must be reached, or the test proves little.
    expect(seen.priced).toBeGreaterThan(0);
    expect(seen.refused).toBeGreaterThan(0);
  });
});
