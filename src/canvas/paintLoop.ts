/**
 * When a canvas layer (the far canvas, FarCanvas.tsx; the edge layer, PaintedEdges.tsx) paints: in
 * the next animation frame after it is asked to, after React Flow's viewport moves, and after the
 * canvas is resized; at most once a frame, and again in the next frame while a paint says its
 * picture is not finished (one painted in slices).
 */
import { useCallback, useEffect, useRef, type RefObject } from 'react';
import { useStoreApi } from '@xyflow/react';
import type { Transform } from './farPaint';

/**
 * Paints `canvas` with `paint` (true: paint again in the next frame) as above; `onViewMove` runs
 * when the viewport moves. Gives the function that asks for a paint.
 */
export function usePaintLoop(canvas: RefObject<HTMLCanvasElement | null>, paint: () => boolean, onViewMove?: () => void): () => void {
  const rfStore = useStoreApi();
  const frame = useRef(0);
  const schedule = useCallback(() => {
    if (frame.current) return;
    const tick = () => {
      frame.current = 0;
      if (paint()) frame.current = requestAnimationFrame(tick);
    };
    frame.current = requestAnimationFrame(tick);
  }, [paint]);
  useEffect(() => {
    let shown: Transform | null = null;
    const unsubscribe = rfStore.subscribe(({ transform }) => {
      if (transform === shown) return;
      shown = transform;
      onViewMove?.();
      schedule();
    });
    const resize = new ResizeObserver(schedule);
    if (canvas.current) resize.observe(canvas.current);
    return () => {
      unsubscribe();
      resize.disconnect();
      cancelAnimationFrame(frame.current);
      frame.current = 0;
    };
  }, [rfStore, canvas, schedule, onViewMove]);
  return schedule;
}
