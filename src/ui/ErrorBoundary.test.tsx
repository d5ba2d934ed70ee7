// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { ErrorBoundary } from './ErrorBoundary';

afterEach(cleanup);

let broken = true;
function Fragile() {
  if (broken) throw new Error('the cost table broke');
  return <p>panel content</p>;
}

function Sibling() {
  const [n, setN] = useState(0);
  return (
    <button type="button" onClick={() => setN(n + 1)}>
      clicked {n}
    </button>
  );
}

describe('ErrorBoundary', () => {
  it('contains a crash to its panel, offers export, and recovers on Try again', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    broken = true;
    const onExport = vi.fn();
    render(
      <div>
        <ErrorBoundary name="Cost" onExport={onExport}>
          <Fragile />
        </ErrorBoundary>
        <Sibling />
      </div>,
    );
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('This panel crashed: Cost');
    expect(alert.textContent).toContain('the cost table broke');
    // the rest of the app still works
    fireEvent.click(screen.getByText('clicked 0'));
    expect(screen.getByText('clicked 1')).toBeTruthy();

    fireEvent.click(screen.getByText('Export flow'));
    expect(onExport).toHaveBeenCalledTimes(1);

    broken = false;
    fireEvent.click(screen.getByText('Try again'));
    expect(screen.getByText('panel content')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows an error message as text, never as markup', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    function Evil(): never {
      throw new Error('<img src=x onerror=alert(1)>');
    }
    const { container } = render(
      <ErrorBoundary name="Inspector">
        <Evil />
      </ErrorBoundary>,
    );
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toContain('<img src=x onerror=alert(1)>');
  });
});
