import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { holdsText, isStoredText, textBlob, textOf } from './storedText';

describe('a flow text stored as a Blob', () => {
  it('reads back exactly the text it was made from, whatever the cuts (surrogate pairs, accents, emoji at every boundary)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 60 }), fc.integer({ min: 1, max: 7 }), async (text, charsPerTask) => {
        expect(await textOf(await textBlob(text, charsPerTask, () => Promise.resolve()))).toBe(text);
      }),
    );
  });

  it('is made a slice per task: the page gets a task between slices', async () => {
    const text = 'é😀x'.repeat(40);
    let yields = 0;
    const blob = await textBlob(text, 10, () => (yields++, Promise.resolve()));
    expect(yields).toBeGreaterThanOrEqual(Math.floor(text.length / 10) - 1);
    expect(blob.size).toBe(new TextEncoder().encode(text).length);
    expect(await textOf(blob)).toBe(text);
  });

  it('reads a string stored before as it is', async () => {
    expect(await textOf('{"a": 1}')).toBe('{"a": 1}');
    expect(isStoredText('x')).toBe(true);
    expect(isStoredText(new Blob(['x']))).toBe(true);
    expect(isStoredText(3)).toBe(false);
    expect(isStoredText({})).toBe(false);
  });

  it('tells a changed text by its length without reading the Blob, and a same-length change by reading it', async () => {
    const blob = await textBlob('{"a": 1}');
    const unreadable = { stream: () => { throw new Error('read'); } } as unknown as Blob;
    expect(await holdsText(unreadable, 8, '{"a": 10}')).toBe(false);
    expect(await holdsText(blob, 8, '{"a": 2}')).toBe(false);
    expect(await holdsText(blob, 8, '{"a": 1}')).toBe(true);
    expect(await holdsText(blob, undefined, '{"a": 1}')).toBe(true);
    expect(await holdsText('{"a": 1}', undefined, '{"a": 1}')).toBe(true);
    expect(await holdsText('{"a": 1}', undefined, '{"a": 2}')).toBe(false);
  });
});
