import { describe, expect, it, vi } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { createKeyedView } from './keyedView';

interface State {
  /** Stands for a memoised derived object (the flow's cost): a new object means "recompute". */
  prices: Readonly<Record<string, number>>;
  /** Stands for what changes on a drag and must not reach the views. */
  positions: number;
}

function setup() {
  const store = createStore<State>()(() => ({ prices: { a: 1, b: 2 }, positions: 0 }));
  const compute = vi.fn((s: State, id: string) => ({ price: s.prices[id] ?? NaN }));
  const view = createKeyedView(store, (s) => [s.prices], compute, (x, y) => Object.is(x.price, y.price));
  return { store, view, compute };
}

describe('keyed view', () => {
  it('gives the current value and the same object while it stays equal', () => {
    const { store, view } = setup();
    const first = view.get('a');
    expect(first.price).toBe(1);
    store.setState({ prices: { a: 1, b: 3 } });
    expect(view.get('a')).toBe(first);
    expect(view.get('b').price).toBe(3);
  });

  it('notifies only the ids whose value changed', () => {
    const { store, view } = setup();
    const onA = vi.fn();
    const onB = vi.fn();
    view.subscribe('a', onA);
    view.subscribe('b', onB);
    view.get('a');
    view.get('b');
    store.setState({ prices: { a: 1, b: 5 } });
    expect(onA).not.toHaveBeenCalled();
    expect(onB).toHaveBeenCalledTimes(1);
    expect(view.get('b').price).toBe(5);
  });

  it('does no per-id work when the dependencies are the same objects (a drag)', () => {
    const { store, view, compute } = setup();
    const onA = vi.fn();
    view.subscribe('a', onA);
    view.get('a');
    compute.mockClear();
    for (let i = 1; i <= 50; i++) store.setState({ positions: i });
    expect(compute).not.toHaveBeenCalled();
    expect(onA).not.toHaveBeenCalled();
  });

  it('stops listening to the store when the last subscriber leaves', () => {
    const { store, view, compute } = setup();
    const off = view.subscribe('a', () => {});
    off();
    compute.mockClear();
    store.setState({ prices: { a: 9, b: 9 } });
    expect(compute).not.toHaveBeenCalled();
    expect(view.get('a').price).toBe(9);
  });
});
