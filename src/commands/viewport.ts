/**
 * What the canvas can do with the viewport. The canvas puts its controller in the editor
 * instance's `viewport` slot while it is mounted; commands and panels call it from there.
 * Until a canvas is mounted (tests), viewport commands do nothing and report themselves disabled.
 */
export interface ViewportController {
  /** Fits the whole flow in view, however small that makes it. */
  fitView(): void;
  zoomIn(): void;
  zoomOut(): void;
  /** Scrolls the canvas so this module is in the middle. */
  centerOn(moduleId: string): void;
}
