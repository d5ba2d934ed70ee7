/**
 * Parsing and formatting of the numbers people type into fields. Pure: the fields use it,
 * the tests check it. A field never hands the document a number these rules refuse.
 */
import type { Range } from '../../model/types';
import { readNumber } from '../../model/numberText';

export interface NumberRules {
  /** Smallest allowed value (inclusive), in the units the field shows. */
  min?: number;
  /** Largest allowed value (inclusive), in the units the field shows. */
  max?: number;
  /** Whole numbers only. */
  integer?: boolean;
  /** An empty field is allowed and means "not set" (the default applies). */
  allowEmpty?: boolean;
  /** The unit the field shows after its box ("s", "%"): typed after the number, in any of its spellings, the one reader reads it past. */
  unit?: string;
}

export type Parsed = { ok: true; value: number | undefined } | { ok: false; message: string };

/**
 * Reads what a person typed with the one number reader (model/numberText: "1,500" is 1500, a
 * decimal comma is refused as ambiguous), then the field's bounds.
 */
export function parseNumber(text: string, rules: NumberRules = {}): Parsed {
  if (text.trim() === '' && rules.allowEmpty) return { ok: true, value: undefined };
  const read = readNumber(text, { integer: rules.integer, unit: rules.unit });
  if (!read.ok) return read;
  const value = read.value;
  if (rules.min !== undefined && value < rules.min) return { ok: false, message: `Must be at least ${limitText(rules.min)}` };
  if (rules.max !== undefined && value > rules.max) return { ok: false, message: `Must be at most ${limitText(rules.max)}` };
  return { ok: true, value };
}

/** A bound in a message, grouped so that a person reads it at a glance ("1,000,000"). */
const limitText = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 12 });

/** A number as a field shows it: no float noise (0.1 × 3 shows 0.3), no trailing zeros. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '';
  return String(Number(value.toPrecision(12)));
}

/** Converts a shown number back to the document's unit (e.g. a percentage to a share), without float noise. */
export function unscale(value: number, scale: number): number {
  return scale === 1 ? value : Number((value / scale).toPrecision(15));
}

export function scaleValue(value: number, scale: number): number {
  return scale === 1 ? value : Number((value * scale).toPrecision(15));
}

export type ParsedRange =
  | { ok: true; value: Range }
  | { ok: false; errors: { min?: string; likely?: string; max?: string; order?: string } };

/** Reads the three texts of a range field; each must be a valid number and min ≤ likely ≤ max. */
export function parseRange(texts: { min: string; likely: string; max: string }, rules: NumberRules = {}): ParsedRange {
  const strict = { ...rules, allowEmpty: false };
  const min = parseNumber(texts.min, strict);
  const likely = parseNumber(texts.likely, strict);
  const max = parseNumber(texts.max, strict);
  const errors: { min?: string; likely?: string; max?: string; order?: string } = {};
  if (!min.ok) errors.min = min.message;
  if (!likely.ok) errors.likely = likely.message;
  if (!max.ok) errors.max = max.message;
  if (min.ok && likely.ok && max.ok) {
    const a = min.value!;
    const b = likely.value!;
    const c = max.value!;
    if (a > b) errors.order = 'Min must not be above likely';
    else if (b > c) errors.order = 'Likely must not be above max';
    else return { ok: true, value: { min: a, likely: b, max: c } };
  }
  return { ok: false, errors };
}

/**
 * The range a number turns into when a person asks for one: ±50 % around it, kept inside the
 * field's bounds. A zero becomes 0 / 0 / 1 so there is something to edit.
 */
export function spreadAround(value: number, rules: NumberRules = {}): Range {
  const clamp = (v: number) => Math.min(rules.max ?? Infinity, Math.max(rules.min ?? -Infinity, v));
  const round = (v: number) => (rules.integer ? Math.round(v) : Number(v.toPrecision(6)));
  if (value === 0) return { min: 0, likely: 0, max: clamp(1) };
  const min = clamp(round(value * 0.5));
  const max = clamp(round(value * 1.5));
  return { min: Math.min(min, value), likely: value, max: Math.max(max, value) };
}
