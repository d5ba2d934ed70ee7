/**
 * Heatmap colours (issue 5 §5): a module's colour says what share of the run total it costs.
 * Pure, so the canvas, the legend and the tests agree on one scale.
 */

/** The scale, low to high: a share at or above `from` takes `colour`. */
export const HEAT_STOPS: readonly { from: number; colour: string; label: string }[] = [
  { from: 0, colour: '#94a3b8', label: 'under 5 %' },
  { from: 0.05, colour: '#fbbf24', label: '5–15 %' },
  { from: 0.15, colour: '#f97316', label: '15–35 %' },
  { from: 0.35, colour: '#dc2626', label: '35 % or more' },
];

/** The colour of a module costing `share` (0..1) of the run total; out-of-range shares are clamped. */
export function heatColour(share: number): string {
  const s = Number.isFinite(share) ? share : 0;
  let colour = HEAT_STOPS[0]!.colour;
  for (const stop of HEAT_STOPS) if (s >= stop.from) colour = stop.colour;
  return colour;
}
