// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { ErrorBoundary } from './ErrorBoundary';

afterEach(cleanup);

/** Puts the page at the address `/search` (the probe reads it when a boundary renders). */
function pageAt(search: string) {
  window.history.replaceState(null, '', `/${search}`);
}

describe('?crash=<panel>', () => {
  it('crashes only the panel it names, until its Try again', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    pageAt('?crash=Cost');
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

  it('does nothing without the flag', () => {
    pageAt('?generate=3');
    render(
      <ErrorBoundary name="Cost">
        <p>cost table</p>
      </ErrorBoundary>,
    );
    expect(screen.getByText('cost table')).toBeTruthy();
  });
});
