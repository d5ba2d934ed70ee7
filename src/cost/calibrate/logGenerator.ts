/**
 * A log of runs that never happened: walks a flow bundle by bundle with its own assumptions
 * (seeded, as cost-model §6 describes a simulated run) and writes one row per execution in the
 * plain log format. The truth behind such a log is known, so calibration can be checked against
 * it (tests and the benchmark). Version-2 constructs: filters, routers, nested loops, retries.
 */
import { compileFlow } from '../../model/compiled';
import type { Estimate, Flow } from '../../model/types';
import { isRange } from '../../model/types';
import { assumptionOf } from '../../model/modules/registry';
import { createRng, triangular, type Rng } from '../../model/rng';
import { rateCardOf } from '../price';

export interface GeneratedRow {
  run: string;
  module: string;
  durationMs: number;
  payloadBytes: number;
  status: 'ok' | 'failed';
  attempts: number;
  items?: number;
  credits: number;
  startedAt: string;
}

export interface GenerateLogOptions {
  runs: number;
  seed: number;
  /** Start of the first run, ms since 1970 (default 2026-11-02T00:00Z). */
  start?: number;
  /** Time between run starts, ms (default one hour). */
  intervalMs?: number;
  /** Write `items` for iterators (default true). */
  items?: boolean;
}

interface Frame {
  iterator: number;
  item: number;
  delivered: Set<number>;
}

export function generateLog(flow: Flow, options: GenerateLogOptions): GeneratedRow[] {
  const plan = compileFlow(flow);
  const card = rateCardOf(flow);
  const rng: Rng = createRng(options.seed);
  const rows: GeneratedRow[] = [];
  const { modules, edges } = flow;
  const exempt = new Set(card.timeExempt);
  const start = options.start ?? Date.UTC(2026, 10, 2);
  const interval = options.intervalMs ?? 3600_000;
  const writeItems = options.items !== false;
  const draw = (e: Estimate) => (isRange(e) ? triangular(rng, e.min, e.likely, e.max) : e);
  const whole = (x: number) => {
    const f = Math.floor(x);
    return f + (rng() < x - f ? 1 : 0);
  };

  for (let r = 0; r < options.runs; r++) {
    const runId = `run-${r + 1}`;
    const runStart = start + r * interval;
    let clock = runStart;
    // Pass rates that are ranges are drawn once per run.
    const rates = new Map<number, number>();
    const rateOf = (e: number, est: Estimate) => {
      let q = rates.get(e);
      if (q === undefined) rates.set(e, (q = Math.min(1, Math.max(0, draw(est)))));
      return q;
    };

    const execute = (v: number, stack: Frame[], items?: number) => {
      const m = modules[v]!;
      const d = Math.max(0, draw(assumptionOf(m, 'durationSec')));
      const s = Math.max(0, draw(assumptionOf(m, 'payloadKB')));
      const x = Math.max(0, draw(assumptionOf(m, 'extraCredits')));
      const k = whole(Math.max(0, draw(assumptionOf(m, 'retries'))));
      // Math.log2, as calibration's row credits (rowCredits.ts): a generated log's rows are many.
      const time = exempt.has(m.type) || d === 0 ? 0 : card.time.creditsPerDoubling * Math.log2(1 + d / card.time.referenceSec);
      const payload = s === 0 ? 0 : card.payload.creditsPerDoubling * Math.log2(1 + s / card.payload.referenceKB);
      const attempt = (card.baseCredits[m.type] ?? 0) + time + payload + x;
      const frame = stack[stack.length - 1];
      const surcharge = m.type === 'search' && frame && frame.item > 0 ? card.searchIterationSurcharge : 0;
      rows.push({
        run: runId,
        module: m.id,
        // As a platform logs them: whole milliseconds and bytes, credits to 6 decimals.
        durationMs: Math.round((1 + k) * d * 1000),
        payloadBytes: Math.round(s * 1000),
        status: 'ok',
        attempts: 1 + k,
        ...(items !== undefined && writeItems ? { items } : {}),
        credits: Math.round((1 + k) * (attempt + surcharge) * 1e6) / 1e6,
        startedAt: new Date(clock).toISOString(),
      });
      clock += 1;
    };

    const send = (e: number, stack: Frame[]): void => {
      const edge = edges[e]!;
      const t = plan.edgeTarget[e]!;
      if (t === -1) return;
      if (edge.filter && rng() >= rateOf(e, edge.filter.passRate)) {
        if (edge.filter.mode === 'skip') leave(t, stack);
        return;
      }
      arrive(t, stack);
    };

    const leave = (v: number, stack: Frame[]) => {
      for (let k = plan.outStart[v]!, end = plan.outStart[v + 1]!; k < end; k++) send(plan.outEdges[k]!, stack);
    };

    const arrive = (v: number, stack: Frame[]): void => {
      const m = modules[v]!;
      const closed = plan.closes[v]!;
      if (closed !== -1) {
        const frame = [...stack].reverse().find((f) => f.iterator === closed);
        if (frame) {
          frame.delivered.add(v);
          return;
        }
      }
      if (m.type === 'iterator') {
        const items = whole(Math.max(0, draw(assumptionOf(m, 'iterations'))));
        execute(v, stack, items);
        const frame: Frame = { iterator: v, item: 0, delivered: new Set() };
        const inner = [...stack, frame];
        for (let i = 0; i < items; i++) {
          frame.item = i;
          leave(v, inner);
        }
        for (const agg of frame.delivered) {
          execute(agg, stack);
          leave(agg, stack);
        }
        return;
      }
      execute(v, stack);
      if (m.type === 'router') {
        const routes: { e: number; priority: number; pi: number; fallback: boolean }[] = [];
        for (let k = plan.outStart[v]!, end = plan.outStart[v + 1]!; k < end; k++) {
          const e = plan.outEdges[k]!;
          const route = edges[e]!.route;
          routes.push({ e, priority: route?.priority ?? 0, pi: route ? rateOf(e, route.passRate) : 1, fallback: route?.fallback === true });
        }
        const fallback = routes.find((x) => x.fallback);
        const normal = routes.filter((x) => !x.fallback).sort((a, b) => a.priority - b.priority);
        if (m.config?.mode === 'exclusive') {
          const u = rng();
          let cumulative = 0;
          const chosen = normal.find((x) => u < (cumulative += x.pi));
          if (chosen) send(chosen.e, stack);
          else if (fallback) send(fallback.e, stack);
        } else {
          let any = false;
          for (const x of normal)
            if (rng() < x.pi) {
              any = true;
              send(x.e, stack);
            }
          if (!any && fallback) send(fallback.e, stack);
        }
        return;
      }
      leave(v, stack);
    };

    if (plan.trigger !== -1) arrive(plan.trigger, []);
  }
  return rows;
}

const CSV_COLUMNS = ['run', 'module', 'durationMs', 'payloadBytes', 'status', 'attempts', 'items', 'credits', 'startedAt'] as const;

/** A field in CSV: quoted when it holds a comma, a quote or a line break. */
function csvField(value: unknown): string {
  const s = value === undefined ? '' : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The rows as a plain CSV log (header + one line per row, LF). */
export function rowsToCsv(rows: readonly GeneratedRow[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const row of rows) lines.push(CSV_COLUMNS.map((c) => csvField(row[c])).join(','));
  return `${lines.join('\n')}\n`;
}

