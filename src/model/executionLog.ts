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

  /** Makes room for `rows` rows in all (one copy now instead of several doublings later). */
  reserve(rows: number): void {
    if (rows > this.capacity) this.grow(Math.ceil(rows));
  }

  private grow(c = this.capacity * 2): void {
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

  /**
   * The log so far. The builder shares its columns with it when they are mostly full (no copy):
   * rows added later go past row n, where the log's columns never look.
   */
  build(): ExecutionLog {
    const n = this.size;
    const share = n >= 0.75 * this.capacity;
    const part = <A extends Int32Array | Float64Array | Uint8Array>(a: A): A => (share ? (a.subarray(0, n) as A) : (a.slice(0, n) as A));
    return {
      rows: n,
      runIds: this.runIds.slice(),
      modules: this.moduleCount,
      run: part(this.run),
      module: part(this.module),
      durationMs: part(this.durationMs),
      payloadBytes: part(this.payloadBytes),
      failed: part(this.failed),
      attempts: part(this.attempts),
      pages: part(this.pages),
      items: part(this.items),
      credits: part(this.credits),
      startedAt: part(this.startedAt),
    };
  }
}

/**
 * The log split in two by run (`first[run]` = 1: the first log, else the second), each with its
 * run indices renumbered in their old order. Used by the backtest to calibrate on one half of the
 * runs and compare with the other. The halves share the log's columns when its rows are in the
 * order of the split (a log written in time order), else they are copies.
 */
export function splitRuns(log: ExecutionLog, first: Uint8Array): [ExecutionLog, ExecutionLog] {
  return splitAtRow(log, first) ?? splitByRow(log, first);
}

/** Rows [from, to) of a log as views of its columns (no copy), with its runs [runFrom, runTo). */
function rowRange(log: ExecutionLog, from: number, to: number, runFrom: number, runTo: number): ExecutionLog {
  let run = log.run.subarray(from, to);
  if (runFrom > 0) run = run.map((r) => r - runFrom);
  return {
    rows: to - from,
    runIds: log.runIds.slice(runFrom, runTo),
    modules: log.modules,
    run,
    module: log.module.subarray(from, to),
    durationMs: log.durationMs.subarray(from, to),
    payloadBytes: log.payloadBytes.subarray(from, to),
    failed: log.failed.subarray(from, to),
    attempts: log.attempts.subarray(from, to),
    pages: log.pages.subarray(from, to),
    items: log.items.subarray(from, to),
    credits: log.credits.subarray(from, to),
    startedAt: log.startedAt.subarray(from, to),
  };
}

/**
 * The common case of a log written in time order: the first log's runs are the first runs to
 * appear and all their rows come before the others'. Then the halves are views of the columns;
 * null when the log is not like that.
 */
function splitAtRow(log: ExecutionLog, first: Uint8Array): [ExecutionLog, ExecutionLog] | null {
  const runs = log.runIds.length;
  let f = 0;
  while (f < runs && first[f] === 1) f++;
  for (let r = f; r < runs; r++) if (first[r] === 1) return null;
  let at = 0;
  while (at < log.rows && log.run[at]! < f) at++;
  for (let i = at; i < log.rows; i++) if (log.run[i]! < f) return null;
  return [rowRange(log, 0, at, 0, f), rowRange(log, at, log.rows, f, runs)];
}

/** Any split: each row copied to its half, one pass per column. */
function splitByRow(log: ExecutionLog, first: Uint8Array): [ExecutionLog, ExecutionLog] {
  const runs = log.runIds.length;
  // A run's new index in its log; rows of the second log are marked by a negative place below.
  const newIndex = new Int32Array(runs);
  const ids: [string[], string[]] = [[], []];
  for (let r = 0; r < runs; r++) {
    const side = first[r] === 1 ? 0 : 1;
    newIndex[r] = ids[side].push(log.runIds[r]!) - 1;
  }
  // place[i] ≥ 0: row place[i] of the first log; < 0: row −place[i] − 1 of the second.
  const place = new Int32Array(log.rows);
  let a = 0;
  let b = 0;
  for (let i = 0; i < log.rows; i++) place[i] = first[log.run[i]!] === 1 ? a++ : -++b;
  // One loop per kind of column (each loop sees one array type, so it stays fast).
  const scatter = (column: Float64Array): [Float64Array, Float64Array] => {
    const x = new Float64Array(a);
    const y = new Float64Array(b);
    for (let i = 0; i < log.rows; i++) {
      const p = place[i]!;
      if (p >= 0) x[p] = column[i]!;
      else y[-p - 1] = column[i]!;
    }
    return [x, y];
  };
  const run: [Int32Array, Int32Array] = [new Int32Array(a), new Int32Array(b)];
  const module: [Int32Array, Int32Array] = [new Int32Array(a), new Int32Array(b)];
  const failed: [Uint8Array, Uint8Array] = [new Uint8Array(a), new Uint8Array(b)];
  for (let i = 0; i < log.rows; i++) {
    const p = place[i]!;
    const k = p >= 0 ? 0 : 1;
    const j = p >= 0 ? p : -p - 1;
    run[k][j] = newIndex[log.run[i]!]!;
    module[k][j] = log.module[i]!;
    failed[k][j] = log.failed[i]!;
  }
  const durationMs = scatter(log.durationMs);
  const payloadBytes = scatter(log.payloadBytes);
  const attempts = scatter(log.attempts);
  const pages = scatter(log.pages);
  const items = scatter(log.items);
  const credits = scatter(log.credits);
  const startedAt = scatter(log.startedAt);
  const half = (k: 0 | 1): ExecutionLog => ({
    rows: k === 0 ? a : b,
    runIds: ids[k],
    modules: log.modules,
    run: run[k],
    module: module[k],
    durationMs: durationMs[k],
    payloadBytes: payloadBytes[k],
    failed: failed[k],
    attempts: attempts[k],
    pages: pages[k],
    items: items[k],
    credits: credits[k],
    startedAt: startedAt[k],
  });
  return [half(0), half(1)];
}

/**
 * Matches a log's module column to the flow: by id first, else by name when exactly one module
 * has it. Remembers every answer, so a million rows look up a few hundred strings.
 */
export class ModuleMatcher {
  private readonly known = new Map<string, number>();
  private readonly byName = new Map<string, number>();
  private readonly iterators = new Set<number>();
  private readonly errorSources = new Set<number>();

  constructor(flow: Pick<Flow, 'modules'> & { edges?: Flow['edges'] }, aliases?: ReadonlyMap<string, string>) {
    flow.modules.forEach((m, i) => {
      if (m.type === 'iterator') this.iterators.add(i);
    });
    const ids = new Map<string, number>();
    flow.modules.forEach((m, i) => {
      if (!ids.has(m.id)) ids.set(m.id, i);
    });
    for (const e of flow.edges ?? []) {
      const source = e.error === true ? ids.get(e.source) : undefined;
      if (source !== undefined) this.errorSources.add(source);
    }
    flow.modules.forEach((m, i) => {
      const name = typeof m.name === 'string' ? m.name : '';
      if (name === '') return;
      this.byName.set(name, this.byName.has(name) ? -2 : i);
    });
    for (const [id, i] of ids) this.known.set(id, i);
    if (aliases) for (const [from, id] of aliases) if (ids.has(id)) this.known.set(from, ids.get(id)!);
  }

  /** True when the module at this index (from match) is an iterator: its output items are its iterations, not its executions. */
  isIterator(index: number): boolean {
    return this.iterators.has(index);
  }

  /** True when the module at this index has an error edge: in n8n data, what its last output holds failed. */
  hasErrorEdge(index: number): boolean {
    return this.errorSources.has(index);
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
