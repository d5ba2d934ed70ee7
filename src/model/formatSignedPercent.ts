/**
 * A share with its sign, as the calibration's errors show (the Calibration tab, the CLI's report):
 * apart from format.ts, so the page's first download, which formats numbers, leaves it out.
 */
import { formatPercent } from './format';

/**
 * A relative change or error with its sign: 0.051 → "+5.1 %", −0.2 → "−20 %". A change that shows
 * as 0 (|x| < 0.05 %) has no sign: "0 %", never "−0 %" or "+0 %".
 */
export function formatSignedPercent(share: number): string {
  if (!Number.isFinite(share)) return 'n/a';
  const text = formatPercent(Math.abs(share));
  if (text === '0 %') return text;
  return `${share > 0 ? '+' : '−'}${text}`;
}
