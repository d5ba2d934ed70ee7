/**
 * The dot grid behind the modules, drawn by CSS on the canvas element rather than by React Flow's
 * `<Background>`. That one is an SVG sized 100 % of the flow pane: every layout inside the pane (a
 * badge's new number after an edit, a module moved) lays the SVG out again, which repaints and
 * re-rasters the whole canvas, a thousand modules with it (measured: 14 ms of raster per edit at
 * 1,000 modules, on the same two cores as the edit). A CSS background is not laid out at all.
 *
 * Pure: where the dots go for a viewport transform.
 */

/** Dots sit on the snap grid: one every 16 flow units. */
export const DOT_GAP = 16;
/** Closer than this on screen the dots are a grey haze, not a grid: none are drawn. */
export const MIN_DOT_SPACING_PX = 6;

export interface DotGrid {
  /** Screen pixels between dots. */
  spacing: number;
  /** Background position of the first tile: a dot at every flow point (16i, 16j). */
  x: number;
  y: number;
  /** Dot radius in screen pixels. */
  radius: number;
}

/** The grid for React Flow's transform [x, y, zoom], or null when the dots would be too close to see. */
export function dotGrid([x, y, zoom]: readonly [number, number, number]): DotGrid | null {
  const spacing = DOT_GAP * zoom;
  if (!(spacing >= MIN_DOT_SPACING_PX)) return null;
  // Each tile draws its dot in its centre, so the tiles start half a spacing before the dots.
  const half = spacing / 2;
  return { spacing, x: x - half, y: y - half, radius: Math.max(0.6, 0.6 * zoom) };
}
