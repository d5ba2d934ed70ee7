/**
 * Test helpers for the far canvas's painters: a 2D context that records what is drawn on it, and
 * layer canvases made of such contexts (happy-dom has no canvas to paint on).
 */
import type { LayerCanvas } from './farPaint';

export interface Call {
  name: string;
  args: unknown[];
}

/** A 2D context of a `width` × `height` px canvas that records every call made on it and every style set. */
export function recorder(width: number, height: number) {
  const calls: Call[] = [];
  const canvas = { width, height };
  const ctx = new Proxy(
    { canvas },
    {
      get: (target, name) =>
        name in target ? (target as Record<string | symbol, unknown>)[name] : (...args: unknown[]) => void calls.push({ name: String(name), args }),
      set: (_target, name, value) => {
        calls.push({ name: `${String(name)}=`, args: [value] });
        return true;
      },
    },
  ) as unknown as CanvasRenderingContext2D;
  return { ctx, calls, canvas };
}

/** Layer canvases whose contexts record (`made`, in the order made); `paints` counts the pictures painted on them (each starts with a clear). */
export function recordingLayers() {
  const made: ReturnType<typeof recorder>[] = [];
  const newLayer = (): LayerCanvas => {
    const layer = recorder(0, 0);
    made.push(layer);
    return Object.assign(layer.canvas, { getContext: () => layer.ctx });
  };
  const paints = () => made.flatMap((l) => l.calls).filter((c) => c.name === 'clearRect').length;
  return { made, newLayer, paints };
}
