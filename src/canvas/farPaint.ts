/**
 * Paints a far scene (farScene.ts) on a 2D canvas at React Flow's viewport transform: links under
 * cards, as the DOM draws edges under nodes; each group of alike links or cards is one path and one
 * stroke or fill, and what lies out of view is skipped. Lines keep a minimum width on screen, so a
 * far view of thousands of modules still shows its structure.
 */
import type { Box } from './gridIndex';
import { ESTIMATED_NODE_SIZE } from './mapping';
import type { FarCard, FarPalette, FarPicture, FarScene } from './farScene';
import { runToEnd } from '../scheduling/slices';

export type Transform = readonly [number, number, number];

/** How a frame is painted: the theme's colours, React Flow's viewport, the canvas's size in CSS px and its device pixel ratio. */
export interface FarFrame {
  palette: FarPalette;
  transform: Transform;
  width: number;
  height: number;
  dpr: number;
}

/** What a frame shows: a scene, and how it is painted. */
export interface FarView extends FarFrame {
  scene: FarScene;
}

/** A canvas whose pixel size can be set. */
export interface Sized {
  width: number;
  height: number;
}

/** A canvas a picture is painted on before it is copied to the screen (a canvas element off the page). */
export interface LayerCanvas extends Sized {
  getContext(kind: '2d'): CanvasRenderingContext2D | null;
}

/** Gives `canvas` the pixels of `width` × `height` CSS px at `dpr` (setting a size clears a canvas: only when it changes). */
export function fitToPixels(canvas: Sized, width: number, height: number, dpr: number) {
  const pixelWidth = Math.round(width * dpr);
  const pixelHeight = Math.round(height * dpr);
  if (canvas.width !== pixelWidth || canvas.height !== pixelHeight) {
    canvas.width = pixelWidth;
    canvas.height = pixelHeight;
  }
}

/** Shows `layer` (a picture painted earlier) alone on `ctx`'s canvas, its corner at (x, y) device px. */
export function copyLayer(ctx: CanvasRenderingContext2D, layer: Sized, x = 0, y = 0) {
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  ctx.drawImage(layer as CanvasImageSource, x, y);
}

/**
 * Shows on `ctx`'s canvas alone the picture `layer` holds of the view `from`, moved and scaled to
 * where the view `to` shows it (a stand-in while the picture of `to` is painted).
 */
export function copyLayerTo(ctx: CanvasRenderingContext2D, layer: Sized, from: FarFrame, to: FarFrame) {
  const [fx, fy, fz] = from.transform;
  const [tx, ty, tz] = to.transform;
  const scale = (tz * to.dpr) / (fz * from.dpr);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  ctx.drawImage(layer as CanvasImageSource, (tx - (fx * tz) / fz) * to.dpr, (ty - (fy * tz) / fz) * to.dpr, layer.width * scale, layer.height * scale);
}

/**
 * Makes the browser rasterise now the drawing commands recorded on `layer` so far (it records them
 * and rasterises them all when the picture is next copied): copies one pixel of it onto `scratch`.
 */
export function rasterise(layer: Sized, scratch: LayerCanvas) {
  scratch.getContext('2d')?.drawImage(layer as CanvasImageSource, 0, 0, 1, 1, 0, 0, 1, 1);
}

/** The flow-coordinate box the viewport shows on a `width` × `height` px pane. */
export function viewBox([tx, ty, zoom]: Transform, width: number, height: number): Box {
  return { x: -tx / zoom, y: -ty / zoom, width: width / zoom, height: height / zoom };
}

const overlaps = (a: Box, b: Box) => a.x <= b.x + b.width && b.x <= a.x + a.width && a.y <= b.y + b.height && b.y <= a.y + a.height;

/** The card's corner radius in flow units (the DOM card's 12 px). */
const RADIUS = 12;
/** Below this height on screen (CSS px) a card is painted as a plain filled rectangle. */
const TINY_CARD_PX = 6;
const ESTIMATED_CARD_HEIGHT = ESTIMATED_NODE_SIZE.height;
/** How far (CSS px) past their boxes what is painted can reach: the selection ring, at most. */
const AREA_REACH = 16;

/** Paints `scene` on a cleared canvas as `frame` says; returns how many cards were in view. */
export function paintFarScene(ctx: CanvasRenderingContext2D, scene: FarPicture, frame: FarFrame): number {
  return runToEnd(paintFarSceneSteps(ctx, scene, frame));
}

/** paintFarScene in steps (scheduling/slices.ts): the same drawing commands in the same order, yielding between chunks. */
export function* paintFarSceneSteps(ctx: CanvasRenderingContext2D, scene: FarPicture, frame: FarFrame): Generator<void, number> {
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  return yield* drawFarSceneSteps(ctx, scene, frame);
}

/**
 * Paints `scene` over what the canvas shows (a drag's moved modules over the rest); as paintFarScene
 * otherwise. With `area` (CSS px of the canvas), only what lies in or near it is painted (the caller clips to it).
 * Returns how many of the cards painted are in view.
 */
export function drawFarScene(ctx: CanvasRenderingContext2D, scene: FarPicture, frame: FarFrame, area?: Box): number {
  return runToEnd(drawFarSceneSteps(ctx, scene, frame, area));
}

/**
 * Links or cards looked at between two yields of drawFarSceneSteps, each chunk its own path: a
 * path is rasterised as a whole, so a group of 100,000 cards in one path was one raster of
 * hundreds of ms, which slices of the JavaScript alone could not split.
 */
export const ITEMS_A_CHUNK = 1_000;

/**
 * The items of `list` drawn in chunks of ITEMS_A_CHUNK, each one path: `place` sets the transform
 * (a path takes the one in force as each shape is added), `draw` adds an item to the path,
 * `finish` fills or strokes it; a yield after each chunk.
 */
export function* inChunks<T>(
  ctx: CanvasRenderingContext2D,
  list: readonly T[],
  place: () => void,
  draw: (item: T) => void,
  finish: () => void,
): Generator<void> {
  for (let from = 0; from < list.length; from += ITEMS_A_CHUNK) {
    place();
    ctx.beginPath();
    const to = Math.min(list.length, from + ITEMS_A_CHUNK);
    for (let i = from; i < to; i++) draw(list[i]!);
    finish();
    yield;
  }
}

/** drawFarScene in steps: yields after each chunk of links or cards (the same commands as drawFarScene, in its order). */
export function* drawFarSceneSteps(ctx: CanvasRenderingContext2D, scene: FarPicture, frame: FarFrame, area?: Box): Generator<void, number> {
  const { palette, transform, width, height, dpr } = frame;
  const [tx, ty, zoom] = transform;
  if (!(zoom > 0)) return 0;
  // What lies in or near the area (the whole canvas by default): a card's outline and a link's
  // width reach past their boxes, into view from just outside it.
  const { x, y, width: w, height: h } = area ?? { x: 0, y: 0, width, height };
  const view = { x: (x - tx - AREA_REACH) / zoom, y: (y - ty - AREA_REACH) / zoom, width: (w + 2 * AREA_REACH) / zoom, height: (h + 2 * AREA_REACH) / zoom };
  const pixel = 1 / zoom; // one CSS pixel in flow units
  // Set again before each chunk's path: between two steps the canvas may have been drawn on or copied.
  const place = () => {
    ctx.setTransform(dpr * zoom, 0, 0, dpr * zoom, dpr * tx, dpr * ty);
    ctx.lineJoin = 'round';
    ctx.lineCap = 'round';
  };

  for (const group of scene.linkGroups) {
    const dash = group.dashed ? [Math.max(6, 4 * pixel), Math.max(4, 3 * pixel)] : [];
    yield* inChunks(
      ctx,
      group.links,
      place,
      ({ box, points }) => {
        if (!overlaps(box, view)) return;
        ctx.moveTo(points[0]!, points[1]!);
        for (let i = 2; i < points.length; i += 2) ctx.lineTo(points[i]!, points[i + 1]!);
      },
      () => {
        ctx.strokeStyle = group.colour;
        ctx.lineWidth = Math.max(group.width, 0.75 * pixel);
        ctx.setLineDash(dash);
        ctx.stroke();
      },
    );
  }
  ctx.setLineDash([]);

  const radius = Math.min(RADIUS, 40 * pixel);
  // A card a few pixels high is a plain rectangle in its border colour: corners and a border
  // that small do not show, and cost most of the frame at 10,000 modules.
  const tiny = ESTIMATED_CARD_HEIGHT * zoom < TINY_CARD_PX;
  const card = tiny
    ? (b: Box, grow = 0) => ctx.rect(b.x - grow, b.y - grow, Math.max(b.width + 2 * grow, pixel), Math.max(b.height + 2 * grow, pixel))
    : (b: Box, grow = 0) => ctx.roundRect(b.x - grow, b.y - grow, b.width + 2 * grow, b.height + 2 * grow, radius + grow);
  let shown = 0;
  const inView = viewBox(transform, width, height);
  for (const group of scene.cardGroups) {
    yield* inChunks(
      ctx,
      group.cards,
      place,
      (c) => {
        if (!overlaps(c, view)) return;
        card(c);
        if (overlaps(c, inView)) shown++;
      },
      () => {
        ctx.fillStyle = tiny ? group.stroke : group.fill;
        ctx.fill();
        if (tiny) return;
        ctx.strokeStyle = group.stroke;
        ctx.lineWidth = Math.max(1, 0.75 * pixel);
        ctx.stroke();
      },
    );
  }

  // Outlines outside the card, as the far DOM cards' CSS outlines: problems, then the selection over them.
  const outline = (colour: string, width: number, pick: (c: FarCard) => boolean) =>
    inChunks(
      ctx,
      scene.cards,
      place,
      (c) => {
        if (pick(c) && overlaps(c, view)) card(c, width / 2);
      },
      () => {
        ctx.strokeStyle = colour;
        ctx.lineWidth = width;
        ctx.stroke();
      },
    );
  yield* outline(palette.warning, Math.max(4, 1.5 * pixel), (c) => c.severity === 'warning');
  yield* outline(palette.danger, Math.max(4, 1.5 * pixel), (c) => c.severity === 'error');
  yield* outline(palette.accent, Math.max(6, 2.5 * pixel), (c) => c.selected);
  return shown;
}
