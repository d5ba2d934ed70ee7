/**
 * One row of the plain log (docs/calibration.md, execution-logs.md §1) checked and turned into an
 * execution: required columns present, numbers finite and in range, status `ok` or `failed`, the
 * module matched to the flow. A row that fails any check is reported, never used.
 */
import type { ExecutionRow, ModuleMatcher } from '../../model/executionLog';
import type { LogIssues, LogIssue } from './issues';

export const REQUIRED_COLUMNS = ['run', 'module', 'durationMs', 'payloadBytes', 'status'] as const;
export const OPTIONAL_COLUMNS = ['attempts', 'pages', 'items', 'credits', 'startedAt'] as const;
export type LogColumn = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];
export const LOG_COLUMNS: readonly LogColumn[] = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS];

/** A raw value as a CSV field (string) or a JSON value gives it; undefined when the row has none. */
export type RawValue = unknown;

/** What a status text means: failed, ok, or not a status. */
export function readStatus(value: RawValue): boolean | null {
  if (value === 'ok') return false;
  if (value === 'failed') return true;
  if (typeof value !== 'string') return null;
  const s = value.trim().toLowerCase();
  if (s === 'ok' || s === 'success') return false;
  if (s === 'failed' || s === 'error') return true;
  return null;
}

/** A number from a CSV field or JSON value: NaN when it is not a plain decimal number. */
export function readNumberValue(value: RawValue): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : NaN;
  if (typeof value !== 'string') return NaN;
  const first = value.charCodeAt(0);
  const s = first === 32 || first === 9 || value.charCodeAt(value.length - 1) === 32 ? value.trim() : value;
  if (s === '') return NaN;
  const c = s.charCodeAt(0);
  // Digits, a sign or a point first: "0x10", "Infinity" and the like are not log numbers.
  if (!((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46)) return NaN;
  if (s.length > 1 && (s.charCodeAt(1) === 120 || s.charCodeAt(1) === 88)) return NaN;
  const v = Number(s);
  return Number.isFinite(v) ? v : NaN;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const digits = (s: string, from: number, count: number): number => {
  let v = 0;
  for (let i = from; i < from + count; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
};

/** `YYYY-MM-DDTHH:MM:SS[.sss]Z` read by hand (a log writes a million of them): NaN when it is not a time, undefined for any other shape. */
function fastIso(s: string): number | undefined {
  const n = s.length;
  if ((n !== 20 && n !== 24) || s.charCodeAt(n - 1) !== 90 || s.charCodeAt(10) !== 84) return undefined;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const dayOf = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const second = digits(s, 17, 2);
  const ms = n === 24 ? digits(s, 20, 3) : 0;
  if (year < 0 || month < 1 || month > 12 || dayOf < 1 || dayOf > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || ms < 0)
    return NaN;
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58 || (n === 24 && s.charCodeAt(19) !== 46)) return NaN;
  // 2026-02-31 is not a day: Date.UTC would roll it over.
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (dayOf > (month === 2 ? (leap ? 29 : 28) : DAYS_IN_MONTH[month - 1]!)) return NaN;
  return Date.UTC(year, month - 1, dayOf, hour, minute, second, ms);
}

/** Milliseconds since 1970 of an ISO 8601 text (or of a number of milliseconds); NaN when it is neither. */
export function readTime(value: RawValue): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : NaN;
  if (typeof value !== 'string') return NaN;
  const fast = fastIso(value);
  if (fast !== undefined) return fast;
  if (!ISO_DATE.test(value)) return NaN;
  return Date.parse(value);
}

const blank = (v: RawValue) => v === undefined || v === null || v === '';

/**
 * Checks a row given by `get(column)`; adds it to `out` (returns the execution) or reports why not
 * at `where` (returns null).
 */
function badNumber(issues: LogIssues, where: Where, column: LogColumn, value: RawValue, rule: string): null {
  issues.add({ kind: 'bad-number', ...where, message: `${column} must be ${rule}, got '${String(value)}'` });
  return null;
}

type Where = Pick<LogIssue, 'line' | 'path'>;

/** An optional number column: NaN when blank, null (reported) when out of range. */
function optionalNumber(get: (column: LogColumn) => RawValue, column: LogColumn, min: number, issues: LogIssues, where: Where): number | null {
  const raw = get(column);
  if (blank(raw)) return NaN;
  const v = readNumberValue(raw);
  return v >= min ? v : badNumber(issues, where, column, raw, `a number ≥ ${min}`);
}

/**
 * Checks a row given by `get(column)`: the execution, or null after reporting why not at `where`.
 */
export function readPlainRow(get: (column: LogColumn) => RawValue, matcher: ModuleMatcher, issues: LogIssues, where: Where): ExecutionRow | null {
  const runValue = get('run');
  const moduleValue = get('module');
  const durationValue = get('durationMs');
  const payloadValue = get('payloadBytes');
  const statusValue = get('status');
  if (blank(runValue) || blank(moduleValue) || blank(durationValue) || blank(payloadValue) || blank(statusValue)) {
    const column = REQUIRED_COLUMNS.find((c) => blank(get(c)))!;
    issues.add({ kind: 'missing-column', ...where, message: `no value in column '${column}'` });
    return null;
  }
  const durationMs = readNumberValue(durationValue);
  if (!(durationMs >= 0)) return badNumber(issues, where, 'durationMs', durationValue, 'a number ≥ 0');
  const payloadBytes = readNumberValue(payloadValue);
  if (!(payloadBytes >= 0)) return badNumber(issues, where, 'payloadBytes', payloadValue, 'a number ≥ 0');
  const failed = readStatus(statusValue);
  if (failed === null) {
    issues.add({ kind: 'bad-value', ...where, message: `status must be 'ok' or 'failed', got '${String(statusValue)}'` });
    return null;
  }
  const attempts = optionalNumber(get, 'attempts', 1, issues, where);
  if (attempts === null) return null;
  const pages = optionalNumber(get, 'pages', 1, issues, where);
  if (pages === null) return null;
  const items = optionalNumber(get, 'items', 0, issues, where);
  if (items === null) return null;
  const credits = optionalNumber(get, 'credits', 0, issues, where);
  if (credits === null) return null;
  let startedAt = NaN;
  const time = get('startedAt');
  if (!blank(time)) {
    startedAt = readTime(time);
    if (startedAt !== startedAt) {
      issues.add({ kind: 'bad-value', ...where, message: `startedAt must be an ISO 8601 time, got '${String(time)}'` });
      return null;
    }
  }
  const moduleText = typeof moduleValue === 'string' ? moduleValue : String(moduleValue);
  const module = matcher.match(moduleText);
  if (module < 0) {
    issues.unknownModule(moduleText, where, module === -2);
    return null;
  }
  return {
    run: typeof runValue === 'string' ? runValue : String(runValue),
    module,
    durationMs,
    payloadBytes,
    failed,
    attempts: attempts !== attempts ? 1 : attempts,
    pages,
    items,
    credits,
    startedAt,
  };
}
