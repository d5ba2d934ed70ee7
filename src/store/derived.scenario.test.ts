import { describe, expect, it } from 'vitest';
import { createEditorStore } from './editor';
import { createDerived, scenarioPassRate } from './derived';
import { createFlowChecker } from '../cost/check';
import { parseFlow } from '../io/parse';
import { exampleFile } from '../io/testing/exampleFlow';
import type { Flow } from '../model/types';

/**
 * The example flow (flow-format.md) with a second route out of the exclusive router m2 (50 %,
 * beside e2's 40 %), and a scenario "Trade show" that puts e2 at 100 %: 150 % in that scenario only.
 */
function tradeShowFlow(): Flow {
  const f = exampleFile();
  f.version = 2;
  f.modules.push({ id: 'm6', type: 'action', name: 'Notify sales', position: { x: 200, y: 320 } });
  f.edges.push({ id: 'e5', source: 'm2', target: 'm6', route: { priority: 2, passRate: 0.5, fallback: false } });
  (f as { scenarios?: unknown }).scenarios = [{ id: 's1', name: 'Trade show', overrides: { edges: { e2: { passRate: 1 } } } }];
  const parsed = parseFlow(JSON.stringify(f));
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
  return parsed.value;
}

describe('the problems the app shows are those of the flow being looked at (issue 18 item 12)', () => {
  it('a scenario whose exclusive routes sum to 150 % is a problem while it is active, naming it, and not on the base flow', () => {
    const store = createEditorStore(tradeShowFlow());
    const derived = createDerived({ flowChecker: createFlowChecker });
    const errors = () => derived.selectProblems(store.getState()).filter((p) => p.severity === 'error');
    expect(errors()).toEqual([]);

    store.getState().setActiveScenario('s1');
    const over = errors().find((p) => p.code === 'routes-exceed-100');
    expect(over).toMatchObject({ moduleId: 'm2', scenario: 's1' });
    expect(over!.message).toMatch(/^Scenario 'Trade show': Router 'By country': routes share 150 %/);
    expect(derived.selectModuleProblems(store.getState(), 'm2')).toContainEqual(over);

    // back on the base flow: no problem again (the cache is keyed on the scenario too)
    store.getState().setActiveScenario(null);
    expect(errors()).toEqual([]);
  });

  it('the pass rate a route label shows is the active scenario’s', () => {
    const store = createEditorStore(tradeShowFlow());
    expect(scenarioPassRate(store.getState(), 'e2')).toBeUndefined();
    store.getState().setActiveScenario('s1');
    expect(scenarioPassRate(store.getState(), 'e2')).toBe(1);
    expect(scenarioPassRate(store.getState(), 'e5')).toBeUndefined();
  });
});
