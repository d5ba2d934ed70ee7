import { describe, expect, it } from 'vitest';
import { chain, flowOf } from '../model/testing/flowOf';
import { comparePlatforms } from './platforms';
import { describeImported, explainFigure, explainModuleUnits } from './platformText';
import { formatDollars, formatNumber } from './format';
import { PLATFORM_IDS } from './platformTable';

const flow = (runsPerMonth: number) =>
  flowOf(
    [
      ['t', 'trigger'],
      ['a', 'action', { retries: 2 }],
      ['b', 'action', { failureRate: 0.25 } as never],
    ],
    chain('t', 'a', 'b'),
    { runsPerMonth },
  );

describe('explainFigure', () => {
  it('writes each figure as its formula with the figure itself at the end', () => {
    const c = comparePlatforms(flow(1000));
    for (const id of PLATFORM_IDS) {
      const p = c.platforms[id];
      expect(explainFigure(c, id, 'perRun')).toMatch(new RegExp(`= ${formatNumber(p.perRun).replace('.', '\\.')} `));
      expect(explainFigure(c, id, 'perMonth')).toBe(`${formatNumber(p.perRun)} ${p.unit} per run × 1,000 runs a month = ${formatNumber(p.perMonth)} ${p.unit}`);
      expect(explainFigure(c, id, 'dollarsPerMonth').endsWith(`${formatDollars(p.dollarsPerMonth)} a month`)).toBe(true);
      expect(explainFigure(c, id, 'dollarsPer1000Runs')).toBe(`${formatDollars(p.dollarsPerMonth)} a month ÷ 1,000 runs × 1,000 = ${formatDollars(p.dollarsPer1000Runs!)}`);
    }
    // Make: 1 + 3 + 1 credits per run (every attempt); Zapier: 1 + 0.75 tasks (successes only).
    expect(c.platforms.make.perRun).toBe(5);
    expect(c.platforms.zapier.perRun).toBe(1.75);
    expect(explainFigure(c, 'make', 'plan')).toBe('The cheapest plan that covers 5,000 credits in the month: Core (10,000 credits for $10.59 a month)');
    expect(explainFigure(c, 'zapier', 'dollarsPerMonth')).toBe("The Team plan's price = $103.50 a month");
    const busy = comparePlatforms(flow(3000));
    expect(explainFigure(busy, 'zapier', 'plan')).toMatch(/^5,250 tasks in the month is beyond every plan: priced pro rata on Team/);
    expect(explainFigure(busy, 'zapier', 'dollarsPerMonth')).toBe(`5,250 tasks × $103.50 ÷ 2,000 (Team, pro rata) = ${formatDollars(busy.platforms.zapier.dollarsPerMonth)} a month`);
    expect(explainFigure(c, 'altan', 'plan')).toMatch(/^Altan bills per credit/);
  });

  it('a month without runs has no price per 1,000 runs', () => {
    const c = comparePlatforms(flow(0));
    expect(explainFigure(c, 'make', 'dollarsPer1000Runs')).toBe('No runs in the month: no price per 1,000 runs');
  });
});

describe('explainModuleUnits', () => {
  it('says how many executions each platform counts and at how many units', () => {
    const c = comparePlatforms(flow(1000));
    const [t, a, b] = c.modules;
    const counts = (retryFactor: number, failureRate: number) => ({ retryFactor, inputs: { durationSec: 1, failureRate } });
    expect(explainModuleUnits(a!, counts(3, 0), 'make', 1)).toBe('1 execution per run × 1 credits each × 3 (1 + retries: every attempt) = 3 credits');
    expect(explainModuleUnits(b!, counts(1, 0.25), 'zapier', 1)).toBe('1 execution per run × 1 tasks each × 0.75 (1 − failure rate: successes only) = 0.75 tasks');
    expect(explainModuleUnits(t!, counts(1, 0), 'zapier', 0)).toBe('Zapier charges nothing for a trigger');
    expect(explainModuleUnits(a!, counts(3, 0), 'n8n', 0)).toBe('n8n bills the run (1 execution), not the modules');
  });
});

describe('describeImported', () => {
  it('names the source platform’s month and Altan’s', () => {
    const c = comparePlatforms(flow(3000));
    expect(describeImported(c, 'n8n')).toBe(
      `This workflow on n8n today: 3,000 executions a month, Pro plan, $65.00 a month; on Altan: ${formatNumber(c.platforms.altan.perMonth)} credits a month, ${formatDollars(c.platforms.altan.dollarsPerMonth)} a month.`,
    );
    expect(describeImported(c, 'make')).toMatch(/^This workflow on Make today: 15,000 credits a month, Core plan \(pro rata\), /);
    expect(describeImported(c, 'altan')).toMatch(/^This workflow on Altan today: [^;]+\.$/);
  });
});
