/**
 * A trigger's schedule (flow file version 3, cost-model.md §7): a 5-field cron expression in UTC
 * (minute hour day-of-month month day-of-week), read as cron reads it: `*`, lists, ranges and
 * steps (`*\/15`, `9-17`, `1-31/2`, `5/10`); month and weekday names (JAN, MON); 7 is Sunday too.
 * When day-of-month and day-of-week are both restricted (neither starts with `*`), a day matches
 * when either does. Pure: no clock is read, every count is over the calendar year 2026.
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

/** What a schedule implies, for pricing and for the trigger's field. */
export interface ScheduleReading {
  /** Runs per month: fires in 2026 ÷ 12. */
  runsPerMonth: number;
  /** "every 30 minutes, 08:00–17:59 UTC, every day: 608 runs a month". */
  words: string;
}

const cache = new Map<string, CronResult & { reading?: ScheduleReading }>();

/** The reading of a schedule (cached by expression), or why it cannot be read. */
export function readSchedule(text: string): { ok: true; value: ScheduleReading } | { ok: false; field?: CronField; message: string } {
  let entry = cache.get(text);
  if (!entry) {
    const parsed = parseCron(text);
    entry = parsed.ok ? { ...parsed, reading: readingOf(parsed.value) } : parsed;
    if (cache.size > 1000) cache.clear();
    cache.set(text, entry);
  }
  return entry.ok ? { ok: true, value: entry.reading! } : entry;
}

// ---------------------------------------------------------------------------------------------
// Plain words

const pad = (n: number): string => String(n).padStart(2, '0');
const valuesOf = (set: readonly boolean[], from = 0): number[] => {
  const out: number[] = [];
  for (let i = from; i < set.length; i++) if (set[i]) out.push(i);
  return out;
};
const isAll = (set: readonly boolean[], from: number, to: number): boolean => {
  for (let i = from; i <= to; i++) if (!set[i]) return false;
  return true;
};
/** The values as runs: [[9, 17]] for 9–17, [[1, 1], [15, 15]] for 1 and 15. */
function runsOf(values: number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const v of values) {
    const last = runs[runs.length - 1];
    if (last && last[1] === v - 1) last[1] = v;
    else runs.push([v, v]);
  }
  return runs;
}
const listWords = (items: string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
const namedRuns = (values: number[], name: (v: number) => string): string =>
  listWords(runsOf(values).map(([a, b]) => (a === b ? name(a) : b === a + 1 ? `${name(a)}, ${name(b)}` : `${name(a)}–${name(b)}`)));

/** The step of an evenly spaced set starting at 0 (every n minutes), or undefined. */
function evenStep(values: number[], size: number): number | undefined {
  if (values.length < 2 || values[0] !== 0) return undefined;
  const step = values[1]! - values[0]!;
  for (let i = 1; i < values.length; i++) if (values[i]! - values[i - 1]! !== step) return undefined;
  return values[values.length - 1]! + step >= size ? step : undefined;
}

function timeWords(cron: Cron): string {
  const minutes = valuesOf(cron.minutes);
  const hours = valuesOf(cron.hours);
  const allHours = hours.length === 24;
  const hoursPart = allHours ? '' : `, ${hourRanges(hours)} UTC`;
  if (minutes.length === 60) return `every minute${hoursPart}`;
  const step = evenStep(minutes, 60);
  if (step !== undefined) return `every ${step} minutes${hoursPart}`;
  if (minutes.length === 1 && !allHours && hours.length <= 6)
    return `at ${listWords(hours.map((h) => `${pad(h)}:${pad(minutes[0]!)}`))} UTC`;
  const at = minutes.length === 1 ? `minute ${minutes[0]}` : `minutes ${listWords(minutes.map(String))}`;
  return `every hour at ${at}${hoursPart}`;
}

function hourRanges(hours: number[]): string {
  return listWords(runsOf(hours).map(([a, b]) => `${pad(a)}:00–${pad(b)}:59`));
}

const WEEKDAY_WORDS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_WORDS = ['', 'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function dayWords(cron: Cron): string {
  const days = valuesOf(cron.days, 1);
  const weekdays = valuesOf(cron.weekdays);
  const dayPart = `on day${days.length === 1 ? '' : 's'} ${namedRuns(days, String)} of the month`;
  const weekdayPart = `on ${namedRuns(weekdays, (d) => WEEKDAY_WORDS[d]!)}`;
  const allDays = isAll(cron.days, 1, 31);
  const allWeekdays = weekdays.length === 7;
  if (cron.dayRestricted && cron.weekdayRestricted) return `${dayPart} or ${weekdayPart}`;
  if (allDays && allWeekdays) return 'every day';
  if (allDays) return weekdayPart;
  if (allWeekdays) return dayPart;
  return `${dayPart}, if it is ${namedRuns(weekdays, (d) => WEEKDAY_WORDS[d]!)}`;
}

/** Runs a month for a sentence: whole runs from 100, else up to two decimals. */
export function runsWords(runs: number): string {
  const text = runs.toLocaleString('en-US', { maximumFractionDigits: runs >= 100 ? 0 : 2 });
  return `${text} run${text === '1' ? '' : 's'} a month`;
}

function readingOf(cron: Cron): ScheduleReading {
  const runsPerMonth = firesIn2026(cron) / 12;
  const months = valuesOf(cron.months, 1);
  const monthPart = months.length === 12 ? '' : `, in ${namedRuns(months, (m) => MONTH_WORDS[m]!)}`;
  return { runsPerMonth, words: `${timeWords(cron)}, ${dayWords(cron)}${monthPart}: ${runsWords(runsPerMonth)}` };
}
