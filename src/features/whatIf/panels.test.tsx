// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { chain, flowOf } from '../../model/testing/flowOf';
import { numberIn, typeAndEnter } from './panelTestUtils';
import { renderWithEditor, testEditor, type TestEditor } from '../../editor/testing';
import type { Flow } from '../../model/types';
import type { ReactElement } from 'react';
import { LINT_AT_ONCE_UP_TO, LintPanel } from './LintPanel';
import { ScenarioPanel } from './ScenarioPanel';
import { TornadoChart } from './TornadoChart';
import { HeatmapLegend } from '../../ui/HeatmapLegend';
import { HEAT_STOPS } from '../../ui/heat';

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

describe('TornadoChart', () => {
  it('draws the largest swing first and selects the module of a clicked bar', async () => {
    load(
      flowOf(
        [
          ['t', 'trigger'],
          ['small', 'ai_agent', { extraCredits: { min: 0, likely: 1, max: 2 } }],
          ['big', 'ai_agent', { extraCredits: { min: 0, likely: 1, max: 40 } }],
        ],
        chain('t', 'small', 'big'),
        { runsPerMonth: { min: 1000, likely: 1000, max: 1000 } },
      ),
    );
    render(<TornadoChart />);
    const bars = await screen.findAllByTestId('tornado-bar');
    expect(bars[0]!.getAttribute('data-module-id')).toBe('big');
    fireEvent.click(bars[0]!);
    expect(state().selection).toEqual({ modules: ['big'], edges: [] });
  });

  it('selects the edge of a pass-rate bar', async () => {
    load(
      flowOf(
        [
          ['t', 'trigger'],
          ['a', 'action'],
          ['b', 'ai_agent', { extraCredits: 50 }],
        ],
        [
          { source: 't', target: 'a' },
          { id: 'f', source: 'a', target: 'b', filter: { mode: 'break', passRate: 0.5 } },
        ],
        { runsPerMonth: { min: 10, likely: 10, max: 10 } },
      ),
    );
    render(<TornadoChart />);
    const bar = (await screen.findAllByTestId('tornado-bar')).find((b) => b.getAttribute('data-edge-id') === 'f')!;
    fireEvent.keyDown(bar, { key: 'Enter' });
    expect(state().selection).toEqual({ modules: [], edges: ['f'] });
  });
});

describe('LintPanel', () => {
  it('lists a finding with its savings and selects its module on click', () => {
    load(flowOf([['t', 'trigger'], ['call', 'invoke', { payloadKB: 5000 }]], chain('t', 'call')));
    render(<LintPanel />);
    const finding = screen.getByTestId('lint-finding');
    expect(finding.getAttribute('data-rule')).toBe('large-payload');
    expect(Number(screen.getByTestId('lint-savings').getAttribute('data-value'))).toBeGreaterThan(0);
    fireEvent.click(finding);
    expect(state().selection.modules).toEqual(['call']);
  });

  it('a larger flow is linted after the panel has painted: first a note, then its findings', async () => {
    const ids = Array.from({ length: LINT_AT_ONCE_UP_TO + 1 }, (_, i) => `a${i}`);
    load(
      flowOf(
        [['t', 'trigger'], ...ids.map((id): [string, 'action'] => [id, 'action']), ['call', 'invoke', { payloadKB: 5000 }]],
        chain('t', ...ids, 'call'),
      ),
    );
    render(<LintPanel />);
    expect(screen.getByTestId('lint-pending')).toBeTruthy();
    expect(screen.queryByTestId('lint-finding')).toBeNull();
    const finding = await screen.findByTestId('lint-finding', {}, { timeout: 10_000 });
    expect(finding.getAttribute('data-rule')).toBe('large-payload');
    expect(screen.queryByTestId('lint-pending')).toBeNull();
  });

  it('says so when nothing is costly', () => {
    load(flowOf([['t', 'trigger'], ['a', 'action']], chain('t', 'a')));
    render(<LintPanel />);
    expect(screen.queryByTestId('lint-finding')).toBeNull();
    expect(screen.getByText(/No costly patterns/)).toBeTruthy();
  });
});

describe('ScenarioPanel', () => {
  it('creates a scenario, sets runs ×5 and compares it with the base; the switch shows it on the canvas', () => {
    load(flowOf([['t', 'trigger'], ['a', 'ai_agent']], chain('t', 'a'), { runsPerMonth: 1000 }));
    render(<ScenarioPanel />);
    typeAndEnter(screen.getByTestId('scenario-new-name'), 'Black Friday');
    const scenario = state().flow.scenarios![0]!;
    expect(scenario.name).toBe('Black Friday');
    typeAndEnter(screen.getByTestId(`scenario-runs-${scenario.id}`), '5');
    expect(state().flow.scenarios![0]!.overrides.runsPerMonth).toBe(5000);
    expect(numberIn(`compare-month-${scenario.id}`)).toBeCloseTo(5 * numberIn('compare-month-base'), 6);
    expect(numberIn(`compare-run-${scenario.id}`)).toBeCloseTo(numberIn('compare-run-base'), 9);
    fireEvent.click(screen.getByTestId(`scenario-show-${scenario.id}`));
    expect(state().ui.activeScenarioId).toBe(scenario.id);
  });

  it('overrides a module assumption, shows the per-module delta, renames and deletes', () => {
    load(
      flowOf(
        [
          ['t', 'trigger'],
          ['loop', 'iterator', { iterations: 10 }],
          ['a', 'ai_agent'],
          ['agg', 'aggregator', {}, { iteratorId: 'loop' }],
        ],
        chain('t', 'loop', 'a', 'agg'),
      ),
    );
    render(<ScenarioPanel />);
    fireEvent.click(screen.getByTestId('scenario-add'));
    const id = state().flow.scenarios![0]!.id;
    fireEvent.change(screen.getByTestId(`scenario-module-${id}`), { target: { value: 'loop' } });
    typeAndEnter(screen.getByTestId(`scenario-module-value-${id}`), '200');
    expect(state().flow.scenarios![0]!.overrides.modules).toEqual({ loop: { iterations: 200 } });
    const row = screen.getByTestId('compare-module-a');
    expect(row.textContent).toMatch(/\+/);
    expect(numberIn(`compare-run-${id}`)).toBeGreaterThan(numberIn('compare-run-base') * 15);

    const name = screen.getByTestId(`scenario-name-${id}`);
    typeAndEnter(name, 'Big lists');
    expect(state().flow.scenarios![0]!.name).toBe('Big lists');
    fireEvent.click(screen.getByTestId(`scenario-delete-${id}`));
    expect(state().flow.scenarios).toBeUndefined();
    expect(screen.queryByTestId('scenario-compare')).toBeNull();
  });
});

describe('HeatmapLegend', () => {
  it('shows every stop of the scale', () => {
    render(<HeatmapLegend />);
    for (const stop of HEAT_STOPS) expect(screen.getByText(stop.label)).toBeTruthy();
  });
});
