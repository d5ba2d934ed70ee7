import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readNumber, UNIT_SPELLINGS, unitSpellings } from './numberText';
import { readingNote } from './readingNote';
import { ASSUMPTION_RULES, FIELD_RULES } from './fieldRules';
import { formatNumber, grouped } from '../cost/format';

const value = (text: string, integer = false) => {
  const read = readNumber(text, { integer });
  return read.ok ? read.value : read.message;
};

describe('readNumber', () => {
  it('reads digit groups as thousands, the way the app writes them (issue 18 item 10)', () => {
    expect(value('3,000')).toBe(3000);
    expect(value('1,500')).toBe(1500);
    expect(value('600,000')).toBe(600_000);
    expect(value('1,234,567.5')).toBe(1_234_567.5);
    expect(value('1 500')).toBe(1500);
    expect(value('1\u2009500')).toBe(1500); // thin space
    expect(value('1\u00a0500\u00a0000')).toBe(1_500_000); // no-break space
    expect(value(' 2.5 ')).toBe(2.5);
    expect(value('.5')).toBe(0.5);
    expect(value('1e3')).toBe(1000);
    expect(value('-4')).toBe(-4);
    expect(value('−4')).toBe(-4); // the minus sign formatDollars prints
  });

  it('refuses a decimal comma with the reason: it is ambiguous', () => {
    expect(value('1,5')).toBe('“1,5” is ambiguous: a comma here separates thousands (1,500 is fifteen hundred); write a decimal with a point, as in 1.5');
    expect(value('0,25')).toContain('ambiguous');
    expect(value('1,50')).toContain('ambiguous');
  });

  it('refuses badly grouped digits, hex, Infinity, NaN and empty text with plain messages', () => {
    expect(value('12,34,567')).toContain('group digits in threes');
    expect(value('1,500 000')).toContain('group digits in threes');
    expect(value('0x10')).toBe('“0x10” is not a decimal number: hexadecimal, octal and binary numbers are not read');
    expect(value('Infinity')).toContain('not a number that can be priced');
    expect(value('NaN')).toContain('not a number that can be priced');
    expect(value('')).toBe('Enter a number');
    expect(value('   ')).toBe('Enter a number');
    expect(value('abc')).toBe('“abc” is not a number');
    expect(value('1.2.3')).toBe('“1.2.3” is not a number');
    expect(value('1_000')).toBe('“1_000” is not a number');
    expect(value('1e400')).toBe('“1e400” is too large a number');
  });

  it('whole numbers: refuses fractions and numbers too large to keep exactly, saying so', () => {
    expect(value('42', true)).toBe(42);
    expect(value('9007199254740991', true)).toBe(9_007_199_254_740_991);
    expect(value('2.5', true)).toBe('Enter a whole number');
    expect(value('9007199254740993', true)).toBe(
      '“9007199254740993” is larger than the largest whole number that can be kept exactly, 9007199254740991',
    );
    expect(value('-9007199254740993', true)).toContain('smaller than the smallest whole number');
  });

  it('gives back every number the app displays (property)', () => {
    // Whatever formatNumber shows parses to the number it shows: integers are shown whole with
    // thousands separators, smaller numbers with 2 or 3 decimals.
    fc.assert(
      fc.property(fc.double({ min: -1e15, max: 1e15, noNaN: true }), (n) => {
        const shown = formatNumber(n);
        if (shown.includes('<') || shown.includes('>')) return; // "<0.001" is a bound, not a number
        const read = readNumber(shown);
        expect(read.ok).toBe(true);
        const abs = Math.abs(n);
        const decimals = abs < 10 ? 3 : abs < 1000 ? 2 : 0;
        if (read.ok) expect(read.value).toBeCloseTo(n, decimals - 1);
        if (read.ok) expect(formatNumber(read.value)).toBe(shown);
      }),
      { numRuns: 2000 },
    );
    // Grouped with enough decimals, the text is the shortest one that reads back as the number.
    fc.assert(
      fc.property(fc.double({ min: -1e15, max: 1e15, noNaN: true }), (n) => {
        if (n !== 0 && Math.abs(n) < 1e-6) return;
        const read = readNumber(grouped(n, 30));
        expect(read).toEqual({ ok: true, value: n });
      }),
      { numRuns: 2000 },
    );
  });

  const inUnit = (text: string, unit: string) => {
    const read = readNumber(text, { unit });
    return read.ok ? read.value : read.reason;
  };

  it('reads the field’s own unit after the number, in each of its spellings, any case, with or without a space', () => {
    expect(inUnit('50%', '%')).toBe(50);
    expect(inUnit(' 50 percent ', '%')).toBe(50);
    expect(inUnit('30 s', 's')).toBe(30);
    expect(inUnit('30SEC', 's')).toBe(30);
    expect(inUnit('1,500 seconds', 's')).toBe(1500);
    expect(inUnit('2 kb', 'KB')).toBe(2);
    expect(inUnit('3,000 runs', 'runs')).toBe(3000);
    expect(inUnit('1 run', 'runs')).toBe(1);
    expect(inUnit('2 credits', 'credits')).toBe(2);
    // "cr", the rate card's short label, is credits: both spell the same unit.
    expect(inUnit('2 credits', 'cr')).toBe(2);
    expect(inUnit('2 cr', 'credits')).toBe(2);
    expect(inUnit('$0.002', '$')).toBe(0.002);
    expect(inUnit('0.002 $', '$')).toBe(0.002);
    expect(inUnit('3x', '×')).toBe(3);
    expect(inUnit('−2.5e3 s', 's')).toBe(-2500);
    // The number keeps the reader's rules: a decimal comma is still ambiguous, hex still refused.
    expect(inUnit('1,5 s', 's')).toBe('ambiguous');
    expect(inUnit('0x10', '×')).toBe('radix');
  });

  it('refuses another unit, a unit where the field has none, and a unit alone, saying why', () => {
    expect(inUnit('2 MB', 'KB')).toBe('unit');
    expect(inUnit('5 runs', 's')).toBe('unit');
    expect(inUnit('50%', '')).toBe('unit');
    expect(inUnit('2 credits', '')).toBe('unit');
    expect(inUnit('%', '%')).toBe('not-a-number');
    expect(inUnit('s', 's')).toBe('not-a-number');
    const read = readNumber('2 MB', { unit: 'KB' });
    expect(read.ok ? '' : read.message).toBe('“2 MB”: “MB” is not this field’s unit; after the number write “KB” or nothing');
    const none = readNumber('50%');
    expect(none.ok ? '' : none.message).toBe('“50%”: this field takes a plain number, without a unit');
  });

  it('knows how to spell every unit of the field rules table, and lists longer spellings first', () => {
    for (const rule of [...Object.values(ASSUMPTION_RULES), ...Object.values(FIELD_RULES)])
      if (rule.unit) expect(UNIT_SPELLINGS[rule.unit], `${rule.label}: ${rule.unit}`).toBeDefined();
    expect(unitSpellings('s')[0]).toBe('seconds');
    expect(unitSpellings('s').at(-1)).toBe('s');
  });

  it('notes a bare number between 0 and 1 in a field of %: read as that percentage, which a fraction habit would misread', () => {
    expect(readingNote('0.5', '%')).toBe('Read as 0.5 %. For 50 %, type 50.');
    expect(readingNote(' .07 ', '%')).toBe('Read as 0.07 %. For 7 %, type 7.');
    expect(readingNote('0.999', '%')).toBe('Read as 0.999 %. For 99.9 %, type 99.9.');
    // The value is read as typed all the same: the note only says how.
    expect(inUnit('0.5', '%')).toBe(0.5);
    // No note: the unit typed, 0 or 1 and above, a text refused, a field of another unit or of none.
    for (const text of ['0.5%', '0.5 percent', '0', '1', '50', '-0.5', '0,5', 'abc', '']) expect(readingNote(text, '%'), text).toBeNull();
    expect(readingNote('0.5', 's')).toBeNull();
    expect(readingNote('0.5', '')).toBeNull();
    expect(readingNote('0.5', undefined)).toBeNull();
  });
});
