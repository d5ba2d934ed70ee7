/** Issue 18 item 13: a second aggregator after an inner one closes the outer loop, not the inner one again. */
import { describe, expect, it } from 'vitest';
import { emptyFlow } from './editor';
import { connect } from './operations';
import { addModule } from './moduleRecipes';
import { priceFlow } from '../cost/price';
import { validateFlow } from '../model/validate';
import type { Flow } from '../model/types';

/** Trigger m1 → outer iterator m2 (10 items) → inner iterator m3 (10 items) → action m4 → aggregator m5 → aggregator m6 → action m7. */
function nested(): Flow {
  const flow = emptyFlow('Nested');
  addModule(flow, 'trigger', { x: 0, y: 0 });
  addModule(flow, 'iterator', { x: 0, y: 100 });
  addModule(flow, 'iterator', { x: 0, y: 200 });
  addModule(flow, 'action', { x: 0, y: 300 });
  addModule(flow, 'aggregator', { x: 0, y: 400 });
  addModule(flow, 'aggregator', { x: 0, y: 500 });
  addModule(flow, 'action', { x: 0, y: 600 });
  for (const id of ['m2', 'm3']) flow.modules.find((m) => m.id === id)!.assumptions = { iterations: 10 };
  for (const [a, b] of [['m1', 'm2'], ['m2', 'm3'], ['m3', 'm4'], ['m4', 'm5'], ['m5', 'm6'], ['m6', 'm7']] as const) {
    expect(connect(flow, a, b).ok).toBe(true);
  }
  return flow;
}

const iteratorOf = (flow: Flow, id: string) => {
  const m = flow.modules.find((x) => x.id === id)!;
  return m.type === 'aggregator' ? m.config.iteratorId : undefined;
};

describe('connecting nested aggregators', () => {
  it('pairs each with the innermost loop still open: the first closes the inner loop, the second the outer', () => {
    const flow = nested();
    expect(iteratorOf(flow, 'm5')).toBe('m3');
    expect(iteratorOf(flow, 'm6')).toBe('m2');
  });

  it('so the flow is valid and what follows the second aggregator runs once per run, not ×10', () => {
    const flow = nested();
    expect(validateFlow(flow).filter((p) => p.severity === 'error')).toEqual([]);
    const cost = priceFlow(flow);
    expect(cost.byId.get('m4')!.executions).toBe(100);
    expect(cost.byId.get('m5')!.executions).toBe(10);
    expect(cost.byId.get('m6')!.executions).toBe(1);
    expect(cost.byId.get('m7')!.executions).toBe(1);
  });

  it('pairs an aggregator of a flow being built (no trigger yet) the same way', () => {
    const flow = emptyFlow('No trigger');
    addModule(flow, 'iterator', { x: 0, y: 0 }); // m1
    addModule(flow, 'iterator', { x: 0, y: 100 }); // m2
    addModule(flow, 'aggregator', { x: 0, y: 200 }); // m3
    addModule(flow, 'aggregator', { x: 0, y: 300 }); // m4
    for (const [a, b] of [['m1', 'm2'], ['m2', 'm3'], ['m3', 'm4']] as const) connect(flow, a, b);
    expect(iteratorOf(flow, 'm3')).toBe('m2');
    expect(iteratorOf(flow, 'm4')).toBe('m1');
  });
});

describe('connecting nested aggregators in any order', () => {
  it('pairs aggregators connected before the loops above them, as if built top-down (they stayed unpaired, everything after ×100)', () => {
    const flow = emptyFlow('Bottom up');
    for (const [i, type] of (['trigger', 'iterator', 'iterator', 'action', 'aggregator', 'aggregator', 'action'] as const).entries()) {
      addModule(flow, type, { x: 0, y: i * 100 });
    }
    for (const id of ['m2', 'm3']) flow.modules.find((m) => m.id === id)!.assumptions = { iterations: 10 };
    for (const [a, b] of [['m6', 'm7'], ['m5', 'm6'], ['m4', 'm5'], ['m3', 'm4'], ['m2', 'm3'], ['m1', 'm2']] as const) {
      expect(connect(flow, a, b).ok).toBe(true);
    }
    expect(iteratorOf(flow, 'm5')).toBe('m3');
    expect(iteratorOf(flow, 'm6')).toBe('m2');
    expect(validateFlow(flow).filter((p) => p.severity === 'error')).toEqual([]);
    expect(priceFlow(flow).byId.get('m7')!.executions).toBe(1);
  });

  it('pairs three nested loops connected in the middle first', () => {
    const flow = emptyFlow('Middle first');
    for (const [i, type] of (['trigger', 'iterator', 'iterator', 'iterator', 'aggregator', 'aggregator', 'aggregator', 'action'] as const).entries()) {
      addModule(flow, type, { x: 0, y: i * 100 });
    }
    for (const [a, b] of [['m1', 'm2'], ['m4', 'm5'], ['m5', 'm6'], ['m6', 'm7'], ['m7', 'm8'], ['m2', 'm3'], ['m3', 'm4']] as const) {
      expect(connect(flow, a, b).ok).toBe(true);
    }
    expect(['m5', 'm6', 'm7'].map((id) => iteratorOf(flow, id))).toEqual(['m4', 'm3', 'm2']);
  });
});

describe('validation of an aggregator that closes no loop', () => {
  it('reports a second aggregator of a loop already closed, and names the loop open there', () => {
    const flow = nested();
    const second = flow.modules.find((m) => m.id === 'm6')!;
    if (second.type === 'aggregator') second.config.iteratorId = 'm3'; // what the editor used to choose
    const problems = validateFlow(flow).filter((p) => p.code === 'aggregator-closes-no-loop');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ severity: 'error', moduleId: 'm6', field: 'config.iteratorId' });
    expect(problems[0]!.message).toMatch(/closes no loop: the loop of Iterator .* is already closed before it; it is inside the loop of Iterator .*: choose that iterator\./);
  });
});
