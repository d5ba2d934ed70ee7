/**
 * What a log says about each module (execution-logs.md §3): executions per run, durations and
 * payloads (a range P10 / median / P90 from 10 rows on, else the mean), retries, failure rate,
 * pages and items. Pure arithmetic over the log's columns.
 */
import type { ExecutionLog } from '../../model/executionLog';
import type { Estimate } from '../../model/types';
import { select } from '../simulation/summary';

/** Rows from which a duration or payload becomes a range instead of a mean. */
export const RANGE_MIN_ROWS = 10;

export interface Fitted {
  value: Estimate;
  /** Rows the value was computed from. */
  rows: number;
}

export interface ModuleObservation {
  rows: number;
  /** rows ÷ runs. */
  executions: number;
  /** Per attempt: the row's duration ÷ its attempts. */
  durationSec?: Fitted;
  payloadKB?: Fitted;
  retries?: Fitted;
  failureRate?: Fitted;
  pages?: Fitted;
  /** Mean `items` of the rows that give it. */
  items?: Fitted;
}

/** The 0-based position of the nearest-rank quantile `q` among `length` sorted values. */
function rankIndex(q: number, length: number): number {
  return Math.min(length, Math.max(1, Math.ceil(q * length))) - 1;
}

/**
 * The nearest-rank quantile `q` of values[0, length): the value a sort would put at that rank,
 * found by selection in linear time (the values are reordered, not sorted).
 */
export function nearestRank(values: Float64Array, q: number, length = values.length): number {
  if (length === 0) return 0;
  return select(values, rankIndex(q, length), 0, length - 1);
}

/**
 * {P10, median, P90} (nearest rank) of the values from RANGE_MIN_ROWS on (a point when all three
 * agree), else the mean. The values are reordered: three selections, not a sort (the same figures).
 */
export function fitValues(values: Float64Array): Estimate {
  const n = values.length;
  if (n < RANGE_MIN_ROWS) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[i]!;
    return n === 0 ? 0 : sum / n;
  }
  const k10 = rankIndex(0.1, n);
  const k50 = rankIndex(0.5, n);
  const k90 = rankIndex(0.9, n);
  // After the median's selection, smaller values lie before it and larger ones after.
  const likely = select(values, k50, 0, n - 1);
  const min = k10 < k50 ? select(values, k10, 0, k50 - 1) : likely;
  const max = k90 > k50 ? select(values, k90, k50 + 1, n - 1) : likely;
  return min === max ? likely : { min, likely, max };
}

/** Observations of every module of a log (index = module index of the flow). */
export function observeModules(log: ExecutionLog): ModuleObservation[] {
  const m = log.modules;
  const runs = log.runIds.length;
  const count = new Int32Array(m + 1);
  for (let i = 0; i < log.rows; i++) count[log.module[i]! + 1]!++;
  for (let k = 0; k < m; k++) count[k + 1]! += count[k]!;
  // Rows grouped by module (counting sort), so each module's values are one contiguous slice.
  const fill = count.slice(0, m);
  const duration = new Float64Array(log.rows);
  const payload = new Float64Array(log.rows);
  const attemptsSum = new Float64Array(m);
  const failedSum = new Float64Array(m);
  const pagesSum = new Float64Array(m);
  const pagesRows = new Int32Array(m);
  const itemsSum = new Float64Array(m);
  const itemsRows = new Int32Array(m);
  for (let i = 0; i < log.rows; i++) {
    const k = log.module[i]!;
    const at = fill[k]!++;
    const attempts = log.attempts[i]!;
    duration[at] = log.durationMs[i]! / attempts / 1000;
    payload[at] = log.payloadBytes[i]! / 1000;
    attemptsSum[k]! += attempts;
    failedSum[k]! += log.failed[i]!;
    const pages = log.pages[i]!;
    if (pages === pages) {
      pagesSum[k]! += pages;
      pagesRows[k]!++;
    }
    const items = log.items[i]!;
    if (items === items) {
      itemsSum[k]! += items;
      itemsRows[k]!++;
    }
  }
  const out: ModuleObservation[] = new Array<ModuleObservation>(m);
  for (let k = 0; k < m; k++) {
    const from = count[k]!;
    const to = count[k + 1]!;
    const rows = to - from;
    const o: ModuleObservation = { rows, executions: runs === 0 ? 0 : rows / runs };
    if (rows > 0) {
      o.durationSec = { value: fitValues(duration.subarray(from, to)), rows };
      o.payloadKB = { value: fitValues(payload.subarray(from, to)), rows };
      o.retries = { value: attemptsSum[k]! / rows - 1, rows };
      o.failureRate = { value: failedSum[k]! / rows, rows };
      if (pagesRows[k]! > 0) o.pages = { value: pagesSum[k]! / pagesRows[k]!, rows: pagesRows[k]! };
      if (itemsRows[k]! > 0) o.items = { value: itemsSum[k]! / itemsRows[k]!, rows: itemsRows[k]! };
    }
    out[k] = o;
  }
  return out;
}
