import type { RateCard } from '../model/types';
import { formatNumber as f, formatPercent } from './format';
import type { NodeCost } from './types';

/**
 * The lines a tooltip shows for one module's cost: its formula (cost-model.md §3) with the
 * numbers filled in, e.g.
 *
 *   attempt = base 1 + time 1·log2(1 + 4 s / 10 s) = 0.485 + payload 0.25·log2(1 + 8 KB / 100 KB) = 0.028 + extra 2 = 3.513
 *   × 20 executions
 *   × (1 + retries 0.1)
 *   = 77.29 credits
 *
 * A paged search adds `+ pages σ · m · (p − 1)`, and a module that can fail a last line with its
 * failure share (cost-model.md §7).
 *
 * Computed on demand from a NodeCost, never during the pricing pass.
 */
export function explainNode(node: NodeCost, rateCard: RateCard): string[] {
  const { durationSec, payloadKB, retries } = node.inputs;
  const parts: string[] = [`base ${f(node.base)}`];
  const exempt = Array.isArray(rateCard.timeExempt) && rateCard.timeExempt.includes(node.type);
  if (exempt) {
    if (durationSec > 0) parts.push('time 0 (exempt)');
  } else if (durationSec > 0) {
    parts.push(
      `time ${f(rateCard.time.creditsPerDoubling)}·log2(1 + ${f(durationSec)} s / ${f(rateCard.time.referenceSec)} s) = ${f(node.time)}`,
    );
  }
  if (payloadKB > 0) {
    parts.push(
      `payload ${f(rateCard.payload.creditsPerDoubling)}·log2(1 + ${f(payloadKB)} KB / ${f(rateCard.payload.referenceKB)} KB) = ${f(node.payload)}`,
    );
  }
  if (node.extra !== 0) parts.push(`extra ${f(node.extra)}`);
  const lines = [`attempt = ${parts.join(' + ')} = ${f(node.attempt)}`];
  lines.push(`× ${f(node.executions)} ${node.executions === 1 ? 'execution' : 'executions'}${node.executions === 0 ? ' (never runs)' : ''}`);
  const sigma = f(rateCard.searchIterationSurcharge);
  const pages = node.inputs.pages ?? 1;
  const pageSurcharge = node.surcharge > 0 && pages > 1 ? rateCard.searchIterationSurcharge * node.executions * (pages - 1) : 0;
  const loopSurcharge = node.surcharge - pageSurcharge;
  if (loopSurcharge > 0 && node.loopIterations !== undefined) {
    lines.push(`+ surcharge ${sigma} · ${f(node.executions)} · (1 − 1/${f(node.loopIterations)}) = ${f(loopSurcharge)}`);
  }
  if (pageSurcharge > 0) lines.push(`+ pages ${sigma} · ${f(node.executions)} · (${f(pages)} − 1) = ${f(pageSurcharge)}`);
  if (retries !== 0) lines.push(`× (1 + retries ${f(retries)})`);
  lines.push(`= ${f(node.credits)} credits`);
  const failureRate = node.inputs.failureRate ?? 0;
  if (failureRate > 0) {
    lines.push(
      `${formatPercent(failureRate)} fail: ${f(node.executions * failureRate)} of ${f(node.executions)} executions take the error branch (or stop), billed like the others`,
    );
  }
  return lines;
}

/** The whole explanation as one string (for a `title` attribute or the CLI). */
export function explainNodeText(node: NodeCost, rateCard: RateCard): string {
  return explainNode(node, rateCard).join('\n');
}
