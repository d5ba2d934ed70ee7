/**
 * The one reader of numbers people type: every field of the inspector, the what-if panel, the
 * budget, runs per month and the CLI's numeric options read text through it. Pure.
 *
 * - A comma or a space groups thousands, as the app writes numbers: "1,500" and "1 500" are 1500
 *   ("3,000" is 3000, "600,000" is 600000). Thin and no-break spaces group too.
 * - The decimal separator is the point. A comma that cannot be a thousands separator ("1,5",
 *   "0,25") is refused with the reason: it is ambiguous, and reading it as 1.5 where the app
 *   shows "1,500" for fifteen hundred would store a number a thousand times too small.
 * - An exponent is read ("1e6", "2.5E-3"); a leading + or − sign too (also the "−" the app prints).
 * - Hexadecimal ("0x10"), "Infinity", "NaN", an empty text and anything else are refused with a
 *   plain message; so is a number too large to hold.
 * - The field's own unit may follow the number ("50%", "30 s", "2 KB", "3,000 runs"), in any of
 *   its spellings (`UNIT_SPELLINGS`), in any case, with or without a space; "$" may also lead.
 *   Another unit, or a unit where the field has none, is refused (reason 'unit'): "2 MB" in a
 *   field of KB is not read as 2. The unit is a word only: the number stays in the field's scale
 *   (a field shown in % reads "50" and "50%" alike as 50; the caller turns it into a share).
 */

/**
 * How a unit of the field rules table (`model/fieldRules.ts`, `unit`) may be typed after a number.
 * Matched without regard to case. "cr" (the rate card's short label) is "credits".
 */
const SPELLINGS_OF_CREDITS = ['credits', 'credit', 'cr'] as const;
export const UNIT_SPELLINGS: Readonly<Record<string, readonly string[]>> = {
  '%': ['%', 'percent'],
  s: ['seconds', 'second', 'secs', 'sec', 's'],
  KB: ['KB'],
  '×': ['times', '×', 'x'],
  credits: SPELLINGS_OF_CREDITS,
  cr: SPELLINGS_OF_CREDITS,
  items: ['items', 'item'],
  pages: ['pages', 'page'],
  runs: ['runs', 'run'],
  units: ['units', 'unit'],
  'units/s': ['units/s', 'units/sec', 'unit/s'],
  px: ['px'],
  $: ['dollars', 'dollar', 'usd', '$'],
};

/** The spellings of a unit, longest first; the unit itself when the table does not know it. */
export function unitSpellings(unit: string): readonly string[] {
  return [...(UNIT_SPELLINGS[unit] ?? [unit])].sort((a, b) => b.length - a.length);
}

/** Why a text was refused: the message says it to a person, the reason lets a caller word its own. */
export type RefusalReason =
  | 'empty'
  | 'not-a-number'
  | 'radix'
  | 'not-finite'
  | 'ambiguous'
  | 'grouping'
  | 'too-large'
  | 'fraction'
  | 'unsafe'
  | 'unit';

export type NumberRead = { ok: true; value: number } | { ok: false; message: string; reason: RefusalReason };

const refuse = (reason: RefusalReason, message: string): NumberRead => ({ ok: false, message, reason });

export interface ReadOptions {
  /** Whole numbers only (refuses 2.5, and whole numbers too large to keep exactly). */
  integer?: boolean;
  /** The field's unit as the field rules table writes it ("%", "s", "KB", "credits"); empty or absent: none. */
  unit?: string;
}

/** A number followed by a word that is not a digit: "2 MB", "50%". */
const NUMBER_AND_WORD = /^([+-]?[\d.,\s]*\d\.?(?:e[+-]?\d+)?)\s*([^\d\s][^\d]*)$/i;

/** The text without the field's own unit around the number, or null when another word follows it. */
export function withoutUnit(text: string, unit: string | undefined): string {
  if (!unit) return text;
  let t = text;
  if (unit === '$' && t.startsWith('$')) t = t.slice(1).trimStart();
  const lower = t.toLowerCase();
  for (const spelling of unitSpellings(unit)) {
    const s = spelling.toLowerCase();
    if (lower.length > s.length && lower.endsWith(s)) return t.slice(0, -s.length).trimEnd();
  }
  return t;
}

const SHAPE = /^([+-]?)([\d,\s]*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i;
const GROUPED_BY_COMMA = /^\d{1,3}(,\d{3})+$/;
const GROUPED_BY_SPACE = /^\d{1,3}(\s\d{3})+$/;
const DECIMAL_COMMA = /^\d*,\d+$/;

const quoted = (text: string): string => `“${text.length > 40 ? `${text.slice(0, 40)}…` : text}”`;

/** Reads a typed number; refuses, with a message for a person, what it cannot read without guessing. */
export function readNumber(text: string, options: ReadOptions = {}): NumberRead {
  const typed = text.trim().replace(/\u2212/g, '-');
  if (typed === '') return refuse('empty', 'Enter a number');
  const shown = quoted(text.trim());
  const trimmed = withoutUnit(typed, options.unit);
  if (trimmed === '') return refuse('empty', 'Enter a number');
  if (/^[+-]?0[xob]/i.test(trimmed))
    return refuse('radix', `${shown} is not a decimal number: hexadecimal, octal and binary numbers are not read`);
  if (/^[+-]?(infinity|∞|nan)$/i.test(trimmed)) return refuse('not-finite', `${shown} is not a number that can be priced; enter digits`);
  const match = SHAPE.exec(trimmed);
  if (!match) {
    const word = NUMBER_AND_WORD.exec(typed);
    if (word && SHAPE.test(word[1]!.trim())) {
      const unit = options.unit;
      return refuse(
        'unit',
        unit
          ? `${shown}: “${word[2]}” is not this field’s unit; after the number write ${unitSpellings(unit)
              .map((u) => `“${u}”`)
              .join(', ')} or nothing`
          : `${shown}: this field takes a plain number, without a unit`,
      );
    }
    return refuse('not-a-number', `${shown} is not a number`);
  }
  const [, sign = '', whole = '', fraction = '', exponent] = match;
  if (whole === '' && fraction === '') return refuse('not-a-number', `${shown} is not a number`);
  let digits = whole;
  if (/[,\s]/.test(whole)) {
    if (GROUPED_BY_COMMA.test(whole) || GROUPED_BY_SPACE.test(whole)) digits = whole.replace(/[,\s]/g, '');
    else if (DECIMAL_COMMA.test(whole) && match[3] === undefined)
      return refuse(
        'ambiguous',
        `${shown} is ambiguous: a comma here separates thousands (1,500 is fifteen hundred); write a decimal with a point, as in ${whole.replace(',', '.')}`,
      );
    else return refuse('grouping', `${shown} is not a number: group digits in threes, as in 1,500 or 1 500`);
  }
  const value = Number(`${sign}${digits || '0'}.${fraction || '0'}${exponent === undefined ? '' : `e${exponent}`}`);
  if (!Number.isFinite(value)) return refuse('too-large', `${shown} is too large a number`);
  if (options.integer) {
    if (!Number.isInteger(value)) return refuse('fraction', 'Enter a whole number');
    if (!Number.isSafeInteger(value))
      return refuse(
        'unsafe',
        value > 0
          ? `${shown} is larger than the largest whole number that can be kept exactly, ${Number.MAX_SAFE_INTEGER}`
          : `${shown} is smaller than the smallest whole number that can be kept exactly, ${-Number.MAX_SAFE_INTEGER}`,
      );
  }
  return { ok: true, value };
}
