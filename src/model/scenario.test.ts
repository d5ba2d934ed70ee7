import { describe, expect, it } from 'vitest';
import { applyScenario, findScenario } from './scenario';
import type { Flow, Scenario } from './types';

function base(): Flow {
  return {
    format: 'creditflow',
    version: 2,
    name: 'f',
    settings: { runsPerMonth: 1000, rateCard: { baseCredits: { code: 2 }, time: { referenceSec: 5 } } },
    modules: [
      { id: 't', type: 'trigger', name: 'T', position: { x: 0, y: 0 } },
      { id: 'i', type: 'iterator', name: 'Each', position: { x: 0, y: 1 }, assumptions: { iterations: 10, payloadKB: 3 } },
      { id: 'a', type: 'action', name: 'A', position: { x: 0, y: 2 } },
    ],
    edges: [
      { id: 'e1', source: 't', target: 'i', filter: { mode: 'break', passRate: 0.9 } },
      { id: 'e2', source: 'i', target: 'a' },
    ],
  };
}

const blackFriday: Scenario = {
  id: 's1',
  name: 'Black Friday',
  overrides: {
    runsPerMonth: 5000,
    modules: { i: { iterations: 200 }, ghost: { retries: 3 } },
    edges: { e1: { passRate: 0.5 }, e2: { passRate: 0.1 }, nope: { passRate: 0 } },
    rateCard: { baseCredits: { search: 3 }, dollarsPerCredit: 0.01 },
  },
};

describe('applyScenario', () => {
  it('applies overrides on a copy, key by key, and leaves the base flow untouched', () => {
    const flow = base();
    const before = JSON.stringify(flow);
    const out = applyScenario(flow, blackFriday);
    expect(JSON.stringify(flow)).toBe(before);
    expect(out.settings.runsPerMonth).toBe(5000);
    expect(out.modules[1]!.assumptions).toEqual({ iterations: 200, payloadKB: 3 });
    expect(out.edges[0]!.filter).toEqual({ mode: 'break', passRate: 0.5 });
    expect(out.settings.rateCard).toEqual({ baseCredits: { code: 2, search: 3 }, time: { referenceSec: 5 }, dollarsPerCredit: 0.01 });
    // Untouched parts are shared, not copied.
    expect(out.modules[0]).toBe(flow.modules[0]);
  });

  it('ignores unknown ids, edges without filter or route, and prototype keys', () => {
    const flow = base();
    const out = applyScenario(flow, blackFriday);
    expect(out.modules).toHaveLength(3);
    expect(out.edges[1]).toBe(flow.edges[1]);
    const sneaky = JSON.parse('{"id":"x","name":"x","overrides":{"modules":{"__proto__":{"retries":9}},"edges":{"constructor":{"passRate":0}}}}');
    const same = applyScenario(flow, sneaky);
    expect(same.modules).toEqual(flow.modules);
    expect(({} as Record<string, unknown>).retries).toBeUndefined();
  });

  it('changes route pass rates, and without a scenario returns the flow itself', () => {
    const flow = base();
    flow.edges[1] = { ...flow.edges[1]!, route: { priority: 1, passRate: 0.3, fallback: false } };
    expect(applyScenario(flow, blackFriday).edges[1]!.route!.passRate).toBe(0.1);
    expect(applyScenario(flow, undefined)).toBe(flow);
  });

  it('finds a scenario by id or name', () => {
    const flow = { ...base(), scenarios: [blackFriday] };
    expect(findScenario(flow, 'Black Friday')).toBe(blackFriday);
    expect(findScenario(flow, 's1')).toBe(blackFriday);
    expect(findScenario(flow, 'x')).toBeUndefined();
  });
});
