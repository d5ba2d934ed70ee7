/**
 * A trigger's schedule (flow file version 3, cost-model.md §7): a 5-field cron expression in UTC
 * (minute hour day-of-month month day-of-week), read as cron reads it: `*`, lists, ranges and
 * steps (`*\/15`, `9-17`, `1-31/2`, `5/10`); month and weekday names (JAN, MON); 7 is Sunday too.
 * When day-of-month and day-of-week are both restricted (neither starts with `*`), a day matches
 * when either does. Pure: no clock is read, every count is over the calendar year 2026.
 *
 * The reading and the counting; the schedule in plain words is in cron.ts.
 */

export const CRON_FIELDS = ['minute', 'hour', 'day of month', 'month', 'day of week'] as const;
export type CronField = (typeof CRON_FIELDS)[number];

/** A parsed schedule: for each field, which values fire (index = value). */
export interface Cron {
  minutes: readonly boolean[];
  hours: readonly boolean[];
  /** Index 1..31. */
  days: readonly boolean[];
  /** Index 1..12. */
  months: readonly boolean[];
  /** Index 0..6, Sunday = 0. */
  weekdays: readonly boolean[];
  dayRestricted: boolean;
  weekdayRestricted: boolean;
}

export type CronResult = { ok: true; value: Cron } | { ok: false; field?: CronField; message: string };

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const BOUNDS: Record<CronField, [number, number]> = {
  minute: [0, 59],
  hour: [0, 23],
  'day of month': [1, 31],
  month: [1, 12],
  'day of week': [0, 7],
};

type FieldResult = { ok: true; set: boolean[] } | { ok: false; message: string };

function valueOf(text: string, field: CronField): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const upper = text.toUpperCase();
  if (field === 'month') {
    const i = MONTH_NAMES.indexOf(upper);
    return i === -1 ? undefined : i + 1;
  }
  if (field === 'day of week') {
    const i = DAY_NAMES.indexOf(upper);
    return i === -1 ? undefined : i;
  }
  return undefined;
}

function parseField(text: string, field: CronField): FieldResult {
  const [lo, hi] = BOUNDS[field];
  const set = new Array<boolean>(hi + 1).fill(false);
  const range = `${lo}–${hi}`;
  for (const item of text.split(',')) {
    const slash = item.split('/');
    if (slash.length > 2 || item === '') return { ok: false, message: `"${item}" is not a value, range or step` };
    const [body, stepText] = slash as [string, string | undefined];
    let step = 1;
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText) || Number(stepText) === 0) return { ok: false, message: `the step "${stepText}" must be a whole number of 1 or more` };
      step = Number(stepText);
    }
    let from: number;
    let to: number;
    if (body === '*') {
      from = lo;
      to = field === 'day of week' ? 6 : hi;
    } else {
      const dash = body.split('-');
      if (dash.length > 2) return { ok: false, message: `"${body}" is not a value or a range` };
      const a = valueOf(dash[0]!, field);
      const b = dash.length === 2 ? valueOf(dash[1]!, field) : undefined;
      if (a === undefined || (dash.length === 2 && b === undefined))
        return { ok: false, message: `"${body}" is not a number${field === 'month' || field === 'day of week' ? ' or a name' : ''}` };
      from = a;
      // "5/10" means from 5 to the end, every 10.
      to = b ?? (stepText !== undefined ? hi : a);
      for (const v of [from, to]) if (v < lo || v > hi) return { ok: false, message: `${v} is out of range ${range}` };
      if (from > to) return { ok: false, message: `the range ${body} runs backwards` };
    }
    for (let v = from; v <= to; v += step) set[v] = true;
  }
  if (field === 'day of week' && set[7]) {
    set[0] = true;
    set.length = 7;
  } else if (field === 'day of week') set.length = 7;
  return { ok: true, set };
}

/** Reads a cron expression; a refusal names the field at fault. */
export function parseCron(text: string): CronResult {
  const fields = text.trim().split(/\s+/).filter((f) => f !== '');
  if (fields.length !== 5)
    return {
      ok: false,
      message: `a schedule has 5 fields (minute hour day-of-month month day-of-week), this one has ${fields.length}`,
    };
  const sets: boolean[][] = [];
  for (let i = 0; i < 5; i++) {
    const field = CRON_FIELDS[i]!;
    const result = parseField(fields[i]!, field);
    if (!result.ok) return { ok: false, field, message: `the ${field} field "${fields[i]}": ${result.message}` };
    sets.push(result.set);
  }
  return {
    ok: true,
    value: {
      minutes: sets[0]!,
      hours: sets[1]!,
      days: sets[2]!,
      months: sets[3]!,
      weekdays: sets[4]!,
      dayRestricted: !fields[2]!.startsWith('*'),
      weekdayRestricted: !fields[4]!.startsWith('*'),
    },
  };
}

const count = (set: readonly boolean[]): number => set.reduce((n, v) => n + (v ? 1 : 0), 0);

/** Whether the schedule fires on a day (month 1..12, day 1..31, weekday 0..6). */
function firesOn(cron: Cron, month: number, day: number, weekday: number): boolean {
  if (!cron.months[month]) return false;
  const byDay = cron.days[day] === true;
  const byWeekday = cron.weekdays[weekday] === true;
  if (cron.dayRestricted && cron.weekdayRestricted) return byDay || byWeekday;
  return byDay && byWeekday;
}

/** How many times the schedule fires in the calendar year 2026 (UTC): per day, minutes × hours. */
export function firesIn2026(cron: Cron): number {
  const perDay = count(cron.minutes) * count(cron.hours);
  if (perDay === 0) return 0;
  let days = 0;
  // 1 January 2026 is a Thursday (weekday 4); 2026 is not a leap year.
  const lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  let weekday = 4;
  for (let month = 1; month <= 12; month++) {
    for (let day = 1; day <= lengths[month - 1]!; day++) {
      if (firesOn(cron, month, day, weekday)) days++;
      weekday = (weekday + 1) % 7;
    }
  }
  return days * perDay;
}

const runsCache = new Map<string, number | null>();

/**
 * Runs per month a schedule implies (fires in 2026 ÷ 12; cached by expression), or null when it
 * cannot be read: what pricing needs, without the words of cron.ts (not in the page's first download).
 */
export function scheduleRunsPerMonth(text: string): number | null {
  let runs = runsCache.get(text);
  if (runs === undefined) {
    const parsed = parseCron(text);
    runs = parsed.ok ? firesIn2026(parsed.value) / 12 : null;
    if (runsCache.size > 1000) runsCache.clear();
    runsCache.set(text, runs);
  }
  return runs;
}
