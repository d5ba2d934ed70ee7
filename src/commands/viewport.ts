/**
 * The canvas registers what it can do with the viewport; commands call it. Until a canvas
 * is mounted (tests, the CLI), viewport commands do nothing and report themselves disabled.
 */
export interface ViewportController {
  /** Fits the whole flow in view, however small that makes it. */
  fitView(): void;
  zoomIn(): void;
  zoomOut(): void;
  /** Scrolls the canvas so this module is in the middle. */
  centerOn(moduleId: string): void;
}

let controller: ViewportController | null = null;

export function setViewportController(next: ViewportController | null): void {
  controller = next;
}

export function getViewportController(): ViewportController | null {
  return controller;
}
