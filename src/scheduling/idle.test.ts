import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { whenPageIdle } from './idle';

describe('whenPageIdle', () => {
  type Callback = (deadline: IdleDeadline) => void;
  let queued: { cb: Callback; timeout: number | undefined }[] = [];
  const original = { request: globalThis.requestIdleCallback, cancel: globalThis.cancelIdleCallback };
  const idle = (remaining: number, didTimeout = false) => queued.shift()?.cb({ didTimeout, timeRemaining: () => remaining });

  beforeEach(() => {
    queued = [];
    globalThis.requestIdleCallback = ((cb: Callback, options?: IdleRequestOptions) => queued.push({ cb, timeout: options?.timeout })) as typeof requestIdleCallback;
    globalThis.cancelIdleCallback = ((id: number) => void queued.splice(id - 1, 1)) as typeof cancelIdleCallback;
  });
  afterEach(() => {
    globalThis.requestIdleCallback = original.request;
    globalThis.cancelIdleCallback = original.cancel;
    vi.useRealTimers();
  });

  it('runs in the first idle period, however short, when no quiet length is asked, and asks the browser for the deadline', () => {
    let ran = 0;
    whenPageIdle(() => ran++, { maxWaitMs: 2000 });
    expect(queued.map((q) => q.timeout)).toEqual([2000]);
    idle(0.5);
    expect(ran).toBe(1);
  });

  it('waits through shorter idle periods for a quiet one, asking again for what is left of the longest wait; runs once the wait is over', () => {
    let time = 0;
    let ran = 0;
    whenPageIdle(() => ran++, { maxWaitMs: 100, quietMs: 40, now: () => time });
    time = 30;
    idle(10);
    expect(ran).toBe(0);
    expect(queued.map((q) => q.timeout)).toEqual([70]);
    time = 100;
    idle(10);
    expect(ran).toBe(1);
  });

  it('is cancelled before it runs', () => {
    let ran = 0;
    whenPageIdle(() => ran++, { maxWaitMs: 2000 })();
    idle(50);
    expect(ran).toBe(0);
  });

  it('runs after 200 ms where the browser has no idle callback, and can be cancelled there too', () => {
    vi.useFakeTimers();
    globalThis.requestIdleCallback = undefined as unknown as typeof requestIdleCallback;
    let ran = 0;
    whenPageIdle(() => ran++, { maxWaitMs: 5000 });
    const cancel = whenPageIdle(() => ran++, { maxWaitMs: 5000 });
    cancel();
    vi.advanceTimersByTime(199);
    expect(ran).toBe(0);
    vi.advanceTimersByTime(1);
    expect(ran).toBe(1);
  });
});
