import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { coresNeeded, DRAG_DISTANCE_PX, pageIdle, wantCores, type PageIdleOptions, type WorkAhead } from './openedFlowWork';

/** A pointer event at (x, y): a move with a button held (a drag or a pan) or without (the pointer crossing the page), a press. */
const pointer = (type: string, buttons: number, x = 0, y = 0) => Object.assign(new Event(type), { buttons, clientX: x, clientY: y });
const pointerMove = (buttons: number, x = 0, y = 0) => pointer('pointermove', buttons, x, y);
const key = (repeat: boolean) => Object.assign(new Event('keydown'), { repeat });

describe('work ahead waits for a quiet page', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const setUp = (options: PageIdleOptions = {}) => {
    const page = new EventTarget();
    const idle = pageIdle(2000, { quietMs: 1500, events: page, now: () => Date.now(), ...options });
    const ran: number[] = [];
    /** A drag: the pointer moves with its button held every 100 ms for `ms`. */
    const drag = (ms: number) => {
      for (let t = 0; t < ms; t += 100) {
        vi.advanceTimersByTime(100);
        page.dispatchEvent(pointerMove(1));
      }
    };
    return { page, idle, ran, drag };
  };

  it('what needs the cores: a drag, a wheel, a key held down; not a pointer moved without a button, a click, nor a key pressed once', () => {
    const needsCores = coresNeeded();
    expect(needsCores(pointerMove(0, 10, 10))).toBe(false);
    // A click, its pointer jittering a pixel or two while pressed.
    expect(needsCores(pointer('pointerdown', 1, 100, 100))).toBe(false);
    expect(needsCores(pointerMove(1, 102, 101))).toBe(false);
    expect(needsCores(pointer('pointerup', 0, 102, 101))).toBe(false);
    // A drag: the pointer moves on with the button held.
    expect(needsCores(pointer('pointerdown', 1, 100, 100))).toBe(false);
    expect(needsCores(pointerMove(1, 100 + DRAG_DISTANCE_PX, 100))).toBe(true);
    expect(needsCores(new Event('wheel'))).toBe(true);
    // Typing, or a shortcut (Shift+L lays the flow out): no; a key held down (repeating): yes.
    expect(needsCores(key(false))).toBe(false);
    expect(needsCores(key(true))).toBe(true);
    // A move with a button held whose press was not heard is a drag.
    expect(coresNeeded()(pointerMove(1, 5, 5))).toBe(true);
  });

  it('starts once nobody has dragged, zoomed or typed for the quiet time, not while a drag goes on', () => {
    const { idle, ran, drag } = setUp();
    idle(() => void ran.push(Date.now()));
    const start = Date.now();
    drag(3000);
    expect(ran).toEqual([]);
    vi.advanceTimersByTime(1499);
    expect(ran).toEqual([]);
    // Quiet for 1.5 s, then the idle callback (here its 200 ms stand-in, or the browser's).
    vi.advanceTimersByTime(2500);
    expect(ran).toHaveLength(1);
    expect(ran[0]! - start).toBeGreaterThanOrEqual(4500);
  });

  it('a pointer moving over the page holds back work that cannot be stopped, not work that can', () => {
    for (const yieldToInput of [false, true]) {
      const { page, idle, ran } = setUp({ yieldToInput });
      idle(() => void ran.push(Date.now()));
      const start = Date.now();
      for (let t = 0; t < 3000; t += 100) {
        vi.advanceTimersByTime(100);
        page.dispatchEvent(pointerMove(0, t / 10, 0));
      }
      if (yieldToInput) expect(ran[0]! - start).toBeLessThan(3000);
      else expect(ran).toEqual([]);
    }
  });

  it('on a page nobody touches, starts after the quiet time; called off, never; and stops listening', () => {
    const { page, idle, ran } = setUp();
    const remove = vi.spyOn(page, 'removeEventListener');
    idle(() => void ran.push(1));
    vi.advanceTimersByTime(4000);
    expect(ran).toEqual([1]);
    expect(remove).toHaveBeenCalled();

    const cancel = idle(() => void ran.push(2));
    vi.advanceTimersByTime(1000);
    cancel();
    vi.advanceTimersByTime(10_000);
    expect(ran).toEqual([1]);
  });

  it('not waiting from the start: runs when the page is first idle, yet a drag begun at once still holds it back', () => {
    const quick = setUp({ waitFromStart: false, yieldToInput: true });
    quick.idle(() => void quick.ran.push(Date.now()));
    const start = Date.now();
    vi.advanceTimersByTime(300);
    expect(quick.ran).toHaveLength(1);
    expect(quick.ran[0]! - start).toBeLessThan(300);

    const dragged = setUp({ waitFromStart: false, yieldToInput: true });
    dragged.idle(() => void dragged.ran.push(Date.now()));
    const dragStart = Date.now();
    dragged.drag(3000);
    expect(dragged.ran).toEqual([]);
    vi.advanceTimersByTime(1499);
    expect(dragged.ran).toEqual([]);
    vi.advanceTimersByTime(2500);
    expect(dragged.ran).toHaveLength(1);
    expect(dragged.ran[0]! - dragStart).toBeGreaterThanOrEqual(4500);
  });
});

describe('work ahead gives the cores back to a drag', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Work that runs until `finish()`, noting when it started and whether it was stopped; `taken`: someone waits for its answer. */
  function work() {
    const started: number[] = [];
    let stops = 0;
    let taken = false;
    let finish = () => undefined as void;
    const task = (): WorkAhead => {
      started.push(Date.now());
      let finished = false;
      const done = new Promise<void>((resolve) => (finish = () => ((finished = true), resolve())));
      return {
        done,
        stop: () => {
          if (finished || taken) return false;
          stops++;
          return true;
        },
      };
    };
    return { task, started, stops: () => stops, take: () => (taken = true), finish: () => finish() };
  }

  /** Work that yields to input, asked for and started (the page idle from the start). */
  function running() {
    const page = new EventTarget();
    const idle = pageIdle(2000, { quietMs: 1500, events: page, now: () => Date.now(), waitFromStart: false, yieldToInput: true });
    const w = work();
    idle(w.task);
    vi.advanceTimersByTime(300);
    expect(w.started).toHaveLength(1);
    return { page, w };
  }

  it('a drag begun while the work runs stops it; it runs again once the drag has been over for the quiet time', () => {
    const { page, w } = running();
    // A click (press, a jitter, release), the pointer crossing the page and a shortcut key leave it running.
    page.dispatchEvent(pointerMove(0, 40, 40));
    page.dispatchEvent(pointer('pointerdown', 1, 50, 50));
    page.dispatchEvent(pointerMove(1, 51, 52));
    page.dispatchEvent(pointer('pointerup', 0, 51, 52));
    page.dispatchEvent(key(false));
    expect(w.stops()).toBe(0);
    // A 3 s drag: stopped at its first move, not started again while it goes on.
    const dragStart = Date.now();
    for (let t = 0; t < 3000; t += 100) {
      vi.advanceTimersByTime(100);
      page.dispatchEvent(pointerMove(1));
    }
    expect(w.stops()).toBe(1);
    expect(w.started).toHaveLength(1);
    vi.advanceTimersByTime(1499);
    expect(w.started).toHaveLength(1);
    vi.advanceTimersByTime(2500);
    expect(w.started).toHaveLength(2);
    expect(w.started[1]! - dragStart).toBeGreaterThanOrEqual(4500);
  });

  it('the page asking for the cores (simulated runs a person waits for) stops it as a drag would; it runs again after the quiet time', () => {
    const { page, w } = running();
    const asked = Date.now();
    wantCores(page);
    expect(w.stops()).toBe(1);
    vi.advanceTimersByTime(1499);
    expect(w.started).toHaveLength(1);
    vi.advanceTimersByTime(2500);
    expect(w.started).toHaveLength(2);
    expect(w.started[1]! - asked).toBeGreaterThanOrEqual(1500);
  });

  it('work someone waits for, or work finished, is not stopped nor run again', async () => {
    const page = new EventTarget();
    const idle = pageIdle(2000, { quietMs: 1500, events: page, now: () => Date.now(), waitFromStart: false, yieldToInput: true });
    const taken = work();
    idle(taken.task);
    vi.advanceTimersByTime(300);
    taken.take();
    page.dispatchEvent(new Event('wheel'));
    vi.advanceTimersByTime(5000);
    expect(taken.stops()).toBe(0);
    expect(taken.started).toHaveLength(1);

    const finished = work();
    const remove = vi.spyOn(page, 'removeEventListener');
    idle(finished.task);
    vi.advanceTimersByTime(300);
    finished.finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(remove).toHaveBeenCalled();
    page.dispatchEvent(pointerMove(1));
    vi.advanceTimersByTime(5000);
    expect(finished.stops()).toBe(0);
    expect(finished.started).toHaveLength(1);
  });
});
