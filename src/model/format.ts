/**
 * Display helpers. The engine never rounds; these round for people only. Fixed to English
 * number formatting so the CLI, the app and the tests print the same strings everywhere.
 */

function trim(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/**
 * `n` with thousands separators and at most `decimals` decimals ("1,234.5"), English formatting:
 * the same text as `Intl.NumberFormat('en-US', { maximumFractionDigits: decimals })` (a property
 * test checks it), written without Intl. Chromium loads its ICU number data on a page's first
 * `Intl.NumberFormat`, 65–90 ms measured, and the first paint formats the totals.
 */
export function grouped(n: number, decimals: number): string {
  if (!Number.isFinite(n) || Math.abs(n) >= 1e21) return intlGrouped(n, decimals);
  const [whole, fraction] = roundDecimal(plainDigits(Math.abs(n)), decimals);
  const sign = n < 0 || Object.is(n, -0) ? '-' : '';
  return `${sign}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${fraction ? `.${fraction}` : ''}`;
}

/**
 * The shortest decimal that reads back as `x` (x ≥ 0, below 1e21), as whole and fraction digits:
 * Intl rounds this text, not the binary value (0.045 is written 0.05, where toFixed gives 0.04).
 */
function plainDigits(x: number): [string, string] {
  const text = String(x);
  const e = text.indexOf('e');
  if (e < 0) {
    const [whole = '0', fraction = ''] = text.split('.');
    return [whole, fraction];
  }
  // Only small numbers reach here (1e-7 and below): move the point left.
  const [lead = '0', rest = ''] = text.slice(0, e).split('.');
  const shift = -Number(text.slice(e + 1));
  return ['0', `${'0'.repeat(shift - 1)}${lead}${rest}`];
}

/** `digits` rounded half away from zero to at most `decimals` decimals, trailing zeros dropped. */
function roundDecimal([whole, fraction]: [string, string], decimals: number): [string, string] {
  if (fraction.length <= decimals) return [whole, fraction.replace(/0+$/, '')];
  const kept = `${whole}${fraction.slice(0, decimals)}`;
  let rounded = kept;
  if (fraction.charCodeAt(decimals) >= 53 /* '5' */) {
    // Add one at the last kept digit, carrying.
    const out = kept.split('');
    let i = out.length - 1;
    while (i >= 0 && out[i] === '9') out[i--] = '0';
    if (i >= 0) out[i] = String(Number(out[i]) + 1);
    else out.unshift('1');
    rounded = out.join('');
  }
  const split = rounded.length - decimals;
  return [rounded.slice(0, split) || '0', rounded.slice(split).replace(/0+$/, '')];
}

/** Intl for what `String` writes in exponent form from 1e21 up, and for infinities and NaN. */
function intlGrouped(n: number, decimals: number): string {
  return new Intl.NumberFormat('en-US', { minimumFractionDigits: 0, maximumFractionDigits: decimals }).format(n);
}

/**
 * A number for display, with precision that follows its size: 3 decimals below 10
 * ("3.513"), 2 below 1,000 ("77.29"), 0 above with thousands separators ("235,957").
 * Tiny non-zero values show as "<0.001".
 */
export function formatNumber(n: number): string {
  if (Number.isNaN(n)) return '—';
  if (!Number.isFinite(n)) return n > 0 ? '∞' : '−∞';
  const abs = Math.abs(n);
  if (abs === 0) return '0';
  if (abs < 0.0005) return n > 0 ? '<0.001' : '>−0.001';
  if (abs < 10) return trim(n.toFixed(3));
  if (abs < 1000) return trim(n.toFixed(2));
  return grouped(n, 0);
}

/** Credits for display: `formatCredits(77.290062)` → "77.29". */
export function formatCredits(n: number): string {
  return formatNumber(n);
}

/**
 * Two amounts of credits for one sentence that compares them ("1,137.504 … above the budget of
 * 1,137.5"): as `formatCredits` writes them, with more decimals only when they would read the same
 * ("1,138 … above 1,138"). Amounts equal to the last bit read the same.
 */
export function formatCreditsApart(a: number, b: number): [string, string] {
  let x = formatCredits(a);
  let y = formatCredits(b);
  if (x !== y || a === b || !Number.isFinite(a) || !Number.isFinite(b)) return [x, y];
  for (let decimals = 1; decimals <= 20 && x === y; decimals++) {
    x = grouped(a, decimals);
    y = grouped(b, decimals);
  }
  return [x, y];
}

/** Dollars for display: "$0.24", "$1,234", "<$0.01". */
export function formatDollars(n: number): string {
  if (!Number.isFinite(n)) return formatNumber(n);
  const abs = Math.abs(n);
  if (abs === 0) return '$0';
  if (abs < 0.005) return n > 0 ? '<$0.01' : '>−$0.01';
  if (abs < 1000) return `${n < 0 ? '−' : ''}$${Math.abs(n).toFixed(2)}`;
  return `${n < 0 ? '−' : ''}$${grouped(Math.abs(n), 0)}`;
}

/** An execution count as a badge: "×20", "×0.3", "×1". */
export function formatExecutions(n: number): string {
  return `×${formatNumber(n)}`;
}

/**
 * A share 0..1 as a percentage with at most `decimals` decimals (1 unless told): 0.25 → "25 %",
 * 0.333 → "33.3 %", 12.345 → "1,234.5 %". The one percent formatter of the app, the CLI and the
 * engine's messages (model/validate.ts).
 */
export function formatPercent(share: number, decimals = 1): string {
  if (!Number.isFinite(share)) return formatNumber(share);
  const percent = share * 100;
  const fixed = percent.toFixed(decimals);
  // Rounded first (999.96 shows as 1,000): from 1,000 % on, thousands are grouped as in every other
  // figure (toFixed writes 1e+21 and up with an exponent).
  if (Math.abs(percent) >= 1000 || Math.abs(Number(fixed)) >= 1000) return `${grouped(percent, decimals)} %`;
  return `${trim(fixed)} %`;
}

/**
 * A module's share of the run: "25 %", and "<0.1 %" for a share above 0 that would show as "0 %";
 * undefined for a module that costs nothing (no share to show). The canvas badge and the CLI's
 * table write it alike.
 */
export function formatShare(share: number): string | undefined {
  if (!(share > 0)) return undefined;
  const text = formatPercent(share);
  return text === '0 %' ? '<0.1 %' : text;
}
