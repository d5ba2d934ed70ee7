// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor } from '@testing-library/react';
import { renderWithEditor, testEditor, type TestEditor } from '../../editor/testing';
import { exampleFile } from '../../io/testing/exampleFlow';
import type { Flow } from '../../model/types';
import { SimulationPanel } from './SimulationPanel';
import { BudgetPanel } from './BudgetPanel';
import { CanvasBands } from './CanvasBands';
import { ScenarioComparison } from './ScenarioPanel';
import { nestedLoopsFlow } from '../../cost/testing/nestedLoops';

/**
 * The example flow with extra credits up to 1e200 on m4, past the reader's caps as a flow built in
 * code may be: the simulated runs overflow and the engine refuses them with the overflow problem.
 */
function overflowing(): Flow {
  const flow = exampleFile() as unknown as Flow;
  flow.version = 2;
  (flow.modules[3]!.assumptions as Record<string, unknown>).extraCredits = { min: 0, likely: 1, max: 1e200 };
  return flow;
}
const MESSAGE = /Search 'Find company': the extra credits \(1e\+200\) make its credits too large to compute/;

let editor: TestEditor;
afterEach(() => {
  cleanup();
  editor.dispose();
});

describe('a result too large for a number in the what-if panels (issue 18 item 8)', () => {
  it('shows the engine’s refusal, never ∞, "—", NaN or a TypeError, and stops "simulating…"', async () => {
    editor = testEditor({ flow: overflowing() });
    editor.whatIf.setState({ samples: 200, seed: 1 });
    const { container } = renderWithEditor(
      <>
        <CanvasBands />
        <SimulationPanel />
        <BudgetPanel />
      </>,
      editor,
    );
    // The runs settle in their own time (the engine loads on first use, the panels and the bands
    // ask after their own delays): wait until the client has refused, then look at what shows.
    await waitFor(() => {
      // the canvas bands are told the run was refused, so no module stays "simulating…"
      expect(editor.bands.getState().refused).toMatch(MESSAGE);
      expect(container.textContent).toMatch(MESSAGE);
      // the refused run is not asked for again: the client stays at its refusal
      expect(editor.simulation().getState().status).toBe('error');
      expect(screen.queryByText(/simulating…/)).toBeNull();
    });
    expect(container.textContent).not.toMatch(/∞|NaN|TypeError|Cannot read|—/);
  });
});

describe('a point price too large for a number in the scenario comparison (issue 18 item 8)', () => {
  it('shows the overflow problem of the engine, never ∞ or "—"', () => {
    const flow = nestedLoopsFlow(60, 1e6);
    flow.scenarios = [{ id: 's1', name: 'Fewer runs', overrides: { runsPerMonth: 5 } }];
    editor = testEditor({ flow });
    const { container } = renderWithEditor(<ScenarioComparison flow={flow} />, editor);
    expect(screen.getByTestId('scenario-compare-overflow').textContent).toMatch(/Iterator 'Loop 52': the iterations \(1,000,000\)/);
    expect(container.textContent).not.toMatch(/∞|NaN|—/);
  });
});
