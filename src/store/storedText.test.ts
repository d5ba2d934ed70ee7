import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { holdsText, isStoredText, piecesBlob, textBlob, textOf } from './storedText';

describe('a flow text stored as a Blob', () => {
  it('reads back exactly the text it was made from, whatever the cuts (surrogate pairs, accents, emoji at every boundary)', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 60 }), fc.integer({ min: 1, max: 7 }), async (text, charsPerTask) => {
        expect(await textOf(await textBlob(text, { charsAtATime: charsPerTask, sliceMs: 0, yieldToPage: () => Promise.resolve() }))).toBe(text);
      }),
      { numRuns: 60 },
    );
  });

  it('made from pieces, reads back as the pieces joined (gathered, cut and made into one however many), with their length', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ unit: 'binary', maxLength: 12 }), { maxLength: 400 }), fc.integer({ min: 1, max: 9 }), async (pieces, charsAtATime) => {
        const made = await piecesBlob(pieces, { charsAtATime, sliceMs: 0, yieldToPage: () => Promise.resolve() });
        const text = pieces.join('');
        expect(made.chars).toBe(text.length);
        expect(await textOf(made.blob)).toBe(text);
      }),
      { numRuns: 60 },
    );
  });

  it('is made and read back in slices by the clock: the page gets a task once a slice has taken its time', async () => {
    const text = 'é😀x'.repeat(40);
    let t = 0;
    const now = () => (t += 1); // every look at the clock: 1 ms later
    let yields = 0;
    const yieldToPage = () => (yields++, Promise.resolve());
    const blob = await textBlob(text, { charsAtATime: 10, sliceMs: 2, now, yieldToPage });
    expect(yields).toBeGreaterThanOrEqual(5);
    expect(blob.size).toBe(new TextEncoder().encode(text).length);
    yields = 0;
    expect(await textOf(blob, { sliceMs: 0, now, yieldToPage })).toBe(text);
    expect(yields).toBeGreaterThan(0);
    // With time to spare, no task is given up.
    yields = 0;
    await textBlob(text, { charsAtATime: 10, sliceMs: 1e9, now, yieldToPage });
    expect(yields).toBe(0);
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
    // A text known by its length is put together only when the lengths agree.
    let joined = 0;
    const counted = (text: string) => ({ chars: text.length, text: () => (joined++, text) });
    expect(await holdsText(blob, 8, counted('{"a": 10}'))).toBe(false);
    expect(await holdsText('{"a": 1}', undefined, counted('{"a": 10}'))).toBe(false);
    expect(joined).toBe(0);
    expect(await holdsText(blob, 8, counted('{"a": 1}'))).toBe(true);
    expect(await holdsText(blob, undefined, counted('{"a": 2}'))).toBe(false);
    expect(joined).toBe(2);
  });
});
