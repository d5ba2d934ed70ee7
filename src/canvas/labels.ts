/** Short texts the canvas draws on edges and badges, in the user's words. Pure. */
import type { Edge, Estimate } from '../model/types';
import { formatExecutions, formatPercent, formatShare } from '../cost/format';

/** A share 0..1 as a percentage: 0.9 → "90 %", 0.125 → "12.5 %". */
export function percent(share: number): string {
  return formatPercent(share);
}

/** A module's share of the run as its badge writes it: "12.5 %", "<0.1 %"; undefined when it costs nothing. */
export function shareLabel(share: number): string | undefined {
  return formatShare(share);
}

/**
 * Whether two shares are written alike by `shareLabel` (one decimal of a percentage). An edit moves
 * every module's share (the total changed), so this runs for each module on the canvas: it
 * compares tenths of a percent as numbers and formats the two labels only next to a rounding
 * boundary, where the number and the text could disagree.
 */
export function sameShareLabel(a: number, b: number): boolean {
  if (a === b) return true;
  const x = a * 1000;
  const y = b * 1000;
  const nearBoundary = (v: number) => Math.abs(v - Math.floor(v) - 0.5) < 1e-6;
  // Shares that round to 0 tenths are "<0.1 %" or nothing, told apart by their text.
  const small = (v: number) => Math.round(v) === 0;
  if (Number.isFinite(x) && Number.isFinite(y) && !nearBoundary(x) && !nearBoundary(y) && !small(x) && !small(y)) return Math.round(x) === Math.round(y);
  return shareLabel(a) === shareLabel(b);
}

/** A pass rate, a range written min–max: "40 %", "30–50 %". */
export function passRateText(rate: Estimate): string {
  if (typeof rate === 'number') return percent(rate);
  return `${Number((rate.min * 100).toFixed(1))}–${percent(rate.max)}`;
}

/** How many times something happens per run: 20 → "×20", 0.9 → "×0.9", 1/3 → "×0.333". */
export function timesText(count: number): string {
  return formatExecutions(count);
}

/** Whether an execution count differs from once per run (ignoring float noise). */
export function isNotOnce(executions: number): boolean {
  return Math.abs(executions - 1) > 1e-9;
}

export interface EdgeLabel {
  kind: 'filter' | 'route' | 'fallback';
  text: string;
}

/**
 * The label an edge shows: its filter ("break · 90 %"), its route ("#1 · 40 %") or "fallback".
 * `passRate` is the one the scenario being looked at gives it, in place of the edge's own.
 */
export function edgeLabel(edge: Edge, passRate?: Estimate): EdgeLabel | null {
  if (edge.route) {
    if (edge.route.fallback) return { kind: 'fallback', text: 'fallback' };
    return { kind: 'route', text: `#${edge.route.priority} · ${passRateText(passRate ?? edge.route.passRate)}` };
  }
  if (edge.filter) return { kind: 'filter', text: `${edge.filter.mode} · ${passRateText(passRate ?? edge.filter.passRate)}` };
  return null;
}
