// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import { initPersistence, STORAGE_KEY, STORAGE_VERSION } from '../../store/persistence';
import { MemoryStorage } from '../../store/testing/storage';
import { parseFlow } from '../../io/parse';
import { serializeFlow } from '../../io/serialize';
import { chain, flowOf } from '../../model/testing/flowOf';
import { renderWithEditor, testEditor, type TestEditor } from '../../editor/testing';
import { simulate } from '../../cost/simulate';
import { priceFlow } from '../../cost/price';
import { formatCredits } from '../../ui/numbers';
import type { Flow } from '../../model/types';
import { CanvasBands } from '../whatIf/CanvasBands';
import { preloadBudgetState, TopBar } from './TopBar';

let editor: TestEditor;
afterEach(() => {
  cleanup();
  editor.dispose();
});

const SAMPLES = 2000;
const SEED = 4;
/** A simulation answers in well under a second; on a loaded machine it may take several. */
const WAIT = { timeout: 15_000 };
const SLOW = { timeout: 20_000 };
/** A right-skewed range: the likely value is low, the simulated month well above the point figure. */
const skewed = (settings: Flow['settings'] = {}) =>
  flowOf([['t', 'trigger'], ['a', 'ai_agent', { extraCredits: { min: 0, likely: 1, max: 40 } }]], chain('t', 'a'), {
    runsPerMonth: { min: 500, likely: 1000, max: 3000 },
    ...settings,
  });

/** The top bar beside the canvas bands, which run the one shared simulation (as App mounts them). */
function show(flow: Flow) {
  editor = testEditor({ flow });
  editor.whatIf.setState({ samples: SAMPLES, seed: SEED });
  renderWithEditor(
    <>
      <TopBar />
      <CanvasBands />
    </>,
    editor,
  );
}

describe('TopBar totals of a flow with ranges (issue 18 §24)', () => {
  it('shows the simulated month P50–P90 of the shared run beside the point figure, and says what the point figure is', SLOW, async () => {
    const flow = skewed();
    show(flow);
    const range = screen.getByTestId('total-month-range');
    await waitFor(() => expect(range.getAttribute('data-state')).toBe('ready'), WAIT);
    const expected = simulate(editor.store.getState().flow, { samples: SAMPLES, seed: SEED }).perMonth;
    expect(Number(range.getAttribute('data-p50'))).toBe(expected.p50);
    expect(Number(range.getAttribute('data-p90'))).toBe(expected.p90);
    expect(range.textContent).toContain(`${formatCredits(expected.p50)}–${formatCredits(expected.p90)}`);
    // The point figure is still the headline, and says it is every range at its likely value.
    expect(Number(screen.getByTestId('total-month').getAttribute('data-value'))).toBe(priceFlow(flow).perMonth);
    expect(expected.p50).toBeGreaterThan(priceFlow(flow).perMonth);
    const point = screen.getByTestId('total-month-box');
    expect(point.getAttribute('title')).toMatch(/Point estimate: every range at its likely value/);
    expect(point.textContent).toMatch(/point/i);
  });

  it('while the saved flow is reopened (nothing saved yet), says so, never "Saved locally"', () => {
    editor = testEditor({ flow: flowOf([['t', 'trigger']], []) });
    editor.store.getState().setStorageStatus({ state: 'opening' });
    renderWithEditor(<TopBar />, editor);
    const state = screen.getByTestId('save-state');
    expect(state.textContent).toMatch(/Reopening/);
    expect(state.textContent).not.toMatch(/Saved/);
    expect(state.getAttribute('data-state')).toBe('opening');
  });

  it('on a fresh browser (nothing stored: the sample shown) does not claim "Saved locally"; the first edit is saved and then it does', () => {
    vi.useFakeTimers();
    try {
      editor = testEditor({ flow: flowOf([['t', 'trigger']], []) });
      const storage = new MemoryStorage();
      const autosave = initPersistence(editor.store, null, storage, parseFlow);
      renderWithEditor(<TopBar />, editor);
      const state = () => screen.getByTestId('save-state');
      expect(storage.getItem(STORAGE_KEY)).toBeNull();
      expect(state().textContent).not.toMatch(/Saved/);
      expect(state().textContent).toMatch(/Nothing to save yet/);
      expect(state().getAttribute('title')).toMatch(/sample/);
      // Not the check mark of "Saved locally": a neutral icon, since nothing was saved.
      const icon = () => state().querySelector('svg');
      expect(icon()).not.toBeNull();
      expect(icon()!.classList.contains('lucide-check')).toBe(false);
      const unsavedIcon = icon()!.getAttribute('class');
      act(() => editor.store.getState().edit('Rename', (d) => void (d.name = 'Mine')));
      act(() => void vi.advanceTimersByTime(5_000));
      expect(storage.getItem(STORAGE_KEY)).not.toBeNull();
      expect(state().textContent).toMatch(/Saved locally/);
      expect(icon()!.classList.contains('lucide-check')).toBe(true);
      expect(icon()!.getAttribute('class')).not.toBe(unsavedIcon);
      autosave.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('a flow reopened from this browser’s storage is saved there: "Saved locally"', () => {
    const storage = new MemoryStorage();
    const flow = flowOf([['t', 'trigger']], []);
    storage.setItem(STORAGE_KEY, JSON.stringify({ storageVersion: STORAGE_VERSION, savedAt: 1, tabId: 'x', flowText: serializeFlow(flow) }));
    editor = testEditor({ flow });
    const autosave = initPersistence(editor.store, null, storage, parseFlow);
    renderWithEditor(<TopBar />, editor);
    expect(screen.getByTestId('save-state').textContent).toMatch(/Saved locally/);
    autosave.stop();
  });

  it('shows no range for a flow without ranges', () => {
    show(flowOf([['t', 'trigger'], ['a', 'ai_agent']], chain('t', 'a'), { runsPerMonth: 1000 }));
    expect(screen.queryByTestId('total-month-range')).toBeNull();
    expect(screen.getByTestId('total-month-box').getAttribute('title')).not.toMatch(/Point estimate/);
  });
});

describe('TopBar budget state (issue 18 §25)', () => {
  it('shows nothing about a budget when the flow has none', () => {
    show(skewed());
    expect(screen.queryByTestId('topbar-budget')).toBeNull();
  });

  it("holds the budget's place with no figure while its code (not in the first download) loads, then shows it", SLOW, async () => {
    const month = priceFlow(skewed()).perMonth;
    show(skewed({ budget: { amount: Math.round(month / 2), unit: 'credits' } }));
    expect(screen.getByTestId('topbar-budget').getAttribute('data-level')).toBe('loading');
    expect(screen.getByTestId('topbar-budget').textContent).not.toMatch(/\d/);
    await waitFor(() => expect(screen.getByTestId('topbar-budget').getAttribute('data-level')).toBe('over'), WAIT);
  });

  it('says "Over budget" when even a P50 month is over it, with the run-out dates for P50 and P90', SLOW, async () => {
    // Its code here (as once main.tsx's preload has arrived).
    await preloadBudgetState();
    const month = priceFlow(skewed()).perMonth;
    show(skewed({ budget: { amount: Math.round(month / 2), unit: 'credits' } }));
    const budget = screen.getByTestId('topbar-budget');
    expect(budget.getAttribute('data-level')).toBe('over');
    expect(budget.textContent).toContain('Over budget');
    expect(screen.getByTestId('topbar-budget-runout').textContent).toMatch(
      /^runs out around \d{1,2} [A-Z][a-z]{2} \(P50\), \d{1,2} [A-Z][a-z]{2} \(P90\)$/,
    );
    // Once the shared run answers, the state reads its simulated month, still over.
    await waitFor(() => expect(screen.getByTestId('total-month-range').getAttribute('data-state')).toBe('ready'), WAIT);
    expect(screen.getByTestId('topbar-budget').getAttribute('data-level')).toBe('over');
  });

  it('says "At risk" when only a P90 month is over it, and the share a typical month uses when it fits', SLOW, async () => {
    await preloadBudgetState();
    show(skewed({ budget: { amount: 10_000_000, unit: 'credits' } }));
    expect(screen.getByTestId('topbar-budget').getAttribute('data-level')).toBe('ok');
    expect(screen.getByTestId('topbar-budget').textContent).toMatch(/% used/);
    expect(screen.queryByTestId('topbar-budget-runout')).toBeNull();
    cleanup();
    editor.dispose();
    // A budget between the simulated P50 and P90 months.
    const flow = skewed();
    const { p50, p90 } = simulate(flow, { samples: SAMPLES, seed: SEED }).perMonth;
    show(skewed({ budget: { amount: Math.round((p50 + p90) / 2), unit: 'credits' } }));
    await waitFor(() => expect(screen.getByTestId('topbar-budget').getAttribute('data-level')).toBe('at-risk'), WAIT);
    expect(screen.getByTestId('topbar-budget').textContent).toContain('At risk');
    expect(screen.getByTestId('topbar-budget-runout').textContent).toMatch(/^lasts the month \(P50\), runs out around \d{1,2} [A-Z][a-z]{2} \(P90\)$/);
  });
});
