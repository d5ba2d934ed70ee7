import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isoTime, plainDecimal } from './csvRow';
import { ByteKeys } from './byteKeys';
import { CsvReader, fieldTexts, type CsvMalformed } from './csv';
import { readNumberValue, readTime } from './plainRow';

const bytesOf = (text: string) => new TextEncoder().encode(text);

describe('values read from bytes are the values read from text', () => {
  it('property: a plain decimal reads as Number reads it, or is left to the text (NaN)', () => {
    const decimal = fc
      .tuple(fc.constantFrom('', '-', '+'), fc.stringMatching(/^[0-9]{0,18}$/), fc.boolean(), fc.stringMatching(/^[0-9]{0,18}$/))
      .map(([sign, whole, point, frac]) => `${sign}${whole}${point ? '.' : ''}${point ? frac : ''}`);
    fc.assert(
      fc.property(fc.oneof(decimal, fc.double().map(String), fc.string()), (text) => {
        const b = bytesOf(`,${text},`);
        const v = plainDecimal(b, 1, b.length - 1);
        if (v === v) expect(Object.is(v, readNumberValue(text))).toBe(true);
      }),
      { numRuns: 3000 },
    );
    // What the bytes read themselves (not left to the text).
    expect(plainDecimal(bytesOf('0.1'), 0, 3)).toBe(0.1);
    expect(plainDecimal(bytesOf('-12.5'), 0, 5)).toBe(-12.5);
    expect(plainDecimal(bytesOf('1e3'), 0, 3)).toBeNaN();
    expect(plainDecimal(bytesOf('1234567890123456'), 0, 16)).toBeNaN();
  });

  it('property: an ISO 8601 time reads as the text reads it, or is left to the text (NaN)', () => {
    const time = fc
      .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 24 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }), fc.option(fc.integer({ min: 0, max: 999 })))
      .map(([y, mo, d, h, mi, s, ms]) => {
        const two = (x: number) => String(x).padStart(2, '0');
        return `${String(y).padStart(4, '0')}-${two(mo)}-${two(d)}T${two(h)}:${two(mi)}:${two(s)}${ms === null ? '' : `.${String(ms).padStart(3, '0')}`}Z`;
      });
    fc.assert(
      fc.property(fc.oneof(time, fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.string()), (text) => {
        const b = bytesOf(text);
        const v = isoTime(b, 0, b.length);
        if (v === v) expect(v).toBe(readTime(text));
      }),
      { numRuns: 3000 },
    );
    expect(isoTime(bytesOf('2024-02-29T23:59:59.999Z'), 0, 24)).toBe(Date.UTC(2024, 1, 29, 23, 59, 59, 999));
    expect(isoTime(bytesOf('2026-02-29T00:00:00Z'), 0, 20)).toBeNaN();
  });
});

describe('byte keys', () => {
  it('the same bytes get the same number, other bytes the next one, however many keys there are', () => {
    const keys = new ByteKeys();
    const texts = Array.from({ length: 5000 }, (_, i) => `run-${i}`);
    const numbers = texts.map((t) => keys.intern(bytesOf(t), 0, t.length));
    expect(numbers).toEqual(texts.map((_, i) => i));
    const b = bytesOf('x,run-4321,y');
    expect(keys.intern(b, 2, 10)).toBe(4321);
    expect(keys.intern(b, 2, 9)).toBe(432);
    expect(keys.intern(b, 0, 0)).toBe(5000);
    expect(keys.count).toBe(5001);
  });
});

describe('the CSV reader over bytes', () => {
  it('property: records and lines are the same however the bytes are split into chunks', () => {
    // Well-formed fields, and (now and then) raw text with stray quotes: malformed rows must be found
    // and cut the same way, whatever the chunks.
    const field = fc.oneof(
      { weight: 4, arbitrary: fc.stringMatching(/^[a-z0-9é ]{0,6}$/) },
      { weight: 4, arbitrary: fc.stringMatching(/^[a-z",\r\n]{0,6}$/).map((s) => `"${s.replace(/"/g, '""')}"`) },
      { weight: 1, arbitrary: fc.stringMatching(/^[a-zé"]{0,4}$/) },
    );
    const text = fc.array(fc.tuple(fc.array(field, { minLength: 1, maxLength: 4 }), fc.constantFrom('\n', '\r\n', '\r')), { maxLength: 8 }).map((rows) => rows.map(([f, eol]) => f.join(',') + eol).join(''));
    const read = (chunks: Uint8Array[]) => {
      const out: [string[], number, CsvMalformed | undefined][] = [];
      const reader = new CsvReader((fields, line, malformed) => out.push([fieldTexts(fields), line, malformed]));
      for (const c of chunks) reader.push(c);
      reader.end();
      return out;
    };
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 6 }), (t, cuts) => {
        const bytes = bytesOf(t);
        const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const chunks: Uint8Array[] = [];
        let from = 0;
        // Each chunk in a buffer the caller then overwrites, as the command line's reads do.
        for (const to of [...at, bytes.length]) {
          const buffer = new Uint8Array(Math.max(1, to - from));
          buffer.set(bytes.subarray(from, to));
          chunks.push(buffer.subarray(0, to - from));
          from = to;
        }
        const whole = read([bytes]);
        expect(read(chunks)).toEqual(whole);
      }),
      { numRuns: 500 },
    );
  });

  it('a chunk’s buffer may be reused by the caller after the push', () => {
    const out: string[][] = [];
    const reader = new CsvReader((fields) => out.push(fieldTexts(fields)));
    const buffer = new Uint8Array(8);
    for (const part of ['a,b', 'c\nd,', 'e\n']) {
      buffer.fill(0x7a);
      buffer.set(bytesOf(part));
      reader.push(buffer.subarray(0, part.length));
    }
    reader.end();
    expect(out).toEqual([['a', 'bc'], ['d', 'e']]);
  });
});
