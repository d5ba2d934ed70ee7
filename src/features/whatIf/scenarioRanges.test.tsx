// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { chain, flowOf } from '../../model/testing/flowOf';
import { applyScenario } from '../../model/scenario';
import type { Flow } from '../../model/types';
import { parseFlow } from '../../io/parse';
import { serializeFlow } from '../../io/serialize';
import { simulate } from '../../cost/simulate';
import { typeAndEnter } from './panelTestUtils';
import { renderWithEditor, testEditor, type TestEditor } from '../../editor/testing';
import type { ReactElement } from 'react';
import { ScenarioPanel } from './ScenarioPanel';

/** Each test loads its flow into a fresh editor (no scenario shown, nothing selected). */
let editor: TestEditor;
const state = () => editor.store.getState();
function load(flow: Flow): void {
  editor = testEditor({ flow });
}
const render = (ui: ReactElement) => renderWithEditor(ui, editor);

afterEach(() => {
  cleanup();
});

const loopFlow = (): Flow =>
  flowOf(
    [
      ['t', 'trigger', { payloadKB: 0 }],
      ['loop', 'iterator', { iterations: 10 }],
      ['a', 'ai_agent', { durationSec: 2, payloadKB: 4, extraCredits: 1 }],
      ['agg', 'aggregator', {}, { iteratorId: 'loop' }],
      ['z', 'action', { durationSec: 1, payloadKB: 2 }],
    ],
    [...chain('t', 'loop'), { id: 'f', source: 'loop', target: 'a', filter: { mode: 'break', passRate: 0.9 } }, ...chain('a', 'agg', 'z')],
    { runsPerMonth: 1000 },
  );

/** Sets the three parts of a range field and commits. */
function typeRange(name: string, min: string, likely: string, max: string) {
  fireEvent.change(screen.getByTestId(`field-${name}-min`), { target: { value: min } });
  fireEvent.change(screen.getByTestId(`field-${name}-likely`), { target: { value: likely } });
  typeAndEnter(screen.getByTestId(`field-${name}-max`), max);
}

describe('ScenarioPanel: overrides as ranges', () => {
  it('a module assumption, a pass rate and runs per month can each be a range (min / likely / max)', () => {
    load(loopFlow());
    render(<ScenarioPanel />);
    fireEvent.click(screen.getByTestId('scenario-add'));
    const id = state().flow.scenarios![0]!.id;
    const overrides = () => state().flow.scenarios![0]!.overrides;

    fireEvent.change(screen.getByTestId(`scenario-module-${id}`), { target: { value: 'loop' } });
    typeAndEnter(screen.getByTestId(`scenario-module-value-${id}`), '200');
    expect(overrides().modules).toEqual({ loop: { iterations: 200 } });
    fireEvent.click(screen.getByTestId(`field-scenario-module-value-${id}-range-toggle`));
    expect(typeof overrides().modules!.loop!.iterations).toBe('object');
    typeRange(`scenario-module-value-${id}`, '50', '200', '800');
    expect(overrides().modules).toEqual({ loop: { iterations: { min: 50, likely: 200, max: 800 } } });
    expect(screen.getAllByTestId('scenario-override').some((chip) => chip.textContent!.includes('50–200–800'))).toBe(true);

    fireEvent.change(screen.getByTestId(`scenario-edge-${id}`), { target: { value: 'f' } });
    fireEvent.click(screen.getByTestId(`field-scenario-edge-value-${id}-range-toggle`));
    typeRange(`scenario-edge-value-${id}`, '20', '50%', '90 %');
    expect(overrides().edges).toEqual({ f: { passRate: { min: 0.2, likely: 0.5, max: 0.9 } } });

    fireEvent.change(screen.getByLabelText('How to enter runs per month'), { target: { value: 'value' } });
    fireEvent.click(screen.getByTestId(`field-scenario-runs-${id}-range-toggle`));
    typeRange(`scenario-runs-${id}`, '500', '1000', '5000');
    expect(overrides().runsPerMonth).toEqual({ min: 500, likely: 1000, max: 5000 });
  });

  it('refuses a disordered range and keeps the saved value', () => {
    load(loopFlow());
    render(<ScenarioPanel />);
    fireEvent.click(screen.getByTestId('scenario-add'));
    const id = state().flow.scenarios![0]!.id;
    fireEvent.change(screen.getByTestId(`scenario-module-${id}`), { target: { value: 'loop' } });
    fireEvent.click(screen.getByTestId(`field-scenario-module-value-${id}-range-toggle`));
    const saved = state().flow.scenarios![0]!.overrides.modules!.loop!.iterations;
    typeRange(`scenario-module-value-${id}`, '900', '200', '800');
    expect(screen.getByTestId('field-error')).toBeTruthy();
    expect(state().flow.scenarios![0]!.overrides.modules!.loop!.iterations).toEqual(saved);
  });
});

describe('a scenario with range overrides', () => {
  const withScenario = (): Flow => ({
    ...loopFlow(),
    version: 2,
    scenarios: [
      {
        id: 's1',
        name: 'Big lists',
        overrides: {
          runsPerMonth: { min: 500, likely: 1000, max: 5000 },
          modules: { loop: { iterations: { min: 50, likely: 200, max: 800 } } },
          edges: { f: { passRate: { min: 0.2, likely: 0.5, max: 0.9 } } },
        },
      },
    ],
  });

  it('spreads the simulated runs of that scenario: P90 above P50 (the base flow has none)', () => {
    const flow = withScenario();
    const base = simulate(flow, { samples: 2000, seed: 1 });
    const scenario = simulate(applyScenario(flow, flow.scenarios![0]), { samples: 2000, seed: 1 });
    expect(scenario.p90).toBeGreaterThan(scenario.p50 * 1.2);
    expect(scenario.perMonth.p90).toBeGreaterThan(scenario.perMonth.p50);
    expect(scenario.mean).toBeGreaterThan(base.mean * 5);
  });

  it('keeps its file byte for byte through open and save', () => {
    const text = serializeFlow(withScenario());
    const parsed = parseFlow(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.scenarios![0]!.overrides.modules!.loop!.iterations).toEqual({ min: 50, likely: 200, max: 800 });
    expect(serializeFlow(parsed.value)).toBe(text);
  });
});
