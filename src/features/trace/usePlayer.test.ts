// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, renderHook } from '@testing-library/react';
import { usePlayer, type PlayerControls } from './usePlayer';

/** A trace of `count` steps the player moves through. */
function steps(count: number) {
  const state = { index: 0, canPlay: true };
  const controls = (): PlayerControls => ({
    advance: () => void (state.index = Math.min(count - 1, state.index + 1)),
    atEnd: () => state.index >= count - 1,
    restart: () => void (state.index = 0),
    canPlay: state.canPlay,
  });
  return { state, controls };
}

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('the trace player', () => {
  it('moves one step per 1/speed seconds and stops at the last step', () => {
    const t = steps(5);
    const { result } = renderHook(() => usePlayer(t.controls(), 2));
    act(() => result.current.play());
    expect(result.current.playing).toBe(true);
    act(() => void vi.advanceTimersByTime(499));
    expect(t.state.index).toBe(0);
    act(() => void vi.advanceTimersByTime(1));
    expect(t.state.index).toBe(1);
    act(() => void vi.advanceTimersByTime(1500));
    expect(t.state.index).toBe(4);
    expect(result.current.playing).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a faster speed steps faster; pause stops the timer', () => {
    const t = steps(100);
    const { result } = renderHook(() => usePlayer(t.controls(), 1));
    act(() => result.current.setSpeed(10));
    act(() => result.current.toggle());
    act(() => void vi.advanceTimersByTime(1000));
    expect(t.state.index).toBe(10);
    act(() => result.current.toggle());
    expect(result.current.playing).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
    act(() => void vi.advanceTimersByTime(1000));
    expect(t.state.index).toBe(10);
  });

  it('playing from the last step starts again from the first', () => {
    const t = steps(3);
    t.state.index = 2;
    const { result } = renderHook(() => usePlayer(t.controls(), 5));
    act(() => result.current.play());
    expect(t.state.index).toBe(0);
    act(() => void vi.advanceTimersByTime(200));
    expect(t.state.index).toBe(1);
  });

  it('stops when the trace can no longer play (the flow changed), and leaves no timer when unmounted', () => {
    const t = steps(100);
    const { result, rerender, unmount } = renderHook(() => usePlayer(t.controls(), 2));
    act(() => result.current.play());
    act(() => void vi.advanceTimersByTime(500));
    expect(t.state.index).toBe(1);
    t.state.canPlay = false;
    rerender();
    expect(result.current.playing).toBe(false);
    act(() => void vi.advanceTimersByTime(5000));
    expect(t.state.index).toBe(1);
    // Cannot start either.
    act(() => result.current.play());
    expect(result.current.playing).toBe(false);
    t.state.canPlay = true;
    rerender();
    act(() => result.current.play());
    expect(vi.getTimerCount()).toBe(1);
    unmount();
    expect(vi.getTimerCount()).toBe(0);
  });
});
