/**
 * The file `-` is standard input, for cost, diff and convert (`git show main:flow.json | cost -- - --json`):
 * read with the same cap and checks as a file on disk, named `<stdin>` in messages.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runCost, type CliContext } from './run';
import { runDiff } from './diffRun';
import { runConvert } from './convertRun';
import { parseDiffArgs } from './diffArgs';
import { StdinIsTerminalError } from './files';
import { exampleFileWith, memoryFile } from './testing';

const flowText = exampleFileWith(() => {});
const noSuchFile = (): never => {
  throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
};
/** A disk with no files at all, and standard input holding `text`. */
const stdinOnly = (text: string): CliContext['files'] => ({
  read: noSuchFile,
  readStdin: (max) => memoryFile(text).read('', max),
});

describe('the file - reads standard input', () => {
  it('cost prices what is piped in exactly as the same file on disk', () => {
    const fromStdin = runCost({ argv: ['-', '--json'], cwd: '/', files: stdinOnly(flowText) });
    const fromFile = runCost({ argv: ['flow.json', '--json'], cwd: '/', files: memoryFile(flowText) });
    expect(fromStdin.exitCode).toBe(0);
    expect(fromStdin.stdout).toBe(fromFile.stdout);
  });

  it('names standard input <stdin> in messages, with line and column', () => {
    const out = runCost({ argv: ['-', '--json'], cwd: '/', files: stdinOnly('{\n  "format": "creditflow",,\n}') });
    expect(out).toEqual({ exitCode: 2, stdout: '', stderr: expect.stringMatching(/^<stdin>:2:\d+: Not valid JSON/) });
  });

  it('says what to do when nothing is piped in (standard input is the terminal), rather than waiting for typing', () => {
    const files: CliContext['files'] = {
      read: noSuchFile,
      readStdin: () => {
        throw new StdinIsTerminalError();
      },
    };
    const out = runCost({ argv: ['-'], cwd: '/', files });
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toMatch(/^<stdin>: cannot read the flow file from standard input: nothing is piped in .*Pipe a file in/);
  });

  it('a pipe holding more than the cap is refused by the cap, not by a size it never had', () => {
    // A pipe has no size: the reader stops at the cap + 1 bytes, and that count is not the input's size.
    const files: CliContext['files'] = { read: noSuchFile, readStdin: (max) => ({ size: max + 1, bytes: new Uint8Array(max + 1) }) };
    const out = runCost({ argv: ['-'], cwd: '/', files });
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toMatch(/^<stdin>: More than the limit of [\d,]+ bytes \(64 MB\) came on standard input; the rest was not read/);
    expect(out.stderr).not.toMatch(/The file is/);
  });

  it('diff reads one side from standard input, never both', () => {
    const doubled = exampleFileWith((f) => {
      (f.settings as { runsPerMonth: number }).runsPerMonth *= 2;
    });
    const files: CliContext['files'] = {
      read: (path, max) => (path.endsWith('new.json') ? memoryFile(doubled).read(path, max) : noSuchFile()),
      readStdin: stdinOnly(flowText).readStdin!,
    };
    const out = runDiff({ argv: ['-', 'new.json', '--json'], cwd: '/', files });
    expect(out.exitCode).toBe(0);
    const report = JSON.parse(out.stdout);
    expect(report.before.file).toBe('<stdin>');
    expect(report.after.perMonth).toBeCloseTo(2 * report.before.perMonth, 6);
    expect(parseDiffArgs(['-', '-'])).toEqual({ ok: false, message: expect.stringMatching(/Only one of the two files can be read from standard input/) });
  });

  it('convert writes what is piped in as a flow file', () => {
    const out = runConvert({ argv: ['-'], cwd: '/', files: stdinOnly(flowText) });
    expect(out.exitCode).toBe(0);
    expect(out.stderr).toMatch(/^<stdin>: already a Creditflow flow file\b/);
    expect(out.stdout).toMatch(/^\{\n {2}"format": "creditflow",/);
  });

  it('the real command reads a pipe', { timeout: 60_000 }, () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const result = spawnSync('npx', ['tsx', `${root}/src/cli/cost.ts`, '-', '--json'], { cwd: root, input: flowText, encoding: 'utf8', timeout: 60_000, env: { ...process.env, INIT_CWD: '' } });
    const inProcess = runCost({ argv: ['-', '--json'], cwd: '/', files: stdinOnly(flowText) });
    expect(result.status).toBe(0);
    expect({ stdout: result.stdout, stderr: result.stderr }).toEqual({ stdout: inProcess.stdout, stderr: inProcess.stderr });
  });
});
