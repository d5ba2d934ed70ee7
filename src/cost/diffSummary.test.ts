import { describe, expect, it } from 'vitest';
import type { Flow, Module } from '../model/types';
import { chain, flowOf } from '../model/testing/flowOf';
import { diffFlows } from './diff';
import { formatCreditsChange, formatPercentChange, summarizeDiff } from './diffSummary';

const base = (): Flow =>
  flowOf(
    [
      ['t', 'trigger'],
      ['a', 'action', { durationSec: 2 }],
      ['b', 'ai_agent', { durationSec: 4 }],
      ['c', 'code'],
    ],
    chain('t', 'a', 'b', 'c'),
    { runsPerMonth: 1000 },
  );

const action = (id: string, name: string): Module => ({ id, type: 'action', name, position: { x: 0, y: 0 } }) as Module;

describe('formatCreditsChange and formatPercentChange', () => {
  it('write the sign, group thousands and round for display', () => {
    expect(formatCreditsChange(1240)).toBe('+1,240');
    expect(formatCreditsChange(-3.5)).toBe('−3.5');
    expect(formatCreditsChange(0)).toBe('0');
    expect(formatPercentChange(8.123)).toBe('+8.1 %');
    expect(formatPercentChange(-50)).toBe('−50 %');
    expect(formatPercentChange(0)).toBe('0 %');
  });
  it('say "new cost" when there is no percentage (the old side cost nothing)', () => {
    expect(formatPercentChange(null)).toBe('new cost');
  });
  it('write a growth above +999 % as its factor with thousands separators, never a long bare percentage', () => {
    // The versions list showed "+148120832.6 %" for a flow that grew from 1 module to 100,000 (issue 19).
    expect(formatPercentChange(148120832.6)).toBe('×1,481,209');
    expect(formatPercentChange(1234.5)).toBe('×13.35');
    expect(formatPercentChange(999)).toBe('+999 %');
    expect(formatPercentChange(-99.96)).toBe('−100 %');
  });
  it('the versions row and the Compare summary write the same capped change', () => {
    const grown = flowOf(
      [
        ['t', 'trigger'],
        ['a', 'action', { durationSec: 2 }],
        ['b', 'ai_agent', { durationSec: 4 }],
        ['c', 'code'],
      ],
      chain('t', 'a', 'b', 'c'),
      { runsPerMonth: 100_000_000 },
    );
    const summary = summarizeDiff(diffFlows(base(), grown));
    expect(summary).toMatch(/\(×100,000\)$/);
    expect(summary).not.toMatch(/\d{4,}/);
  });
});

describe('summarizeDiff', () => {
  it('no changes at all', () => {
    expect(summarizeDiff(diffFlows(base(), base()))).toBe('no changes');
  });

  it('modules only moved, or listed in another order: they moved, at no cost change (never "no changes")', () => {
    // Until 8 Dec a layout change said "no changes": the versions list and `diff` called a moved flow identical.
    const moved = structuredClone(base());
    moved.modules[1]!.position = { x: 300, y: 40 };
    moved.modules[3]!.position = { x: 0, y: 900 };
    moved.modules.reverse();
    moved.edges.reverse();
    expect(summarizeDiff(diffFlows(base(), moved))).toBe('2 modules moved: no cost change');
    const reordered = structuredClone(base());
    reordered.modules.reverse();
    expect(summarizeDiff(diffFlows(base(), reordered))).toBe('no changes');
  });

  it('the flow renamed, its budget, its other settings and its scenarios: named, at no cost change', () => {
    // Until 8 Dec each of these said "no changes" (a budget cut from 600,000 credits to 1 among them).
    const before = structuredClone(base());
    before.scenarios = [
      { id: 's1', name: 'Peak', overrides: { runsPerMonth: 5000 } },
      { id: 's2', name: 'Quiet', overrides: { runsPerMonth: 10 } },
    ];
    before.settings.budget = { amount: 600_000, unit: 'credits' };
    const after = structuredClone(before);
    after.name = 'Renamed';
    after.settings.budget = { amount: 1, unit: 'credits' };
    after.settings.platforms = { make: { unitsPerRun: 2 } };
    after.scenarios = [
      { id: 's2', name: 'Quiet', overrides: { runsPerMonth: 10 } },
      { id: 's1', name: 'Peak', overrides: { runsPerMonth: 6000 } },
      { id: 's3', name: 'New', overrides: {} },
    ];
    const diff = diffFlows(before, after);
    expect(diff.flowEdits).toEqual(['name', 'budget', 'settings']);
    expect(diff.scenarioCounts).toEqual({ added: 1, removed: 0, changed: 1, unchanged: 1 });
    expect(summarizeDiff(diff)).toBe('budget changed, settings changed, +1 scenario, 1 scenario changed, flow renamed: no cost change');
    const gone = structuredClone(before);
    gone.scenarios = [];
    expect(summarizeDiff(diffFlows(before, gone))).toBe('−2 scenarios: no cost change');
    const reordered = structuredClone(before);
    reordered.scenarios!.reverse();
    expect(summarizeDiff(diffFlows(before, reordered))).toBe('no changes');
  });

  it('modules added and removed, assumptions changed, then the change per month with its percent', () => {
    const after = structuredClone(base());
    after.modules = after.modules.filter((m) => m.id !== 'c');
    after.edges = after.edges.filter((e) => e.target !== 'c');
    after.modules.push(action('x', 'Send email'), action('y', 'Post to Slack'));
    after.edges.push({ id: 'ex', source: 'b', target: 'x' }, { id: 'ey', source: 'x', target: 'y' });
    after.modules[1]!.assumptions = { durationSec: 3, retries: 0.1 };
    after.modules[2]!.assumptions = { durationSec: 5, payloadKB: 20, extraCredits: 1 };
    const diff = diffFlows(base(), after);
    const month = diff.after.perMonth - diff.before.perMonth;
    expect(month).toBeGreaterThan(0);
    expect(summarizeDiff(diff)).toBe(
      `+2 modules, −1 module, +2 edges, −1 edge, 5 assumptions changed: +${Math.round(month).toLocaleString('en-US')} credits/month (+${(
        (month / diff.before.perMonth) *
        100
      ).toFixed(1)} %)`,
    );
  });

  it('a rename alone costs nothing', () => {
    const after = structuredClone(base());
    after.modules[1]!.name = 'Create record';
    expect(summarizeDiff(diffFlows(base(), after))).toBe('1 module renamed: no cost change');
  });

  it('a rate card change alone; runs per month written out as the default is no change', () => {
    const after = structuredClone(base());
    after.settings.rateCard = { baseCredits: { action: 0 } };
    delete after.settings.runsPerMonth;
    const diff = diffFlows(base(), after);
    expect(summarizeDiff(diff)).toMatch(/^rate card changed: −[\d,.]+ credits\/month \(−[\d.]+ %\)$/);
  });

  it('a flow that cost nothing before: a new cost, no percentage', () => {
    const diff = diffFlows(flowOf([], []), base());
    expect(summarizeDiff(diff)).toMatch(/^\+4 modules, \+3 edges: \+[\d,.]+ credits\/month \(new cost\)$/);
  });
});
