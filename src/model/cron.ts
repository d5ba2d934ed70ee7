/**
 * A trigger's schedule in plain words (the trigger's field, validation, the import): the reading
 * and the counting are in cronRuns.ts, which pricing uses on its own.
 */
import { CRON_FIELDS, firesIn2026, parseCron, type Cron, type CronField, type CronResult } from './cronRuns';

export { CRON_FIELDS, firesIn2026, parseCron, type Cron, type CronField, type CronResult };

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
