/**
 * A CSV row of the plain log read straight from its bytes into the log's columns: the hot path of
 * a million-row log (docs/calibration.md). Run and module fields are interned by their bytes (a
 * string per distinct run or module, not per row); plain decimals and `YYYY-MM-DDTHH:MM:SS[.sss]Z`
 * times are read from the bytes; any other shape of a value is read from its text by the same
 * functions as every other row (plainRow.ts), so the values are the same either way. A row with
 * anything to report is left to the full check (`readPlainRow`), which says what is wrong.
 */
import type { ModuleMatcher } from '../../model/executionLog';
import { ByteKeys } from './byteKeys';
import { fieldText, type CsvFields } from './csv';
import { readNumberValue, readStatus, readTime, type LogColumn } from './plainRow';

/** Column positions of a CSV header (−1 for a column it does not have). */
export type ColumnIndex = Record<LogColumn, number>;

export interface LogColumnsSink {
  addValues(run: string, module: number, durationMs: number, payloadBytes: number, failed: boolean, attempts: number, pages: number, items: number, credits: number, startedAt: number): void;
}

/** 10^k, exact for k ≤ 22. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * A plain decimal (`[+-]digits[.digits]`, at most 15 digits) read from bytes, exactly as
 * `Number` reads its text: the digits as an integer below 2^53 divided by an exact power of ten
 * is the correctly rounded value. NaN for any other shape (read from the text instead).
 */
export function plainDecimal(b: Uint8Array, from: number, to: number): number {
  let i = from;
  const sign = b[i];
  if (sign === 45 || sign === 43) i++;
  let m = 0;
  let digits = 0;
  let point = -1;
  for (; i < to; i++) {
    const d = b[i]! - 48;
    if (d >= 0 && d <= 9) {
      m = m * 10 + d;
      digits++;
    } else if (d === -2 && point === -1) point = digits;
    else return NaN;
  }
  if (digits === 0 || digits > 15) return NaN;
  const v = point === -1 || point === digits ? m : m / POW10[digits - point]!;
  return sign === 45 ? -v : v;
}

const DAYS_BEFORE_MONTH = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digitsAt(b: Uint8Array, from: number, count: number): number {
  let v = 0;
  for (let i = from; i < from + count; i++) {
    const d = b[i]! - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/**
 * `YYYY-MM-DDTHH:MM:SS[.sss]Z` (years 1000 on) read from bytes: milliseconds since 1970, the same
 * as `Date.UTC`. NaN for any other shape or an impossible time (read from the text instead, which
 * reports it).
 */
export function isoTime(b: Uint8Array, from: number, to: number): number {
  const n = to - from;
  if ((n !== 20 && n !== 24) || b[to - 1] !== 90 || b[from + 10] !== 84) return NaN;
  if (b[from + 4] !== 45 || b[from + 7] !== 45 || b[from + 13] !== 58 || b[from + 16] !== 58 || (n === 24 && b[from + 19] !== 46)) return NaN;
  const year = digitsAt(b, from, 4);
  const month = digitsAt(b, from + 5, 2);
  const day = digitsAt(b, from + 8, 2);
  const hour = digitsAt(b, from + 11, 2);
  const minute = digitsAt(b, from + 14, 2);
  const second = digitsAt(b, from + 17, 2);
  const ms = n === 24 ? digitsAt(b, from + 20, 3) : 0;
  if (year < 1000 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || ms < 0) return NaN;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!)) return NaN;
  // Days since 1970-01-01 of the proleptic Gregorian calendar.
  const y = year - 1;
  const days = 365 * (year - 1970) + (Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400) - 477) + DAYS_BEFORE_MONTH[month - 1]! + (leap && month > 2 ? 1 : 0) + day - 1;
  return ((days * 24 + hour) * 60 + minute) * 60000 + second * 1000 + ms;
}

/** Reads CSV rows of the plain log from their bytes into `out`. */
export function createCsvRowReader(at: ColumnIndex, matcher: ModuleMatcher, out: LogColumnsSink): (fields: CsvFields) => boolean {
  const runKeys = new ByteKeys();
  const runs: string[] = [];
  const moduleKeys = new ByteKeys();
  const modules: number[] = [];

  const number = (f: CsvFields, k: number): number => {
    const v = plainDecimal(f.bytes, f.start[k]!, f.end[k]!);
    return v === v ? v : readNumberValue(fieldText(f, k));
  };
  /** An optional number: NaN when absent or blank, −Infinity when not a number. */
  const optional = (f: CsvFields, k: number): number => {
    if (k < 0 || k >= f.count || f.start[k] === f.end[k]) return NaN;
    const v = number(f, k);
    return v === v ? v : -Infinity;
  };

  /** Adds the row and returns true, or false when it has something to report. */
  return (f) => {
    const { bytes, start, end, count } = f;
    if (at.run >= count || at.module >= count || at.durationMs >= count || at.payloadBytes >= count || at.status >= count) return false;
    const r0 = start[at.run]!;
    const r1 = end[at.run]!;
    if (r0 === r1) return false;
    const m = moduleKeys.intern(bytes, start[at.module]!, end[at.module]!);
    if (m === modules.length) modules.push(matcher.match(fieldText(f, at.module)));
    const module = modules[m]!;
    if (module < 0) return false;
    const durationMs = number(f, at.durationMs);
    const payloadBytes = number(f, at.payloadBytes);
    if (!(durationMs >= 0) || !(payloadBytes >= 0)) return false;
    const s0 = start[at.status]!;
    const s1 = end[at.status]!;
    let failed: boolean | null;
    if (s1 - s0 === 2 && bytes[s0] === 111 && bytes[s0 + 1] === 107) failed = false;
    else if (s1 - s0 === 6 && bytes[s0] === 102 && bytes[s0 + 1] === 97 && bytes[s0 + 2] === 105 && bytes[s0 + 3] === 108 && bytes[s0 + 4] === 101 && bytes[s0 + 5] === 100) failed = true;
    else failed = readStatus(fieldText(f, at.status));
    if (failed === null) return false;
    const attempts = optional(f, at.attempts);
    const pages = optional(f, at.pages);
    const items = optional(f, at.items);
    const credits = optional(f, at.credits);
    if (attempts < 1 || pages < 1 || items < 0 || credits < 0) return false;
    let startedAt = NaN;
    const t = at.startedAt;
    if (t >= 0 && t < count && start[t] !== end[t]) {
      startedAt = isoTime(bytes, start[t]!, end[t]!);
      if (startedAt !== startedAt) {
        startedAt = readTime(fieldText(f, t));
        if (startedAt !== startedAt) return false;
      }
    }
    const r = runKeys.intern(bytes, r0, r1);
    if (r === runs.length) runs.push(fieldText(f, at.run));
    out.addValues(runs[r]!, module, durationMs, payloadBytes, failed, attempts !== attempts ? 1 : attempts, pages, items, credits, startedAt);
    return true;
  };
}
