/**
 * When the far-zoom canvas (FarCanvas.tsx) paints the flow instead of React Flow's DOM cards. Its
 * own small module: the canvas itself loads only once a large flow is open (FlowCanvas.tsx).
 */

/**
 * Below this zoom a module's text is too small to read (13 px × 0.4 ≈ 5 px): modules are drawn
 * without text, badges or shadows (on the far canvas, or as plain DOM cards for small flows).
 */
export const FAR_ZOOM = 0.4;
/** Above this many modules the far view is painted on one canvas instead of one DOM card per module. */
export const FAR_CANVAS_ABOVE = 300;

/**
 * Whether the canvas paints the flow (and React Flow gets no nodes): far away, in a flow large
 * enough for its DOM cards to cost, and not while the cards are needed: comparing (the ghosts are
 * React Flow's) or stepping through a trace (its path is drawn on the cards and edges).
 */
export function paintsFarCanvas(zoom: number, modules: number, cardsNeeded: boolean): boolean {
  return zoom < FAR_ZOOM && modules > FAR_CANVAS_ABOVE && !cardsNeeded;
}
