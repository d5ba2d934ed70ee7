/**
 * Executions observed in a log (docs/calibration.md), held column by column: one entry per
 * logged execution of a module the flow has. A million rows are a few typed arrays, not a
 * million objects. Built by the log readers (io/logs), read by calibration (cost/calibrate).
 */
import type { Flow } from './types';

/** One execution as a reader hands it over; the module is already matched to the flow. */
export interface ExecutionRow {
  /** The run's id, as the log writes it. */
  run: string;
  /** Index of the module in `flow.modules`. */
  module: number;
  durationMs: number;
  payloadBytes: number;
  failed: boolean;
  /** ≥ 1; tries made. */
  attempts: number;
  /** NaN when the log does not say. */
  pages: number;
  items: number;
  credits: number;
  /** Milliseconds since 1970 (UTC), NaN when the log does not say. */
  startedAt: number;
}

export interface ExecutionLog {
  rows: number;
  /** Run ids in order of first appearance; `run[i]` indexes this list. */
  runIds: string[];
  /** Module count of the flow the log was matched against; `module[i]` indexes `flow.modules`. */
  modules: number;
  run: Int32Array;
  module: Int32Array;
  durationMs: Float64Array;
  payloadBytes: Float64Array;
  failed: Uint8Array;
  attempts: Float64Array;
  pages: Float64Array;
  items: Float64Array;
  credits: Float64Array;
  startedAt: Float64Array;
}

/** Grows the columns of a log as rows arrive (amortised doubling). */
export class ExecutionLogBuilder {
  private size = 0;
  private capacity: number;
  private readonly runIndex = new Map<string, number>();
  private readonly runIds: string[] = [];
  private lastRun: string | undefined;
  private lastRunIndex = -1;
  private run: Int32Array;
  private module: Int32Array;
  private durationMs: Float64Array;
  private payloadBytes: Float64Array;
  private failed: Uint8Array;
  private attempts: Float64Array;
  private pages: Float64Array;
  private items: Float64Array;
  private credits: Float64Array;
  private startedAt: Float64Array;

  constructor(
    private readonly moduleCount: number,
    initialCapacity = 1024,
  ) {
    this.capacity = Math.max(16, initialCapacity);
    this.run = new Int32Array(this.capacity);
    this.module = new Int32Array(this.capacity);
    this.durationMs = new Float64Array(this.capacity);
    this.payloadBytes = new Float64Array(this.capacity);
    this.failed = new Uint8Array(this.capacity);
    this.attempts = new Float64Array(this.capacity);
    this.pages = new Float64Array(this.capacity);
    this.items = new Float64Array(this.capacity);
    this.credits = new Float64Array(this.capacity);
    this.startedAt = new Float64Array(this.capacity);
  }

  get rows(): number {
    return this.size;
  }

  private grow(): void {
    const c = this.capacity * 2;
    const more = <A extends Int32Array | Float64Array | Uint8Array>(a: A, make: new (n: number) => A): A => {
      const b = new make(c);
      b.set(a);
      return b;
    };
    this.run = more(this.run, Int32Array);
    this.module = more(this.module, Int32Array);
    this.durationMs = more(this.durationMs, Float64Array);
    this.payloadBytes = more(this.payloadBytes, Float64Array);
    this.failed = more(this.failed, Uint8Array);
    this.attempts = more(this.attempts, Float64Array);
    this.pages = more(this.pages, Float64Array);
    this.items = more(this.items, Float64Array);
    this.credits = more(this.credits, Float64Array);
    this.startedAt = more(this.startedAt, Float64Array);
    this.capacity = c;
  }

  add(row: ExecutionRow): void {
    this.addValues(row.run, row.module, row.durationMs, row.payloadBytes, row.failed, row.attempts, row.pages, row.items, row.credits, row.startedAt);
  }

  /** The same as `add`, without a row object (the CSV reader's hot path). */
  addValues(
    run: string,
    module: number,
    durationMs: number,
    payloadBytes: number,
    failed: boolean,
    attempts: number,
    pages: number,
    items: number,
    credits: number,
    startedAt: number,
  ): void {
    if (this.size === this.capacity) this.grow();
    let r: number;
    if (run === this.lastRun) r = this.lastRunIndex;
    else {
      const known = this.runIndex.get(run);
      if (known === undefined) {
        r = this.runIds.length;
        this.runIndex.set(run, r);
        this.runIds.push(run);
      } else r = known;
      this.lastRun = run;
      this.lastRunIndex = r;
    }
    const i = this.size++;
    this.run[i] = r;
    this.module[i] = module;
    this.durationMs[i] = durationMs;
    this.payloadBytes[i] = payloadBytes;
    this.failed[i] = failed ? 1 : 0;
    this.attempts[i] = attempts;
    this.pages[i] = pages;
    this.items[i] = items;
    this.credits[i] = credits;
    this.startedAt[i] = startedAt;
  }

  build(): ExecutionLog {
    const n = this.size;
    return {
      rows: n,
      runIds: this.runIds.slice(),
      modules: this.moduleCount,
      run: this.run.slice(0, n),
      module: this.module.slice(0, n),
      durationMs: this.durationMs.slice(0, n),
      payloadBytes: this.payloadBytes.slice(0, n),
      failed: this.failed.slice(0, n),
      attempts: this.attempts.slice(0, n),
      pages: this.pages.slice(0, n),
      items: this.items.slice(0, n),
      credits: this.credits.slice(0, n),
      startedAt: this.startedAt.slice(0, n),
    };
  }
}

/**
 * The rows of some runs only (`keep[run]` = 1), run indices renumbered in their old order. Used
 * by the backtest to calibrate on one half of the runs and compare with the other.
 */
export function logOfRuns(log: ExecutionLog, keep: Uint8Array): ExecutionLog {
  const newIndex = new Int32Array(log.runIds.length).fill(-1);
  const runIds: string[] = [];
  for (let r = 0; r < log.runIds.length; r++) if (keep[r] === 1) newIndex[r] = runIds.push(log.runIds[r]!) - 1;
  let n = 0;
  for (let i = 0; i < log.rows; i++) if (newIndex[log.run[i]!]! !== -1) n++;
  const out: ExecutionLog = {
    rows: n,
    runIds,
    modules: log.modules,
    run: new Int32Array(n),
    module: new Int32Array(n),
    durationMs: new Float64Array(n),
    payloadBytes: new Float64Array(n),
    failed: new Uint8Array(n),
    attempts: new Float64Array(n),
    pages: new Float64Array(n),
    items: new Float64Array(n),
    credits: new Float64Array(n),
    startedAt: new Float64Array(n),
  };
  let j = 0;
  for (let i = 0; i < log.rows; i++) {
    const r = newIndex[log.run[i]!]!;
    if (r === -1) continue;
    out.run[j] = r;
    out.module[j] = log.module[i]!;
    out.durationMs[j] = log.durationMs[i]!;
    out.payloadBytes[j] = log.payloadBytes[i]!;
    out.failed[j] = log.failed[i]!;
    out.attempts[j] = log.attempts[i]!;
    out.pages[j] = log.pages[i]!;
    out.items[j] = log.items[i]!;
    out.credits[j] = log.credits[i]!;
    out.startedAt[j] = log.startedAt[i]!;
    j++;
  }
  return out;
}

/**
 * Matches a log's module column to the flow: by id first, else by name when exactly one module
 * has it. Remembers every answer, so a million rows look up a few hundred strings.
 */
export class ModuleMatcher {
  private readonly known = new Map<string, number>();
  private readonly byName = new Map<string, number>();

  constructor(flow: Pick<Flow, 'modules'>, aliases?: ReadonlyMap<string, string>) {
    const ids = new Map<string, number>();
    flow.modules.forEach((m, i) => {
      if (!ids.has(m.id)) ids.set(m.id, i);
    });
    flow.modules.forEach((m, i) => {
      const name = typeof m.name === 'string' ? m.name : '';
      if (name === '') return;
      this.byName.set(name, this.byName.has(name) ? -2 : i);
    });
    for (const [id, i] of ids) this.known.set(id, i);
    if (aliases) for (const [from, id] of aliases) if (ids.has(id)) this.known.set(from, ids.get(id)!);
  }

  /** The module index, −1 when no module has this id or (unique) name, −2 when several modules share the name. */
  match(text: string): number {
    let i = this.known.get(text);
    if (i === undefined) {
      i = this.byName.get(text) ?? -1;
      this.known.set(text, i);
    }
    return i;
  }
}
