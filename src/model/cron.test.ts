import { describe, expect, it } from 'vitest';
import { firesIn2026, parseCron, readSchedule } from './cron';
import { scheduleRunsPerMonth } from './cronRuns';

/** Fires in 2026 by brute force: every minute of the year, read as cron reads a schedule. */
function bruteForce(text: string): number {
  const cron = parseCron(text);
  if (!cron.ok) throw new Error(cron.message);
  const c = cron.value;
  let n = 0;
  for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 60_000) {
    const d = new Date(t);
    const day = c.days[d.getUTCDate()] === true;
    const weekday = c.weekdays[d.getUTCDay()] === true;
    const dayOk = c.dayRestricted && c.weekdayRestricted ? day || weekday : day && weekday;
    if (c.minutes[d.getUTCMinutes()] && c.hours[d.getUTCHours()] && c.months[d.getUTCMonth() + 1] && dayOk) n++;
  }
  return n;
}

describe('cron schedules (cost-model §7)', () => {
  it('reads the example of issue 14 in plain words, and the words agree with the count', () => {
    // every 30 minutes (2 an hour) × 10 hours (08–17) × 365 days = 7,300 fires; ÷ 12 = 608.33.
    const reading = readSchedule('*/30 8-17 * * *');
    expect(reading).toEqual({
      ok: true,
      value: { runsPerMonth: 7300 / 12, words: 'every 30 minutes, 08:00–17:59 UTC, every day: 608 runs a month' },
    });
  });

  it('counts by hand: */15, weekdays 9–17, the 31st, both day fields restricted, steps on ranges, names', () => {
    const runs = (text: string) => {
      const r = readSchedule(text);
      if (!r.ok) throw new Error(r.message);
      return r.value.runsPerMonth;
    };
    expect(runs('*/15 * * * *')).toBe((4 * 24 * 365) / 12);
    // 2026 starts on a Thursday and has 365 days: 52 full weeks + one Thursday → 261 weekdays.
    expect(runs('0 9-17 * * 1-5')).toBe((9 * 261) / 12);
    // Seven months have a 31st.
    expect(runs('0 0 31 * *')).toBe(7 / 12);
    // Day 13 or a Friday: 12 thirteenths + 52 Fridays − 3 Friday-the-13ths (Feb, Mar, Nov 2026) = 61.
    expect(runs('0 12 13 * FRI')).toBe(61 / 12);
    // Hours 0–10 every 5: 0, 5, 10 → 3 a day.
    expect(runs('0 0-10/5 * * *')).toBe((3 * 365) / 12);
    // January–March (31 + 28 + 31 = 90 days), at 06:00.
    expect(runs('0 6 * JAN-MAR *')).toBe(90 / 12);
    // 7 is Sunday too: 52 Sundays (the year's extra day is a Thursday).
    expect(runs('0 0 * * 7')).toBe(52 / 12);
    expect(runs('0 0 * * SUN')).toBe(52 / 12);
  });

  it('agrees with a minute-by-minute count of 2026', { timeout: 60_000 }, () => {
    for (const text of ['*/30 8-17 * * *', '0 12 13 * FRI', '5/20 3,9-11 1-7 */2 1-5', '15 4 29 2 *', '0 0 1,15 * MON-WED']) {
      const parsed = parseCron(text);
      if (!parsed.ok) throw new Error(parsed.message);
      expect(firesIn2026(parsed.value), text).toBe(bruteForce(text));
    }
  });

  it('refuses a bad schedule with the field at fault named', () => {
    expect(readSchedule('60 * * * *')).toMatchObject({ ok: false, field: 'minute', message: 'the minute field "60": 60 is out of range 0–59' });
    expect(readSchedule('0 24 * * *')).toMatchObject({ ok: false, field: 'hour' });
    expect(readSchedule('0 0 0 * *')).toMatchObject({ ok: false, field: 'day of month' });
    expect(readSchedule('0 0 * 13 *')).toMatchObject({ ok: false, field: 'month' });
    expect(readSchedule('0 0 * * 8')).toMatchObject({ ok: false, field: 'day of week' });
    expect(readSchedule('0 0 * * FUNDAY')).toMatchObject({ ok: false, field: 'day of week' });
    expect(readSchedule('*/0 * * * *')).toMatchObject({ ok: false, field: 'minute' });
    expect(readSchedule('0 17-9 * * *')).toMatchObject({ ok: false, field: 'hour', message: expect.stringContaining('runs backwards') });
    expect(readSchedule('0 0 * *')).toMatchObject({ ok: false, message: expect.stringContaining('5 fields') });
    expect(readSchedule('')).toMatchObject({ ok: false });
  });

  it('says a few more schedules in plain words', () => {
    const words = (text: string) => {
      const r = readSchedule(text);
      return r.ok ? r.value.words : r.message;
    };
    expect(words('0 9,17 * * *')).toBe('at 09:00 and 17:00 UTC, every day: 60.83 runs a month');
    expect(words('0 9-17 * * 1-5')).toBe('every hour at minute 0, 09:00–17:59 UTC, on Monday–Friday: 196 runs a month');
    expect(words('0 0 1,15 * MON')).toBe('at 00:00 UTC, on days 1 and 15 of the month or on Monday: 6.17 runs a month');
    expect(words('0 12 * JAN-MAR 1-5/2')).toBe('at 12:00 UTC, on Monday, Wednesday and Friday, in January–March: 3.17 runs a month');
  });
});

describe('scheduleRunsPerMonth (cronRuns.ts: what pricing reads, without the words)', () => {
  it('gives the runs in 2026 ÷ 12 that the calendar gives, counted by hand, and null for what cannot be read', () => {
    // 2026 has 365 days (not a leap year) and begins on a Thursday: 365 = 52 weeks + 1 day, so
    // Thursday comes 53 times and every other weekday 52 times.
    const byHand: [string, number, string][] = [
      ['0 * * * *', (24 * 365) / 12, 'every hour: 24 a day × 365 days = 8760'],
      ['*/15 * * * *', (4 * 24 * 365) / 12, '4 an hour × 24 × 365 = 35040'],
      ['0 0 1 * *', 1, 'the first of each month: 12'],
      ['0 9 * * MON-FRI', 261 / 12, 'Monday–Friday: 5 × 52 + the 53rd Thursday = 261'],
      ['0 0 * * 0', 52 / 12, 'Sundays: 52'],
      ['0 0 * * THU', 53 / 12, 'Thursdays: 53 (1 January is one)'],
      ['0 0 * 2 *', 28 / 12, 'every day of February: 28 (no 29th in 2026)'],
      ['0 0 29 2 *', 0, '29 February: none in 2026'],
      ['30 8-17/2 1,15 * *', (5 * 24) / 12, 'at 8, 10, 12, 14, 16 h on the 1st and 15th: 5 × 24 days = 120'],
      // Day and weekday both given: either fires. Fridays 52 + 13ths 12 − Friday the 13ths 3
      // (13 February, 13 March, 13 November 2026) = 61.
      ['0 12 13 * 5', 61 / 12, '13th or Friday: 61'],
      // Minutes 5, 15, …, 55 (6 an hour) × 24 = 144 a day, on the Sundays of January (4, 11, 18, 25)
      // and July (5, 12, 19, 26): 8 days × 144 = 1152.
      ['5/10 * * JAN,JUL SUN', 1152 / 12, 'Sundays of January and July'],
    ];
    for (const [text, runsPerMonth, how] of byHand) {
      expect(scheduleRunsPerMonth(text), `${text}: ${how}`).toBeCloseTo(runsPerMonth, 10);
      // The words of the full reading use the same figure.
      const reading = readSchedule(text);
      expect(reading.ok && reading.value.runsPerMonth, text).toBeCloseTo(runsPerMonth, 10);
    }
    for (const text of ['', '* * *', '61 * * * *', 'x y z w v']) {
      expect(readSchedule(text).ok).toBe(false);
      expect(scheduleRunsPerMonth(text)).toBeNull();
    }
  });
});
