// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Suspense } from 'react';
import { act, cleanup, render, screen } from '@testing-library/react';
import { MAX_IDLE_WAIT_MS, QUIET_IDLE_MS, preloadable, whenIdle, whenIdleAfter } from './preloadable';

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

  it('asks for its code again after a failed download (offline after an update), and draws once it comes', async () => {
    let loads = 0;
    const Lazy = preloadable(async () => {
      loads++;
      if (loads === 1) throw new Error('Failed to fetch dynamically imported module');
      return Hello;
    });
    await expect(Lazy.preload()).rejects.toThrow(/Failed to fetch/);
    expect(Lazy.isLoaded()).toBe(false);
    await Lazy.preload();
    expect(loads).toBe(2);
    expect(Lazy.isLoaded()).toBe(true);
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

describe('whenIdle', () => {
  type Callback = (deadline: IdleDeadline) => void;
  let queued: Callback[] = [];
  const original = { request: globalThis.requestIdleCallback, cancel: globalThis.cancelIdleCallback };
  const idle = (remaining: number, didTimeout = false) => {
    const next = queued.shift();
    next?.({ didTimeout, timeRemaining: () => remaining });
  };

  beforeEach(() => {
    queued = [];
    globalThis.requestIdleCallback = ((cb: Callback) => queued.push(cb)) as typeof requestIdleCallback;
    globalThis.cancelIdleCallback = ((id: number) => {
      queued.splice(id - 1, 1);
    }) as typeof cancelIdleCallback;
  });
  afterEach(() => {
    globalThis.requestIdleCallback = original.request;
    globalThis.cancelIdleCallback = original.cancel;
  });

  it('waits through the short idle periods between frames and runs in a quiet one', () => {
    let ran = 0;
    whenIdle(() => ran++);
    idle(12); // between two frames of a drag
    idle(QUIET_IDLE_MS - 1);
    expect(ran).toBe(0);
    idle(49.9); // nothing to draw
    expect(ran).toBe(1);
    expect(queued).toHaveLength(0);
  });

  it('runs anyway when the browser says the wait timed out', () => {
    let ran = 0;
    whenIdle(() => ran++);
    idle(3, true);
    expect(ran).toBe(1);
  });

  it('can be cancelled before it runs', () => {
    let ran = 0;
    const cancel = whenIdle(() => ran++);
    cancel();
    idle(49.9);
    expect(ran).toBe(0);
  });

  /** Runs a person waits for, answered when the test says (Editor.whenRunsAnswered's contract). */
  function foreground(going: boolean) {
    let then: (() => void) | null = null;
    return {
      whenRunsAnswered: (next: () => void) => {
        if (!going) return null;
        then = next;
        return () => (then = null);
      },
      answer: () => {
        going = false;
        then?.();
      },
    };
  }

  it('whenIdleAfter: at the first quiet moment when no runs a person waits for go', () => {
    let ran = 0;
    whenIdleAfter(foreground(false), () => ran++);
    idle(49.9);
    expect(ran).toBe(1);
  });

  it('whenIdleAfter: a quiet moment during the runs a person waits for is waited through, then the next one after their answer', () => {
    let ran = 0;
    const runs = foreground(true);
    whenIdleAfter(runs, () => ran++);
    idle(49.9);
    expect(ran).toBe(0);
    expect(queued).toHaveLength(0);
    runs.answer();
    // Not in the answer's own task (the result's frame): in the next quiet moment.
    expect(ran).toBe(0);
    idle(12);
    expect(ran).toBe(0);
    idle(49.9);
    expect(ran).toBe(1);
  });

  it('whenIdleAfter: runs that go on and on hold it back no longer than MAX_IDLE_WAIT_MS, then the next quiet moment', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      let ran = 0;
      const runs = foreground(true);
      whenIdleAfter(runs, () => ran++);
      idle(49.9);
      vi.advanceTimersByTime(MAX_IDLE_WAIT_MS - 1);
      expect(queued).toHaveLength(0);
      vi.advanceTimersByTime(1);
      idle(49.9);
      expect(ran).toBe(1);
      // The runs' answer later does not run it again.
      runs.answer();
      idle(49.9);
      expect(ran).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('whenIdleAfter: cancelled while it waits for the runs, it never runs', () => {
    let ran = 0;
    const runs = foreground(true);
    const cancel = whenIdleAfter(runs, () => ran++);
    idle(49.9);
    cancel();
    runs.answer();
    idle(49.9);
    expect(ran).toBe(0);
  });
});
