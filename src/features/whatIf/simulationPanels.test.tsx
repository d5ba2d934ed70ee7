// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { chain, flowOf } from '../../model/testing/flowOf';
import { numberIn, typeAndEnter } from './panelTestUtils';
import { renderWithEditor, testEditor, type TestEditor } from '../../editor/testing';
import type { Flow } from '../../model/types';
import type { ReactElement } from 'react';
import { priceFlow } from '../../cost/price';
import { BudgetPanel } from './BudgetPanel';
import { SimulationPanel } from './SimulationPanel';

/** Each test loads its flow into a fresh editor (no scenario shown, nothing selected). */
let editor: TestEditor;
const state = () => editor.store.getState();
function load(flow: Flow): void {
  editor = testEditor({ flow });
  editor.whatIf.setState({ samples: 2000, seed: 1 });
}
const render = (ui: ReactElement) => renderWithEditor(ui, editor);


afterEach(() => {
  cleanup();
  editor.dispose();
});

describe('BudgetPanel', () => {
  const flow = () => flowOf([['t', 'trigger'], ['a', 'ai_agent']], chain('t', 'a'), { runsPerMonth: 1000 });

  it('saves the budget in the flow and warns when the month is over it', async () => {
    load(flow());
    render(<BudgetPanel />);
    const month = priceFlow(flow()).perMonth;
    typeAndEnter(screen.getByTestId('budget-amount'), String(Math.round(month / 2)));
    expect(state().flow.settings.budget).toEqual({ amount: Math.round(month / 2), unit: 'credits' });
    const warning = await screen.findByTestId('budget-warning');
    expect(warning.getAttribute('data-level')).toBe('over');
    expect(numberIn('budget-share-p50')).toBeGreaterThan(1);
    // Half the month's cost lasts half the month: a date mid-month, P50 and P90 in the same words (issue 18 §25).
    expect(screen.getByTestId('budget-runout').textContent).toMatch(/^(1[4-6]) [A-Z][a-z]{2}$/);
    expect(screen.getByTestId('budget-month').textContent).toMatch(/runs out around 1[4-6] [A-Z][a-z]{2} \(P50\), 1[4-6] [A-Z][a-z]{2} \(P90\)/);
  });

  it('shows no warning for a budget the month fits in, and reads dollars', async () => {
    load(flow());
    render(<BudgetPanel />);
    const month = priceFlow(flow()).perMonth;
    typeAndEnter(screen.getByTestId('budget-amount'), String(Math.ceil(month * 2)));
    await waitFor(() => expect(numberIn('budget-share-p50')).toBeCloseTo(month / Math.ceil(month * 2), 2));
    expect(screen.queryByTestId('budget-warning')).toBeNull();
    fireEvent.change(screen.getByTestId('budget-unit'), { target: { value: 'dollars' } });
    expect(state().flow.settings.budget!.unit).toBe('dollars');
    // The same amount in dollars is 1 / 0.003 times more credits.
    await waitFor(() => expect(numberIn('budget-share-p50')).toBeLessThan(0.01));
  });

  it('reads the budget with the one number reader: "600,000" is 600000, "1,5" and "0x10" are refused (issue 18 items 10, 17)', () => {
    load(flow());
    render(<BudgetPanel />);
    typeAndEnter(screen.getByTestId('budget-amount'), '600,000');
    expect(state().flow.settings.budget).toEqual({ amount: 600_000, unit: 'credits' });
    typeAndEnter(screen.getByTestId('budget-amount'), '1,5');
    expect(screen.getByRole('alert').textContent).toContain('ambiguous');
    typeAndEnter(screen.getByTestId('budget-amount'), '0x10');
    expect(screen.getByRole('alert').textContent).toContain('not a decimal number');
    expect(state().flow.settings.budget).toEqual({ amount: 600_000, unit: 'credits' });
  });

  it('says why a budget above the cap is refused, keeping what was typed (it reverted silently)', () => {
    load(flow());
    render(<BudgetPanel />);
    typeAndEnter(screen.getByTestId('budget-amount'), '600,000');
    typeAndEnter(screen.getByTestId('budget-amount'), '9,000,000,000,000,000');
    expect(screen.getByRole('alert').textContent).toContain('at most 1,000,000,000,000,000');
    expect((screen.getByTestId('budget-amount') as HTMLInputElement).value).toBe('9,000,000,000,000,000');
    expect(state().flow.settings.budget).toEqual({ amount: 600_000, unit: 'credits' });
  });

  it('refuses a budget of 0 with a message and keeps the flow', () => {
    load(flow());
    render(<BudgetPanel />);
    typeAndEnter(screen.getByTestId('budget-amount'), '0');
    expect(screen.getByRole('alert').textContent).toMatch(/above 0/);
    expect(state().flow.settings.budget).toBeUndefined();
  });
});

describe('SimulationPanel', () => {
  it('simulates the flow after an edit and shows P90 above P50 for a range', async () => {
    load(
      flowOf([['t', 'trigger'], ['a', 'ai_agent', { extraCredits: { min: 0, likely: 1, max: 20 } }]], chain('t', 'a'), {
        runsPerMonth: 1000,
      }),
    );
    render(<SimulationPanel />);
    await waitFor(() => expect(screen.getByTestId('sim-status').textContent).toBe('up to date'), { timeout: 5000 });
    expect(numberIn('sim-p90')).toBeGreaterThan(numberIn('sim-p50'));
    expect(numberIn('sim-p99')).toBeGreaterThanOrEqual(numberIn('sim-p90'));
    expect(screen.getByTestId('sim-histogram')).toBeTruthy();
    expect(screen.getByTestId('sim-mean').textContent).toMatch(/±/);
  });

  it('lists the costliest modules by simulated mean with their P90; a click selects the module', async () => {
    load(
      flowOf(
        [
          ['t', 'trigger'],
          ['cheap', 'action', { durationSec: 1 }],
          ['dear', 'ai_agent', { extraCredits: { min: 2, likely: 5, max: 30 } }],
        ],
        chain('t', 'cheap', 'dear'),
      ),
    );
    render(<SimulationPanel />);
    await waitFor(() => expect(screen.getByTestId('sim-status').textContent).toBe('up to date'), { timeout: 5000 });
    const rows = screen.getAllByTestId('sim-module');
    // Costliest first: the ranged agent, then the action, then the trigger (its payload credits only).
    expect(rows.map((r) => r.getAttribute('data-module-id'))).toEqual(['dear', 'cheap', 't']);
    const mean = (i: number) => Number(rows[i]!.querySelector('[data-testid="sim-module-mean"]')!.getAttribute('data-value'));
    const p90 = (i: number) => Number(rows[i]!.querySelector('[data-testid="sim-module-p90"]')!.getAttribute('data-value'));
    // The cheap action draws nothing: every run costs its point estimate.
    const point = priceFlow(state().flow).byId.get('cheap')!.credits;
    expect(mean(1)).toBeCloseTo(point, 9);
    expect(p90(1)).toBeCloseTo(point, 6);
    // The agent's extra credits are skewed up to 30: its P90 is above its mean.
    expect(p90(0)).toBeGreaterThan(mean(0));
    fireEvent.click(rows[0]!.querySelector('button')!);
    expect(state().selection.modules).toEqual(['dear']);
  });

  it('re-runs with another seed', async () => {
    load(flowOf([['t', 'trigger'], ['a', 'ai_agent', { extraCredits: { min: 0, likely: 1, max: 20 } }]], chain('t', 'a')));
    render(<SimulationPanel />);
    await waitFor(() => expect(screen.getByTestId('sim-status').textContent).toBe('up to date'), { timeout: 5000 });
    const first = numberIn('sim-mean');
    typeAndEnter(screen.getByTestId('sim-seed'), '2');
    await waitFor(() => expect(numberIn('sim-mean')).not.toBe(first), { timeout: 5000 });
  });
});

