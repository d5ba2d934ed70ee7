// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { Suspense } from 'react';
import { act, cleanup, render, screen } from '@testing-library/react';
import { preloadable } from './preloadable';

afterEach(cleanup);

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const Hello = ({ name }: { name: string }) => <p data-testid="hello">Hello {name}</p>;

describe('preloadable component', () => {
  it('shows the fallback until its code has loaded, then the component', async () => {
    const code = deferred<typeof Hello>();
    const Lazy = preloadable(() => code.promise);
    render(
      <Suspense fallback={<p data-testid="loading">Loading</p>}>
        <Lazy name="Ada" />
      </Suspense>,
    );
    expect(screen.getByTestId('loading')).toBeTruthy();
    await act(async () => code.resolve(Hello));
    expect(screen.getByTestId('hello').textContent).toBe('Hello Ada');
  });

  it('renders at once, without suspending, once preloaded; loads its code once', async () => {
    let loads = 0;
    const Lazy = preloadable(async () => {
      loads++;
      return Hello;
    });
    await Lazy.preload();
    await Lazy.preload();
    render(
      <Suspense fallback={<p data-testid="loading">Loading</p>}>
        <Lazy name="Grace" />
      </Suspense>,
    );
    expect(screen.queryByTestId('loading')).toBeNull();
    expect(screen.getByTestId('hello').textContent).toBe('Hello Grace');
    expect(loads).toBe(1);
  });
});
