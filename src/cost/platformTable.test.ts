import { describe, expect, it } from 'vitest';
import { DEFAULT_PLATFORM_TABLE, mergePlatformTable, platformTableOf } from './platformTable';
import { choosePlan, dollarsJustAbove, largestPlan } from './platformPlans';
import { keepsRule } from '../model/fieldRules';
import { platformTableRule } from '../model/tableRules';
import { MODULE_TYPES, type PartialPlatformTable } from '../model/types';
import { PLAN_PLATFORMS } from './platformTable';

describe('the platform table', () => {
  it('merges a flow’s partial table field by field; unitsPerKind one level deeper; plans replace the list', () => {
    const merged = mergePlatformTable({
      make: { unitsPerKind: { code: 3 }, date: '2026-01' },
      zapier: { plans: [{ name: 'Only', monthlyUnits: 5, monthlyPrice: 1 }] },
    });
    expect(merged.make.unitsPerKind.code).toBe(3);
    expect(merged.make.unitsPerKind.action).toBe(1);
    expect(merged.make.date).toBe('2026-01');
    expect(merged.make.source).toBe(DEFAULT_PLATFORM_TABLE.make.source);
    expect(merged.make.plans).toEqual(DEFAULT_PLATFORM_TABLE.make.plans);
    expect(merged.zapier.plans).toEqual([{ name: 'Only', monthlyUnits: 5, monthlyPrice: 1 }]);
    expect(merged.n8n).toEqual(DEFAULT_PLATFORM_TABLE.n8n);
  });

  it('removing the override is the reset: no table, an empty one and the defaults price the same', () => {
    expect(platformTableOf({ settings: {} })).toEqual(DEFAULT_PLATFORM_TABLE);
    expect(mergePlatformTable({})).toEqual(DEFAULT_PLATFORM_TABLE);
  });

  it('never takes what is not a number or a plan, and never mutates its inputs', () => {
    const partial = {
      make: { unitsPerKind: { action: 'two', __proto__: { action: 9 } }, unitsPerRun: Infinity, plans: [{ name: 'x' }, null] },
      zapier: 'nothing',
    } as unknown as PartialPlatformTable;
    const before = JSON.stringify(partial);
    const merged = mergePlatformTable(partial);
    expect(merged.make.unitsPerKind.action).toBe(1);
    expect(merged.make.unitsPerRun).toBe(0);
    expect(merged.make.plans).toEqual([]);
    expect(merged.zapier).toEqual(DEFAULT_PLATFORM_TABLE.zapier);
    expect(JSON.stringify(partial)).toBe(before);
  });

  it('every default number keeps the field rules, so the editor could type it and a file hold it', () => {
    for (const id of PLAN_PLATFORMS) {
      const rates = DEFAULT_PLATFORM_TABLE[id];
      for (const type of MODULE_TYPES) expect(keepsRule(rates.unitsPerKind[type], platformTableRule('unitsPerKind'))).toBe(true);
      expect(keepsRule(rates.codeUnitsPerSecond, platformTableRule('codeUnitsPerSecond'))).toBe(true);
      expect(keepsRule(rates.unitsPerRun, platformTableRule('unitsPerRun'))).toBe(true);
      for (const plan of rates.plans) {
        expect(keepsRule(plan.monthlyUnits, platformTableRule('monthlyUnits'))).toBe(true);
        expect(keepsRule(plan.monthlyPrice, platformTableRule('monthlyPrice'))).toBe(true);
      }
      expect(rates.date).not.toBe('');
      expect(rates.source).not.toBe('');
    }
  });
});

describe('choosing a plan', () => {
  const plans = DEFAULT_PLATFORM_TABLE.make.plans;

  it('the largest plan is the cheapest of those with the most units', () => {
    expect(largestPlan(plans)?.name).toBe('Core');
    expect(largestPlan([])).toBeUndefined();
  });

  it('no plans cost nothing; plans with broken numbers are left out', () => {
    expect(choosePlan([], 500)).toEqual({ plan: null, dollars: 0, beyondLargest: false });
    expect(choosePlan([{ name: 'Bad', monthlyUnits: NaN, monthlyPrice: 0 }, { name: 'Ok', monthlyUnits: 10, monthlyPrice: 5 }], 3).plan?.name).toBe('Ok');
  });

  it('just above a plan’s units costs the next plan up, or pro rata beyond the largest', () => {
    expect(dollarsJustAbove(plans, 1000)).toBe(10.59);
    expect(dollarsJustAbove(plans, 10_000)).toBe(10.59);
    expect(dollarsJustAbove(DEFAULT_PLATFORM_TABLE.zapier.plans, 100)).toBe(29.99);
  });
});
