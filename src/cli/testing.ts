/** Helpers for the CLI tests: temp files and a flow to break. */
import { expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCost, type CliContext } from './run';
import { DISK_FILES } from './files';
import { exampleFile } from '../io/testing/exampleFlow';

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'creditflow-cli-'));
}

export function writeTemp(dir: string, name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** The CLI's file access on the real disk. */
export const REAL_FILES: CliContext['files'] = DISK_FILES;

/** A file system holding one file, whatever the path, with `content` (text as UTF-8). */
export function memoryFile(content: string | Uint8Array): CliContext['files'] {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  return { read: (_, max) => (bytes.length > max ? { size: bytes.length } : { size: bytes.length, bytes }) };
}

/** Writes `content` to `dir/name`, prices it with --json and checks it is refused: exit 2, empty stdout. Returns stderr. */
export function refusedIn(dir: string, content: string, name = 'flow.json'): string {
  writeTemp(dir, name, content);
  const out = runCost({ argv: [name, '--json'], cwd: dir, files: REAL_FILES });
  expect(out.exitCode).toBe(2);
  expect(out.stdout).toBe('');
  return out.stderr;
}

/** The example flow file with a change applied, as file text. */
export function exampleFileWith(change: (f: ReturnType<typeof exampleFile>) => void): string {
  const f = exampleFile();
  change(f);
  return JSON.stringify(f, null, 2);
}
