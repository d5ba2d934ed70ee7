/**
 * End to end: the real command, spawned as a user runs it (`npm run --silent diff -- …`), on temp
 * files. Slower than diffRun.test.ts, so one case per exit code.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tempDir, writeTemp } from './testing';

const root = fileURLToPath(new URL('../..', import.meta.url));
const sample = readFileSync(fileURLToPath(new URL('../io/samples/lead-enrichment.json', import.meta.url)), 'utf8');
const dir = tempDir();

function diff(args: string[]) {
  const result = spawnSync('npm', ['--prefix', root, 'run', '--silent', 'diff', '--', ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('diff CLI (spawned through npm)', { timeout: 60_000 }, () => {
  const old = writeTemp(dir, 'old.json', sample);
  const grown = writeTemp(dir, 'grown.json', sample.replace('"likely": 3000', '"likely": 3300'));

  it('reads relative paths from the directory npm was started in; exit 0 with the JSON on stdout', () => {
    const out = diff(['old.json', 'grown.json', '--json', '--fail-over', '10']);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const json = JSON.parse(out.stdout);
    expect(json.before.runsPerMonth).toBe(3000);
    expect(json.after.runsPerMonth).toBe(3300);
    expect(json.delta.percent).toBeCloseTo(10, 9);
  });

  it('exit 4 over --fail-over, the Markdown still printed', () => {
    const out = diff([old, grown, '--markdown', '--fail-over', '5']);
    expect(out.code).toBe(4);
    expect(out.stdout).toMatch(/^<!-- creditflow-diff -->\n### Credits: \+/);
    expect(out.stderr).toMatch(/grew by 10 % .*more than the 5 % allowed by --fail-over\.\n$/);
  });

  it('exit 2 for a bad file, nothing on stdout', () => {
    writeTemp(dir, 'bad.json', '{ "format": "creditflow", ');
    const out = diff(['old.json', 'bad.json']);
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(/^bad\.json:1:\d+: /);
  });
});
