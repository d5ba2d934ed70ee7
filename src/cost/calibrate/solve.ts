/**
 * Pass rates that make the point estimate give every module its observed executions
 * (execution-logs.md §3), solved along the topological order. Each module's arrivals are what
 * the calibrated flow sends it (so a module downstream of one that cannot be matched still
 * gets its own count where an edge allows); an edge with a filter, or a router's route, is
 * adjustable; an edge without one is fixed:
 *
 *   rate of the adjustable edges into n = (observed e(n) − what the fixed edges bring) ÷ what
 *   arrives on the adjustable edges (one shared rate when there are several, e.g. an octopus).
 *
 * A route's pass rate is its target's executions ÷ the router's output, when the route is the
 * target's only way in. Iterations come from `items` when the log gives them, else from the
 * loop's first module (through an unfiltered edge). Whatever cannot be matched is said, with why.
 */
import type { Flow, Module } from '../../model/types';
import { canFail, pointOf } from '../../model/types';
import { assumptionOf } from '../../model/modules/registry';
import { ASSUMPTION_RULES } from '../../model/fieldRules';
import type { FlowPlan } from '../price';
import { failureShareOf, moduleTitle } from '../price';
import type { ModuleObservation } from './observe';

import { COUNT_TOLERANCE } from './tolerance';

export { COUNT_TOLERANCE };

export type UnexplainedReason =
  | 'above-input'
  | 'below-fixed'
  | 'no-adjustable-edge'
  | 'fallback-fixed'
  | 'not-reached'
  | 'upstream'
  /** An iterator whose items per execution in the log are above the most the tool prices: calibrated at that limit. */
  | 'over-limit';

export interface SolvedFlow {
  /** Point executions per run of every module with the solved rates. */
  predicted: Float64Array;
  /** Solved pass rate per edge index (NaN where the edge keeps its own). */
  edgeRates: Float64Array;
  /** Iterations per iterator module index (NaN for other modules or where the flow's own stays). */
  iterations: Float64Array;
  /** How iterations were found, per iterator: rows of `items`, or rows of the loop's first module. */
  iterationRows: Int32Array;
  /** Why a module's count could not be matched, when it was not. */
  reasons: Map<number, { reason: UnexplainedReason; message: string }>;
  /** Modules whose count was matched by a rate shared with other edges (an octopus with several filtered edges). */
  shared: Set<number>;
}

const clamp01 = (q: number) => (q < 0 ? 0 : q > 1 ? 1 : q);

export function matches(predicted: number, observed: number): boolean {
  return Math.abs(predicted - observed) <= COUNT_TOLERANCE * Math.max(observed, 1e-9) + 1e-12;
}

const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3).replace(/\.?0+$/, ''));

export function solvePassRates(flow: Flow, plan: FlowPlan, observed: readonly ModuleObservation[]): SolvedFlow {
  const { modules, edges } = flow;
  const n = plan.size;
  const { order, inStart, inEdges, outStart, outEdges, edgeSource, edgeTarget, reached } = plan;
  const predicted = new Float64Array(n);
  const edgeCount = new Float64Array(edges.length);
  const edgePassed = new Float64Array(edges.length);
  const edgeRates = new Float64Array(edges.length).fill(NaN);
  const iterations = new Float64Array(n).fill(NaN);
  const iterationRows = new Int32Array(n);
  const reasons = new Map<number, { reason: UnexplainedReason; message: string }>();
  const shared = new Set<number>();
  const obs = (v: number) => observed[v]?.executions ?? 0;
  const inDegree = (v: number) => inStart[v + 1]! - inStart[v]!;
  const title = (v: number) => moduleTitle(modules[v]!);
  const say = (v: number, reason: UnexplainedReason, message: string) => {
    if (!reasons.has(v)) reasons.set(v, { reason, message });
  };

  for (let h = 0; h < order.length; h++) {
    const v = order[h]!;
    const module: Module = modules[v]!;
    const target = obs(v);
    let m = 0;
    let skipped = 0;
    if (v === plan.trigger) m = 1;
    else {
      let fixed = 0;
      let adjustable = 0;
      const filtered: number[] = [];
      for (let k = inStart[v]!, end = inStart[v + 1]!; k < end; k++) {
        const e = inEdges[k]!;
        if (reached[edgeSource[e]!] !== 1) continue;
        if (edges[e]!.filter) {
          filtered.push(e);
          adjustable += edgeCount[e]!;
        } else fixed += edgePassed[e]!;
      }
      const closed = plan.closes[v]!;
      const cap = closed === -1 ? Infinity : predicted[closed]!;
      if (filtered.length === 0) {
        m = Math.min(fixed, cap);
      } else {
        let q: number;
        if (adjustable > 0) {
          const raw = (target - fixed) / adjustable;
          q = clamp01(raw);
          if (raw > 1 + COUNT_TOLERANCE)
            say(v, 'above-input', `${title(v)} ran ${fmt(target)} times per run, more than the ${fmt(fixed + adjustable)} bundles that reach it`);
          else if (raw < -COUNT_TOLERANCE)
            say(v, 'below-fixed', `${title(v)} ran ${fmt(target)} times per run, fewer than the ${fmt(fixed)} bundles its edges without a filter bring`);
          if (filtered.length > 1) shared.add(v);
        } else q = edges[filtered[0]!]!.filter ? clamp01(pointOf(edges[filtered[0]!]!.filter!.passRate)) : 1;
        for (const e of filtered) {
          if (adjustable > 0) edgeRates[e] = q;
          edgePassed[e] = edgeCount[e]! * q;
          if (edges[e]!.filter!.mode === 'skip') skipped += edgeCount[e]! * (1 - q);
        }
        m = Math.min(fixed + adjustable * q, cap);
      }
      if (closed !== -1 && target > cap * (1 + COUNT_TOLERANCE))
        say(v, 'above-input', `${title(v)} ran ${fmt(target)} times per run, more than its loop's iterator (${fmt(cap)})`);
    }
    predicted[v] = m;
    let out = m + skipped;
    const oStart = outStart[v]!;
    const oEnd = outStart[v + 1]!;
    if (oStart === oEnd) continue;

    if (module.type === 'iterator') {
      let N = pointOf(assumptionOf(module, 'iterations'));
      const o = observed[v];
      const first = outEdges[oStart]!;
      const body = edgeTarget[first]!;
      if (o?.items && o.items.rows > 0) {
        N = o.items.value as number;
        iterations[v] = N;
        iterationRows[v] = o.items.rows;
      } else if (m > 0 && !edges[first]!.filter && modules[body]!.type !== 'aggregator' && inDegree(body) === 1) {
        N = obs(body) / m;
        iterations[v] = N;
        iterationRows[v] = observed[body]?.rows ?? 0;
      }
      const limit = ASSUMPTION_RULES.iterations.max;
      if (!Number.isNaN(iterations[v]!) && N > limit) {
        // A scenario beyond the field's limit could not be read back (nor priced): it takes the limit, and says so.
        say(v, 'over-limit', `${title(v)} emitted ${N.toLocaleString('en-US', { maximumFractionDigits: 1 })} items per execution in the log, above the limit of ${limit.toLocaleString('en-US')} the tool prices; it is calibrated at ${limit.toLocaleString('en-US')}`);
        N = limit;
        iterations[v] = N;
      }
      out *= N;
    }

    if (module.type === 'router') {
      const exclusive = module.config?.mode === 'exclusive';
      const shares = new Float64Array(oEnd - oStart);
      let sum = 0;
      let none = 1;
      for (let k = oStart; k < oEnd; k++) {
        const e = outEdges[k]!;
        const route = edges[e]!.route;
        if (route?.fallback) continue;
        const t = edgeTarget[e]!;
        let pi = route ? clamp01(pointOf(route.passRate)) : 1;
        if (route && out > 0 && inDegree(t) === 1 && plan.closes[t] === -1) {
          const raw = obs(t) / out;
          if (raw > 1 + COUNT_TOLERANCE) say(t, 'above-input', `${title(t)} ran ${fmt(obs(t))} times per run, more than the ${fmt(out)} bundles its router ${title(v)} handles`);
          pi = clamp01(raw);
          edgeRates[e] = pi;
        }
        shares[k - oStart] = pi;
        sum += pi;
        none *= 1 - pi;
      }
      if (exclusive && sum > 1 + COUNT_TOLERANCE) {
        // An exclusive router sends each bundle one way: shares above 1 cannot all hold. Scale them down.
        for (let k = oStart; k < oEnd; k++) {
          const e = outEdges[k]!;
          if (edges[e]!.route?.fallback) continue;
          shares[k - oStart] = shares[k - oStart]! / sum;
          if (!Number.isNaN(edgeRates[e]!)) edgeRates[e] = shares[k - oStart]!;
          say(edgeTarget[e]!, 'above-input', `the routes of exclusive router ${title(v)} together ran more often than the router (each bundle takes one route)`);
        }
        sum = 1;
      }
      const fallbackShare = exclusive ? Math.max(0, 1 - sum) : none;
      for (let k = oStart; k < oEnd; k++) {
        const e = outEdges[k]!;
        const route = edges[e]!.route;
        const share = route?.fallback ? fallbackShare : shares[k - oStart]!;
        edgeCount[e] = out;
        edgePassed[e] = out * share;
        if (route?.fallback && !exclusive) {
          const t = edgeTarget[e]!;
          if (inDegree(t) === 1 && !matches(out * share, obs(t)))
            say(
              t,
              'fallback-fixed',
              `${title(t)} is the fallback of standard router ${title(v)}: it runs when no route matched, ${fmt(out * share)} times per run with the fitted route rates, but ran ${fmt(obs(t))}; no rate of its own can change that`,
            );
        }
      }
    } else {
      // Failed executions leave by the error edge, if any, and never by the normal one (cost-model §7):
      // the log's failure share where it has rows of this module, else the flow's own.
      const failed = m * failureShare(module, observed[v]);
      for (let k = oStart; k < oEnd; k++) {
        const e = outEdges[k]!;
        const edge = edges[e]!;
        const count = edge.error === true ? failed : out - failed;
        edgeCount[e] = count;
        edgePassed[e] = count * (edge.filter ? clamp01(pointOf(edge.filter.passRate)) : 1);
      }
    }
  }

  // Every module the solve could not match gets its reason.
  const unmatched = new Uint8Array(n);
  for (let h = 0; h < order.length; h++) {
    const v = order[h]!;
    if (matches(predicted[v]!, obs(v))) continue;
    unmatched[v] = 1;
    if (reasons.has(v)) continue;
    let upstream = -1;
    for (let k = inStart[v]!, end = inStart[v + 1]!; k < end && upstream === -1; k++) {
      const s = edgeSource[inEdges[k]!]!;
      if (unmatched[s] === 1) upstream = s;
    }
    if (upstream !== -1 && !edgesInto(plan, v).some((e) => edges[e]!.filter))
      say(v, 'upstream', `${title(v)} follows ${title(upstream)}, whose count could not be matched, and no filter on its way in can make up for it`);
    else
      say(
        v,
        'no-adjustable-edge',
        `${title(v)} ran ${fmt(obs(v))} times per run but the flow sends it ${fmt(predicted[v]!)}; no filter or route on its way in can change that`,
      );
  }
  for (let v = 0; v < n; v++) {
    if (reached[v] === 1 || obs(v) === 0) continue;
    say(v, 'not-reached', `${title(v)} ran ${fmt(obs(v))} times per run, but the trigger does not reach it in this flow`);
  }
  return { predicted, edgeRates, iterations, iterationRows, reasons, shared };
}

/** φ of a module as calibrated: the log's failed share of its rows, else the flow's own (0 for kinds that cannot fail). */
export function failureShare(module: Module, o: ModuleObservation | undefined): number {
  if (!canFail(module.type)) return 0;
  return o?.failureRate ? clamp01(o.failureRate.value as number) : failureShareOf(module);
}

function edgesInto(plan: FlowPlan, v: number): number[] {
  const out: number[] = [];
  for (let k = plan.inStart[v]!, end = plan.inStart[v + 1]!; k < end; k++) out.push(plan.inEdges[k]!);
  return out;
}
