/**
 * Deterministic generator of realistic, valid flows of any size: a trigger, chains of modules,
 * routers with 2–3 routes (some with a fallback), iterator/aggregator loops (nested up to three
 * deep), break and skip filters, octopus merges, and positions laid out top-down on a grid.
 * Used by the benchmark, property tests and browser performance tests.
 */
import type { Assumptions, Edge, Estimate, Flow, Module, ModuleType, RouterMode } from './types';
import { FLOW_FORMAT } from './types';
import { createRng, pick, randomInt, uniform, type Rng } from './rng';

export interface GenerateOptions {
  /** Exact number of modules (0 gives an empty flow). */
  modules: number;
  seed: number;
  /** Share of modules (0..1) whose assumptions are given as ranges. Default 0.15. */
  rangeShare?: number;
}

type StepType = Exclude<ModuleType, 'trigger' | 'router' | 'iterator' | 'aggregator' | 'octopus'>;

const STEP_TYPES: readonly StepType[] = [
  'action', 'action', 'action', 'invoke', 'ai_agent', 'ai_agent', 'code', 'code', 'search', 'search',
  'response', 'variables', 'altaner',
];

const NAMES: Record<ModuleType, readonly string[]> = {
  trigger: ['New lead webhook', 'Nightly schedule', 'New ticket', 'Form submitted', 'Order created'],
  action: ['Create record', 'Send email', 'Post to Slack', 'Update CRM', 'Add row', 'Create task', 'Send SMS'],
  invoke: ['Call enrichment API', 'Invoke billing flow', 'Fetch profile', 'Call webhook'],
  ai_agent: ['Classify ticket', 'Summarise thread', 'Draft reply', 'Score lead', 'Extract fields'],
  code: ['Normalise fields', 'Compute score', 'Format date', 'Parse payload', 'Dedupe'],
  search: ['Find company', 'Look up contact', 'Search orders', 'Find duplicates', 'Search knowledge base'],
  router: ['By country', 'By priority', 'By plan', 'By language', 'By status'],
  iterator: ['Each contact', 'Each order', 'Each line item', 'Each page', 'Each attachment'],
  aggregator: ['Collect', 'Gather results', 'Build list', 'Merge rows'],
  response: ['Reply to caller', 'Return result', 'Respond OK'],
  variables: ['Set variables', 'Store counters', 'Read settings'],
  octopus: ['Merge paths', 'Join branches'],
  altaner: ['Notify Altaner', 'Update Altaner'],
};

/** Typical durations (s) and payloads (KB) per type, as [min, max] to draw from. */
const TYPICAL: Record<ModuleType, { duration: [number, number]; payload: [number, number] }> = {
  trigger: { duration: [0, 0], payload: [1, 8] },
  action: { duration: [0.3, 3], payload: [2, 40] },
  invoke: { duration: [0.5, 5], payload: [2, 60] },
  ai_agent: { duration: [2, 15], payload: [4, 40] },
  code: { duration: [0.1, 2], payload: [1, 20] },
  search: { duration: [0.5, 3], payload: [10, 120] },
  router: { duration: [0, 0], payload: [1, 4] },
  iterator: { duration: [0, 0], payload: [1, 10] },
  aggregator: { duration: [0, 0], payload: [1, 20] },
  response: { duration: [0.1, 0.5], payload: [1, 4] },
  variables: { duration: [0.05, 0.3], payload: [1, 2] },
  octopus: { duration: [0.05, 0.2], payload: [1, 4] },
  altaner: { duration: [0.2, 1.5], payload: [1, 10] },
};

const MAX_LOOP_DEPTH = 3;
const ROWS_PER_COLUMN = 40;
const ROW_HEIGHT = 160;
const SLOT_WIDTH = 260;

/** Rounds to a few significant digits so generated files read like hand-written ones. */
function tidy(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

class Builder {
  readonly modules: Module[] = [];
  readonly edges: Edge[] = [];
  private edgeCounter = 0;

  constructor(
    private readonly rng: Rng,
    private readonly rangeShare: number,
  ) {}

  private estimate(value: number, spread = 0.5): Estimate {
    if (this.rng() >= this.rangeShare || value === 0) return value;
    const min = tidy(value * uniform(this.rng, 1 - spread, 1));
    const max = tidy(value * uniform(this.rng, 1.1, 1 + 2 * spread));
    return { min: Math.min(min, value), likely: value, max: Math.max(max, value) };
  }

  add(type: ModuleType, extra: { assumptions?: Assumptions; config?: Record<string, unknown> } = {}): string {
    const id = `m${this.modules.length + 1}`;
    const rng = this.rng;
    const typical = TYPICAL[type];
    const assumptions: Assumptions = {};
    const [d0, d1] = typical.duration;
    if (d1 > 0) assumptions.durationSec = tidy(uniform(rng, d0, d1));
    assumptions.payloadKB = tidy(uniform(rng, typical.payload[0], typical.payload[1]), 1);
    const paid = type === 'action' || type === 'invoke' || type === 'ai_agent' || type === 'code' || type === 'search';
    if (paid && rng() < 0.15) assumptions.retries = tidy(uniform(rng, 0.02, 0.4));
    if (type === 'ai_agent') assumptions.extraCredits = tidy(uniform(rng, 0.5, 4));
    if (this.rangeShare > 0 && rng() < this.rangeShare * 2) {
      if (assumptions.durationSec !== undefined) assumptions.durationSec = this.estimate(assumptions.durationSec as number);
      assumptions.payloadKB = this.estimate(assumptions.payloadKB as number);
      if (assumptions.retries !== undefined) assumptions.retries = this.estimate(assumptions.retries as number);
    }
    Object.assign(assumptions, extra.assumptions);
    const module = {
      id,
      type,
      name: pick(rng, NAMES[type]),
      position: { x: 0, y: 0 },
      assumptions,
      ...(extra.config ? { config: extra.config } : {}),
    } as Module;
    this.modules.push(module);
    return id;
  }

  connect(source: string, target: string, extra: Partial<Pick<Edge, 'filter' | 'route'>> = {}): void {
    this.edgeCounter++;
    this.edges.push({ id: `e${this.edgeCounter}`, source, target, ...extra });
  }

  /** Connects a plain step, sometimes through a filter. */
  connectStep(source: string, target: string, spine: boolean): void {
    if (this.rng() >= 0.18) return this.connect(source, target);
    const mode = !spine && this.rng() < 0.5 ? 'break' : 'skip';
    const passRate = tidy(mode === 'break' ? uniform(this.rng, 0.75, 0.99) : uniform(this.rng, 0.3, 0.98));
    this.connect(source, target, { filter: { mode, passRate: this.rate(passRate) } });
  }

  /** A pass rate, sometimes as a range kept within 0..1. */
  private rate(value: number): Estimate {
    const e = this.estimate(value, 0.3);
    return typeof e === 'number' ? e : { min: e.min, likely: e.likely, max: Math.min(1, e.max) };
  }

  /**
   * Appends `budget` modules after `tail` (a module id whose one outgoing edge is still free).
   * Returns the new tail. On the spine (the top-level path from the trigger) every run passes
   * each module about once: filters skip, routers are exclusive with a fallback and merge, so
   * executions neither die out nor explode however long the flow is; loops, branches and loop
   * bodies use every feature.
   */
  sequence(tail: string, budget: number, loopDepth: number, spine = false): string {
    const rng = this.rng;
    let current = tail;
    let left = budget;
    while (left > 0) {
      const roll = rng();
      if (left >= 3 && loopDepth < MAX_LOOP_DEPTH && roll < 0.12) {
        // iterator → body → aggregator
        const bodyMax = Math.min(left - 2, loopDepth === 0 ? 12 : 5);
        const body = 1 + randomInt(rng, bodyMax);
        const iterations = loopDepth === 0 ? tidy(uniform(rng, 2, 25), 0) : tidy(uniform(rng, 1.5, 5), 1);
        const iterator = this.add('iterator', { assumptions: { iterations: this.estimate(iterations, 0.6) } });
        this.connect(current, iterator);
        const bodyTail = this.sequence(iterator, body, loopDepth + 1, spine);
        const aggregator = this.add('aggregator', { config: { iteratorId: iterator } });
        this.connect(bodyTail, aggregator);
        current = aggregator;
        left -= body + 2;
      } else if (left >= 3 && roll < 0.24) {
        current = this.routerBlock(current, left, loopDepth, spine);
        left -= this.lastBlockSize;
      } else {
        const step = this.add(pick(rng, STEP_TYPES));
        this.connectStep(current, step, spine);
        current = step;
        left -= 1;
      }
    }
    return current;
  }

  private lastBlockSize = 0;

  /**
   * A standard router whose first route always passes (π = 1) and carries the flow on, with 1–2
   * side routes that pass sometimes and end (notifications, logging), built with every feature.
   */
  private sideRouterBlock(tail: string, left: number, loopDepth: number): string {
    const rng = this.rng;
    const before = this.modules.length;
    const router = this.add('router', { config: { mode: 'standard' } });
    this.connect(tail, router);
    const next = this.add(pick(rng, STEP_TYPES));
    this.connect(router, next, { route: { priority: 1, passRate: 1, fallback: false } });
    let room = left - 2;
    const sides = Math.max(1, Math.min(room, rng() < 0.6 ? 1 : 2));
    for (let r = 0; r < sides && room > 0; r++) {
      const size = 1 + randomInt(rng, Math.max(1, Math.min(8, room - (sides - r - 1))));
      room -= size;
      const first = this.add(pick(rng, STEP_TYPES));
      this.connect(router, first, { route: { priority: r + 2, passRate: this.rate(tidy(uniform(rng, 0.1, 0.6))), fallback: false } });
      if (size > 1) this.sequence(first, size - 1, loopDepth, false);
    }
    this.lastBlockSize = this.modules.length - before;
    return next;
  }

  /** router → 2–3 branches → (octopus merge | continue from the first branch). */
  private routerBlock(tail: string, left: number, loopDepth: number, spine: boolean): string {
    const rng = this.rng;
    if (spine && rng() < 0.5) return this.sideRouterBlock(tail, left, loopDepth);
    const mode: RouterMode = spine || rng() < 0.5 ? 'exclusive' : 'standard';
    const merge = left >= 4 && (spine || rng() < 0.7);
    let room = left - 1 - (merge ? 1 : 0);
    const routes = Math.min(room, rng() < 0.6 ? 2 : 3);
    const before = this.modules.length;
    const router = this.add('router', { config: { mode } });
    this.connect(tail, router);
    const hasFallback = spine || rng() < 0.5;
    // Pass rates: exclusive shares sum to ≤ 0.95; standard routes pass independently.
    const plain = hasFallback ? routes - 1 : routes;
    const weights = Array.from({ length: plain }, () => uniform(rng, 0.2, 1));
    const sum = weights.reduce((a, b) => a + b, 0);
    const shareTotal = uniform(rng, hasFallback ? 0.5 : 0.8, 0.95);
    const tails: string[] = [];
    const shares: number[] = [];
    // On the spine the branches keep the spine's rules so the merge passes every bundle on.
    const branchSpine = spine;
    for (let r = 0; r < routes; r++) {
      const isFallback = hasFallback && r === routes - 1;
      const passRate = isFallback
        ? 0
        : mode === 'exclusive'
          ? tidy((weights[r]! / sum) * shareTotal * 0.99, 3)
          : tidy(uniform(rng, 0.15, 0.9));
      const size = 1 + randomInt(rng, Math.max(1, Math.min(4, room - (routes - r - 1))));
      room -= size;
      const first = this.add(pick(rng, STEP_TYPES));
      // Exclusive shares stay plain numbers so that they sum to at most 1 whatever is drawn.
      const rate = isFallback || mode === 'exclusive' ? passRate : this.rate(passRate);
      this.connect(router, first, { route: { priority: r + 1, passRate: rate, fallback: isFallback } });
      tails.push(size > 1 ? this.sequence(first, size - 1, loopDepth, branchSpine) : first);
      shares.push(passRate);
    }
    // Modules used so far by this block, counted from the router on.
    const used = this.modules.length - before;
    let next: string;
    if (merge) {
      const octopus = this.add('octopus');
      for (const t of tails) this.connect(t, octopus);
      next = octopus;
      this.lastBlockSize = used + 1;
    } else {
      // Without a merge the flow goes on from the busiest route; the others end there.
      if (hasFallback) {
        const others = shares.slice(0, -1);
        shares[shares.length - 1] =
          mode === 'exclusive' ? Math.max(0, 1 - others.reduce((a, b) => a + b, 0)) : others.reduce((a, b) => a * (1 - b), 1);
      }
      let best = 0;
      for (let r = 1; r < shares.length; r++) if (shares[r]! > shares[best]!) best = r;
      next = tails[best]!;
      this.lastBlockSize = used;
    }
    return next;
  }
}

/** Lays modules out top-down: row = longest path from the trigger, wrapped into columns of 40 rows. */
function layout(modules: Module[], edges: Edge[]): void {
  const index = new Map<string, number>();
  modules.forEach((m, i) => index.set(m.id, i));
  const depth = new Int32Array(modules.length);
  // Edges are created source-before-target for every module id in creation order, so one pass in
  // module order settles the longest path.
  const incoming: number[][] = modules.map(() => []);
  for (const e of edges) incoming[index.get(e.target)!]!.push(index.get(e.source)!);
  for (let i = 0; i < modules.length; i++) {
    let d = 0;
    for (const s of incoming[i]!) d = Math.max(d, depth[s]! + 1);
    depth[i] = d;
  }
  const slots = new Map<number, number>();
  let widest = 1;
  for (let i = 0; i < modules.length; i++) {
    const d = depth[i]!;
    const slot = slots.get(d) ?? 0;
    slots.set(d, slot + 1);
    widest = Math.max(widest, slot + 1);
  }
  slots.clear();
  const columnWidth = Math.min(widest, 8) * SLOT_WIDTH + 2 * SLOT_WIDTH;
  for (let i = 0; i < modules.length; i++) {
    const d = depth[i]!;
    const slot = slots.get(d) ?? 0;
    slots.set(d, slot + 1);
    const column = Math.floor(d / ROWS_PER_COLUMN);
    modules[i]!.position = { x: column * columnWidth + slot * SLOT_WIDTH, y: (d % ROWS_PER_COLUMN) * ROW_HEIGHT };
  }
}

/** A deterministic, realistic, structurally valid flow with exactly `modules` modules. */
export function generateFlow(options: GenerateOptions): Flow {
  const count = Math.max(0, Math.floor(options.modules));
  const rng = createRng(options.seed);
  const builder = new Builder(rng, options.rangeShare ?? 0.15);
  if (count > 0) {
    const trigger = builder.add('trigger');
    builder.sequence(trigger, count - 1, 0, true);
  }
  layout(builder.modules, builder.edges);
  return {
    format: FLOW_FORMAT,
    version: 2,
    name: `Generated flow (${count} modules, seed ${options.seed})`,
    settings: { runsPerMonth: 1000 },
    modules: builder.modules,
    edges: builder.edges,
  };
}
