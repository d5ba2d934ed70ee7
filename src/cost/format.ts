/**
 * Display helpers. The engine never rounds; these round for people only. Fixed to English
 * number formatting so the CLI, the app and the tests print the same strings everywhere.
 */

function trim(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/**
 * One formatter per number of decimals, made once: `toLocaleString` with options builds a new
 * ICU formatter on every call (about a millisecond each in Chromium), and the top bar and the
 * cost panel format a few of these on every edit.
 */
const groupedFormats = new Map<number, Intl.NumberFormat>();

/** `n` with thousands separators and at most `decimals` decimals ("1,234.5"), English formatting. */
export function grouped(n: number, decimals: number): string {
  let format = groupedFormats.get(decimals);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { minimumFractionDigits: 0, maximumFractionDigits: decimals });
    groupedFormats.set(decimals, format);
  }
  return format.format(n);
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

/** A share 0..1 as a percentage: 0.25 → "25 %", 0.333 → "33.3 %". */
export function formatPercent(share: number): string {
  if (!Number.isFinite(share)) return formatNumber(share);
  return `${trim((share * 100).toFixed(1))} %`;
}
