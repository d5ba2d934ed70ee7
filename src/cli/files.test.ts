/**
 * The command's file reading on the real disk: only regular files, never more than the cap + 1
 * bytes (issue 18, item 7). Devices, pipes and links are made for real; the tests never hang:
 * a reader that blocked on the pipe would stop here, which is what they check does not happen.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DISK_FILES, NotAFileError } from './files';
import { runCost } from './run';
import { REAL_FILES, tempDir } from './testing';
import { MAX_FILE_BYTES } from '../io/limits';
import { exampleFileWith } from './testing';

const exampleFileText = () => exampleFileWith(() => {});

const dir = tempDir();
const run = (file: string) => runCost({ argv: [file, '--json'], cwd: dir, files: REAL_FILES });
const refusal = (kind: string) =>
  new RegExp(`: cannot open the flow file: it is ${kind}, not a regular file \\(Creditflow reads flow files saved on disk\\)\\.\\n$`);
const unix = process.platform !== 'win32';

describe('the cost command reads only regular files', () => {
  it.runIf(unix && existsSync('/dev/zero'))('/dev/zero, /dev/urandom and a link to /dev/zero are refused as devices, unread', () => {
    symlinkSync('/dev/zero', join(dir, 'zero.json'));
    for (const file of ['/dev/zero', '/dev/urandom', 'zero.json']) {
      const out = run(file);
      expect(out.exitCode).toBe(2);
      expect(out.stdout).toBe('');
      expect(out.stderr).toMatch(refusal('a device'));
      expect(out.stderr.startsWith(`${file}: `)).toBe(true);
    }
  });

  it.runIf(unix)('a named pipe with no writer is refused at once, not waited on', () => {
    const fifo = join(dir, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    const out = run('pipe.json');
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toMatch(refusal('a named pipe'));
  });

  it('a folder, and a link to a folder', () => {
    symlinkSync(dir, join(dir, 'folder-link.json'));
    for (const file of ['.', 'folder-link.json']) expect(run(file).stderr).toMatch(refusal('a folder'));
  });

  it('a link to a regular file is followed and read', () => {
    writeFileSync(join(dir, 'target.json'), '{}');
    symlinkSync(join(dir, 'target.json'), join(dir, 'link.json'));
    expect(DISK_FILES.read(join(dir, 'link.json'), MAX_FILE_BYTES)).toEqual({ size: 2, bytes: new Uint8Array([0x7b, 0x7d]) });
  });

  it('a file above the cap is not read at all; one at the cap is read whole', () => {
    const big = join(dir, 'big.json');
    writeFileSync(big, '');
    truncateSync(big, MAX_FILE_BYTES + 1); // sparse: no 20 MB written
    expect(DISK_FILES.read(big, MAX_FILE_BYTES)).toEqual({ size: MAX_FILE_BYTES + 1 });
    const small = join(dir, 'small.json');
    writeFileSync(small, 'abcdef');
    expect(DISK_FILES.read(small, 6).bytes).toEqual(new TextEncoder().encode('abcdef'));
    // a limit below the size: nothing read (the caller refuses from the size)
    expect(DISK_FILES.read(small, 5)).toEqual({ size: 6 });
  });

  it.runIf(existsSync('/proc/self/status'))('a file longer than its size said (as one growing while read) is read to the cap + 1 bytes, never more', () => {
    // /proc files are regular files whose size reads 0 while they hold text: the case of a file
    // that grew after it was opened.
    const whole = DISK_FILES.read('/proc/self/status', MAX_FILE_BYTES);
    expect(whole.size).toBe(0);
    expect(whole.bytes!.length).toBeGreaterThan(100);
    const capped = DISK_FILES.read('/proc/self/status', 10);
    expect(capped.bytes).toHaveLength(11);
    expect(capped.bytes).toEqual(whole.bytes!.subarray(0, 11));
  });

  it('a missing file is a Node error with its code, not a NotAFileError', () => {
    expect(() => DISK_FILES.read(join(dir, 'nope.json'), 10)).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    expect(() => DISK_FILES.read(dir, 10)).toThrow(NotAFileError);
  });
});

describe('the cost command decodes the file as the app does', () => {
  const sample = exampleFileText();
  const utf16le = (text: string) => {
    const out = new Uint8Array(2 + text.length * 2);
    out.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) out.set([text.charCodeAt(i) & 0xff, text.charCodeAt(i) >> 8], 2 + 2 * i);
    return out;
  };

  it('a UTF-16LE file with a byte-order mark (PowerShell\'s ">") is priced exactly like the UTF-8 file', () => {
    writeFileSync(join(dir, 'utf8.json'), sample);
    writeFileSync(join(dir, 'utf16.json'), utf16le(sample));
    const expected = run('utf8.json');
    expect(expected.exitCode).toBe(0);
    expect(run('utf16.json')).toEqual({ ...expected, stderr: expected.stderr.replaceAll('utf8.json', 'utf16.json') });
  });

  it('a file that is not UTF-8 is refused at the line and column of the first bad byte, naming it', () => {
    writeFileSync(join(dir, 'latin1.json'), Buffer.from(sample.replace('"name": "', '"name": "Caf\u00e9 '), 'latin1'));
    const out = run('latin1.json');
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toMatch(/^latin1\.json:\d+:\d+: The file is not valid UTF-8: at byte [\d,]+, byte 0xE9 starts a character/);
  });
});
