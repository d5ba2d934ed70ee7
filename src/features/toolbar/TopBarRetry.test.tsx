// @vitest-environment happy-dom
/**
 * The top bar's budget when its code (TopBarBudget.tsx) fails to download: a file of its own, so
 * that code is not already loaded by another test (it is loaded once per page).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { chain, flowOf } from '../../model/testing/flowOf';
import { renderWithEditor, testEditor, type TestEditor } from '../../editor/testing';
import { BUDGET_NOT_DOWNLOADED, TopBar } from './TopBar';

/** Whether the next download of TopBarBudget.tsx fails (offline), as the browser's import() would. */
const network = vi.hoisted(() => ({ offline: true, downloads: 0 }));
vi.mock('./TopBarBudget', async (importOriginal) => {
  network.downloads++;
  if (network.offline) throw new Error('Failed to fetch dynamically imported module');
  return await importOriginal();
});

let editor: TestEditor;
afterEach(() => {
  cleanup();
  editor.dispose();
});

const WAIT = { timeout: 15_000 };
const level = () => screen.getByTestId('topbar-budget').getAttribute('data-level');

describe("TopBar budget whose code did not download", () => {
  it('says so, then downloads it again at the next ask: a click on the box, or a changed budget', WAIT, async () => {
    editor = testEditor({ flow: flowOf([['t', 'trigger'], ['a', 'action']], chain('t', 'a'), { runsPerMonth: 1000, budget: { amount: 1, unit: 'credits' } }) });
    renderWithEditor(<TopBar />, editor);
    await waitFor(() => expect(level()).toBe('error'), WAIT);
    expect(screen.getByTestId('topbar-budget').getAttribute('title')).toBe(BUDGET_NOT_DOWNLOADED);
    const first = network.downloads;

    // Still offline: a click tries again, and says so again.
    fireEvent.click(screen.getByTestId('topbar-budget'));
    await waitFor(() => expect(level()).toBe('error'), WAIT);
    expect(network.downloads).toBe(first + 1);

    // Still offline: the budget changes (an edit), which tries again.
    editor.store.getState().edit('Budget', (d) => void (d.settings.budget = { amount: 2, unit: 'credits' }));
    await waitFor(() => expect(network.downloads).toBe(first + 2), WAIT);
    await waitFor(() => expect(level()).toBe('error'), WAIT);

    // Online again: a click downloads it, and the budget shows.
    network.offline = false;
    fireEvent.click(screen.getByTestId('topbar-budget'));
    await waitFor(() => expect(level()).toBe('over'), WAIT);
  });
});
