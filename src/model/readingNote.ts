/**
 * The note on how the one reader (numberText.ts) read a text a person may have meant otherwise.
 * Apart from numberText.ts, which the first download has: only the fields in % say it
 * (features/fields/useReadingNote.tsx, with the panels that have them, loaded later).
 */
import { readNumber, withoutUnit } from './numberText';

/** A number in a note as a field shows it: no float noise (0.07 × 100 is 7), no exponent below a million. */
const noteNumber = (n: number): string => String(Number(n.toPrecision(12)));

/**
 * How the reader read a text a person may have meant otherwise, one rule per unit of the field rules
 * table; the value is accepted all the same. "%": a bare number between 0 and 1 ("0.5") is that
 * percentage (0.5 %) in every field shown in %, where the habit of fractions (and the what-if panel
 * of before) meant the share 0.5, that is 50 %.
 */
const READING_RULES: Readonly<Record<string, (value: number) => string | null>> = {
  '%': (value) =>
    value > 0 && value < 1 ? `Read as ${noteNumber(value)} %. For ${noteNumber(value * 100)} %, type ${noteNumber(value * 100)}.` : null,
};

/**
 * The note on how `readNumber` reads this text in a field of this unit, or null: none when the text
 * is refused (the field says why), when the person typed the unit (they said what they meant) or
 * when the unit has no rule in `READING_RULES`.
 */
export function readingNote(text: string, unit: string | undefined): string | null {
  const rule = unit ? READING_RULES[unit] : undefined;
  if (!rule) return null;
  const typed = text.trim().replace(/\u2212/g, '-');
  if (withoutUnit(typed, unit) !== typed) return null;
  const read = readNumber(text, { unit });
  return read.ok ? rule(read.value) : null;
}
