/**
 * What the rate card says each logged execution costs (docs/calibration.md §3): attempts × (base +
 * T(duration per attempt) + P(payload) + extra), plus the search surcharges (σ per page beyond the
 * first; σ·(1 − 1/N) for a search inside a loop of N iterations, as an average). The flow's own
 * extra credits are added, or none (`withExtra: false`, to learn them from what was billed). With
 * `billedFirst`, a row whose billed `credits` the log gives takes them instead (nothing to price).
 */
import { compileFlow } from '../../model/compiled';
import type { ExecutionLog } from '../../model/executionLog';
import { assumptionOf } from '../../model/modules/registry';
import { pointOf, type Flow } from '../../model/types';
import { countExecutions, rateCardOf } from '../price';

export function rateCardCreditsOfRows(flow: Flow, log: ExecutionLog, { withExtra = true, billedFirst = false } = {}): Float64Array {
  const card = rateCardOf(flow);
  const plan = compileFlow(flow);
  const counts = countExecutions(flow, plan);
  const exempt = new Set(card.timeExempt);
  const m = flow.modules.length;
  const base = new Float64Array(m);
  const extra = new Float64Array(m);
  const timeOn = new Uint8Array(m);
  const loopSurcharge = new Float64Array(m);
  const search = new Uint8Array(m);
  flow.modules.forEach((module, v) => {
    base[v] = card.baseCredits[module.type] ?? 0;
    extra[v] = withExtra ? pointOf(assumptionOf(module, 'extraCredits')) : 0;
    timeOn[v] = exempt.has(module.type) ? 0 : 1;
    if (module.type === 'search') {
      search[v] = 1;
      const loop = plan.reached[v] === 1 ? plan.loop[v]! : -1;
      const N = loop === -1 ? 0 : counts.iterations[loop]!;
      if (N > 0) loopSurcharge[v] = card.searchIterationSurcharge * Math.max(0, 1 - 1 / N);
    }
  });
  const kT = card.time.creditsPerDoubling;
  const t0 = card.time.referenceSec;
  const kP = card.payload.creditsPerDoubling;
  const s0 = card.payload.referenceKB;
  const sigma = card.searchIterationSurcharge;
  const out = new Float64Array(log.rows);
  for (let i = 0; i < log.rows; i++) {
    const given = log.credits[i]!;
    if (billedFirst && given === given) {
      out[i] = given;
      continue;
    }
    const v = log.module[i]!;
    const a = log.attempts[i]!;
    const d = log.durationMs[i]! / a / 1000;
    const s = log.payloadBytes[i]! / 1000;
    // Math.log2, not the engine's own log2 (../log2.ts, the same bits in every JS engine): a log has
    // up to millions of rows, whose credits are fitted and compared as statistics, never bit for bit,
    // and the engine's log2 costs about five times as much a call.
    const time = timeOn[v] === 1 && d > 0 ? kT * Math.log2(1 + d / t0) : 0;
    const payload = s > 0 ? kP * Math.log2(1 + s / s0) : 0;
    const pages = log.pages[i]!;
    const pageSurcharge = search[v] === 1 && pages === pages && pages > 1 ? sigma * (pages - 1) : 0;
    out[i] = a * (base[v]! + time + payload + extra[v]! + pageSurcharge + loopSurcharge[v]!);
  }
  return out;
}

/**
 * Extra credits per attempt of each module (index = module of the flow), learnt from the rows whose
 * `credits` the log gives: Σ (billed − the rate card without extra credits) ÷ Σ attempts over those
 * rows, never below 0 (a module billed less than the rate card says keeps the gap; the fit shows it).
 * The engine bills E[attempts] × extra, so the total over the rows is what must match: a mean of
 * each row's (billed − card) ÷ attempts would give a row with one attempt the weight of one with
 * four (an API billing 5 credits once per call, one run in four taking 4 tries: 4.06 instead of
 * 2.86 an attempt, the prediction 30 % over).
 * NaN for a module none of whose rows gives credits. `flow` is the calibrated flow: each row is
 * priced with its own duration and payload, a search in a loop with the loop's calibrated items.
 */
export function extraCreditsOfLog(flow: Flow, log: ExecutionLog): { value: Float64Array; rows: Int32Array } {
  const m = flow.modules.length;
  const value = new Float64Array(m).fill(NaN);
  const rows = new Int32Array(m);
  // Most logs bill nothing: no pricing pass over their rows then.
  let billed = false;
  for (let i = 0; i < log.rows && !billed; i++) billed = log.credits[i] === log.credits[i];
  if (!billed) return { value, rows };
  const card = rateCardCreditsOfRows(flow, log, { withExtra: false });
  const gap = new Float64Array(m);
  const attempts = new Float64Array(m);
  for (let i = 0; i < log.rows; i++) {
    const given = log.credits[i]!;
    if (given !== given) continue;
    const v = log.module[i]!;
    gap[v]! += given - card[i]!;
    attempts[v]! += log.attempts[i]!;
    rows[v]!++;
  }
  // Below a millionth of a credit is the rounding of the billed figures (platforms bill to 6 decimals), not extra credits.
  for (let v = 0; v < m; v++) {
    if (rows[v] === 0) continue;
    const perAttempt = gap[v]! / attempts[v]!;
    value[v] = perAttempt > 1e-6 ? perAttempt : 0;
  }
  return { value, rows };
}
