import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isUtf8 } from 'node:buffer';
import { decodeFlowBytes, fileTooLarge } from './decode';
import { MAX_FILE_BYTES } from './limits';
import { GREW, mbOver, ONE_BYTE_OVER } from './testing/limitWords';

const utf16 = (text: string, order: 'le' | 'be', bom = true): Uint8Array => {
  const out: number[] = bom ? (order === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]) : [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out.push(...(order === 'le' ? [c & 0xff, c >> 8] : [c >> 8, c & 0xff]));
  }
  return new Uint8Array(out);
};
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const FLOW = '{\r\n  "format": "creditflow",\r\n  "name": "Caf\u00e9 \u2713 \ud83d\ude80"\r\n}\r\n';

describe('decodeFlowBytes', () => {
  it.each([
    ['UTF-8', utf8(FLOW), 'UTF-8'],
    ['UTF-8 with a byte-order mark', new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(FLOW)]), 'UTF-8 with a byte-order mark'],
    ['UTF-16LE with a byte-order mark (PowerShell 5 ">")', utf16(FLOW, 'le'), 'UTF-16LE'],
    ['UTF-16BE with a byte-order mark', utf16(FLOW, 'be'), 'UTF-16BE'],
    ['UTF-16LE without a byte-order mark', utf16(FLOW, 'le', false), 'UTF-16LE'],
    ['UTF-16BE without a byte-order mark', utf16(FLOW, 'be', false), 'UTF-16BE'],
  ])('reads %s as the same text, without the mark', (_, bytes, encoding) => {
    expect(decodeFlowBytes(bytes)).toEqual({ ok: true, text: FLOW, encoding });
  });

  it('reads any text written as UTF-8 or UTF-16 back unchanged (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.constantFrom('utf8', 'le', 'be'), (body, how) => {
        const text = `{${body}`; // a JSON text starts with an ASCII character
        const bytes = how === 'utf8' ? utf8(text) : utf16(text, how);
        const decoded = decodeFlowBytes(bytes);
        expect(decoded.ok && decoded.text).toBe(text);
      }),
    );
  });

  it('accepts exactly the valid UTF-8 byte sequences, whatever the bytes (property, against Node\'s isUtf8)', () => {
    // Bytes near UTF-8: ASCII, lead and continuation bytes, the edges of overlong forms and surrogates.
    const near = fc.constantFrom(0x7b, 0x41, 0x0a, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xee, 0xef, 0xf0, 0xf4, 0xf5, 0xff);
    fc.assert(
      fc.property(fc.array(fc.oneof(near, fc.integer({ min: 0, max: 255 })), { maxLength: 12 }), (tail) => {
        const bytes = new Uint8Array([0x7b, 0x20, ...tail]); // "{ " first: read as UTF-8, not sniffed as UTF-16
        const decoded = decodeFlowBytes(bytes);
        expect(decoded.ok).toBe(isUtf8(bytes));
        if (decoded.ok) expect(decoded.text).toBe(new TextDecoder().decode(bytes));
        else expect(decoded.error.message).toMatch(/^The file is not valid UTF-8: at byte \d+, /);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses invalid UTF-8 at its line and column, naming the byte, and says what to do', () => {
    // "Café" saved as Latin-1 on line 3
    const bytes = new Uint8Array([...utf8('{\n  "a": 1,\r\n  "name": "Caf'), 0xe9, ...utf8('"\n}')]);
    const decoded = decodeFlowBytes(bytes);
    expect(decoded).toEqual({
      ok: false,
      error: {
        path: '',
        line: 3,
        column: 15,
        message:
          'The file is not valid UTF-8: at byte 28, byte 0xE9 starts a character that byte 0x22 does not continue. ' +
          'It may be in another encoding (such as Windows-1252 or Latin-1). Save it as UTF-8 (most editors: "Save with encoding" or "Save as… UTF-8") and try again.',
      },
    });
  });

  it.each([
    ['a byte that cannot start a character', [0x7b, 0xff, 0x7d], 'byte 0xFF cannot start a character'],
    ['a character cut at the end', [0x7b, 0xe2, 0x9c], 'ends in the middle of a character'],
    ['an encoded surrogate', [0x7b, 0xed, 0xa0, 0x80, 0x7d], 'byte 0xED starts a character that byte 0xA0 does not continue'],
    ['an overlong encoding', [0x7b, 0xc0, 0xaf, 0x7d], 'byte 0xC0 cannot start a character'],
  ])('refuses %s', (_, bytes, words) => {
    const decoded = decodeFlowBytes(new Uint8Array(bytes));
    expect(decoded.ok).toBe(false);
    expect(decoded.ok ? '' : decoded.error.message).toContain(words);
  });

  it('refuses UTF-16 cut in half and UTF-16 with an unpaired surrogate, naming the encoding', () => {
    const odd = decodeFlowBytes(new Uint8Array([...utf16('{}', 'le'), 0x20]));
    expect(odd.ok ? '' : odd.error.message).toContain('The file is UTF-16LE but has an odd number of bytes');
    const lone = decodeFlowBytes(utf16('{\n"\ud800"}', 'be'));
    expect(lone).toMatchObject({ ok: false, error: { line: 2, column: 2 } });
    expect(lone.ok ? '' : lone.error.message).toContain('The file is UTF-16BE but holds half a character');
  });

  it('refuses a UTF-16 byte-order mark before text that is not UTF-16 (UTF-8 saved with a wrong mark), naming both (it said "found \'੻\'")', () => {
    for (const [mark, name] of [[[0xff, 0xfe], 'UTF-16LE'], [[0xfe, 0xff], 'UTF-16BE']] as const) {
      const decoded = decodeFlowBytes(new Uint8Array([...mark, ...utf8('{"format": "creditflow"}')]));
      expect(decoded.ok ? '' : decoded.error.message).toBe(
        `The file starts with the byte-order mark of ${name}, but the text after it is not ${name}: it may be UTF-8 saved with a wrong mark. Save it as UTF-8 (most editors: "Save with encoding" or "Save as… UTF-8") and try again.`,
      );
    }
    // Real UTF-16 with its mark, starting with a space, a line break or a brace, still reads.
    for (const start of [' {}', '\n{}', '{}', '\ufeff{}']) expect(decodeFlowBytes(new Uint8Array([0xff, 0xfe, ...utf16(start, 'le')])).ok).toBe(true);
  });

  it('refuses UTF-32 by name', () => {
    for (const bytes of [[0xff, 0xfe, 0, 0, 0x7b, 0, 0, 0], [0, 0, 0xfe, 0xff, 0, 0, 0, 0x7b], [0x7b, 0, 0, 0, 0x7d, 0, 0, 0]]) {
      const decoded = decodeFlowBytes(new Uint8Array(bytes));
      expect(decoded.ok ? '' : decoded.error.message).toContain('UTF-32');
    }
  });

  it('reads the empty file and a one-byte file as text (the reader says what is wrong with them)', () => {
    expect(decodeFlowBytes(new Uint8Array())).toEqual({ ok: true, text: '', encoding: 'UTF-8' });
    expect(decodeFlowBytes(utf8('x'))).toEqual({ ok: true, text: 'x', encoding: 'UTF-8' });
  });
});

describe('fileTooLarge', () => {
  it('gives the exact bytes when the rounded sizes would read the same, else MB', () => {
    expect(fileTooLarge(MAX_FILE_BYTES)).toBeNull();
    expect(fileTooLarge(MAX_FILE_BYTES + 1)?.message).toBe(ONE_BYTE_OVER);
    expect(fileTooLarge(mbOver(1).size)?.message).toBe(mbOver(1).message);
    expect(fileTooLarge(MAX_FILE_BYTES + 1, { grew: true })?.message).toBe(GREW);
  });
});
