/**
 * What a log says about each module (execution-logs.md §3): executions per run, durations and
 * payloads (a range P10 / median / P90 from 10 rows on, else the mean), retries, failure rate,
 * pages and items. Pure arithmetic over the log's columns.
 */
import type { ExecutionLog } from '../../model/executionLog';
import type { Estimate } from '../../model/types';

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

/** Nearest-rank quantile of sorted values. */
export function nearestRank(sorted: ArrayLike<number>, q: number, length = sorted.length): number {
  if (length === 0) return 0;
  const rank = Math.max(1, Math.ceil(q * length));
  return sorted[Math.min(length, rank) - 1]!;
}

/** {P10, median, P90} of sorted values from RANGE_MIN_ROWS on (a point when all three agree), else the mean. */
export function fitValues(sorted: Float64Array): Estimate {
  const n = sorted.length;
  if (n < RANGE_MIN_ROWS) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += sorted[i]!;
    return n === 0 ? 0 : sum / n;
  }
  const min = nearestRank(sorted, 0.1);
  const likely = nearestRank(sorted, 0.5);
  const max = nearestRank(sorted, 0.9);
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
      const d = duration.subarray(from, to).sort();
      const p = payload.subarray(from, to).sort();
      o.durationSec = { value: fitValues(d), rows };
      o.payloadKB = { value: fitValues(p), rows };
      o.retries = { value: attemptsSum[k]! / rows - 1, rows };
      o.failureRate = { value: failedSum[k]! / rows, rows };
      if (pagesRows[k]! > 0) o.pages = { value: pagesSum[k]! / pagesRows[k]!, rows: pagesRows[k]! };
      if (itemsRows[k]! > 0) o.items = { value: itemsSum[k]! / itemsRows[k]!, rows: itemsRows[k]! };
    }
    out[k] = o;
  }
  return out;
}
