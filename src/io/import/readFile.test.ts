import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { MAX_FILE_BYTES } from '../limits';
import { mbOver } from '../testing/limitWords';
import { parseFlow } from '../parse';
import { serializeFlow } from '../serialize';
import { generateFlow } from '../../model/generate';
import { importBytes, importSource, readFileBytes, type ImportProgress } from './readFile';
import { importText } from './index';

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

const decoded = async (file: Parameters<typeof readFileBytes>[0]) => {
  const read = await readFileBytes(file);
  return read.ok ? { ok: true, text: new TextDecoder().decode(read.bytes) } : read;
};

describe('a picked or dropped file', () => {
  it('above the cap is refused from its size, unread, with the words the reader uses for text', async () => {
    for (const size of [MAX_FILE_BYTES + 1, mbOver(1).size, 5 * 1024 ** 3]) {
      const file = fakeFile(size);
      const read = await readFileBytes(file);
      expect(read.ok).toBe(false);
      expect(file.reads).toBe(0);
      // the same message parseFlow gives pasted text of that many bytes
      const text = size <= mbOver(1).size ? ' '.repeat(size) : null;
      if (text !== null) {
        const parsed = parseFlow(text);
        expect(read.ok ? [] : read.errors).toEqual(parsed.ok ? [] : parsed.errors);
      }
    }
  });

  it('at the cap or below is read', async () => {
    for (const size of [0, 1, MAX_FILE_BYTES]) {
      const file = fakeFile(size, '{"a":1}');
      expect(await decoded(file)).toEqual({ ok: true, text: '{"a":1}' });
      expect(file.reads).toBe(1);
    }
  });

  it('that cannot be read gives an error, not an exception', async () => {
    const file = { name: 'gone.json', size: 10, arrayBuffer: () => Promise.reject(new Error('NotReadableError')) };
    expect(await readFileBytes(file)).toEqual({ ok: false, errors: [{ path: '', message: 'The file could not be read.' }] });
  });

  it('is read a chunk at a time, with the bytes read so far, into the same bytes', async () => {
    const text = serializeFlow(generateFlow({ modules: 60, seed: 3 }));
    const blob = new Blob([text]);
    const seen: ImportProgress[] = [];
    const read = await readFileBytes(blob, { chunkBytes: 1000, onProgress: (p) => seen.push(p) });
    expect(read.ok && new TextDecoder().decode(read.bytes)).toBe(text);
    expect(seen.length).toBe(Math.ceil(blob.size / 1000));
    expect(seen.every((p) => p.stage === 'reading' && p.total === blob.size)).toBe(true);
    expect(seen.map((p) => p.loaded)).toEqual([...seen.map((p) => p.loaded)].sort((a, b) => a - b));
    expect(seen.at(-1)?.loaded).toBe(blob.size);
  });
});

describe('importSource: the pipeline the import worker and its fallback run', () => {
  it('gives what importText gives for the same text, from a file or from the text, and says when it parses', async () => {
    const text = serializeFlow(generateFlow({ modules: 40, seed: 9 }));
    const stages: string[] = [];
    const fromFile = await importSource(new Blob([text]), { fileName: 'f.json', chunkBytes: 512, onProgress: (p) => stages.push(p.stage) });
    expect(fromFile).toEqual(importText(text, { fileName: 'f.json' }));
    expect(await importSource(text, { fileName: 'f.json' })).toEqual(fromFile);
    expect(stages.at(-1)).toBe('parsing');
    expect(stages.filter((s) => s === 'parsing')).toHaveLength(1);
  });

  it('returns located errors as values for a broken file', async () => {
    const result = await importSource(new Blob(['{"format": "creditflow", "version": 3, "modules": [}']));
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors[0]).toMatchObject({ line: 1 });
  });
});

describe('a picked file in UTF-16 (what PowerShell\'s ">" writes)', () => {
  it('opens with the text the command line reads from the same bytes', () => {
    const flowText = serializeFlow(generateFlow({ modules: 3, seed: 1 }));
    const le = new Uint8Array([0xff, 0xfe, ...[...flowText].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8])]);
    expect(importBytes(le)).toEqual(importText(flowText));
  });

  it('refuses bytes that are not UTF-8 with the decoder\'s located message', () => {
    const bytes = new Uint8Array([0x7b, 0x0a, 0x22, 0xe9, 0x22, 0x7d]); // {\n"é"} in Latin-1
    const read = importBytes(bytes);
    expect(read.ok).toBe(false);
    const error = read.ok ? undefined : read.errors[0];
    expect(error).toMatchObject({ line: 2, column: 2 });
    expect(error?.message).toContain('not valid UTF-8');
  });
});

describe('a text the app wrote (as: creditflow)', () => {
  it('is read by parseFlow alone: a Creditflow file as the library reads it, anything else refused with parseFlow\'s errors', async () => {
    const text = serializeFlow(generateFlow({ modules: 12, seed: 2 }));
    const read = await importSource(new Blob([text]), { as: 'creditflow' });
    const parsed = parseFlow(text);
    expect(read.ok && parsed.ok && read.flow).toEqual(parsed.ok && parsed.value);
    const n8n = readFileSync(new URL('./fixtures/n8n-one-branch-if.json', import.meta.url), 'utf8');
    expect((await importSource(n8n)).ok).toBe(true); // a file dropped: imported as n8n
    const asStored = await importSource(new Blob([n8n]), { as: 'creditflow' });
    const refused = parseFlow(n8n);
    expect(refused.ok).toBe(false);
    expect(asStored).toEqual({ ok: false, errors: !refused.ok && refused.errors });
  });
});
