import { describe, expect, it } from 'vitest';
import { runOutDay } from '../cost/budget';
import { runOutDate, runOutSentence, runOutText } from './runOut';

const december = new Date(2026, 11, 6);
const february = new Date(2027, 1, 10);

describe('run-out dates (issue 18 §25)', () => {
  it('places the day the budget runs out in the current month, as a date', () => {
    // A month costing twice the budget spends it in half the month.
    const half = runOutDay(100, 200);
    expect(runOutDate(half, december)).toEqual(new Date(2026, 11, 16));
    expect(runOutDate(half, february)).toEqual(new Date(2027, 1, 14));
    expect(runOutText(half, december)).toBe('16 Dec');
  });

  it('says a budget that lasts the month lasts it, and never dates it', () => {
    expect(runOutDate('never', december)).toBeNull();
    expect(runOutText('never', december)).toBe('lasts the month');
  });

  it('names both percentiles in one sentence, in the same words everywhere', () => {
    const p50 = runOutDay(100, 100 * (30 / 17.4)); // day 17.4 of 30 → 18 Dec
    const p90 = runOutDay(100, 100 * (30 / 12.5)); // day 12.5 of 30 → 13 Dec
    expect(runOutSentence({ p50, p90 }, december)).toBe('runs out around 18 Dec (P50), 13 Dec (P90)');
    expect(runOutSentence({ p50: 'never', p90 }, december)).toBe('lasts the month (P50), runs out around 13 Dec (P90)');
    expect(runOutSentence({ p50: 'never', p90: 'never' }, december)).toBe('lasts the month (P50 and P90)');
  });

  it('never gives a day outside the month, even at the very start', () => {
    expect(runOutDate(runOutDay(1, 1e9), february)).toEqual(new Date(2027, 1, 1));
    expect(runOutDate({ day: 30, at: 29.999 }, february)).toEqual(new Date(2027, 1, 28));
  });
});
