import { useEffect, useState, type RefObject } from 'react';
import { rowWindow, type RowWindow } from './rowWindow';

/**
 * The rows of a scrolling list to render (see rowWindow.ts), following the scroller's scroll
 * position and size. Before the first measurement it assumes `fallbackHeight` of view.
 */
export function useRowWindow(
  scroller: RefObject<HTMLElement | null>,
  count: number,
  rowHeight: number,
  overscan: number,
  fallbackHeight = 480,
): RowWindow {
  const [view, setView] = useState({ top: 0, height: fallbackHeight });
  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    let frame = 0;
    const measure = () => {
      frame = 0;
      const height = element.clientHeight || fallbackHeight;
      setView((v) => (v.top === element.scrollTop && v.height === height ? v : { top: element.scrollTop, height }));
    };
    const schedule = () => {
      if (frame === 0) frame = requestAnimationFrame(measure);
    };
    measure();
    element.addEventListener('scroll', schedule, { passive: true });
    const resize = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(schedule);
    resize?.observe(element);
    return () => {
      element.removeEventListener('scroll', schedule);
      resize?.disconnect();
      if (frame !== 0) cancelAnimationFrame(frame);
    };
  }, [scroller, fallbackHeight]);
  return rowWindow(count, rowHeight, view.top, view.height, overscan);
}
