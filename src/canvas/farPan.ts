/**
 * A pan of the far canvas (FarCanvas.tsx) without repainting the flow on every frame: the flow is
 * painted into a layer of the canvas's pixel size; while the view only moves (same scene, colours,
 * size and zoom), a frame copies that layer shifted by how far the view moved and paints only the
 * strips the shift uncovered. A pan moves the view by whole pixels, so the shifted copy is pixel
 * for pixel what a full paint at the new view draws there; a shift of part of a pixel, a zoom, or
 * a pan that uncovered more than MOST_UNCOVERED of the canvas paints the layer again at the view.
 */
import type { Box } from './gridIndex';
import type { FarScene } from './farScene';
import { copyLayer, copyLayerTo, drawFarScene, fitToPixels, paintFarSceneSteps, rasterise, viewBox, type FarView, type LayerCanvas, type Transform } from './farPaint';
import { SLICE_MS, runToEnd, slicesOf, type Slices } from '../scheduling/slices';

/** Above this share of the canvas uncovered by a shift, the layer is painted again at the view. */
export const MOST_UNCOVERED = 0.25;

const whole = (devicePixels: number) => Math.abs(devicePixels - Math.round(devicePixels)) < 1e-6;

/**
 * How far (CSS px) the picture of `from` moves to show `to`, when a shifted copy of it is exact:
 * the same scene, colours, size and zoom, a shift of whole device pixels, and not too much of
 * the canvas uncovered. Null when `to` must be painted anew.
 */
export function shiftOf(from: FarView, to: FarView): { x: number; y: number } | null {
  if (from.scene !== to.scene || from.palette !== to.palette || from.width !== to.width || from.height !== to.height || from.dpr !== to.dpr) return null;
  if (from.transform[2] !== to.transform[2]) return null;
  const x = to.transform[0] - from.transform[0];
  const y = to.transform[1] - from.transform[1];
  if (!whole(x * to.dpr) || !whole(y * to.dpr)) return null;
  const { width, height } = to;
  const uncovered = Math.min(Math.abs(x), width) * height + Math.min(Math.abs(y), height) * (width - Math.min(Math.abs(x), width));
  return uncovered <= MOST_UNCOVERED * width * height ? { x, y } : null;
}

/** The parts of a `width` × `height` canvas a picture shifted by `shift` leaves bare: disjoint boxes (CSS px). */
export function uncoveredStrips(shift: { x: number; y: number }, width: number, height: number): Box[] {
  const strips: Box[] = [];
  const dx = Math.abs(shift.x);
  const dy = Math.abs(shift.y);
  if (dx > 0) strips.push({ x: shift.x > 0 ? 0 : width - dx, y: 0, width: dx, height });
  if (dy > 0) strips.push({ x: shift.x > 0 ? dx : 0, y: shift.y > 0 ? 0 : height - dy, width: width - dx, height: dy });
  return strips;
}

/** How many of `scene`'s cards are in view. */
function cardsInView(scene: FarScene, transform: Transform, width: number, height: number): number {
  const view = viewBox(transform, width, height);
  let shown = 0;
  for (const c of scene.cards) if (c.x <= view.x + view.width && view.x <= c.x + c.width && c.y <= view.y + view.height && view.y <= c.y + c.height) shown++;
  return shown;
}

export interface ViewPainter {
  /**
   * Paints `view` on `ctx` (a canvas of its size at its pixel ratio); returns how many cards are in
   * view, or null while the picture of a large flow is still being painted: the caller paints
   * again in the next frame, which paints the next slice of it.
   */
  paint(ctx: CanvasRenderingContext2D, view: FarView): number | null;
}

/**
 * Above this many modules the picture of a new view (a first paint, a zoom, a long pan) is painted
 * in slices, one an animation frame, into a layer of its own, while the last picture is shown moved
 * and scaled to the view (or, for the first, the new one as far as it has come): 100,000 modules
 * were one paint of several hundred ms.
 */
export const PAINTED_IN_SLICES_ABOVE = 10_000;

const sameFrame = (a: FarView, b: FarView) =>
  a.scene === b.scene &&
  a.palette === b.palette &&
  a.transform.every((v, i) => v === b.transform[i]) &&
  a.width === b.width &&
  a.height === b.height &&
  a.dpr === b.dpr;

/** A picture on a layer, and what it shows. */
interface Picture {
  view: FarView;
  layer: LayerCanvas;
  shown: number;
}

/** A painter of the far canvas's frames at rest and while panning, whose layers are canvases made by `newLayer`. */
export function createViewPainter(newLayer: () => LayerCanvas, now = () => performance.now()): ViewPainter {
  let cached: Picture | null = null;
  // A large picture being painted in slices, and the layer it is painted on.
  let painting: { view: FarView; layer: LayerCanvas; slices: Slices<number> } | null = null;
  // A layer free for the next picture, and a canvas of one pixel that makes a layer rasterise.
  let spare: LayerCanvas | null = null;
  let scratch: LayerCanvas | null = null;

  /** Paints `view` on a layer at once, or its next slice; the picture when it is done. */
  const paintLayer = (view: FarView): Picture | null => {
    const sliced = view.scene.cards.length > PAINTED_IN_SLICES_ABOVE;
    if (!sliced || !painting || !sameFrame(painting.view, view)) {
      // A picture painted at once goes over the last one; one painted in slices beside it (the last is shown meanwhile).
      const layer = (sliced ? (painting?.layer ?? spare) : cached?.layer) ?? newLayer();
      if (sliced) spare = null;
      fitToPixels(layer, view.width, view.height, view.dpr);
      const layerCtx = layer.getContext('2d');
      if (!layerCtx) return { view, layer, shown: 0 };
      const steps = paintFarSceneSteps(layerCtx, view.scene, view);
      if (!sliced) {
        painting = null;
        return { view, layer, shown: runToEnd(steps) };
      }
      const flush = () => rasterise(layer, (scratch ??= Object.assign(newLayer(), { width: 1, height: 1 })));
      painting = { view, layer, slices: slicesOf(steps, SLICE_MS, now, flush) };
    }
    const done = painting.slices.next();
    if (!done) return null;
    const picture = { view, layer: painting.layer, shown: done.value };
    painting = null;
    return picture;
  };

  return {
    paint(ctx, view) {
      const { scene, transform, width, height, dpr } = view;
      const shift = cached ? shiftOf(cached.view, view) : null;
      if (!cached || !shift) {
        const picture = paintLayer(view);
        if (!picture) {
          // The last picture moved and scaled to the view, or the new one as far as it has come.
          if (cached) copyLayerTo(ctx, cached.layer, cached.view, view);
          else copyLayer(ctx, painting!.layer);
          return null;
        }
        if (cached && cached.layer !== picture.layer) spare = cached.layer;
        cached = picture;
      } else if (painting) {
        // Back to a view the last picture shows: the one being painted is let go.
        spare = painting.layer;
        painting = null;
      }
      copyLayer(ctx, cached.layer, Math.round((shift?.x ?? 0) * dpr), Math.round((shift?.y ?? 0) * dpr));
      if (!shift || (shift.x === 0 && shift.y === 0)) return cached.shown;
      for (const strip of uncoveredStrips(shift, width, height)) {
        ctx.save();
        ctx.setTransform(1, 0, 0, 1, 0, 0);
        ctx.beginPath();
        ctx.rect(Math.round(strip.x * dpr), Math.round(strip.y * dpr), Math.round(strip.width * dpr), Math.round(strip.height * dpr));
        ctx.clip();
        drawFarScene(ctx, scene, view, strip);
        ctx.restore();
      }
      return cardsInView(scene, transform, width, height);
    },
  };
}
