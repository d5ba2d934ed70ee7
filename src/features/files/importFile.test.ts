import { describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES } from '../../io/limits';
import { parseFlow } from '../../io/parse';
import { errorPlace, ignoredFilesMessage, readFlowFile, refuseBySize } from './importFile';

/** A File-like whose reads are counted; `size` can be anything without allocating it. */
function fakeFile(size: number, text = '{}') {
  const file = {
    name: 'flow.json',
    size,
    reads: 0,
    arrayBuffer: () => {
      file.reads++;
      return Promise.resolve(new TextEncoder().encode(text).buffer);
    },
  };
  return file;
}

describe('a picked or dropped file', () => {
  it('above the cap is refused from its size, unread, with the words the reader uses for text', async () => {
    for (const size of [MAX_FILE_BYTES + 1, 21 * 1024 * 1024, 5 * 1024 ** 3]) {
      const file = fakeFile(size);
      const read = await readFlowFile(file as unknown as File);
      expect(read.ok).toBe(false);
      expect(file.reads).toBe(0);
      // the same message parseFlow gives pasted text of that many bytes
      const text = size < 64 * 1024 * 1024 ? ' '.repeat(size) : null;
      if (text !== null) {
        const parsed = parseFlow(text);
        expect(read.ok ? [] : read.errors).toEqual(parsed.ok ? [] : parsed.errors);
      }
    }
  });

  it('at the cap or below is read', async () => {
    for (const size of [0, 1, MAX_FILE_BYTES]) {
      const file = fakeFile(size, '{"a":1}');
      expect(await readFlowFile(file as unknown as File)).toEqual({ ok: true, text: '{"a":1}' });
      expect(file.reads).toBe(1);
      expect(refuseBySize(size)).toBeNull();
    }
  });

  it('that cannot be read gives an error, not an exception', async () => {
    const file = { name: 'gone.json', size: 10, arrayBuffer: () => Promise.reject(new Error('NotReadableError')) };
    expect(await readFlowFile(file as unknown as File)).toEqual({ ok: false, errors: [{ path: '', message: 'The file could not be read.' }] });
  });

  it('names its size in MB, or in bytes just above the cap', () => {
    expect(refuseBySize(21 * 1024 * 1024)?.message).toBe('The file is 21 MB; the limit is 20 MB. It was not opened.');
    expect(refuseBySize(MAX_FILE_BYTES + 1)?.message).toBe(
      'The file is 20,971,521 bytes; the limit is 20,971,520 bytes (20 MB). It was not opened.',
    );
  });
});

describe('a picked file in UTF-16 (what PowerShell\'s ">" writes)', () => {
  it('opens with the text the command line reads from the same bytes', async () => {
    const text = '{"format":"creditflow","name":"Café ✓"}';
    const le = new Uint8Array([0xff, 0xfe, ...[...text].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8])]);
    const file = { name: 'ps.json', size: le.length, arrayBuffer: () => Promise.resolve(le.buffer) };
    expect(await readFlowFile(file as unknown as File)).toEqual({ ok: true, text });
  });

  it('refuses bytes that are not UTF-8 with the decoder\'s located message', async () => {
    const bytes = new Uint8Array([0x7b, 0x0a, 0x22, 0xe9, 0x22, 0x7d]); // {\n"é"} in Latin-1
    const file = { name: 'latin1.json', size: bytes.length, arrayBuffer: () => Promise.resolve(bytes.buffer) };
    const read = await readFlowFile(file as unknown as File);
    expect(read.ok).toBe(false);
    const error = read.ok ? undefined : read.errors[0];
    expect(error).toMatchObject({ line: 2, column: 2 });
    expect(error?.message).toContain('not valid UTF-8');
  });
});

describe('errorPlace', () => {
  it('is the line and column, else the path, else "file"', () => {
    expect(errorPlace({ path: 'modules[0]', line: 3, column: 14, message: '' })).toBe('line 3, column 14');
    expect(errorPlace({ path: 'modules[0].name', message: '' })).toBe('modules[0].name');
    expect(errorPlace({ path: '', message: '' })).toBe('file');
  });
});

describe('several files dropped at once', () => {
  it('names every file that was not opened', () => {
    expect(ignoredFilesMessage('a.json', ['b.json'])).toBe('One flow at a time: “a.json” was opened; “b.json” was not. Drop them one by one.');
    const many = ignoredFilesMessage('a.json', ['b.json', 'c.json', 'd.json', 'e.json', 'f.json']);
    expect(many).toContain('“b.json”, “c.json”, “d.json” and 2 more were not');
  });
});
