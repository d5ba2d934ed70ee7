import { describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES } from '../../io/limits';
import { parseFlow } from '../../io/parse';
import { errorPlace, readFlowFile, refuseBySize } from './importFile';

/** A File-like whose reads are counted; `size` can be anything without allocating it. */
function fakeFile(size: number, text = '{}') {
  const file = {
    name: 'flow.json',
    size,
    reads: 0,
    text: () => {
      file.reads++;
      return Promise.resolve(text);
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
    const file = { name: 'gone.json', size: 10, text: () => Promise.reject(new Error('NotReadableError')) };
    expect(await readFlowFile(file as unknown as File)).toEqual({ ok: false, errors: [{ path: '', message: 'The file could not be read.' }] });
  });

  it('names its size in MB, or in bytes just above the cap', () => {
    expect(refuseBySize(21 * 1024 * 1024)?.message).toBe('The file is 21 MB; the limit is 20 MB. It was not opened.');
    expect(refuseBySize(MAX_FILE_BYTES + 1)?.message).toBe(
      'The file is 20,971,521 bytes; the limit is 20,971,520 bytes (20 MB). It was not opened.',
    );
  });
});

describe('errorPlace', () => {
  it('is the line and column, else the path, else "file"', () => {
    expect(errorPlace({ path: 'modules[0]', line: 3, column: 14, message: '' })).toBe('line 3, column 14');
    expect(errorPlace({ path: 'modules[0].name', message: '' })).toBe('modules[0].name');
    expect(errorPlace({ path: '', message: '' })).toBe('file');
  });
});
