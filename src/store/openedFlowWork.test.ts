import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pageIdle } from './openedFlowWork';

describe('work ahead waits for a quiet page', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const setUp = () => {
    const page = new EventTarget();
    const idle = pageIdle(2000, { quietMs: 1500, events: page, now: () => Date.now() });
    const ran: number[] = [];
    return { page, idle, ran };
  };

  it('starts once nobody has used the pointer or the keys for the quiet time, not while a drag goes on', () => {
    const { page, idle, ran } = setUp();
    idle(() => ran.push(Date.now()));
    const start = Date.now();
    // A drag: pointer moves every 100 ms for 3 s.
    for (let t = 0; t < 3000; t += 100) {
      vi.advanceTimersByTime(100);
      page.dispatchEvent(new Event('pointermove'));
    }
    expect(ran).toEqual([]);
    vi.advanceTimersByTime(1499);
    expect(ran).toEqual([]);
    // Quiet for 1.5 s, then the idle callback (here its 200 ms stand-in, or the browser's).
    vi.advanceTimersByTime(2500);
    expect(ran).toHaveLength(1);
    expect(ran[0]! - start).toBeGreaterThanOrEqual(4500);
  });

  it('on a page nobody touches, starts after the quiet time; called off, never; and stops listening', () => {
    const { page, idle, ran } = setUp();
    const remove = vi.spyOn(page, 'removeEventListener');
    idle(() => ran.push(1));
    vi.advanceTimersByTime(4000);
    expect(ran).toEqual([1]);
    expect(remove).toHaveBeenCalled();

    const cancel = idle(() => ran.push(2));
    vi.advanceTimersByTime(1000);
    cancel();
    vi.advanceTimersByTime(10_000);
    expect(ran).toEqual([1]);
  });
});
