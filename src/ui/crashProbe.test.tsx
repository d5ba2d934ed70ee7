// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';

afterEach(cleanup);

/** The boundary as loaded by a page whose address is `search`. */
async function boundaryAt(search: string) {
  window.history.replaceState(null, '', `/${search}`);
  vi.resetModules();
  return (await import('./ErrorBoundary')).ErrorBoundary;
}

describe('?crash=<panel>', () => {
  it('crashes only the panel it names, until its Try again', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const ErrorBoundary = await boundaryAt('?crash=Cost');
    render(
      <div>
        <ErrorBoundary name="Cost">
          <p>cost table</p>
        </ErrorBoundary>
        <ErrorBoundary name="Inspector">
          <p>inspector</p>
        </ErrorBoundary>
      </div>,
    );
    expect(screen.getByTestId('panel-crash').textContent).toContain('This panel crashed: Cost');
    expect(screen.queryByText('cost table')).toBeNull();
    expect(screen.getByText('inspector')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(screen.getByText('cost table')).toBeTruthy();
    expect(screen.queryByTestId('panel-crash')).toBeNull();
  });

  it('does nothing without the flag', async () => {
    const ErrorBoundary = await boundaryAt('?generate=3');
    render(
      <ErrorBoundary name="Cost">
        <p>cost table</p>
      </ErrorBoundary>,
    );
    expect(screen.getByText('cost table')).toBeTruthy();
  });
});
