/**
 * When a monthly budget runs out, as a date a person reads ("18 Dec"), and the one sentence the
 * top bar and the budget panel both say: "runs out around 18 Dec (P50), 13 Dec (P90)".
 *
 * The budget model (cost/budget.ts) spends a month evenly over 30 days; the day it runs out is
 * placed in the calendar month of `today` at the same share of that month (day 15 of 30 is
 * 16 Dec in a 31-day December, 14 Feb in a 28-day February).
 */
import { DAYS_PER_MONTH, type RunOut } from '../cost/budget';

const DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short' });

/** The date in `today`'s month when the budget runs out, or null when it lasts the month. */
export function runOutDate(runOut: RunOut, today: Date): Date | null {
  if (runOut === 'never') return null;
  const year = today.getFullYear();
  const month = today.getMonth();
  const daysInMonth = new Date(year, month + 1, 0).getDate();
  const day = Math.min(daysInMonth, Math.max(1, Math.ceil((runOut.at / DAYS_PER_MONTH) * daysInMonth)));
  return new Date(year, month, day);
}

/** "18 Dec", or "lasts the month". */
export function runOutText(runOut: RunOut, today: Date): string {
  const date = runOutDate(runOut, today);
  return date ? DATE.format(date) : 'lasts the month';
}

/**
 * One sentence for both percentiles: "runs out around 18 Dec (P50), 13 Dec (P90)",
 * "lasts the month (P50), runs out around 13 Dec (P90)", or "lasts the month (P50 and P90)".
 */
export function runOutSentence(runOut: { p50: RunOut; p90: RunOut }, today: Date): string {
  const p50 = runOutDate(runOut.p50, today);
  const p90 = runOutDate(runOut.p90, today);
  if (!p50 && !p90) return 'lasts the month (P50 and P90)';
  if (!p50) return `lasts the month (P50), runs out around ${DATE.format(p90!)} (P90)`;
  return `runs out around ${DATE.format(p50)} (P50), ${p90 ? DATE.format(p90) : 'the end of the month'} (P90)`;
}
