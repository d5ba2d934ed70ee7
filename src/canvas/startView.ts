import type { Module } from '../model/types';

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}
export interface Padding {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/**
 * Below this zoom a module's name and credits are no longer comfortable to read: the 13 px name
 * is drawn at 11 px (0.85 × 13), the smallest text the rest of the app uses. The start view and
 * "Fit view" never go below it (issue 18 §23); a flow that does not fit shows its start.
 */
export const MIN_READABLE_ZOOM = 0.85;
export const MAX_START_ZOOM = 1.1;
/** Size assumed for a module that has not been measured yet. */
export const MODULE_SIZE = { width: 232, height: 84 };

/**
 * The view a flow opens with: the whole flow when it fits at a readable zoom; otherwise its
 * start (the trigger at the top, centred on it) at the smallest readable zoom, so a person
 * sees where the flow begins and can scroll on, instead of a page of unreadable specks.
 */
export function startViewport(
  modules: readonly Module[],
  width: number,
  height: number,
  padding: Padding,
  minReadableZoom: number = MIN_READABLE_ZOOM,
): Viewport {
  const availableWidth = Math.max(1, width - padding.left - padding.right);
  const availableHeight = Math.max(1, height - padding.top - padding.bottom);
  if (modules.length === 0) return { x: padding.left + availableWidth / 2, y: padding.top + availableHeight / 3, zoom: 1 };
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const m of modules) {
    minX = Math.min(minX, m.position.x);
    minY = Math.min(minY, m.position.y);
    maxX = Math.max(maxX, m.position.x + MODULE_SIZE.width);
    maxY = Math.max(maxY, m.position.y + MODULE_SIZE.height);
  }
  const boundsWidth = maxX - minX;
  const boundsHeight = maxY - minY;
  const fit = Math.min(availableWidth / boundsWidth, availableHeight / boundsHeight, MAX_START_ZOOM);
  if (fit >= minReadableZoom) {
    return {
      x: padding.left + (availableWidth - boundsWidth * fit) / 2 - minX * fit,
      y: padding.top + (availableHeight - boundsHeight * fit) / 2 - minY * fit,
      zoom: fit,
    };
  }
  const zoom = minReadableZoom;
  const trigger = modules.find((m) => m.type === 'trigger');
  // Centre on the trigger when the flow is too wide to centre as a whole.
  const centreX = boundsWidth * zoom <= availableWidth || !trigger ? (minX + maxX) / 2 : trigger.position.x + MODULE_SIZE.width / 2;
  return {
    x: padding.left + availableWidth / 2 - centreX * zoom,
    y: padding.top - minY * zoom,
    zoom,
  };
}
