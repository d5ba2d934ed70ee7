import { describe, expect, it } from 'vitest';
import { explainNode } from './explain';
import { formatCredits, formatDollars, formatExecutions, formatNumber, formatPercent } from './format';
import { DEFAULT_RATE_CARD } from './rateCard';
import type { NodeCost } from './types';

const log2 = Math.log2;

function agent(): NodeCost {
  const time = log2(1.4);
  const payload = 0.25 * log2(1.08);
  const attempt = 1 + time + payload + 2;
  return {
    id: 'a', type: 'ai_agent', executions: 20, base: 1, time, payload, extra: 2, attempt,
    surcharge: 0, retryFactor: 1.1, credits: 1.1 * 20 * attempt, loopIterations: 20, loopId: 'i',
    inputs: { durationSec: 4, payloadKB: 8, retries: 0.1, extraCredits: 2, failureRate: 0, pages: 1 },
  };
}

describe('explainNode', () => {
  it('fills the numbers into the formula, line by line', () => {
    expect(explainNode(agent(), DEFAULT_RATE_CARD)).toEqual([
      'attempt = base 1 + time 1·log2(1 + 4 s / 10 s) = 0.485 + payload 0.25·log2(1 + 8 KB / 100 KB) = 0.028 + extra 2 = 3.513',
      '× 20 executions',
      '× (1 + retries 0.1)',
      '= 77.29 credits',
    ]);
  });

  it('shows the search surcharge and leaves out what is zero', () => {
    const node: NodeCost = {
      ...agent(), type: 'search', extra: 0, time: 0, payload: 0, attempt: 1, surcharge: 9.5, retryFactor: 1,
      credits: 29.5, inputs: { durationSec: 0, payloadKB: 0, retries: 0, extraCredits: 0, failureRate: 0, pages: 1 },
    };
    expect(explainNode(node, DEFAULT_RATE_CARD)).toEqual([
      'attempt = base 1 = 1',
      '× 20 executions',
      '+ surcharge 0.5 · 20 · (1 − 1/20) = 9.5',
      '= 29.5 credits',
    ]);
  });

  it('shows the page surcharge apart from the loop surcharge, and the failure share (cost-model §7)', () => {
    // m = 20 in a loop of N = 20, p = 3 pages, σ = 0.5: loop part 0.5·20·(1 − 1/20) = 9.5, pages 0.5·20·2 = 20.
    const node: NodeCost = {
      ...agent(), type: 'search', extra: 0, time: 0, payload: 0, attempt: 1, surcharge: 29.5, retryFactor: 1,
      credits: 49.5, inputs: { durationSec: 0, payloadKB: 0, retries: 0, extraCredits: 0, failureRate: 0.1, pages: 3 },
    };
    expect(explainNode(node, DEFAULT_RATE_CARD)).toEqual([
      'attempt = base 1 = 1',
      '× 20 executions',
      '+ surcharge 0.5 · 20 · (1 − 1/20) = 9.5',
      '+ pages 0.5 · 20 · (3 − 1) = 20',
      '= 49.5 credits',
      '10 % fail: 2 of 20 executions take the error branch (or stop), billed like the others',
    ]);
  });

  it('says when a module is time-exempt or never runs', () => {
    const node: NodeCost = {
      id: 'r', type: 'router', executions: 0, base: 0, time: 0, payload: 0, extra: 0, attempt: 0, surcharge: 0,
      retryFactor: 1, credits: 0, inputs: { durationSec: 3, payloadKB: 0, retries: 0, extraCredits: 0, failureRate: 0, pages: 1 },
    };
    const lines = explainNode(node, DEFAULT_RATE_CARD);
    expect(lines[0]).toBe('attempt = base 0 + time 0 (exempt) = 0');
    expect(lines[1]).toBe('× 0 executions (never runs)');
  });
});

describe('format', () => {
  it('rounds for display only, by size', () => {
    expect(formatCredits(77.290062)).toBe('77.29');
    expect(formatCredits(3.5131849)).toBe('3.513');
    expect(formatCredits(235957.06)).toBe('235,957');
    expect(formatCredits(0)).toBe('0');
    expect(formatCredits(0.0001)).toBe('<0.001');
    expect(formatCredits(2)).toBe('2');
    expect(formatNumber(Number.NaN)).toBe('—');
    expect(formatNumber(Infinity)).toBe('∞');
    expect(formatDollars(0.235957)).toBe('$0.24');
    expect(formatDollars(12345.6)).toBe('$12,346');
    expect(formatDollars(0.001)).toBe('<$0.01');
    expect(formatExecutions(0.3)).toBe('×0.3');
    expect(formatPercent(0.333)).toBe('33.3 %');
  });
});
