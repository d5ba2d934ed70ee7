import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ASSUMPTION_RULES, FIELD_RULES, isTooLong, keepsRule, maxTextUnits, textLength, textOverLimit } from './fieldRules';
import { cutText } from './cutText';
import { uniqueText } from './uniqueText';
import { MODULE_KINDS } from './modules/registry';
import { ASSUMPTION_KEYS, MODULE_TYPES } from './types';

describe('the table of field rules', () => {
  it('holds each kind’s default assumptions', () => {
    for (const type of MODULE_TYPES)
      for (const key of ASSUMPTION_KEYS) expect(keepsRule(MODULE_KINDS[type].defaults[key], ASSUMPTION_RULES[key])).toBe(true);
  });

  it('says why each number has its bounds', () => {
    for (const rule of [...Object.values(ASSUMPTION_RULES), ...Object.values(FIELD_RULES)]) {
      expect(rule.why.length).toBeGreaterThan(10);
      expect(rule.min).toBeLessThan(rule.max);
    }
  });
});

const FAMILY = '👨‍👩‍👧‍👦'; // four emoji joined by three zero-width joiners: 11 UTF-16 units
const FLAG = '🇪🇸'; // two regional indicators
const ACCENTED = 'e\u0301'; // e and a combining acute: é as two code points
const STACKED = `a${'\u0301\u0308\u0323'.repeat(3)}`; // one letter under nine marks

/** What Intl.Segmenter says a person sees: the reference the counting must agree with. */
const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
const graphemes = (text: string) => Array.from(segmenter.segment(text), (s) => s.segment);

/** Text of the characters that join: emoji sequences, flags, accents, CR LF, lone surrogates, and plain letters. */
const mixedText = fc
  .array(fc.constantFrom('a', 'Z', ' ', '😀', FAMILY, FLAG, ACCENTED, STACKED, '\r\n', '\r', '\n', '\u0301', '\u200d', '\ud83d', 'ß', '中', '👍🏽', 'क्षि'), {
    maxLength: 40,
  })
  .map((parts) => parts.join(''));

describe('texts are counted as a person sees characters', () => {
  it('counts an emoji, a family emoji, a flag and a letter with its accents once each', () => {
    expect(textLength('abc')).toBe(3);
    expect(textLength('😀😀')).toBe(2);
    expect(textLength('a😀b')).toBe(3);
    expect(textLength(FAMILY)).toBe(1);
    expect(textLength(`${FAMILY} ${FLAG}`)).toBe(3);
    expect(textLength(`caf${ACCENTED}`)).toBe(4);
    expect(textLength(STACKED)).toBe(1);
    expect(textLength('a\r\nb')).toBe(3);
    expect(textLength('\ud83d')).toBe(1);
  });

  it('counts as Intl.Segmenter does, on the plain-text fast path and off it', () => {
    fc.assert(
      fc.property(fc.oneof(mixedText, fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) }), fc.string({ unit: fc.integer({ min: 0, max: 0x10ffff }).filter((c) => c < 0xd800 || c > 0xdfff).map((c) => String.fromCodePoint(c)) })), (text) => {
        expect(textLength(text)).toBe(graphemes(text).length);
      }),
    );
  });

  it('a name of 200 family emoji is at the limit, one more is over it', () => {
    expect(isTooLong(FAMILY.repeat(200), 200)).toBe(false);
    expect(isTooLong(FAMILY.repeat(201), 200)).toBe(true);
    expect(isTooLong('😀'.repeat(200), 200)).toBe(false);
    expect(isTooLong('😀'.repeat(201), 200)).toBe(true);
    expect(isTooLong('x'.repeat(201), 200)).toBe(true);
    expect(textOverLimit(FAMILY.repeat(201), 200)).toEqual({ count: '201', length: '201 characters', limit: '200 characters' });
  });

  it('refuses a few characters built of more units than any real text (a letter under thousands of accents)', () => {
    const heavy = `a${'\u0301'.repeat(maxTextUnits(200))}`;
    expect(textLength(heavy)).toBe(1);
    expect(isTooLong(heavy, 200)).toBe(true);
    expect(textOverLimit(heavy, 200)?.length).toBe('6,401 units of text');
    expect(cutText(heavy, 200)).toBe('');
  });

  it('cuts without splitting a character, and makes unique names within the limit', () => {
    expect(cutText('😀'.repeat(5), 3)).toBe('😀😀😀');
    expect(cutText(FAMILY.repeat(5), 3)).toBe(FAMILY.repeat(3));
    expect(cutText(`${ACCENTED}${ACCENTED}`, 1)).toBe(ACCENTED);
    expect(cutText('short', 10)).toBe('short');
    expect(uniqueText('Action', ['Action', 'Action 2'])).toBe('Action 3');
    expect(uniqueText('x'.repeat(10), ['x'.repeat(10)], 10)).toBe(`${'x'.repeat(8)} 2`);
    expect(uniqueText('😀'.repeat(10), ['😀'.repeat(10)], 10)).toBe(`${'😀'.repeat(8)} 2`);
    expect(uniqueText(FLAG.repeat(10), [FLAG.repeat(10)], 10)).toBe(`${FLAG.repeat(8)} 2`);
  });

  it('a cut is the first characters of the text, within the limit', () => {
    fc.assert(
      fc.property(mixedText, fc.nat({ max: 45 }), (text, max) => {
        const cut = cutText(text, max);
        expect(isTooLong(cut, max)).toBe(false);
        const kept = graphemes(cut);
        expect(kept).toEqual(graphemes(text).slice(0, kept.length));
        if (!isTooLong(text, max)) expect(cut).toBe(text);
        else expect(kept.length === max || cut.length + graphemes(text)[kept.length]!.length > maxTextUnits(max)).toBe(true);
      }),
    );
  });
});
