import { describe, expect, it } from 'vitest';
import type { Flow, Scenario } from '../model/types';
import { parseFlow } from '../io/parse';
import { exampleFile } from '../io/testing/exampleFlow';
import { checkFlow } from './check';
import { trySimulate } from './simulate';
import { nestedLoopsFlow } from './testing/nestedLoops';

/** The example file (flow-format.md) as a version 2 flow, changed by `change`. */
function example(change: (f: ReturnType<typeof exampleFile>) => void = () => {}): Flow {
  const f = exampleFile();
  f.version = 2;
  change(f);
  const parsed = parseFlow(JSON.stringify(f));
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
  return parsed.value;
}


/** The example with a second route out of the exclusive router m2 (share 50 %), beside e2 (40 %). */
function twoRoutes(f: ReturnType<typeof exampleFile>): void {
  f.modules.push({ id: 'm6', type: 'action', name: 'Notify sales', position: { x: 200, y: 320 } });
  f.edges.push({ id: 'e5', source: 'm2', target: 'm6', route: { priority: 2, passRate: 0.5, fallback: false } });
}

const tradeShow: Scenario = { id: 's1', name: 'Trade show', overrides: { edges: { e2: { passRate: 1 } } } };

describe('checkFlow: the problems of the flow the user is looking at', () => {
  it('a figure too large for a number is a problem on the module, naming the assumption (issue 18 item 8)', () => {
    const problems = checkFlow(nestedLoopsFlow(60, 1e6));
    expect(problems).toContainEqual(
      expect.objectContaining({ severity: 'error', code: 'overflow', moduleId: 'it52', field: 'assumptions.iterations' }),
    );
    expect(problems.find((p) => p.code === 'overflow')!.message).toMatch(/^Iterator 'Loop 52': the iterations \(1,000,000\)/);
    expect(checkFlow(nestedLoopsFlow(60, 10)).some((p) => p.code === 'overflow')).toBe(false);
  });

  it("a scenario that makes an exclusive router's routes sum to 150 % is a problem of that scenario, named in its message (issue 18 item 12)", () => {
    const flow = example(twoRoutes);
    expect(checkFlow(flow).filter((p) => p.severity === 'error')).toEqual([]);
    const problems = checkFlow(flow, tradeShow);
    const over = problems.find((p) => p.code === 'routes-exceed-100');
    expect(over).toMatchObject({ moduleId: 'm2', scenario: 's1' });
    expect(over!.message).toMatch(/^Scenario 'Trade show': Router 'By country': routes share 150 %/);
  });

  it("names the scenario in the problems it brings, not in the base flow's own", () => {
    // the base flow has an unreachable module; the scenario leaves it so
    const flow = example((f) => {
      twoRoutes(f);
      f.modules.push({ id: 'm7', type: 'code', name: 'Orphan', position: { x: 400, y: 0 } });
    });
    const problems = checkFlow(flow, tradeShow);
    expect(problems.find((p) => p.code === 'unreachable')).toMatchObject({ moduleId: 'm7' });
    expect(problems.find((p) => p.code === 'unreachable')!.scenario).toBeUndefined();
    expect(problems.find((p) => p.code === 'unreachable')!.message).not.toMatch(/Scenario/);
  });

  it('an overflow only the scenario brings names the scenario', () => {
    const flow = nestedLoopsFlow(60, 10);
    const scenario: Scenario = {
      id: 's2',
      name: 'Huge',
      overrides: { modules: Object.fromEntries(flow.modules.filter((m) => m.type === 'iterator').map((m) => [m.id, { iterations: 1e6 }])) },
    };
    const problem = checkFlow(flow, scenario).find((p) => p.code === 'overflow');
    expect(problem).toMatchObject({ moduleId: 'it52', scenario: 's2', field: 'assumptions.iterations' });
    expect(problem!.message).toMatch(/^Scenario 'Huge': Iterator 'Loop 52'/);
  });
});

describe('simulated runs that leave the numbers', () => {
  it('are refused as a value with the problem (code overflow) on the module and range, not a result with ∞ (issue 18 item 11)', () => {
    // Past the reader's caps (model/fieldRules.ts), as a flow built in code may be: the engine refuses it all the same.
    const flow = exampleFile() as unknown as Flow;
    (flow.modules[3]!.assumptions as Record<string, unknown>).extraCredits = { min: 0, likely: 1, max: 1e200 };
    const outcome = trySimulate(flow, { samples: 500, seed: 1 });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.code).toBe('overflow');
    expect(outcome.error.problem).toMatchObject({ code: 'overflow', moduleId: 'm4', field: 'assumptions.extraCredits' });
  });
});
