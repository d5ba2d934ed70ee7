/**
 * Names from a file reach a terminal: none of their control or bidi characters is printed raw
 * (issue 18, item 15). Clear screen, window title, cursor moves over the total, bell, C1 CSI,
 * right-to-left override — in the table, in --json, and in the messages on stderr.
 */
import { describe, expect, it } from 'vitest';
import { runCost } from './run';
import { REAL_FILES, exampleFileWith, tempDir, writeTemp } from './testing';

const dir = tempDir();
const HOSTILE = [
  '\u001b[2J\u001b[H', // clear screen, cursor home
  '\u001b]0;pwned\u0007', // OSC: window title, ended by BEL
  '\u001b[1A\r', // up one line, back to its start: overwrite the line above
  '\u009b31m', // C1 CSI
  '\u202etxt.exe', // right-to-left override
  '\u2066x\u2069', // isolates
  '\u0000\u007f\u0085',
].join('|');
// Every character a terminal acts on: C0 but tab and line feed, DEL, C1, bidi controls.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;

function run(name: string, content: string, json: boolean) {
  writeTemp(dir, name, content);
  return runCost({ argv: [name, ...(json ? ['--json'] : [])], cwd: dir, files: REAL_FILES });
}

describe('what the cost command prints to a terminal', () => {
  const file = exampleFileWith((f) => {
    f.name = `Flow ${HOSTILE}`;
    f.modules[0]!.name = `Hook ${HOSTILE}`;
  });

  it('the table shows control and bidi characters as escapes, and keeps its columns', () => {
    const out = run('hostile.json', file, false);
    expect(out.exitCode).toBe(0);
    expect(out.stdout).not.toMatch(RAW);
    expect(out.stderr).not.toMatch(RAW);
    const lines = out.stdout.split('\n');
    expect(lines[0]).toContain('Flow \\u001b[2J\\u001b[H|\\u001b]0;pwned\\u0007|');
    const header = lines[2]!;
    const hook = lines.find((l) => l.startsWith('Hook '))!;
    expect(hook).toContain('\\u001b[2J');
    // the type column starts where the header says
    expect(hook.indexOf('trigger')).toBe(header.indexOf('Type'));
  });

  it('--json stays JSON of the same ids, with nothing raw in its text', () => {
    const id = `m5${HOSTILE}`;
    const hostileId = exampleFileWith((f) => {
      f.modules[4]!.id = id;
      f.edges[3]!.target = id;
    });
    const out = run('hostile-id.json', hostileId, true);
    expect(out.exitCode).toBe(0);
    expect(out.stdout).not.toMatch(RAW);
    expect(out.stdout).toContain('\\u202etxt.exe');
    const report = JSON.parse(out.stdout) as { nodes: { id: string }[] };
    expect(report.nodes.map((n) => n.id)).toContain(id);
  });

  it('error messages on stderr, the file name included, show escapes too', () => {
    const broken = exampleFileWith((f) => {
      f.modules[1]!.id = `m2${HOSTILE}`;
      (f.modules[1]! as Record<string, unknown>).type = 'nope';
    });
    const name = 'bad\u001b[2J.json';
    const out = run(name, broken, false);
    expect(out.exitCode).toBe(2);
    expect(out.stderr).not.toMatch(RAW);
    expect(out.stderr).toMatch(/^bad\\u001b\[2J\.json:\d+:\d+: modules\[1\] \(id 'm2\\u001b\[2J/);
  });
});
