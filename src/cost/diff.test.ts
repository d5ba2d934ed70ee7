import { describe, expect, it } from 'vitest';
import type { Flow, Module } from '../model/types';
import { flowOf } from '../model/testing/flowOf';
import { diffFlows, percentChange, sameNumber, sameValue, type FlowDiff, type ModuleDiff } from './diff';
import { priceFlow } from './price';
import { applyScenario } from '../model/scenario';

/** trigger → search → router ─(route 0.5)→ agent → response; router ─(fallback)→ code. */
function base(): Flow {
  return flowOf(
    [
      ['t', 'trigger'],
      ['s', 'search', { durationSec: 1.5, payloadKB: 40 }],
      ['r', 'router', undefined, { mode: 'exclusive' }],
      ['a', 'ai_agent', { durationSec: 4 }],
      ['resp', 'response'],
      ['c', 'code', { durationSec: 0.5 }],
    ],
    [
      { id: 'e1', source: 't', target: 's' },
      { id: 'e2', source: 's', target: 'r', filter: { mode: 'break', passRate: 0.8 } },
      { id: 'e3', source: 'r', target: 'a', route: { priority: 1, passRate: 0.5, fallback: false } },
      { id: 'e4', source: 'a', target: 'resp' },
      { id: 'e5', source: 'r', target: 'c', route: { priority: 2, passRate: 0, fallback: true } },
    ],
    { runsPerMonth: 1000 },
  );
}

/** A copy of the base flow changed by `edit` (the base is never touched). */
function edited(edit: (flow: Flow) => void): Flow {
  const flow = structuredClone(base());
  edit(flow);
  return flow;
}

const moduleOf = (flow: Flow, id: string) => flow.modules.find((m) => m.id === id)!;
const entry = (diff: FlowDiff, id: string): ModuleDiff => diff.modules.find((m) => m.id === id)!;
const statusOf = (diff: FlowDiff) => Object.fromEntries(diff.modules.map((m) => [m.id, m.status]));
const edgeStatusOf = (diff: FlowDiff) => Object.fromEntries(diff.edges.map((e) => [e.id, e.status]));

describe('diffFlows: a flow against itself', () => {
  it('gives every module and edge unchanged, zero deltas and a zero percent', () => {
    const diff = diffFlows(base(), base());
    expect(diff.modules.every((m) => m.status === 'unchanged' && m.edits.length === 0)).toBe(true);
    expect(diff.edges.every((e) => e.status === 'unchanged' && e.edits.length === 0)).toBe(true);
    expect(diff.delta).toEqual({ total: 0, perMonth: 0, percent: 0 });
    expect(diff.moduleCounts).toEqual({ added: 0, removed: 0, changed: 0, unchanged: 6 });
    expect(diff.assumptionsChanged).toBe(0);
    expect(diff.rateCardChanged).toBe(false);
    expect(diff.before).toEqual(diff.after);
  });
});

describe('diffFlows: every kind of change', () => {
  it('an added module: before is null, after its own cost, and the edge to it is added', () => {
    const after = edited((f) => {
      f.modules.push({ id: 'x', type: 'action', name: 'Send email', position: { x: 0, y: 900 } } as Module);
      f.edges.push({ id: 'e6', source: 'resp', target: 'x' });
    });
    const diff = diffFlows(base(), after);
    const x = entry(diff, 'x');
    const priced = priceFlow(after).byId.get('x')!;
    expect(x).toMatchObject({ status: 'added', name: 'Send email', type: 'action', before: null, edits: [] });
    expect(x.after).toEqual({ executions: priced.executions, credits: priced.credits });
    expect(x.delta).toEqual(x.after);
    expect(x.after!.credits).toBeGreaterThan(0);
    expect(edgeStatusOf(diff).e6).toBe('added');
    expect(diff.moduleCounts).toEqual({ added: 1, removed: 0, changed: 0, unchanged: 6 });
    expect(diff.delta.total).toBeCloseTo(priced.credits, 12);
    expect(diff.delta.perMonth).toBeCloseTo(priced.credits * 1000, 9);
  });

  it('a removed module: after is null, its credits leave the total, the modules behind it stop running', () => {
    const after = edited((f) => {
      f.modules = f.modules.filter((m) => m.id !== 'a');
      f.edges = f.edges.filter((e) => e.id !== 'e3' && e.id !== 'e4');
    });
    const before = priceFlow(base());
    const diff = diffFlows(base(), after);
    const a = entry(diff, 'a');
    expect(a).toMatchObject({ status: 'removed', after: null });
    expect(a.before!.credits).toBe(before.byId.get('a')!.credits);
    expect(a.delta.credits).toBe(-before.byId.get('a')!.credits);
    expect(entry(diff, 'resp').status).toBe('changed');
    expect(entry(diff, 'resp').after!.executions).toBe(0);
    expect(edgeStatusOf(diff)).toMatchObject({ e3: 'removed', e4: 'removed', e1: 'unchanged' });
    expect(diff.delta.total).toBeLessThan(0);
  });

  it('an edge removed: the module it fed stops running and is changed; an edge added brings it back', () => {
    const cut = edited((f) => (f.edges = f.edges.filter((e) => e.id !== 'e4')));
    const removed = diffFlows(base(), cut);
    expect(edgeStatusOf(removed).e4).toBe('removed');
    expect(entry(removed, 'resp')).toMatchObject({ status: 'changed', after: { executions: 0, credits: 0 } });
    expect(removed.moduleCounts.changed).toBe(1);

    const rewired = edited((f) => {
      f.edges = f.edges.filter((e) => e.id !== 'e4');
      f.edges.push({ id: 'e9', source: 'a', target: 'resp' });
    });
    const back = diffFlows(cut, rewired);
    expect(edgeStatusOf(back).e9).toBe('added');
    expect(entry(back, 'resp').status).toBe('changed');
    expect(entry(back, 'resp').after).toEqual(entry(removed, 'resp').before);
  });

  it('an edge moved to another end keeps its id and is changed, with its edit named', () => {
    const after = edited((f) => (f.edges.find((e) => e.id === 'e4')!.source = 'c'));
    const diff = diffFlows(base(), after);
    const e4 = diff.edges.find((e) => e.id === 'e4')!;
    expect(e4.status).toBe('changed');
    expect(e4.edits).toEqual(['source']);
  });

  it('an assumption changed: only that module is changed, and the edit names the assumption', () => {
    const after = edited((f) => (moduleOf(f, 'a').assumptions = { durationSec: 12 }));
    const diff = diffFlows(base(), after);
    expect(statusOf(diff)).toEqual({ t: 'unchanged', s: 'unchanged', r: 'unchanged', a: 'changed', resp: 'unchanged', c: 'unchanged' });
    const a = entry(diff, 'a');
    expect(a.edits).toEqual(['assumptions.durationSec']);
    expect(a.delta.executions).toBe(0);
    expect(a.delta.credits).toBeGreaterThan(0);
    expect(diff.assumptionsChanged).toBe(1);
    expect(diff.modules[0]!.id).toBe('a');
  });

  it('a route pass rate changed upstream: the router is unchanged, everything behind the route is changed', () => {
    const after = edited((f) => (f.edges.find((e) => e.id === 'e3')!.route!.passRate = 0.9));
    const diff = diffFlows(base(), after);
    expect(statusOf(diff)).toMatchObject({ t: 'unchanged', s: 'unchanged', r: 'unchanged', a: 'changed', resp: 'changed', c: 'changed' });
    expect(entry(diff, 'a').after!.executions / entry(diff, 'a').before!.executions).toBeCloseTo(0.9 / 0.5, 12);
    expect(entry(diff, 'a').edits).toEqual([]);
    const e3 = diff.edges.find((e) => e.id === 'e3')!;
    expect(e3).toMatchObject({ status: 'changed', edits: ['passRate'] });
    expect(edgeStatusOf(diff)).toMatchObject({ e1: 'unchanged', e2: 'unchanged', e4: 'changed', e5: 'changed' });
    expect(diff.assumptionsChanged).toBe(1);
  });

  it('a filter pass rate changed upstream changes the executions of every module behind the filter', () => {
    const after = edited((f) => (f.edges.find((e) => e.id === 'e2')!.filter!.passRate = { min: 0.2, likely: 0.4, max: 0.9 }));
    const diff = diffFlows(base(), after);
    expect(statusOf(diff)).toMatchObject({ t: 'unchanged', s: 'unchanged', a: 'changed', resp: 'changed' });
    // The router and the code module after it only route bundles, free: still changed, by their executions.
    expect(entry(diff, 'r')).toMatchObject({ status: 'changed', delta: { credits: 0 } });
    expect(entry(diff, 'r').after!.executions).toBeCloseTo(entry(diff, 'r').before!.executions / 2, 12);
  });

  it('a rate card change: the modules of the kind whose price changed are changed, and the card is flagged', () => {
    const after = edited((f) => (f.settings.rateCard = { baseCredits: { ai_agent: 3 } }));
    const diff = diffFlows(base(), after);
    expect(statusOf(diff)).toEqual({ t: 'unchanged', s: 'unchanged', r: 'unchanged', a: 'changed', resp: 'unchanged', c: 'unchanged' });
    expect(entry(diff, 'a').delta.credits).toBeCloseTo(2 * entry(diff, 'a').before!.executions, 12);
    expect(diff.rateCardChanged).toBe(true);
    expect(diff.assumptionsChanged).toBe(0);
  });

  it('a rate card written out as the default is no change', () => {
    const after = edited((f) => (f.settings.rateCard = { baseCredits: { ai_agent: 1 } }));
    expect(diffFlows(base(), after).rateCardChanged).toBe(false);
  });

  it('runs per month changed: per run nothing moves, per month everything scales', () => {
    const after = edited((f) => (f.settings.runsPerMonth = 3000));
    const diff = diffFlows(base(), after);
    expect(diff.moduleCounts.unchanged).toBe(6);
    expect(diff.delta.total).toBe(0);
    expect(diff.after.runsPerMonth).toBe(3000);
    expect(diff.delta.perMonth).toBeCloseTo(diff.before.total * 2000, 9);
    expect(diff.delta.percent).toBeCloseTo(200, 9);
    expect(diff.runsPerMonthChanged).toBe(true);
    expect(diff.assumptionsChanged).toBe(1);
  });

  it('a renamed or moved module is unchanged; its edits and the old name say what happened', () => {
    const after = edited((f) => {
      moduleOf(f, 'a').name = 'Draft reply';
      moduleOf(f, 'c').position = { x: 500, y: 500 };
    });
    const diff = diffFlows(base(), after);
    expect(entry(diff, 'a')).toMatchObject({ status: 'unchanged', name: 'Draft reply', previousName: 'a', edits: ['name'] });
    expect(entry(diff, 'c')).toMatchObject({ status: 'unchanged', edits: ['position'] });
    expect(entry(diff, 'c').previousName).toBeUndefined();
    expect(diff.delta.perMonth).toBe(0);
  });

  it('modules listed in another order are unchanged (numbers equal to within a billionth)', () => {
    const after = edited((f) => f.modules.reverse());
    expect(diffFlows(base(), after).moduleCounts.unchanged).toBe(6);
  });

  it('sorts modules by the size of their change, largest first, removed ones included', () => {
    const after = edited((f) => {
      moduleOf(f, 'c').assumptions = { durationSec: 0.6 }; // small
      f.modules = f.modules.filter((m) => m.id !== 's'); // large: a search and everything behind it
      f.edges = f.edges.filter((e) => e.source !== 's' && e.target !== 's');
    });
    const diff = diffFlows(base(), after);
    const sizes = diff.modules.map((m) => Math.abs(m.delta.credits));
    expect(sizes).toEqual([...sizes].sort((x, y) => y - x));
    expect(diff.modules[0]!.id).toBe('s');
    // Equal deltas keep the flow order: the trigger (unchanged) and the router (free, but it runs no more).
    expect(diff.modules.slice(-2).map((m) => [m.id, m.status])).toEqual([
      ['t', 'unchanged'],
      ['r', 'changed'],
    ]);
  });
});

describe('diffFlows: the percent change of credits per month', () => {
  const empty = flowOf([], []);
  it('is null when the old flow costs nothing and the new one does; 0 when neither costs anything', () => {
    expect(diffFlows(empty, base()).delta.percent).toBeNull();
    expect(diffFlows(empty, empty).delta.percent).toBe(0);
    expect(diffFlows(base(), empty).delta.percent).toBe(-100);
  });
  it('percentChange is the change in percent of the old value', () => {
    expect(percentChange(200, 250)).toBe(25);
    expect(percentChange(200, 100)).toBe(-50);
    expect(percentChange(0, 1)).toBeNull();
    expect(percentChange(0, 0)).toBe(0);
  });
});

describe('diffFlows: costs given by the caller and scenarios', () => {
  it('uses the costs given instead of pricing again, with the same result', () => {
    const after = edited((f) => (moduleOf(f, 'a').assumptions = { durationSec: 12 }));
    const given = diffFlows(base(), after, { beforeCost: priceFlow(base()), afterCost: priceFlow(after) });
    expect(given).toEqual(diffFlows(base(), after));
  });
  it('compares the base flow with a scenario of it', () => {
    const flow = base();
    const scenario = { id: 's1', name: 'Busy', overrides: { runsPerMonth: 5000, modules: { a: { durationSec: 8 } } } };
    const diff = diffFlows(flow, applyScenario(flow, scenario));
    expect(statusOf(diff).a).toBe('changed');
    expect(diff.assumptionsChanged).toBe(2);
    expect(diff.after.runsPerMonth).toBe(5000);
  });
});

describe('sameNumber and sameValue', () => {
  it('sameNumber allows a billionth of the size, never more', () => {
    expect(sameNumber(1e6, 1e6 + 1e-4)).toBe(true);
    expect(sameNumber(1e6, 1e6 + 1e-2)).toBe(false);
    expect(sameNumber(0, 1e-10)).toBe(true);
    expect(sameNumber(0, 1e-6)).toBe(false);
  });
  it('sameValue compares JSON values deeply, key order and undefined keys aside', () => {
    expect(sameValue({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toBe(true);
    expect(sameValue({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameValue({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(sameValue({ min: 1, likely: 2, max: 3 }, 2)).toBe(false);
    expect(sameValue([], {})).toBe(false);
  });
});
